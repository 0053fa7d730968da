"""The one writer: register lock, atomic file writes, one git commit per command.

Usage (cli only)::

    with Transaction(root) as tx:      # takes the lock
        reg = load(root)               # read under the lock
        ...compute new records (may raise Refused: nothing written)...
        tx.write("items/2026/X.yaml", text)
        tx.commit(subject, body, trailers, author)  # writes atomically, then git commit

If anything fails after files were written, the old contents are put back. The files are
recorded first (``dwgk.journal``), so a crash between the write and the commit is finished or
undone by the next command (``recover``). Every path is opened through ``dwgk.safefs``: a
symlink committed into the register never sends a write elsewhere.
"""

from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import time
from pathlib import Path

from dwgk import journal, safefs
from dwgk.diag import CannotRun, Refused, os_reason


def is_git_repo(root: Path) -> bool:
    """Is ``root`` inside a git work tree (its own repository or an enclosing one)?"""
    if (Path(root) / ".git").exists():
        return True
    try:
        r = subprocess.run(["git", "-C", str(root), "rev-parse", "--is-inside-work-tree"],
                           capture_output=True, text=True)
    except (FileNotFoundError, NotADirectoryError):
        return False
    return r.returncode == 0 and r.stdout.strip() == "true"


# git's own words → what went wrong, in Chinese. The first match wins.
_GIT_ERRORS = (
    ("index.lock", "另一个 git 命令正在运行，或上次 git 异常退出留下了锁文件 .git/index.lock",
     "确认没有其他 git 命令在运行后，删除 .git/index.lock 再重试。"),
    ("during a merge", "登记簿正处于未完成的 git 合并中", "先解决冲突并提交（git commit），或放弃合并（git merge --abort），再重试。"),
    ("unmerged", "登记簿有未解决的 git 合并冲突", "先解决冲突并提交（git commit），或放弃合并（git merge --abort），再重试。"),
    ("not a git repository", "登记簿目录不在 git 仓库中", "在登记簿目录运行 git init，或加 --no-commit。"),
    ("permission denied", "没有写 git 仓库的权限", "检查 .git 目录的权限。"),
    ("ident", "git 不接受提交者的姓名或邮箱", "在登记簿目录运行 git config user.name 姓名 和 git config user.email 邮箱 后重试。"),
)


def git_error(args: tuple[str, ...], detail: str) -> Refused:
    low = detail.lower()
    # The git command itself, past any "-c key=value" settings (not "git -c 执行失败").
    sub = next((a for i, a in enumerate(args) if a != "-c" and (i == 0 or args[i - 1] != "-c")), "")
    what, hint = next(((w, h) for key, w, h in _GIT_ERRORS if key in low),
                      (f"git {sub} 执行失败", "检查登记簿的 git 状态（git status）后重试。"))
    first = detail.strip().splitlines()[0] if detail.strip() else ""
    return Refused(what + (f"（git 原文：{first}）" if first else ""), hint, "G002")


def git(root: Path, *args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              check=check, env=env)
    except FileNotFoundError:
        raise CannotRun("找不到 git 命令", "安装 git（例如 apt-get install git）后重试。", "G001") from None
    except subprocess.CalledProcessError as e:
        raise git_error(args, e.stderr or e.stdout or "") from None


def merging(root: Path) -> bool:
    """Is a merge (or rebase, cherry-pick) waiting to be finished in the repository?"""
    r = git(root, "rev-parse", "--git-dir", check=False)
    if r.returncode != 0:
        return False
    gitdir = Path(root) / r.stdout.strip()
    return any((gitdir / name).exists() for name in
               ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "rebase-merge", "rebase-apply"))


def _one_line(what: str, value: str) -> None:
    if "\n" in value or "\r" in value or any(ord(ch) < 32 for ch in value):
        raise Refused(f"{what}含有换行符或控制字符，不能写入提交信息",
                      "姓名、标题等只能写一行文字。", "G004")


def identity(root: Path) -> tuple[str, str] | None:
    name = git(root, "config", "user.name", check=False).stdout.strip()
    email = git(root, "config", "user.email", check=False).stdout.strip()
    return (name, email) if name and email else None


LOCK_WAIT = 5.0  # seconds a command waits for another one's write, as git waits for its index
LOCK_NAME = "dwgk.lock"


def _base(root: Path) -> str:
    """Where the lock and the intent record live: inside .git when there is one, so taking the
    lock changes nothing in the work tree (``journal.where`` follows the same rule)."""
    return ".git" if (Path(root) / ".git").is_dir() else ".dwgk"


def _unsafe(u: safefs.Unsafe, what: str = "写入") -> Refused:
    return Refused(f"不能{what} {u.rel}：{u.message}", u.hint, "G021")


class Lock:
    """The register lock (flock on ``.git/dwgk.lock``): one writing command at a time. The
    lock file is opened without following a symlink; flock is released by the kernel when a
    process dies, so a held lock always means a live writer."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.fd: int | None = None

    def acquire(self, wait: float) -> bool:
        try:
            folder = safefs.open_dir(self.root, _base(self.root), create=True)
        except safefs.Unsafe as u:
            raise _unsafe(u, "加锁") from None
        try:
            self.fd = os.open(LOCK_NAME, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
                              | getattr(os, "O_CLOEXEC", 0), 0o666, dir_fd=folder)
        except OSError as e:
            raise Refused(f"无法打开登记簿的锁文件 {_base(self.root)}/{LOCK_NAME}：{os_reason(e)}"
                          + ("（是符号链接）" if e.errno == errno.ELOOP else ""),
                          "删除该文件（dwgk 会重建它），检查目录的写权限。", "G021") from None
        finally:
            os.close(folder)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self.release()
                    return False
                time.sleep(0.05)

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing drops the flock
            self.fd = None


def message_of(subject: str, body: str = "", trailers: dict[str, str] | None = None) -> str:
    msg = subject + "\n"
    if body:
        msg += "\n" + body.strip() + "\n"
    if trailers:
        msg += "\n" + "".join(f"{k}: {v}\n" for k, v in trailers.items())
    return msg


def head(root: Path) -> str:
    """The commit HEAD names ("" before the first commit, or without git)."""
    try:
        return git(root, "rev-parse", "-q", "--verify", "HEAD", check=False).stdout.strip()
    except Refused:  # git missing
        return ""


def commit_files(root: Path, paths: list[str], message: str, author_name: str, warnings: list[str]) -> str:
    """git add and commit exactly ``paths``; the short id of the new commit."""
    git(root, "add", "--", *paths)
    cfg: list[str] = []
    if identity(root) is None:
        # No git identity configured: record the deciding clerk so the trail still names a person.
        cfg = ["-c", f"user.name={author_name or 'dwgk'}", "-c", "user.email=dwgk@localhost"]
        warnings.append("未配置 git 身份（git config user.name / user.email）：提交作者暂记为决定人。")
    git(root, *cfg, "commit", "-q", "--no-verify", "-m", message, "--", *paths)
    if git(root, "symbolic-ref", "-q", "HEAD", check=False).returncode != 0:
        warnings.append("登记簿的 git 不在任何分支上（分离的 HEAD）：本次提交切换分支后可能找不到，"
                        "可运行 git switch -c 分支名 保存到一个分支。")
    return git(root, "rev-parse", "--short", "HEAD").stdout.strip()


def recover(root: Path, wait: float = 0.0) -> "journal.Outcome | None":
    """Finish or undo a write that a killed command left behind (see ``dwgk.journal``); None
    when there is none, or when another command holds the lock (it is alive and writing)."""
    root = Path(root)
    if not journal.pending(root):
        return None
    lock = Lock(root)
    try:
        if not lock.acquire(wait):
            return None
    except Refused:
        return None
    try:
        return _recover(root)
    finally:
        lock.release()


def _recover(root: Path) -> "journal.Outcome | None":
    git_here = is_git_repo(root)
    warnings: list[str] = []

    def status(paths: list[str]) -> set[str]:
        out = git(root, "status", "--porcelain", "-z", "--no-renames", "--untracked-files=all", "--",
                  *paths).stdout
        return {entry[3:] for entry in out.split("\0") if len(entry) > 3}

    def commit(intent: journal.Intent) -> str:
        if merging(root):
            raise Refused("登记簿正处于未完成的 git 合并中", "", "G005")
        return commit_files(root, list(intent.new), intent.message, intent.author, warnings)

    def reset(paths: list[str]) -> None:
        if git_here:
            git(root, "reset", "-q", "--", *paths, check=False)

    try:
        return journal.recover(root, commit, status if git_here else None, reset)
    except (OSError, safefs.Unsafe, Refused) as e:
        what = e.message if isinstance(e, (safefs.Unsafe, Refused)) else os_reason(e)
        return journal.Outcome("stuck", f"处理上次中断的写入时出错：{what}", (journal.where(root),))


BATCH = 64  # more files than this are flushed to disk together


class Transaction:
    def __init__(self, root: Path, commit: bool = True, wait: float = LOCK_WAIT):
        self.root = Path(root)
        self.do_commit = commit
        self.wait = wait
        self.files: dict[str, str | None] = {}  # None: the file is deleted
        self.binary: set[str] = set()  # files staged as bytes (write_bytes)
        self.warnings: list[str] = []
        self._lock = Lock(self.root)

    def __enter__(self) -> "Transaction":
        if not self._lock.acquire(self.wait):
            raise Refused(f"另一个 dwgk 命令正在修改该登记簿，等待 {self.wait:g} 秒后仍未结束",
                          "等它结束后重试；如确认没有其他 dwgk 命令在运行，检查是否有卡住的 git 进程。", "G003")
        try:
            outcome = _recover(self.root) if journal.pending(self.root) else None
            if outcome is not None and outcome.action == "stuck":
                raise Refused(outcome.message + "，在处理好之前不能登记新的改动", outcome.hint, "G020")
            if outcome is not None:
                self.warnings.append(outcome.message)
        except BaseException:
            self._lock.release()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self._lock.release()

    def write(self, rel: str, text: str | None) -> None:
        """Stage ``text`` for ``rel`` (None: delete it)."""
        self.files[rel] = text

    def write_bytes(self, rel: str, data: bytes) -> None:
        """Stage a binary file (an attachment). It is held as its bytes decoded with
        ``surrogateescape``, so the journal (which JSON-escapes it) and the writer give the same
        bytes back; a text that is not valid UTF-8 is still refused, never written."""
        self.files[rel] = data.decode("utf-8", "surrogateescape")
        self.binary.add(rel)

    def commit(self, subject: str, body: str = "", trailers: dict[str, str] | None = None,
               author_name: str = "") -> str | None:
        """Record the intent, write every staged file atomically, make one commit, drop the
        record. Returns the commit id. A failure puts the old files back; a crash leaves the
        record for the next command (``recover``)."""
        # A newline in a trailer value would let a name forge another trailer.
        _one_line("提交标题", subject)
        for k, v in (trailers or {}).items():
            _one_line(f"提交信息中的 {k}", str(v))
        git_here = self.do_commit and is_git_repo(self.root)
        if git_here and merging(self.root):
            raise Refused("登记簿正处于未完成的 git 合并中，不能登记新的改动",
                          "先解决冲突并提交（git commit），或放弃合并（git merge --abort），再重试。", "G005")
        if git_here:
            self._refuse_pending_edits()
        old: dict[str, str | None] = {}
        for rel in self.files:
            try:  # a symlink, folder or FIFO where the file goes, or a symlinked folder on the way
                old[rel] = safefs.check_target(self.root, rel)
                problem = safefs.real_dir(self.root, rel.rpartition("/")[0])
                if problem is not None:
                    raise problem
            except safefs.Unsafe as u:
                raise _unsafe(u) from None
        message = message_of(subject, body, trailers)
        before = head(self.root) if git_here else ""
        try:
            journal.record(self.root, journal.Intent(message if git_here else subject, author_name, git_here,
                                                     before, old, dict(self.files)))
        except (OSError, safefs.Unsafe) as e:
            raise Refused(f"无法记录写入意图（{journal.where(self.root)}）："
                          + (e.message if isinstance(e, safefs.Unsafe) else os_reason(e)),
                          "检查登记簿目录的写权限和磁盘空间。", "G022") from None
        try:
            # Many files (a 台账 import): each still lands whole through its rename, and one
            # sync at the end makes them all durable before the commit, instead of two
            # fsyncs per file.
            batch = len(self.files) > BATCH
            for rel, text in self.files.items():
                if text is None:
                    safefs.remove(self.root, rel)
                else:
                    raw = text.encode("utf-8", "surrogateescape" if rel in self.binary else "strict")
                    safefs.write_atomic(self.root, rel, raw, sync=not batch)
            if batch:
                os.sync()
            sha = None
            if not self.do_commit:
                pass
            elif not git_here:
                self.warnings.append("登记簿不是 git 仓库：本次修改没有审计记录（在登记簿目录运行 git init 可启用）。")
            else:
                sha = commit_files(self.root, list(self.files), message, author_name, self.warnings)
        except BaseException:
            if not (git_here and head(self.root) != before):  # the commit was made: nothing to undo
                for rel, text in old.items():
                    if text is None:
                        safefs.remove(self.root, rel)
                    else:
                        safefs.write_atomic(self.root, rel, text.encode("utf-8", "surrogateescape"))
                if git_here:
                    git(self.root, "reset", "-q", "--", *self.files, check=False)
            journal.clear(self.root)
            raise
        journal.clear(self.root)
        return sha

    def _refuse_pending_edits(self) -> None:
        """A file this command writes must match git's last commit: otherwise a hand edit (or an
        untracked hand-made file) would be committed under this command's decision, and the audit
        trail would credit the clerk's change to the decider."""
        out = git(self.root, "status", "--porcelain", "-z", "--no-renames", "--untracked-files=all", "--",
                  *self.files).stdout
        pending = sorted({entry[3:] for entry in out.split("\0") if len(entry) > 3})
        if pending:
            names = "、".join(pending[:5]) + ("等" if len(pending) > 5 else "")
            raise Refused(f"{names} 有尚未提交的手工修改，本次登记会把它们混入自己的提交",
                          "先单独提交这些修改（git add 文件 && git commit -m \"说明\"），"
                          "或撤销它们（git checkout HEAD -- 文件，连同暂存区一起恢复；没有提交过的新文件直接删除），再重试。",
                          "G006")
