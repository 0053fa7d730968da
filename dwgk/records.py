"""What every record file's history shares, for the commands that append to one.

Items, requests and messages each keep a ``history`` of events written the same way: one
dict per event with action, date, who (and role), plus only the fields that say something.
A command builds the new record and has it built back by the record's own builder before
anything is written, so it can never write a file ``dwgk check`` would reject.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any, Callable

from dwgk.diag import Refused
from dwgk.items import Findings


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
