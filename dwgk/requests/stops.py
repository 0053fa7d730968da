"""The reply clock's stops and extension: 征求意见 (``consult`` / ``consulted``, and the
public-interest ``override`` after a third party's reasoned refusal), ``extend``, and fees
(``fee`` notice, ``paid``, ``waive``). Pure: each returns ``(new_raw, Change)`` or raises
``Refused`` (Q2xx) before anything is written."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from dwgk import fees as F
from dwgk.diag import Refused
from dwgk.requests.clocks import calendar_of, consult_due, due_on, fee_until
from dwgk.requests.model import Consultation, Request, progress
from dwgk.requests.records import (change, guard_date, guard_later, guard_not_waiting, guard_open, need_rule,
                                   guard_approver, office, record, acting_role)
from dwgk.requests.rules import Rule
from dwgk.requests.vocab import CONSULT_KINDS, OPINIONS

if TYPE_CHECKING:
    from dwgk.model import Register


def _not_run_out(register: "Register", req: Request, rule: Rule, when: date, what: str, hint: str, code: str) -> None:
    cal = calendar_of(register)
    due = due_on(req, rule, cal, today=when)
    if due is not None and when > due:
        raise Refused(f"答复期限已于 {due} 届满，不能再{what}", hint, code)


# ---------------------------------------------------------------------------------------
# 征求意见


def consult(register: "Register", req: Request, raw: dict, *, party: str, party_kind: str, by: str, role: str,
            when: date, today: date, delivered: date | None = None):
    """Write to a third party or another body: the reply clock pauses from the day the letter
    is sent; the party's period counts from the day it receives it (``delivered``)."""
    guard_date(req, when, today)
    p = progress(req)
    guard_open(p, "征求意见")
    guard_not_waiting(p, "征求意见")
    rule = need_rule(register, req.received)
    if not party.strip():
        raise Refused("须写明被征求意见的第三方或机关", "用 --party 写名称。", "Q228")
    if party_kind not in CONSULT_KINDS:
        raise Refused(f"被征求意见方类型“{party_kind}”无效", "可选：" + "、".join(CONSULT_KINDS) + "。", "Q229")
    if any(c.open and c.party == party.strip() for c in p.consults):
        raise Refused(f"正在征求{party.strip()}的意见", "收到答复后用 dwgk request consulted 登记。", "Q230")
    _not_run_out(register, req, rule, when, "以征求意见暂停计时", "征求意见应在答复期限内进行；请尽快答复。", "Q231")
    delivered = guard_later("征求意见函送达之日", "--delivered", delivered, when, today, "Q275")
    new_raw, new_req = record(register, req, raw, "consult", when, by, role, party=party.strip(),
                              party_kind=party_kind, delivered=delivered.isoformat() if delivered != when else None)
    c = progress(new_req).consults[-1]
    limit = consult_due(c, rule, calendar_of(register))
    period = (f"应于 {limit} 前答复（自 {delivered} 收到之日起 {rule.consult} 个工作日）" if limit
              else "待其答复（办理规则未规定答复期限）")
    return new_raw, change(req.id, "request-consult",
                           f"书面征求{party.strip()}意见，{period}，期间答复期限暂停计算（{req.id}）",
                           by, when, role=acting_role(register, by, role, when))


def _pick(open_: list[Consultation], party: str, code: str) -> Consultation:
    if party.strip():
        match = [c for c in open_ if c.party == party.strip()]
        if not match:
            raise Refused(f"没有正在征求{party.strip()}的意见",
                          "正在征求意见的有：" + "、".join(c.party for c in open_) + "。", code)
        return match[0]
    if len(open_) == 1:
        return open_[0]
    raise Refused("同时在征求多方意见，须指明是哪一方的答复",
                  "用 --party 指定：" + "、".join(c.party for c in open_) + "。", code)


def consulted(register: "Register", req: Request, raw: dict, *, party: str, opinion: str, reasons: str,
              by: str, role: str, when: date, today: date):
    guard_date(req, when, today)
    p = progress(req)
    guard_open(p, "登记意见")
    if opinion not in OPINIONS:
        raise Refused(f"意见“{opinion}”无效", "可选：" + "、".join(OPINIONS) + "。", "Q232")
    if not p.open_consults:
        raise Refused("该申请没有正在进行的征求意见（恢复计时须先有暂停）",
                      "先用 dwgk request consult 登记征求意见。", "Q233")
    c = _pick(p.open_consults, party, "Q234")
    rule = need_rule(register, req.received)
    limit = consult_due(c, rule, calendar_of(register))
    if opinion == "未答复" and limit is not None and when <= limit:
        raise Refused(f"征求意见期限至 {limit}，期满前不能登记为逾期未答复",
                      f"{limit} 之后再登记，或登记对方的实际意见。", "Q235")
    new_raw, _ = record(register, req, raw, "consulted", when, by, role, party=c.party, result=opinion,
                        reasons=reasons.strip())
    notes = []
    if limit is not None and when > limit and opinion != "未答复":
        notes.append(f"答复晚于期限 {limit}，超出部分计入答复期限")
    third_refusal = opinion == "不同意" and c.kind == "第三方"
    if third_refusal and not reasons.strip():
        notes.append("第三方未说明理由的不同意意见不当然阻止公开")
    if third_refusal and reasons.strip():
        notes.append("第三方有理由不同意：涉及其权益的部分不得公开；如认为不公开会对公共利益造成重大影响，"
                     f"可用 dwgk request override {req.id} 决定公开")
    if opinion == "未答复" and c.kind == "其他机关":
        notes.append("其他机关逾期未提出意见，视为同意公开")
    return new_raw, change(req.id, "request-consulted",
                           f"{c.party}意见：{opinion}，答复期限恢复计算（{req.id}）"
                           + ("；" + "；".join(notes) if notes else ""), by, when, result=opinion,
                           role=acting_role(register, by, role, when))


def override(register: "Register", req: Request, raw: dict, *, party: str, reasons: str, notified: date | None,
             by: str, role: str, when: date, today: date):
    """After a third party's reasoned refusal: decide to disclose because not disclosing would
    seriously affect the public interest, and tell the party in writing (``notified``) the
    content and the reasons before disclosing (条例第三十二条)."""
    guard_date(req, when, today)
    p = progress(req)
    guard_open(p, "决定公开")
    rule = need_rule(register, req.received)
    refused = [c for c in p.consults if c.refused]
    if not refused:
        raise Refused("没有第三方有理由不同意公开的意见，无需以公共利益为由决定公开",
                      "第三方有理由不同意时才需要：先用 dwgk request consulted --opinion 不同意 --reason 登记其意见。",
                      "Q236")
    pending = [c for c in refused if not c.overridden]
    if not pending:
        raise Refused(f"已于 {refused[-1].override.date} 决定公开", "无需重复登记。", "Q270")
    c = _pick(pending, party, "Q271")
    if not reasons.strip():
        raise Refused("须写明不公开会对公共利益造成重大影响的理由",
                      f"用 --reason 写明（将书面告知{c.party}决定公开的内容和理由）。", "Q272")
    notified = guard_later(f"书面告知{c.party}之日", "--notified", notified, when, today, "Q273")
    new_raw, _ = record(register, req, raw, "override", when, by, role, party=c.party, reasons=reasons.strip(),
                        notified=notified.isoformat())
    return new_raw, change(req.id, "request-override",
                           f"决定公开：{c.party}不同意公开，本机关认为不公开可能对公共利益造成重大影响，"
                           f"已于 {notified} 书面告知{c.party}决定公开的内容和理由"
                           f"（{rule.articles['override']}）（{req.id}）", by, when,
                           role=acting_role(register, by, role, when))


# ---------------------------------------------------------------------------------------
# extension


def extend(register: "Register", req: Request, raw: dict, *, days: int, approved_by: str, reasons: str,
           told: date | None, by: str, role: str, when: date, today: date):
    guard_date(req, when, today)
    p = progress(req)
    guard_open(p, "延长答复期限")
    guard_not_waiting(p, "延长答复期限")
    rule = need_rule(register, req.received)
    art = rule.articles["extend"]
    if days < 1:
        raise Refused("延长天数须至少 1 个工作日", "用 --days 写明延长的工作日数。", "Q237")
    if len(p.extensions) >= rule.extensions:
        raise Refused(f"答复期限只能延长 {rule.extensions} 次，已于 {p.extensions[-1].date} 延长过",
                      f"{art}：延长答复期限最长不得超过 {rule.extension} 个工作日。", "Q238")
    used = p.extended_days
    if used + days > rule.extension:
        raise Refused(f"延长 {days} 个工作日超过上限：最长可延长 {rule.extension} 个工作日"
                      + (f"（已延长 {used} 个）" if used else ""),
                      f"依据{art}；用 --days 写 {rule.extension - used} 以内。", "Q239")
    if not approved_by.strip():
        raise Refused("延长答复期限须经批准", f"用 --approved-by 写明批准人（{rule.extension_approver}）。", "Q240")
    if not reasons.strip():
        raise Refused("须写明延长答复期限的理由", "用 --reason 写明。", "Q241")
    told = guard_later("告知申请人之日", "--told", told, when, today, "Q242")
    _not_run_out(register, req, rule, when, "延长", "延长须在答复期限届满前决定并告知申请人。", "Q243")
    guard_approver(register, approved_by, rule.extension_approver, when, "批准延长答复期限")
    new_raw, new_req = record(register, req, raw, "extend", when, by, role, days=days,
                              approved_by=approved_by.strip(), reasons=reasons.strip(), told=told.isoformat())
    due = due_on(new_req, rule, calendar_of(register), today=when)
    return new_raw, change(req.id, "request-extend",
                           f"延长答复期限 {days} 个工作日（{approved_by.strip()}批准，{art}），"
                           + (f"至 {due}" if due else "暂停计时中") + f"（{req.id}）", by, when,
                           role=acting_role(register, by, role, when), extra={"Dwgk-Approved-By": approved_by.strip()})


# ---------------------------------------------------------------------------------------
# fees


def monthly_ordinal(register: "Register", req: Request) -> int:
    """The request's position among the same applicant's requests received in its month."""
    same = sorted((r for r in register.requests if r.applicant == req.applicant and r.received
                   and req.received and (r.received.year, r.received.month)
                   == (req.received.year, req.received.month)),
                  key=lambda r: (r.received, r.history[0].date if r.history else r.received, r.id))
    ids = [r.id for r in same]
    return ids.index(req.id) + 1 if req.id in ids else len(ids) + 1


def _schedule(register: "Register", req: Request, rule: Rule) -> F.Schedule:
    s = rule.fees
    if s is not None and s.charges:
        return s
    if s is not None:
        raise Refused(f"收到申请之日 {req.received} 适用的收费规则不收取费用（{s.source}）",
                      "依申请提供政府信息不收取费用；无需发出收费通知。", "Q244")
    table = F.schedules((register.profile.requests or {}).get("fees"))
    if not table:
        raise Refused("本登记簿的配置方案不收取费用", "配置方案的 requests.fees 没有收费规则。", "Q244")
    first = table[0]
    raise Refused(f"收到申请之日 {req.received} 尚无收费规则：{first.source or first.scheme}自 {first.since} 起施行",
                  "按收到申请之日施行的规则办理：此前收到的申请不收取费用。", "Q244")


def _fee_amount(s: F.Schedule, register: "Register", req: Request, pages: int | None, count: int | None,
                amount: float | None, items: str) -> F.Fee:
    if pages is not None and count is not None:
        raise Refused("按件与按量不得同时适用", "只能用 --pages 或 --count 之一。", "Q246")
    if s.scheme == F.COST:
        if pages is not None or count is not None or amount is None:
            raise Refused(f"本件申请适用{s.source or '成本费规则'}：收取检索、复制、邮寄等成本费用",
                          "用 --amount 写明金额（元），--items 写明费用项目；不按件或按量计收。", "Q246")
        if F.amount_value(amount) is None or amount > F.MAX_AMOUNT:
            raise Refused(f"金额“{amount}”无效", f"写 0 至 {F.MAX_AMOUNT} 元的金额，最多两位小数。", "Q247")
        return F.cost(amount, items.strip())
    if amount is not None:
        raise Refused(f"信息处理费依{s.source}按件或按量计算，不能直接写金额",
                      "用 --pages（按量）或 --count（按件）；都不写时按本月件数计收。", "Q246")
    if pages is not None:
        if not 1 <= pages <= F.MAX_PAGES:
            raise Refused(f"页数 {pages} 无效", f"写 1 至 {F.MAX_PAGES} 的页数。", "Q247")
        return F.per_page(pages)
    count = count if count is not None else monthly_ordinal(register, req)
    if not 1 <= count <= F.MAX_ORDINAL:
        raise Refused(f"件数 {count} 无效", f"写 1 至 {F.MAX_ORDINAL} 的件数（本件是该申请人本月第几件申请）。", "Q247")
    return F.per_request(count)


def fee(register: "Register", req: Request, raw: dict, *, pages: int | None = None, count: int | None = None,
        amount: float | None = None, items: str = "", by: str, role: str, when: date, today: date):
    """A fee notice under the fee rule in force on the date of receipt: 信息处理费 per request or
    per page (109号), or the stated cost (成本费); the reply clock stops until payment."""
    guard_date(req, when, today)
    p = progress(req)
    guard_open(p, "收费")
    guard_not_waiting(p, "再次收费")
    if p.fee is not None:
        raise Refused(f"已于 {p.fee.date} 发出收费通知", "一件申请只发一次收费通知。", "Q245")
    rule = need_rule(register, req.received)
    s = _schedule(register, req, rule)
    f = _fee_amount(s, register, req, pages, count, amount, items)
    if f.amount == 0:
        raise Refused(f"无需收费：{f.describe()}", f"依据{s.source}。", "Q248")
    new_raw, _ = record(register, req, raw, "fee", when, by, role, mode=f.mode, quantity=f.quantity or None,
                        amount=f.amount, items=f.items)
    until = calendar_of(register).add_workdays(when, s.payment)
    return new_raw, change(req.id, "request-fee",
                           f"收费通知：{f.describe()}（{s.source}），应于 {until} 前缴纳，期间答复期限暂停计算（{req.id}）",
                           by, when, role=acting_role(register, by, role, when), extra={"Dwgk-Amount": F.money(f.amount)})


def paid(register: "Register", req: Request, raw: dict, *, amount: float | None, by: str, role: str,
         when: date, today: date):
    """The applicant paid the amount of the notice (not less, not more)."""
    guard_date(req, when, today)
    p = progress(req)
    guard_open(p, "登记缴费")
    if not p.waiting_fee:
        raise Refused("该申请没有待缴的费用（恢复计时须先有暂停）", "先用 dwgk request fee 发出收费通知。", "Q249")
    due = p.fee.amount
    got = due if amount is None else F.amount_value(amount)
    if got is None:
        raise Refused(f"缴费金额“{amount}”无效", "用 --amount 写明金额（元，最多两位小数）。", "Q250")
    if due is not None and got < due:
        raise Refused(f"缴费金额 {F.money(got)} 元少于收费通知的 {F.money(due)} 元",
                      "申请人须按收费通知足额缴纳；未缴足的，期满后用 dwgk request lapse 登记逾期未缴费。", "Q250")
    if due is not None and got > due:
        raise Refused(f"缴费金额 {F.money(got)} 元多于收费通知的 {F.money(due)} 元",
                      "按收费通知的金额登记；多收的款项应退还申请人。", "Q250")
    rule = need_rule(register, req.received)
    until = fee_until(p, rule, calendar_of(register))
    new_raw, _ = record(register, req, raw, "paid", when, by, role, amount=got)
    note = f"（缴费期限至 {until}，已逾期）" if until and when > until else ""
    return new_raw, change(req.id, "request-paid", f"申请人缴费 {F.money(got)} 元，答复期限恢复计算{note}（{req.id}）",
                           by, when, role=acting_role(register, by, role, when))


def waive(register: "Register", req: Request, raw: dict, *, approved_by: str, reasons: str, by: str, role: str,
          when: date, today: date):
    guard_date(req, when, today)
    p = progress(req)
    guard_open(p, "减免费用")
    if not p.waiting_fee:
        raise Refused("该申请没有待缴的费用", "先用 dwgk request fee 发出收费通知。", "Q249")
    rule = need_rule(register, req.received)
    approver = rule.fees.waiver if rule.fees else F.WAIVER_APPROVER
    if not approved_by.strip() or not reasons.strip():
        raise Refused("减免费用须写明理由和批准人", f"用 --reason 和 --approved-by（{approver}）。", "Q251")
    guard_approver(register, approved_by, approver, when, "批准减免费用")
    new_raw, _ = record(register, req, raw, "waive", when, by, role, approved_by=approved_by.strip(),
                        reasons=reasons.strip())
    return new_raw, change(req.id, "request-waive", f"减免费用（{approved_by.strip()}批准），答复期限恢复计算（{req.id}）",
                           by, when, role=acting_role(register, by, role, when))
