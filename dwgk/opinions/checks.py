"""``dwgk check`` for 舆情/应急 records (O3xx): the profile's rules, times in order, levels the
profile knows, no step after the close, no ID twice, 不漏报, and responses that name an item."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from dwgk.diag import Diagnostic, diag
from dwgk.opinions.deadlines import opinions_of
from dwgk.opinions.model import Opinion
from dwgk.opinions.procedure import state
from dwgk.opinions.rules import read
from dwgk.records import Locator, Memo

if TYPE_CHECKING:
    from dwgk.model import Register


def check(register: "Register", today: date, locate: Locator, memo: Memo | None = None) -> list[Diagnostic]:
    ops = opinions_of(register)
    r, problem = read(register.profile)
    out: list[Diagnostic] = []
    if problem:
        out.append(diag("O301", f"配置方案的舆情规则（opinions）有误：{problem}",
                        "修正 dwgk.yaml 中 overrides 的 opinions（或删去该项恢复方案的默认值）。", "dwgk.yaml", 1, 1))
    elif r is None and ops:
        out.append(diag("O301", f"登记簿中有 {len(ops)} 条舆情/应急记录，但配置方案没有舆情规则（opinions），不计时限",
                        "选用启用了舆情处置的配置方案，或在 dwgk.yaml 的 overrides 中加入 opinions。", "dwgk.yaml", 1, 1,
                        severity="warning"))
    seen: dict[str, list[Opinion]] = {}
    for op in ops:
        seen.setdefault(op.id, []).append(op)
        out += _one(op, r, register, locate)
    for oid, same in seen.items():
        if len(same) > 1:
            for o in same:
                line, col = locate(o.path, ("id",))
                out.append(diag("O303", f"编号“{oid}”在多个文件中重复：" + "、".join(x.path for x in same),
                                "为其中一条记录改用新编号（文件名同步修改）。", o.path, line, col))
    return out


def _one(op: Opinion, r, register: "Register", locate: Locator) -> list[Diagnostic]:
    out: list[Diagnostic] = []

    def add(code: str, message: str, hint: str, keypath: tuple, severity: str = "error") -> None:
        line, col = locate(op.path, keypath)
        out.append(diag(code, message, hint, op.path, line, col, severity=severity))

    prev = None
    closed = False
    for e in op.history:
        n = e.index + 1
        if prev is not None and e.at < prev:
            add("O302", f"历史记录第 {n} 条的时间早于上一条", "各步骤须按时间顺序记录。", ("history", e.index, "at"))
        prev = e.at
        if closed:
            add("O305", f"历史记录第 {n} 条记在办结之后", "办结后不再登记；新的情况另行登记。", ("history", e.index, "action"))
        if e.action == "close":
            closed = True
            if not any(x.action == "respond" for x in op.history[: op.history.index(e)]):
                add("O305", f"历史记录第 {n} 条办结时尚未发布任何回应", "先登记发布的权威信息（respond），再办结。",
                    ("history", e.index, "action"))
        if r is not None and e.level and e.level not in r.levels:
            add("O304", f"历史记录第 {n} 条的等级“{e.level}”不是本配置方案规定的等级", "可选：" + "、".join(r.levels) + "。",
                ("history", e.index, "level"))
        if e.action == "respond" and e.item and register.item(e.item) is None:
            add("O307", f"历史记录第 {n} 条发布的事项 {e.item} 不在登记簿中", "核对 item 编号（dwgk list）。",
                ("history", e.index, "item"), "warning")
    if r is not None and op.level and op.level not in r.levels:
        add("O304", f"级别“{op.level}”不是本配置方案规定的等级", "可选：" + "、".join(r.levels) + "。", ("level",))
    if op.emergency and not state(op).level:
        add("O308", "突发事件没有记录级别", "用 dwgk opinion assess 研判并确定级别。", ("type",), "warning")
    st = state(op)
    if r is not None and r.must_report_for(st.level) and (st.responses or st.closed) and not st.reported_to(r.must_report):
        add("O306", f"已发布回应，但没有向{r.must_report}报告（不漏报、不迟报）",
            f"登记报告：dwgk opinion report {op.id} --to {r.must_report} --at 时间 --by 姓名。", ("history",), "warning")
    return out
