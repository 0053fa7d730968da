"""A register shared through a git remote: ``dwgk remote add`` and ``dwgk sync``.

``sync`` = fetch, merge (record files through the dwgk merge driver, see ``dwgk.merge``),
check what the merge made, claim 索引号 serials when needed (``dwgk.serials``), push. Any
conflict puts the register back exactly where it was before the sync (``git merge --abort``,
then ``git reset --hard`` to the pre-sync commit) and reports the record, both decisions and
both people. Runs under the register lock, so no dwgk command writes in between.
"""

from __future__ import annotations

import json
import os
import secrets
import shlex
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dwgk import serials
from dwgk.checks import check_register
from dwgk.diag import Diagnostic, ExitCode, Refused
from dwgk.loader import load, load_config
from dwgk.merge import Conflict
from dwgk.serials import Clone
from dwgk.writer import atomic_write, git, identity, is_git_repo, merging
from dwgk.yamlread import locate

REMOTE = "origin"
DRIVER = "dwgk"
ATTRIBUTES = ".gitattributes"
# Record files (and the serial blocks) merge through dwgk; everything else through git's own merge.
ATTRIBUTE_LINES = ("items/**/*.yaml merge=dwgk", "requests/**/*.yaml merge=dwgk",
                   "messages/**/*.yaml merge=dwgk", "serials.yaml merge=dwgk")
ATTRIBUTES_HEADER = "# dwgk：多人共用登记簿时，记录文件由 dwgk 的合并程序合并（dwgk init / remote add / sync 配置）\n"
MERGE_SUBJECT = "同步：合并共享登记簿的改动"
CLAIM_SUBJECT = "领取索引号流水号段："
TRIES = 5


# ---------------------------------------------------------------- set-up

def attributes_text(current: str = "") -> str:
    """``.gitattributes`` with dwgk's lines added (other lines kept)."""
    have = {line.strip() for line in current.splitlines()}
    missing = [line for line in ATTRIBUTE_LINES if line not in have]
    if not missing:
        return current
    text = current if not current or current.endswith("\n") else current + "\n"
    if ATTRIBUTES_HEADER.strip() not in have:
        text += ATTRIBUTES_HEADER
    return text + "".join(line + "\n" for line in missing)


def driver_command(python: str | None = None, report: str = "") -> str:
    """How git runs the driver: the Python that runs dwgk; ``report`` (sync only) names the file
    where the driver writes each conflict as a JSON line."""
    opt = f" --report {shlex.quote(report)}" if report else ""
    return f"{shlex.quote(python or sys.executable)} -m dwgk.cli.merge_driver{opt} %O %A %B %P"


def install_driver(root: Path) -> None:
    """This clone's git config for the driver (config is per clone, never versioned), and the
    clone's token for 索引号 blocks."""
    git(root, "config", f"merge.{DRIVER}.name", "dwgk 登记簿记录合并")
    git(root, "config", f"merge.{DRIVER}.driver", driver_command())
    if git(root, "config", "--get", "dwgk.clone", check=False).returncode != 0:
        git(root, "config", "dwgk.clone", secrets.token_hex(4))


def clone_id(root: Path) -> str:
    """This clone's token (``git config dwgk.clone``), or "" when it has none."""
    r = git(root, "config", "--get", "dwgk.clone", check=False)
    return r.stdout.strip() if r.returncode == 0 else ""


def own_repo(root: Path) -> bool:
    """Is the register the top of its own git repository (not a folder inside another one)?"""
    r = git(root, "rev-parse", "--show-toplevel", check=False)
    return r.returncode == 0 and os.path.realpath(r.stdout.strip()) == os.path.realpath(root)


def shared(root: Path) -> bool:
    """Does this register have a shared copy to sync with (its own repository, with a remote)?
    A register kept in a folder of a larger repository (the examples in dwgk's own) is not."""
    return own_repo(root) and bool(git(root, "remote", check=False).stdout.strip())


def clone(root: Path) -> Clone:
    """Where this clone's next 索引号 comes from (``dwgk.serials``)."""
    return Clone(shared(root), clone_id(root))


def require_repo(root: Path) -> None:
    if not is_git_repo(root) or not own_repo(root):
        raise Refused("登记簿不是独立的 git 仓库，不能与他人共用（登记簿目录须是 git 仓库的顶层）",
                      "在登记簿目录运行 git init 并提交全部文件，或用 dwgk init 新建登记簿。", "G100")


def remote_url(root: Path) -> str | None:
    r = git(root, "remote", "get-url", REMOTE, check=False)
    return r.stdout.strip() if r.returncode == 0 else None


def add_remote(root: Path, url: str) -> bool:
    """Name the shared register (remote ``origin``). False when it was already that URL."""
    require_repo(root)
    if not url.strip() or "\n" in url or url.startswith("-"):
        raise Refused(f"共享登记簿地址“{url}”无效", "写 git 仓库的地址：共享盘上的路径（如 /srv/共享/登记簿.git）或 "
                      "https://…、ssh://… 地址。", "G101", exit_code=ExitCode.USAGE)
    have = remote_url(root)
    if have is not None and have != url:
        raise Refused(f"本登记簿已经与共享登记簿 {have} 同步，不能再改为 {url}",
                      f"确需更换时运行 git remote set-url {REMOTE} 新地址。", "G102")
    install_driver(root)
    if have is None:
        git(root, "remote", "add", REMOTE, url)
        return True
    return False


# ---------------------------------------------------------------- sync

@dataclass
class SyncReport:
    incoming: list[str] = field(default_factory=list)  # commit subjects that came in
    outgoing: list[str] = field(default_factory=list)  # commit subjects that went out
    claimed: list[str] = field(default_factory=list)  # 索引号 ranges claimed (text)
    first_push: bool = False
    merged: bool = False  # a merge commit was made


class SyncConflict(Refused):
    """The merge could not be completed; the register is as it was before the sync. The
    message names each record, both decisions and both people."""

    def __init__(self, conflicts: list[Conflict], extra: list[Diagnostic] | None = None):
        people = sorted({p for c in conflicts for p in (c.ours_by, c.theirs_by) if p})
        hint = ((f"请 {'、'.join(people)} 商定以哪个决定为准。" if people else "请商定以哪一方为准。")
                + "以共享登记簿为准时，撤销本副本的那次登记（git revert 提交号）后再运行 dwgk sync；"
                "以本副本为准时，请对方撤销他的登记并同步后，再运行 dwgk sync。")
        super().__init__("", hint, "G110", diagnostics=extra or [])
        self.set_conflicts(conflicts)

    def set_conflicts(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        lines = ["同步未完成：共享登记簿中的改动与本副本的改动冲突，登记簿已恢复到同步前的状态"]
        for c in conflicts:
            where = f"{c.record}（{c.path}）" if c.path and c.record != c.path else (c.path or c.record)
            lines.append(f"  冲突：{where}：{c.what}")
            if c.ours:
                lines.append(f"    本副本：{c.ours}" + (f"（{c.ours_by}）" if c.ours_by and c.ours_by not in c.ours else ""))
            if c.theirs:
                lines.append(f"    共享登记簿：{c.theirs}"
                             + (f"（{c.theirs_by}）" if c.theirs_by and c.theirs_by not in c.theirs else ""))
        self.message = "\n".join(lines)


def _branch(root: Path) -> str:
    r = git(root, "symbolic-ref", "-q", "--short", "HEAD", check=False)
    if r.returncode != 0:
        raise Refused("登记簿的 git 不在任何分支上（分离的 HEAD），不能同步", "运行 git switch 分支名 回到分支后重试。",
                      "G103")
    return r.stdout.strip()


def _head(root: Path) -> str | None:
    r = git(root, "rev-parse", "-q", "--verify", "HEAD", check=False)
    return r.stdout.strip() or None


def _pending(root: Path) -> list[str]:
    out = git(root, "status", "--porcelain", "-z", "--untracked-files=no").stdout
    return sorted({e[3:] for e in out.split("\0") if len(e) > 3})


def _identity_args(root: Path) -> list[str]:
    return [] if identity(root) else ["-c", "user.name=dwgk", "-c", "user.email=dwgk@localhost"]


def _subjects(root: Path, spec: str) -> list[str]:
    """Each commit's subject and who decided (the Dwgk-By trailer, else the git author), oldest
    first; serial-block claims are bookkeeping, not changes a clerk made, and are left out."""
    out = git(root, "log", "--reverse", "--no-merges", "--format=%s%x1f%(trailers:key=Dwgk-By,valueonly,separator=%x2C)%x1f%an%x1e",
              spec).stdout
    lines = []
    for rec in out.split("\x1e"):
        parts = rec.strip("\n").split("\x1f")
        if len(parts) == 3 and parts[0] and not parts[0].startswith(CLAIM_SUBJECT):
            lines.append(f"{parts[0]}（{parts[1].strip() or parts[2]}）")
    return lines


def _fetch(root: Path) -> None:
    r = git(root, "fetch", "-q", REMOTE, check=False)
    if r.returncode != 0:
        raise Refused(f"无法连接共享登记簿 {remote_url(root)}（git 原文：{_git_reason(r.stderr or '')}）",
                      "检查网络或共享盘是否可用、地址是否正确（git remote -v），稍后再运行 dwgk sync；"
                      "在此之前可以照常登记，同步时一并送出。", "G104")


def _remote_head(root: Path, branch: str) -> str | None:
    r = git(root, "rev-parse", "-q", "--verify", f"refs/remotes/{REMOTE}/{branch}", check=False)
    return r.stdout.strip() or None


def _restore(root: Path, pre: str) -> None:
    if merging(root):
        git(root, "merge", "--abort", check=False)
    git(root, "reset", "-q", "--hard", pre, check=False)


def _merge(root: Path, target: str, pre: str) -> None:
    fd, report = tempfile.mkstemp(prefix="dwgk-merge-", suffix=".jsonl")
    os.close(fd)
    try:
        r = git(root, *_identity_args(root), "-c", f"merge.{DRIVER}.driver={driver_command(report=report)}",
                "merge", "-q", "--no-edit", "-m", MERGE_SUBJECT, target, check=False)
        if r.returncode == 0:
            return
        with open(report, encoding="utf-8") as fh:
            conflicts = [Conflict.from_json(json.loads(line)) for line in fh if line.strip()]
        others = _conflicted_paths(root)
        _restore(root, pre)
    finally:
        os.unlink(report)
    named = {c.path for c in conflicts}
    for path in others:
        if path not in named:  # a file git itself could not merge (deleted on one side, dwgk.yaml …)
            conflicts.append(Conflict(path, path, "两边都修改了该文件（或一方删除了它），无法自动合并"))
    if not conflicts:
        detail = (r.stderr.strip() or r.stdout.strip()).splitlines()
        conflicts.append(Conflict("", "登记簿", "git 无法完成合并：" + (detail[-1] if detail else "原因不明")))
    raise SyncConflict(conflicts)


def _conflicted_paths(root: Path) -> list[str]:
    out = git(root, "diff", "--name-only", "--diff-filter=U", check=False).stdout
    return [p for p in out.splitlines() if p]


def _local_commit(root: Path, base: str, pre: str, path: str) -> str:
    """This clone's latest unsent commit that touched ``path`` (for the conflict hint)."""
    if not path:
        return ""
    r = git(root, "log", "-1", "--format=%h", f"{base}..{pre}", "--", path, check=False)
    return r.stdout.strip()


def _changed(root: Path, a: str, b: str) -> set[str]:
    return {p for p in git(root, "diff", "--name-only", a, b).stdout.splitlines() if p}


def _check_merge(root: Path, today: date, ours: str, theirs: str, pre: str) -> None:
    """What both sides changed must still pass ``dwgk check`` after the merge, and no 索引号 may
    now be carried by two items: otherwise the merge is undone."""
    base = git(root, "merge-base", ours, theirs).stdout.strip()
    ours_changed, theirs_changed = _changed(root, base, ours), _changed(root, base, theirs)
    both = ours_changed & theirs_changed
    touched = ours_changed | theirs_changed
    reg = load(root)

    def find(path: str, keypath: tuple) -> tuple[int, int]:
        try:
            return locate((root / path).read_text(encoding="utf-8"), keypath)
        except OSError:
            return 0, 0
    diags = check_register(reg, today, find)
    bad = [d for d in diags if d.severity == "error" and
           (d.path in both or (d.code in ("I030", "I031", "G124", "G125") and d.path in touched))]
    if not bad:
        return
    _restore(root, pre)
    conflicts = []
    for d in bad:
        if d.code == "I031":
            what = f"合并后{d.message}（两个副本给不同事项赋予了同一个索引号）"
        else:
            what = f"合并后的记录不符合要求：{d.message}"
        conflicts.append(Conflict(d.path, d.path.rsplit("/", 1)[-1].removesuffix(".yaml"), what))
    raise SyncConflict(conflicts, bad)


def _claim(root: Path, today: date, years: list[int]) -> list[tuple[str, str]]:
    """Claim a block of 索引号 serials for each year the clone runs low on: (file, text)."""
    code = load_config(root).code
    if not code:
        return []
    token = clone_id(root)
    reg = load(root)
    problems = [d for d in reg.diagnostics if d.path == serials.SERIALS and d.severity == "error"]
    if problems:
        raise Refused("serials.yaml 有错误，不能领取索引号", "运行 dwgk check 查看；从 git 历史中恢复该文件。", "G121",
                      diagnostics=problems)
    blocks = list(reg.serials)
    new = []
    for year in years:
        taken = serials.used(reg.items, code, year)
        if len(serials.free(blocks, token, year, taken)) >= serials.LOW:
            continue
        who = (identity(root) or ("",))[0]
        b = serials.claim(blocks + new, taken, token, year, who, today)
        new.append(b)
    if not new:
        return []
    return [(serials.SERIALS, serials.dump_blocks(blocks + new))] + [
        ("", f"{code}/{b.year}-{b.first:05d} 至 {b.year}-{b.last:05d}") for b in new]


def sync(root: Path, today: date, claim_years: list[int] | None = None) -> SyncReport:
    """Fetch, merge, check, claim serials, push. Call under the register lock."""
    require_repo(root)
    if remote_url(root) is None:
        raise Refused("本登记簿还没有共享登记簿", "先运行 dwgk remote add 地址（例如共享盘上的 git 仓库）。", "G105")
    if merging(root):
        raise Refused("登记簿正处于未完成的 git 合并中，不能同步",
                      "先解决冲突并提交（git commit），或放弃合并（git merge --abort），再重试。", "G106")
    branch = _branch(root)
    pending = _pending(root)
    if pending:
        names = "、".join(pending[:5]) + ("等" if len(pending) > 5 else "")
        raise Refused(f"{names} 有尚未提交的修改，同步前须先提交",
                      "先提交这些修改（git add 文件 && git commit -m \"说明\"），或撤销它们（git checkout -- 文件），再重试。",
                      "G107")
    install_driver(root)
    pre = _head(root)
    if pre is None:
        raise Refused("登记簿还没有任何提交，无法同步",
                      "先在登记簿目录提交全部文件（git add -A && git commit -m 登记簿），再运行 dwgk sync。", "G100")
    years = sorted({today.year, *(claim_years or ())})
    report = SyncReport()
    sent_before = None
    for attempt in range(TRIES):
        _fetch(root)
        theirs = _remote_head(root, branch)
        head = _head(root)
        if theirs is not None:
            if attempt == 0:
                report.incoming = _subjects(root, f"{head}..{theirs}")
            if git(root, "merge-base", "--is-ancestor", theirs, head, check=False).returncode != 0:
                was_ff = git(root, "merge-base", "--is-ancestor", head, theirs, check=False).returncode == 0
                _merge_or_explain(root, theirs, pre, head)
                if not was_ff:
                    _check_merge(root, today, head, theirs, pre)
                    report.merged = True
        claimed = _claim(root, today, years)
        before_claim = _head(root)
        if claimed:
            path, text = claimed[0]
            atomic_write(root / path, text)
            git(root, "add", "--", path)
            ranges = [t for _, t in claimed[1:]]
            git(root, *_identity_args(root), "commit", "-q", "--no-verify", "-m",
                CLAIM_SUBJECT + "，".join(ranges), "--", path)
        if theirs is not None:
            sent_before = _subjects(root, f"{theirs}..HEAD")
        else:
            sent_before = _subjects(root, "HEAD")
        r = git(root, "push", "-q", REMOTE, f"HEAD:refs/heads/{branch}", check=False)
        if r.returncode == 0:
            if claimed:
                report.claimed += [t for _, t in claimed[1:]]
            report.outgoing = sent_before or []
            report.first_push = theirs is None
            if git(root, "rev-parse", "-q", "--verify", "@{upstream}", check=False).returncode != 0:
                git(root, "branch", "-q", f"--set-upstream-to={REMOTE}/{branch}", check=False)
            git(root, "fetch", "-q", REMOTE, check=False)  # the remote-tracking ref follows the push
            return report
        if claimed:  # an unsent claim is never used: take it back before anything else happens
            git(root, "reset", "-q", "--hard", before_claim)
        if not _lost_race(r.stderr or ""):
            raise Refused(f"无法把改动送到共享登记簿（git 原文：{_git_reason(r.stderr or '')}）",
                          "收到的改动已合并到本副本；检查网络、共享登记簿的写权限和设置（如受保护的分支）后再运行 dwgk sync。",
                          "G108")
    raise Refused("共享登记簿一直在被其他副本更新，本次未能送出", "稍后再运行 dwgk sync。", "G109")


# git's words for a push that lost the race against another clone's push: refused locally as not
# a fast-forward ("[rejected] … (fetch first)"), or by the remote because its branch moved between
# the fetch and the update. Not "[remote rejected]" alone: that is the server declining the push
# (a protected branch, a hook, a checked-out branch of a non-bare repository), and retrying
# cannot help.
_RACE = ("[rejected]", "non-fast-forward", "fetch first", "failed to update ref", "cannot lock ref")


def _lost_race(stderr: str) -> bool:
    text = stderr.lower()
    return any(k in text for k in _RACE)


def _git_reason(stderr: str) -> str:
    """The line of git's output that says why it failed: the remote's refusal of a push, else
    git's first fatal error (its last lines are advice: "Please make sure … the repository exists.")."""
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    return next((line for line in lines if "[remote rejected]" in line),
                next((line for line in lines if line.startswith(("fatal:", "error:"))), lines[-1] if lines else ""))


def _merge_or_explain(root: Path, theirs: str, pre: str, head: str) -> None:
    base = git(root, "merge-base", head, theirs, check=False).stdout.strip()
    try:
        _merge(root, theirs, pre)
    except SyncConflict as e:
        named = []
        for c in e.conflicts:
            sha = _local_commit(root, base, head, c.path) if base else ""
            if sha:
                c = Conflict(c.path, c.record, c.what, (c.ours + "，" if c.ours else "") + f"本副本的提交 {sha}",
                             c.theirs, c.ours_by, c.theirs_by)
            named.append(c)
        e.set_conflicts(named)
        raise
