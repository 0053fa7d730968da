"""``dwgk check`` for requests (Q3xx): cross-record findings, and a replay of each history
that reports what the commands would have refused — so a hand-edited file is caught
exactly like a refused command. (The builder's Q1xx findings come with the load.)"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from dwgk import fees as F
from dwgk.diag import Diagnostic, diag
from dwgk.requests.clocks import amend_notice_due, calendar_of
from dwgk.requests.model import Progress, Request, progress
from dwgk.requests.rules import Rule, book, rule_for
from dwgk.requests.vocab import ACTION_NAMES, LAPSE_AMEND, LAPSE_FEE, LAPSES
from dwgk.roster.sign import record_findings

if TYPE_CHECKING:
    from dwgk.model import Register


def check(register: "Register", today: date, locate, memo=None) -> list[Diagnostic]:
    """Findings ``dwgk check`` adds for requests (the builders' Q1xx come with the load)."""
    out: list[Diagnostic] = []

    def at(req: Request, keypath: tuple, code: str, message: str, hint: str = "",
           severity: str = "error") -> None:
        line, col = locate(req.path, keypath)
        out.append(diag(code, message, hint, path=req.path, line=line, col=col, severity=severity))

    seen: dict[str, list[Request]] = {}
    cal = calendar_of(register) if register.requests else None
    table = book(register.profile)
    for req in register.requests:
        seen.setdefault(req.id, []).append(req)
        if req.received is None:
            continue
        rule = rule_for(register.profile, req.received, table)
        if rule is None:
            at(req, ("received",), "Q301", f"收到申请之日 {req.received} 没有适用的办理规则",
               "在配置方案的 requests.rules 中补充当时施行的规则。")
            continue
        prev: date | None = None
        for e in req.history:
            if prev is not None and e.date < prev:
                at(req, ("history", e.index, "date"), "Q302",
                   f"历史记录第 {e.index + 1} 条的日期 {e.date} 早于上一条（{prev}）", "各步骤须按时间顺序记录。")
            prev = e.date
        _replay(req, rule, cal, at)
        _signers(register, req, rule, at)
    for rid, reqs in seen.items():
        if len(reqs) > 1:
            for r in reqs:
                at(r, ("id",), "Q303", f"编号“{rid}”在多个文件中重复：" + "、".join(x.path for x in reqs),
                   "为其中一件申请改用新编号（文件名同步修改）。")
    return out


def _signers(register: "Register", req: Request, rule: Rule, at) -> None:
    """R02x as warnings: who recorded each step, and who approved an extension or a waiver."""
    waiver = rule.fees.waiver if rule.fees else F.WAIVER_APPROVER

    def approvers(e):
        if e.action == "extend" and e.approved_by:
            yield "approved_by", e.approved_by, (rule.extension_approver,), "批准延长答复期限"
        elif e.action == "waive" and e.approved_by:
            yield "approved_by", e.approved_by, (waiver,), "批准减免费用"
    p = register.profile
    for e, field, why in record_findings(register.roster, p.role_names, p.office_role, req.history, approvers):
        at(req, ("history", e.index, field), why.code, f"历史记录第 {e.index + 1} 条（{ACTION_NAMES.get(e.action, e.action)}）："
           + why.message, why.hint, "warning")


def _replay(req: Request, rule: Rule, cal, at) -> None:
    """Walk the history as the commands would have, reporting what they would have refused."""
    for i, e in enumerate(req.history):
        p = progress(Request(**{**req.__dict__, "history": req.history[:i]}))
        if e.action == "amend":
            due = amend_notice_due(req, rule, cal)
            if due and e.date > due:
                at(req, ("history", e.index, "date"), "Q304",
                   f"补正告知于 {e.date} 发出，晚于收到申请后 {rule.amend_notice} 个工作日（{due}）",
                   f"依据{rule.articles['amend']}：应在收到申请之日起 {rule.amend_notice} 个工作日内一次性告知。",
                   severity="warning")
        problem = _problem(e, p, rule)
        if problem:
            at(req, ("history", e.index, "action"), "Q305",
               f"历史记录第 {e.index + 1} 条（{ACTION_NAMES.get(e.action, e.action)}）不符合程序：{problem}",
               "核对该申请的办理记录；手工修改后运行 dwgk check。")


def _problem(e, p: Progress, rule: Rule) -> str:
    """What the command recording ``e`` would have refused, given the history before it."""
    a = e.action
    closed = p.concluded is not None
    if a in ("amend", "consult", "override", "extend", "fee", "reply", "assign", "lapse") and (closed or p.archived):
        return f"申请已答复或终止后又记录了{ACTION_NAMES[a]}"
    if a == "amend" and (p.amend is not None or p.consults or p.extensions or p.fee):
        return "补正告知只能在征求意见、延期、收费之前一次性发出"
    if a == "amended" and (p.amend is None or p.amended is not None):
        return "没有待补正的补正告知却记录了收到补正"
    if a == "consulted" and not p.open_consults:
        return "没有正在进行的征求意见却记录了意见答复（恢复计时须先有暂停）"
    if a == "override" and not any(c.refused and not c.overridden and c.party == e.party
                                   for c in p.consults):
        return "没有该第三方有理由不同意公开的意见，却记录了决定公开"
    if a == "extend":
        if len(p.extensions) >= rule.extensions:
            return f"答复期限只能延长 {rule.extensions} 次"
        if p.extended_days + (e.days or 0) > rule.extension:
            return f"延长超过上限 {rule.extension} 个工作日"
    if a == "fee":
        if p.fee is not None:
            return "一件申请只发一次收费通知"
        s = rule.fees
        if s is None or not s.charges:
            return "收到申请之日施行的规则不收取费用"
        if e.mode not in s.modes:
            return f"计费方式“{e.mode}”不适用于收到申请之日施行的{s.scheme}规则（{s.source}）"
    if a in ("paid", "waive") and not p.waiting_fee:
        return f"没有待缴费用却记录了{ACTION_NAMES[a]}"
    if a == "paid" and e.amount is not None:
        due, got = p.fee.amount, e.amount
        if due is not None and got is not None and got != due:
            return f"缴费金额 {F.money(got)} 元与收费通知的 {F.money(due)} 元不符"
    if a == "reply":
        if p.waiting_amend or p.waiting_fee:
            return "等待补正或缴费期间记录了答复"
        if p.open_consults:
            return "征求意见尚未结束就记录了答复"
        if e.result in LAPSES:
            return f"“{e.result}”应记为终止办理（lapse），不是答复"
        if e.result == "予以公开" and any(c.blocks for c in p.consults):
            return "第三方有理由不同意公开，却答复予以公开"
        if e.result in ("予以公开", "部分公开") and any(c.notified and c.notified > e.date for c in p.consults):
            return "书面告知第三方决定公开之前就答复公开"
        if e.result == "无法提供-补正后仍不明确" and p.amended is None:
            return "未经补正却答复“补正后仍不明确”"
    if a == "lapse":
        if e.result == LAPSE_AMEND and not p.waiting_amend:
            return "没有待补正却以逾期不补正终止"
        if e.result == LAPSE_FEE and not p.waiting_fee:
            return "没有待缴费却以逾期未缴费终止"
    if a == "deliver" and (p.concluded is None or p.delivered is not None):
        return "未答复或终止办理（或已送达）却记录了送达"
    if a == "archive" and p.delivered is None and p.lapse is None:
        return "未送达答复书就记录了归档"
    if a == "appeal" and not closed:
        return "未答复或终止就记录了复议诉讼"
    return ""
