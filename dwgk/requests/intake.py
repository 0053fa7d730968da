"""Receiving a request: ``new`` (the date of receipt by channel), ``assign`` (拟办), and 补正
(``amend`` — the notice — and ``amended`` — the amended request arrived, the clock restarts).
Pure: each returns ``(new_raw, Change)`` or raises ``Refused`` (Q2xx) before anything is written."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from dwgk.diag import Refused
from dwgk.records import guard_not_future
from dwgk.office import assign as assign_number
from dwgk.requests.build import LATE_CONFIRMATION_HINT, late_confirmation
from dwgk.requests.clocks import amend_notice_due, amend_until, calendar_of
from dwgk.requests.model import Request, progress
from dwgk.requests.records import (change, event, guard_date, guard_open, need_rule, office, record,
                                   acting_role, validate)
from dwgk.requests.vocab import APPLICANT_TYPES, CHANNELS, FACT_NAMES, FACT_OPTIONS, RECEIPT_FACT, RECEIPT_TEXT

if TYPE_CHECKING:
    from dwgk.model import Register


def new(register: "Register", *, request_id: str, received: date | None, channel: str, applicant: str,
        applicant_type: str, content: str, by: str, role: str, when: date | None, today: date,
        arrived: date | None = None, signed: date | None = None, confirmed: date | None = None,
        contact: str = "", form: str = "", department: str = "", handler: str = ""):
    """``dwgk request new``: register a request. The date of receipt is the channel's fixing
    fact (当面 arrival, 邮寄 signature, 平邮/网络/传真 confirmation); give either."""
    if channel not in CHANNELS:
        raise Refused(f"提交方式“{channel}”无效", "可选：" + "、".join(CHANNELS) + "。", "Q214")
    if applicant_type not in APPLICANT_TYPES:
        raise Refused(f"申请人类型“{applicant_type}”无效", "可选：" + "、".join(APPLICANT_TYPES) + "。", "Q215")
    if not applicant.strip():
        raise Refused("申请人不能为空", "用 --applicant 写申请人姓名或名称。", "Q216")
    if not content.strip():
        raise Refused("申请内容不能为空", "用 --content 写明所需政府信息的名称、文号或便于查询的特征。", "Q217")
    facts = {"arrived": arrived, "signed": signed, "confirmed": confirmed}
    fact = RECEIPT_FACT[channel]
    fixed = facts[fact] or (arrived if fact == "arrived" else None)
    if received is None and fixed is None:
        raise Refused("须写明收到申请之日",
                      f"用 --received 写明；{RECEIPT_TEXT[channel]}（也可用 {FACT_OPTIONS[fact]}）。", "Q218")
    if received is not None and fixed is not None and received != fixed:
        raise Refused(f"收到申请之日 {received} 与{FACT_NAMES[fact]} {fixed} 不一致",
                      RECEIPT_TEXT[channel] + "。", "Q219")
    received = received or fixed
    facts[fact] = received
    for k in ("signed", "confirmed"):
        if arrived is not None and facts[k] is not None and facts[k] < arrived:
            raise Refused(f"{FACT_NAMES[k]} {facts[k]} 早于到达日期 {arrived}", "核对日期。", "Q220")
    guard_not_future(received, today, "Q206", "收到申请之日", "--received")
    rule = need_rule(register, received)
    when = when or received
    if when < received:
        raise Refused(f"登记日期 {when} 早于收到申请之日 {received}", "检查 --date。", "Q207")
    guard_not_future(when, today, "Q206")
    raw: dict[str, Any] = {"id": request_id, "received": received.isoformat(), "channel": channel}
    for k in ("arrived", "signed", "confirmed"):
        if facts[k] is not None:
            raw[k] = facts[k].isoformat()
    raw.update({"applicant": applicant.strip(), "applicant_type": applicant_type})
    if contact.strip():
        raw["contact"] = contact.strip()
    raw["content"] = content.strip()
    if form.strip():
        raw["form"] = form.strip()
    raw["history"] = [event("receive", when, by, acting_role(register, by, role, when), department=department.strip(),
                            handler=handler.strip())]
    validate(raw, request_id)
    late = late_confirmation(channel, arrived, facts["confirmed"])
    return raw, change(request_id, "request-new",
                       f"收到政府信息公开申请 {request_id}（{applicant.strip()}，{received}，"
                       f"答复期限 {rule.reply} 个工作日）", by, when, role=acting_role(register, by, role, when),
                       extra={"Dwgk-Received": received.isoformat()},
                       warning=f"Q112 {late}：{LATE_CONFIRMATION_HINT}" if late else "")


def assign(register: "Register", req: Request, raw: dict, *, department: str, handler: str, by: str,
           role: str, when: date, today: date):
    guard_date(req, when, today)
    guard_open(progress(req), "拟办")
    if not department.strip() and not handler.strip():
        raise Refused("须写明承办科室或承办人", "用 --department 和/或 --handler。", "Q221")
    new_raw, _ = record(register, req, raw, "assign", when, by, role, department=department.strip(),
                        handler=handler.strip())
    who = "、".join(x for x in (department.strip(), handler.strip()) if x)
    return new_raw, change(req.id, "request-assign", f"拟办：交{who}承办（{req.id}）", by, when,
                           role=acting_role(register, by, role, when))


def amend(register: "Register", req: Request, raw: dict, *, points: list[str], period: int | None, by: str,
          role: str, when: date, today: date):
    """补正告知: all points at once, within the rule's N 工作日 of receipt (a late notice is
    allowed and flagged); the reply clock stops until the amended request arrives, then restarts."""
    guard_date(req, when, today)
    p = progress(req)
    guard_open(p, "发出补正告知")
    rule = need_rule(register, req.received)
    if p.amend is not None:
        raise Refused(f"该申请已于 {p.amend.date} 发出补正告知",
                      "补正告知须一次性告知全部需要补正的事项，不能再次告知；补正后仍不明确的，"
                      "答复“无法提供-补正后仍不明确”。", "Q222")
    if p.consults or p.extensions or p.fee:
        raise Refused("已征求意见、延期或收费的申请不能再要求补正",
                      "补正应在收到申请后尽早一次性告知。", "Q223")
    points = [x.strip() for x in points if x and x.strip()]
    if not points:
        raise Refused("须写明需要补正的事项", "用 --reason 逐项写明（可重复，须一次性告知全部事项）。", "Q224")
    period = period if period is not None else rule.amend_period
    if period < 1 or period > 60:
        raise Refused(f"补正期限 {period} 个工作日不合理", "用 --period 给出 1 至 60 个工作日的补正期限。", "Q225")
    cal = calendar_of(register)
    due = amend_notice_due(req, rule, cal)
    new_raw, _ = record(register, req, raw, "amend", when, by, role, points=points, period=period,
                        doc_number=assign_number(register, "补正告知书", when))
    until = cal.add_workdays(when, period)
    late = due is not None and when > due
    warning = (f"Q304 补正告知逾期：应于 {due} 前发出（{rule.articles['amend']}：收到申请之日起 "
               f"{rule.amend_notice} 个工作日内一次性告知）" if late else "")
    return new_raw, change(req.id, "request-amend",
                           f"补正告知：{len(points)} 项，期限 {period} 个工作日，至 {until}（{req.id}）",
                           by, when, role=acting_role(register, by, role, when), extra={"Dwgk-Until": until.isoformat()},
                           warning=warning)


def amended(register: "Register", req: Request, raw: dict, *, content: str, by: str, role: str, when: date,
            today: date):
    guard_date(req, when, today)
    p = progress(req)
    guard_open(p, "登记补正")
    if p.amend is None:
        raise Refused("该申请没有发出过补正告知", "先用 dwgk request amend 发出补正告知。", "Q226")
    if p.amended is not None:
        raise Refused(f"已于 {p.amended.date} 登记过补正", "补正只登记一次。", "Q227")
    new_raw, _ = record(register, req, raw, "amended", when, by, role, content=content.strip())
    rule = need_rule(register, req.received)
    cal = calendar_of(register)
    until = amend_until(p, rule, cal)
    note = f"（补正期限至 {until}，已逾期）" if until and when > until else ""
    due = cal.add_workdays(when, rule.reply)
    return new_raw, change(req.id, "request-amended",
                           f"收到补正后的申请，答复期限重新计算，至 {due}{note}（{req.id}）", by, when,
                           role=acting_role(register, by, role, when))
