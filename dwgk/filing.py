"""Filing the 公开目录 with the upper level (备案): to whom, and on which dates it may be recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

from dwgk.diag import Refused


def recipient(profile: Any) -> str:
    """Who a catalogue is filed with when ``--to`` is not given: a 政务 register's catalogue goes
    to the 上级机关 (its 全文版 says so), a party one to the 上级党组织 (001 §4)."""
    return "上级机关" if getattr(profile, "kind", "") == "政务" else "上级党组织"


def check_date(register: Any, when: date) -> None:
    """A filing is recorded in date order and within the register's life."""
    last = register.catalogue_filed
    if last is not None and when < last:
        raise Refused(f"备案日期 {when} 早于上一次备案（第 {register.catalogue_version} 版，{last}）",
                      "备案按时间顺序登记：检查 --date；git log catalogue.yaml 可查各次备案。", "K031")
    start = register.config.start
    if start is not None and when < start:
        raise Refused(f"备案日期 {when} 早于登记簿的启用日期 {start}",
                      "检查 --date；启用以前的备案不在本登记簿中登记。", "K032")
