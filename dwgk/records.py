"""What every record file's history shares, for the commands that append to one.

Items, requests and messages each keep a ``history`` of events written the same way: one
dict per event with action, date, who (and role), plus only the fields that say something.
A command builds the new record and has it built back by the record's own builder before
anything is written, so it can never write a file ``dwgk check`` would reject.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any, Callable, Sequence

from dwgk.diag import Refused
from dwgk.items import Findings


def path_for(folder: str, record_id: str) -> str:
    """``<folder>/<year>/<id>.yaml``: records are filed by the year their ID carries."""
    year = record_id.split("-")[1] if record_id.count("-") >= 2 else "other"
    return f"{folder}/{year}/{record_id}.yaml"


def new_id(prefix: str, year: int, token: str) -> str:
    """``<prefix>-<year>-<6 hex>``: random per record, so two clones cannot collide in practice."""
    return f"{prefix}-{year}-{token[:6]}"


def matches(records: Sequence, ref: str) -> list:
    """The record whose ID is ``ref``, else those whose ID starts or ends with it (at least
    four characters: the hex part of an ID is enough to name it)."""
    exact = [r for r in records if r.id == ref]
    if exact or len(ref) < 4:
        return exact
    return [r for r in records if r.id.endswith(ref) or r.id.startswith(ref)]


def refuse_unreadable(diagnostics: Sequence, built: Sequence, ref: str, folder: str, what: str) -> None:
    """Refuse with the file's own errors when ``ref`` names a record file that could not be read.

    Without this a clerk who broke a file by hand is told the record does not exist.
    """
    import posixpath
    paths = {d.path for d in diagnostics if d.path.startswith(folder) and d.severity == "error"}
    # A record read under another ID (its id: no longer matches the file name) counts as unreadable.
    readable = {r.path for r in built if posixpath.splitext(posixpath.basename(r.path))[0] == r.id}
    hit = [pth for pth in paths - readable
           if (stem := posixpath.splitext(posixpath.basename(pth))[0]) == ref
           or (len(ref) >= 4 and (stem.endswith(ref) or stem.startswith(ref)))]
    if len(hit) == 1:
        raise Refused(f"{what}文件 {hit[0]} 有错误，无法读取", "先修正下列问题（dwgk check 可列出全部）。",
                      "E022", diagnostics=[d for d in diagnostics if d.path == hit[0]])


def resolve(records: Sequence, ref: str, diagnostics: Sequence, *, folder: str, what: str,
            several: str, missing: str, codes: tuple[str, str], hint: str):
    """The one record ``ref`` names (its ID, or a unique head or tail of one); otherwise refused:
    several matches (``codes[0]``), a file that names it but cannot be read (E022), none
    (``codes[1]``). ``several``/``missing`` are the Chinese words: "多件申请", "依申请公开记录"."""
    hits = matches(records, ref)
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise Refused(f"“{ref}”对应{several}：" + "、".join(r.id for r in hits[:5]), "请写完整编号。", codes[0])
    refuse_unreadable(diagnostics, records, ref, folder, what)
    raise Refused(f"登记簿中没有编号为“{ref}”的{missing}", hint, codes[1])


def event(action: str, when: date, by: str, role: str, **kw: Any) -> dict:
    ev: dict[str, Any] = {"action": action, "date": when.isoformat(), "by": by}
    if role:
        ev["role"] = role
    ev.update({k: v for k, v in kw.items() if v not in (None, "", [], {})})
    return ev


def append(raw: dict, ev: dict) -> dict:
    new = copy.deepcopy(raw)
    new.setdefault("history", []).append(ev)
    return new


def rebuilt(build: Callable[[dict, Findings, str], Any], new_raw: dict, path: str, record_id: str,
            code: str) -> Any:
    """``build`` the new record as the loader would; refuse (``code``) if it has errors."""
    f = Findings(path)
    record = build(new_raw, f, record_id)
    errors = [d.message for _, d in f.pending if d.severity == "error"]
    if record is None or errors:
        raise Refused("新记录不完整：" + "；".join(errors), "补全所缺内容后重试。", code)
    return record
