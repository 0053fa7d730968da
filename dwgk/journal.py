"""The write-intent journal: a crash between writing a decision and committing it is finished
or undone by the next dwgk command, never left for a clerk to stumble on.

Before the writer touches a file it records its intent — every file with its old and new
text (None: none, or deleted; a binary attachment as its bytes decoded with ``surrogateescape``,
which JSON escapes) and their hashes, the commit message and author, HEAD at the time — in
``.git/dwgk-intent.json`` (``.dwgk/`` when the register has no ``.git`` folder of its own),
fsynced, and removes it once the commit is made. A ``kill -9``, a power cut or a hung
``git commit`` leaves the record behind. The next command that holds the register lock
(the writer's lock: a live writer is never mistaken for a dead one) looks at each file:

* every file has its new text, committed (clean in git) → the crash came after the commit:
  the record is dropped;
* every file has its old or its new text → the command had computed everything: the missing
  files are written and the commit is made (**completed**); if git refuses the commit, every
  file is put back to its old text and unstaged (**restored**);
* a file has been changed since (a hand edit, a pull) but is now clean in git → the clerk
  resolved it with git: the record is dropped;
* otherwise the write cannot be resolved safely (**stuck**): ``check`` reports it (G020) with
  the git commands that resolve it, and commands that write refuse until it is resolved.

Pure parts (the record, :func:`decide`) are here; the cli runs :func:`recover`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from dwgk import safefs

NAME = "dwgk-intent.json"
VERSION = 1


def sha(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass
class Intent:
    message: str  # the whole commit message ("" when no commit was to follow)
    author: str  # the deciding clerk (the commit author when git has no identity)
    commit: bool  # was a git commit to follow the writes?
    head: str  # HEAD when the command began ("" if none)
    old: dict[str, str | None] = field(default_factory=dict)  # rel → text before (None: no file)
    new: dict[str, str | None] = field(default_factory=dict)  # rel → text to write (None: delete)

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0]

    def to_json(self, ascii: bool = False) -> str:
        files = {rel: {"old": self.old.get(rel), "new": text, "old_sha256": sha(self.old.get(rel)),
                       "new_sha256": sha(text)} for rel, text in self.new.items()}
        return json.dumps({"version": VERSION, "message": self.message, "author": self.author,
                           "commit": self.commit, "head": self.head, "files": files},
                          ensure_ascii=ascii, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "Intent":
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("files"), dict):
            raise ValueError("not a dwgk intent record")
        old, new = {}, {}
        for rel, f in data["files"].items():
            if not isinstance(f, dict) or not isinstance(f.get("new"), (str, type(None))) or not _safe_rel(rel) \
                    or (f.get("old") is not None and not isinstance(f["old"], str)):
                raise ValueError(f"bad entry {rel!r}")
            old[rel], new[rel] = f.get("old"), f["new"]
        return cls(str(data.get("message") or ""), str(data.get("author") or ""), bool(data.get("commit")),
                   str(data.get("head") or ""), old, new)


def _safe_rel(rel) -> bool:
    """A path the writer could have written: relative, inside the register, no .git."""
    return (isinstance(rel, str) and rel and not rel.startswith("/") and "\\" not in rel
            and all(p not in ("", ".", "..", ".git") for p in rel.split("/")))


# ---------------------------------------------------------------- the file

def where(root: Path) -> str:
    """The record's path, relative to the root: beside the writer's lock."""
    return f".git/{NAME}" if (Path(root) / ".git").is_dir() else f".dwgk/{NAME}"


def record(root: Path, intent: Intent) -> None:
    """Write the record durably (temp file, fsync, rename, fsync the folder) before any file."""
    try:
        data = intent.to_json().encode("utf-8")
    except UnicodeEncodeError:  # a binary file, held as surrogate-escaped text: JSON escapes it
        data = intent.to_json(ascii=True).encode("ascii")
    safefs.write_atomic(root, where(root), data)


def clear(root: Path) -> None:
    safefs.remove(root, where(root))


def pending(root: Path) -> bool:
    return safefs.lexists(root, where(root))


def load(root: Path) -> Intent:
    """The record left behind (ValueError if it cannot be understood, Unsafe if unreadable)."""
    # an attachment of up to MAX_BYTES is held escaped (up to six bytes for one)
    return Intent.from_json(safefs.read_in(root, where(root), limit=8 * safefs.MAX_BYTES))


# ---------------------------------------------------------------- deciding

@dataclass(frozen=True)
class FileState:
    rel: str
    text: str | None  # on disk now (None: absent)
    clean: bool  # matches HEAD in both the index and the work tree (no git: never)


@dataclass(frozen=True)
class Plan:
    action: str  # "drop" | "complete" | "stuck"
    why: str  # what happened, in Chinese, for the message
    files: tuple[str, ...] = ()  # the files concerned


def decide(intent: Intent, states: list[FileState]) -> Plan:
    """What to do with an interrupted write, from what is on disk now."""
    files = tuple(intent.new)
    new = {s.rel for s in states if s.text == intent.new[s.rel]}
    old = {s.rel for s in states if s.text == intent.old.get(s.rel)}
    clean = {s.rel for s in states if s.clean}
    everything = set(files)
    if new == everything and (clean == everything or not intent.commit):
        return Plan("drop", "已写入并提交，只是没来得及清除中断记录", files)
    if not new and old == everything:
        return Plan("drop", "被中断，没有留下改动（文件与原来相同）", files)
    if new | old == everything:
        return Plan("complete", "在写入文件之后、git 提交之前中断", files)
    if (new | old | clean) == everything and not (new - clean):
        return Plan("drop", "被中断，留下的文件已经用 git 处理过（提交或恢复）", files)
    changed = tuple(sorted(everything - new - old)) or files
    return Plan("stuck", "在写入时中断，之后这些文件又被改动过，无法自动完成或撤回", changed)


STUCK_HINT = ("先看改动：git status 和 git diff HEAD -- 文件。要保留现在的内容：git add 文件 && git commit -m \"说明\"；"
              "要放弃：git checkout HEAD -- 文件（连同暂存区一起恢复；上次新建的文件用 git rm --cached 文件 && rm 文件）。"
              "处理后 dwgk 会自动清除这条中断记录。")


# ---------------------------------------------------------------- recovering

@dataclass
class Outcome:
    action: str  # "completed" | "restored" | "dropped" | "stuck"
    message: str  # for the clerk (stderr), Chinese
    files: tuple[str, ...] = ()
    sha: str = ""
    hint: str = STUCK_HINT  # for "stuck": how to resolve it


def recover(root: Path, commit: Callable[[Intent], str], status: Callable[[list[str]], set[str]] | None,
            reset: Callable[[list[str]], None]) -> Outcome | None:
    """Finish or undo the write a record describes; None if there is no record. The caller
    holds the register lock. ``commit(intent)`` adds and commits the files (raising if git
    refuses), ``status(paths)`` names those not clean in git (None: no git), ``reset(paths)``
    unstages them. Raises nothing for a record it cannot act on: that is a "stuck" outcome."""
    if not pending(root):
        return None
    try:
        intent = load(root)
    except (ValueError, safefs.Unsafe, UnicodeDecodeError) as e:
        return Outcome("stuck", f"中断记录 {where(root)} 无法读取（{e}）", (where(root),))
    try:
        states = []
        dirty = status(list(intent.new)) if status is not None and intent.commit else None
        for rel in intent.new:
            states.append(FileState(rel, _current(root, rel), dirty is not None and rel not in dirty))
    except safefs.Unsafe as u:
        return Outcome("stuck", f"中断记录中的 {u.rel} 无法读取：{u.message}", (u.rel,))
    for rel in intent.new:  # a write killed before its rename leaves a temp file beside the record
        safefs.remove_temps(root, rel)
    plan = decide(intent, states)
    names = "、".join(plan.files[:5]) + ("等" if len(plan.files) > 5 else "")
    said = f"上次的命令“{intent.subject}”" if intent.subject else "上次的命令"
    if plan.action == "stuck":
        return Outcome("stuck", f"{said}{plan.why}：{names}", plan.files)
    if plan.action == "drop":
        clear(root)
        return Outcome("dropped", f"{said}{plan.why}；已清除中断记录。", plan.files)
    for rel, text in intent.new.items():  # complete: write what is missing
        if _current(root, rel) != text:
            if text is None:
                safefs.remove(root, rel)
            else:
                safefs.write_atomic(root, rel, text.encode("utf-8", "surrogateescape"))
    if not intent.commit:
        clear(root)
        return Outcome("completed", f"{said}{plan.why}；已写完全部文件：{names}。", plan.files)
    try:
        done = commit(intent)
    except Exception as e:
        if "index.lock" in str(e):  # git itself was killed mid-way: fix that first, then retry
            return Outcome("stuck", f"{said}{plan.why}，补做提交时 git 报错：{e}", plan.files,
                           hint="确认没有其他 git 命令在运行后，删除 .git/index.lock；dwgk 下次运行时会补做这次提交。")
        _restore(root, intent, reset)  # git refuses the commit: put the old files back instead
        clear(root)
        return Outcome("restored", f"{said}{plan.why}，补做提交失败（{e}）；"
                       f"已把 {names} 恢复为原来的内容，请重新运行该命令。", plan.files)
    clear(root)
    return Outcome("completed", f"{said}{plan.why}；已补做这次提交 {done}。", plan.files, done)


def _current(root: Path, rel: str) -> str | None:
    return safefs.check_target(root, rel)


def _restore(root: Path, intent: Intent, reset: Callable[[list[str]], None]) -> None:
    for rel, text in intent.old.items():
        if text is None:
            safefs.remove(root, rel)
        else:
            safefs.write_atomic(root, rel, text.encode("utf-8", "surrogateescape"))
    reset(list(intent.new))
