"""``dwgk check`` for the roster itself: the file's findings come from the loader (R00x);
here, that there is a roster at all (W100)."""

from __future__ import annotations

from dwgk.diag import Diagnostic, diag
from dwgk.roster.model import FILE, Roster


def check(roster: Roster) -> list[Diagnostic]:
    if roster.empty:
        where = "people.yaml 中没有人员" if roster.present else "登记簿没有 people.yaml"
        return [diag("W100", f"人员名册为空（{where}）：谁可以签署哪一步、职责分离和集体审议人数都无法核对",
                     "用 dwgk people add 姓名 --role 角色 --from 日期 登记每位经办人和决定人"
                     "（dwgk people list 查看；角色见配置方案）。", path=FILE, line=1 if roster.present else 0,
                     severity="warning")]
    return []
