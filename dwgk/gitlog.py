"""Reading a record's history back from git (``dwgk log``)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from dwgk.writer import git, is_git_repo

_SEP = "\x1e"
_FIELD = "\x1f"


@dataclass
class Commit:
    sha: str
    date: str
    author: str
    subject: str
    trailers: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"commit": self.sha, "date": self.date, "author": self.author,
                "subject": self.subject, "trailers": self.trailers}


def log(root: Path, rel: str) -> list[Commit]:
    """Commits touching ``rel``, oldest first."""
    if not is_git_repo(root):
        return []
    fmt = _FIELD.join(["%h", "%ad", "%an", "%s", "%(trailers:only,unfold)"]) + _SEP
    out = git(root, "log", "--reverse", "--date=iso", f"--format={fmt}", "--", rel, check=False).stdout
    commits = []
    for rec in out.split(_SEP):
        rec = rec.strip("\n")
        if not rec:
            continue
        sha, date, author, subject, trailers = (rec.split(_FIELD) + [""] * 5)[:5]
        t = {}
        for line in trailers.splitlines():
            k, sep, v = line.partition(": ")
            if sep:
                t[k.strip()] = v.strip()
        commits.append(Commit(sha, date, author, subject, t))
    return commits


def versions(root: Path, rel: str, limit: int = 200):
    """The committed contents of ``rel`` (UTF-8 text), newest first, one per commit that
    changed it (at most ``limit``). Nothing without git; a version that is not text is skipped."""
    if not is_git_repo(root):
        return
    shas = git(root, "log", f"--max-count={limit}", "--format=%H", "--", rel, check=False).stdout.split()
    for sha in shas:
        try:  # "<rev>:./path" is relative to -C root, also when the register is a subfolder of the repository
            r = subprocess.run(["git", "-C", str(root), "show", f"{sha}:./{rel}"], capture_output=True)
        except OSError:
            return
        if r.returncode == 0:
            try:
                yield r.stdout.decode("utf-8")
            except UnicodeDecodeError:
                continue
