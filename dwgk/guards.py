"""Refusals the write path applies to any record before it acts on it."""

from __future__ import annotations

from typing import Any, Sequence

from dwgk.diag import Refused


def duplicated(same: Sequence[Any]) -> Refused:
    """The refusal for records of one ID read from several files (check: I030)."""
    paths = sorted(r.path for r in same)
    return Refused(f"编号“{same[0].id}”在 {len(paths)} 个文件中重复：" + "、".join(paths) + "，不能确定要登记在哪一个上",
                   "核对这些文件，合并成一个或删除多余的（dwgk check 报告为 I030），提交后再重试。", "E050")


def refuse_duplicated(register: Any, record: Any) -> None:
    """Two files holding the same ID: which one a decision belongs to cannot be known, so no
    command records on either until one is merged or removed."""
    kind = record.path.split("/", 1)[0]
    same = [r for r in register.records.get(kind, ()) if r.id == record.id]
    if len(same) > 1:
        raise duplicated(same)
