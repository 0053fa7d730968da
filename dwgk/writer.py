"""The one writer: register lock, atomic file writes, one git commit per command.

Usage (cli only)::

    with Transaction(root) as tx:      # takes the lock
        reg = load(root)               # read under the lock
        ...compute new records (may raise Refused: nothing written)...
        tx.write("items/2026/X.yaml", text)
        tx.commit(subject, body, trailers, author)  # writes atomically, then git commit

If anything fails after files were written, the old contents are put back.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import tempfile
from pathlib import Path

from dwgk.diag import CannotRun, Refused


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


def atomic_write(path: Path, text: str, sync: bool = True) -> None:
    """Write ``text`` to ``path`` through a temp file and a rename. ``sync=False`` leaves the
    flush to disk to the caller (one ``os.sync()`` after many files, see ``Transaction``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates 0600; registers are shared folders, so use the usual umask-based mode.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    if not sync:
        return
    dirfd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dirfd)
    finally:
        os.close(dirfd)


def identity(root: Path) -> tuple[str, str] | None:
    name = git(root, "config", "user.name", check=False).stdout.strip()
    email = git(root, "config", "user.email", check=False).stdout.strip()
    return (name, email) if name and email else None


BATCH = 64  # more files than this are flushed to disk together


class Transaction:
    def __init__(self, root: Path, commit: bool = True):
        self.root = Path(root)
        self.do_commit = commit
        self.files: dict[str, str] = {}
        self.warnings: list[str] = []
        self._lock = None

    def _lock_path(self) -> Path:
        # Inside .git when there is one, so taking the lock changes nothing in the work tree.
        base = self.root / ".git" if (self.root / ".git").is_dir() else self.root / ".dwgk"
        base.mkdir(exist_ok=True)
        return base / "dwgk.lock"

    def __enter__(self) -> "Transaction":
        self._lock = open(self._lock_path(), "a+")
        try:
            fcntl.flock(self._lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise Refused("另一个 dwgk 命令正在修改该登记簿", "稍等片刻后重试。", "G003") from None
        return self

    def __exit__(self, *exc) -> None:
        if self._lock:
            fcntl.flock(self._lock.fileno(), fcntl.LOCK_UN)
            self._lock.close()

    def write(self, rel: str, text: str) -> None:
        self.files[rel] = text

    def commit(self, subject: str, body: str = "", trailers: dict[str, str] | None = None,
               author_name: str = "") -> str | None:
        """Write every staged file atomically, then make one commit. Returns the commit id."""
        # A newline in a trailer value would let a name forge another trailer.
        _one_line("提交标题", subject)
        for k, v in (trailers or {}).items():
            _one_line(f"提交信息中的 {k}", str(v))
        if self.do_commit and is_git_repo(self.root) and merging(self.root):
            raise Refused("登记簿正处于未完成的 git 合并中，不能登记新的改动",
                          "先解决冲突并提交（git commit），或放弃合并（git merge --abort），再重试。", "G005")
        if self.do_commit and is_git_repo(self.root):
            self._refuse_pending_edits()
        old: dict[str, str | None] = {}
        for rel in self.files:
            p = self.root / rel
            old[rel] = p.read_text(encoding="utf-8") if p.exists() else None
        try:
            # Many files (a 台账 import): each still lands whole through its rename, and one
            # sync at the end makes them all durable before the commit, instead of two
            # fsyncs per file.
            batch = len(self.files) > BATCH
            for rel, text in self.files.items():
                atomic_write(self.root / rel, text, sync=not batch)
            if batch:
                os.sync()
            if not self.do_commit:
                return None
            if not is_git_repo(self.root):
                self.warnings.append("登记簿不是 git 仓库：本次修改没有审计记录（在登记簿目录运行 git init 可启用）。")
                return None
            return self._git_commit(subject, body, trailers or {}, author_name)
        except BaseException:
            for rel, text in old.items():
                p = self.root / rel
                if text is None:
                    p.unlink(missing_ok=True)
                else:
                    atomic_write(p, text)
            if is_git_repo(self.root):
                git(self.root, "reset", "-q", "--", *self.files, check=False)
            raise

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
                          "或撤销它们（git checkout -- 文件），再重试。", "G006")

    def _git_commit(self, subject: str, body: str, trailers: dict[str, str], author_name: str) -> str:
        msg = subject + "\n"
        if body:
            msg += "\n" + body.strip() + "\n"
        if trailers:
            msg += "\n" + "".join(f"{k}: {v}\n" for k, v in trailers.items())
        paths = list(self.files)
        git(self.root, "add", "--", *paths)
        cfg: list[str] = []
        if identity(self.root) is None:
            # No git identity configured: record the deciding clerk so the trail still names a person.
            cfg = ["-c", f"user.name={author_name or 'dwgk'}", "-c", "user.email=dwgk@localhost"]
            self.warnings.append("未配置 git 身份（git config user.name / user.email）：提交作者暂记为决定人。")
        git(self.root, *cfg, "commit", "-q", "--no-verify", "-m", msg, "--", *paths)
        if git(self.root, "symbolic-ref", "-q", "HEAD", check=False).returncode != 0:
            self.warnings.append("登记簿的 git 不在任何分支上（分离的 HEAD）：本次提交切换分支后可能找不到，"
                                 "可运行 git switch -c 分支名 保存到一个分支。")
        return git(self.root, "rev-parse", "--short", "HEAD").stdout.strip()
