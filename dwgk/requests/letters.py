"""What the letters say: the 政府信息公开申请答复书 (终止办理告知书 for a request that
lapsed) and the 补正告知书, as plain data for ``templates/form_reply.*`` / ``form_amend.*``.

Every article cited comes from the rule in force on the date of receipt (``rules.Rule``),
written out in full for the applicant (``cite``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dwgk import fees as F
from dwgk.office import of
from dwgk.requests.clocks import amend_notice_due, amend_period, amend_until, calendar_of, consult_due, fee_until
from dwgk.requests.model import Request, cn_date, progress
from dwgk.requests.rules import Rule, rule_for
from dwgk.requests.vocab import DECISIONS, LAPSE_AMEND, LAPSES, OUTCOME_ROWS, RECEIPT_RULES, REG, STAGE_NAMES

REG_2007 = f"{REG}（2007年）"
# Remedies stated in every reply (条例第五十一条; seed 002 第三十九条).
REVIEW_DAYS = 60
LAWSUIT_MONTHS = 6
LAWSUIT_BASIS = "《中华人民共和国行政诉讼法》第四十六条"
CLOSING = "。！？；…）」』”"


def review_basis(on: date | None) -> str:
    """The article giving the 60-day limit for 行政复议, by the law in force on the reply date."""
    if on is not None and on < date(2024, 1, 1):
        return "《中华人民共和国行政复议法》第九条"
    return "《中华人民共和国行政复议法》第二十条"


def cite(article: str, register: Any) -> str:
    """An article as the applicant reads it: the 条例 named in full, an office rule with its title."""
    if article.startswith("政府信息公开条例"):
        article = article[len("政府信息公开"):]
    if article.startswith("条例（2019）"):
        article = "条例" + article[len("条例（2019）"):]
    if article.startswith("条例（2007）"):
        return REG_2007 + article[len("条例（2007）"):]
    if article.startswith("条例"):
        return REG + article[len("条例"):]
    if article.startswith("第"):
        return f"《{register.profile.title}》{article}"
    return article


def sentence(text: str) -> str:
    """``text`` ending with closing punctuation, so a letter's paragraph never runs on."""
    text = text.strip()
    return text if not text or text[-1] in CLOSING else text + "。"


def remedies(register: Any, replied: date | None, letter: str = "答复书") -> list[dict]:
    review_body, court = of(register).review_text, of(register).court  # dwgk.yaml remedies:
    rb = review_basis(replied)
    return [
        {"kind": "行政复议", "days": REVIEW_DAYS, "limit": f"{REVIEW_DAYS}日", "basis": rb,
         "body": review_body,
         "text": f"自收到本{letter}之日起{REVIEW_DAYS}日内，依照{rb}向{review_body or '行政复议机关'}申请行政复议"},
        {"kind": "行政诉讼", "months": LAWSUIT_MONTHS, "limit": f"{LAWSUIT_MONTHS}个月", "basis": LAWSUIT_BASIS,
         "body": court,
         "text": f"自收到本{letter}之日起{LAWSUIT_MONTHS}个月内，依照{LAWSUIT_BASIS}向{court or '人民法院'}提起行政诉讼"},
    ]


def _lapse_decision(code: str, rule: Rule, p) -> str:
    """Why the office stops: in the words of the rule in force (only the 2019 条例 says
    that a lapse is treated as withdrawing the request) and naming the fee that was due."""
    gone = "视为放弃申请，" if rule.edition == "2019" else ""
    if code == LAPSE_AMEND:
        return f"您未在补正期限内补正申请，且无正当理由，{gone}本机关不再处理该政府信息公开申请。"
    fee = "检索、复制、邮寄等成本费用" if p.fee and p.fee.mode == F.COST else "信息处理费"
    return f"您未在收费通知规定的期限内缴纳{fee}，{gone}本机关不再处理该政府信息公开申请。"


def _amend(register: Any, req: Request, p, rule: Rule, cal) -> dict:
    points = list(p.amend.points)
    until = amend_until(p, rule, cal)
    due = amend_notice_due(req, rule, cal)
    period = amend_period(p, rule)
    return {
        "title": "政府信息公开申请补正告知书",
        "date": p.amend.date.isoformat(), "date_cn": cn_date(p.amend.date), "by": p.amend.by,
        "points": points, "period": period, "unit": "个工作日",
        "until": until.isoformat() if until else None, "until_cn": cn_date(until),
        # the period runs from the day the notice is sent, as the date computed says
        "deadline_text": f"请您在本告知书发出之日起{period}个工作日内（至{cn_date(until)}止）向本机关提交补正后的申请。",
        "notice_due": due.isoformat() if due else None,
        "late": bool(due and p.amend.date > due),
        "basis": cite(rule.articles["amend"], register),
        "consequence": rule.amend_consequence,
        "restart": "答复期限自本机关收到补正后的申请之日起计算。",
        "amended": p.amended.date.isoformat() if p.amended else None,
    }


def _fee(p, rule: Rule | None, cal) -> dict:
    f = p.fee
    mode = f.mode
    return {"date": f.date.isoformat(), "mode": mode, "quantity": f.quantity,
            "amount": f.amount, "items": f.items,
            "name": "检索、复制、邮寄等成本费用" if mode == F.COST else "信息处理费",
            "pay_by": fee_until(p, rule, cal).isoformat() if rule else None,
            "paid": p.fee_end.date.isoformat() if p.fee_end and p.fee_end.action == "paid" else None,
            "waived": p.fee_end.date.isoformat() if p.fee_end and p.fee_end.action == "waive" else None}


def reply_context(register: Any, req: Request) -> dict:
    """Everything a 政府信息公开申请答复书 and a 补正告知书 need, as plain data.

    Keys: org, org_code, id, applicant, applicant_type, contact, channel, received
    (ISO) / received_cn, receipt_rule, content, form, rule, stage, result, result_group,
    report_row, decision, basis (cited in full) and basis_text / reasons (as recorded) and
    reasons_text / withheld_text (each a closed sentence),
    where, body, withheld, replied / replied_cn, by, role, extension, consultations, fee,
    remedies (list) and remedies_text, amend (or None: date, points, period, unit, until,
    deadline_text, notice_due, late, basis, consequence, restart)."""
    p = progress(req)
    rule = rule_for(register.profile, req.received)
    cal = calendar_of(register)
    ev = p.concluded
    code = (ev.result or None) if ev else None
    decision = _lapse_decision(code, rule, p) if code in LAPSES and rule else DECISIONS.get(code or "", "")
    where, body = (ev.where, ev.body) if ev else ("", "")
    if code == "予以公开" and where:
        decision += f"该信息已经主动公开，您可以通过{where}获取。"
    if code == "无法提供-不掌握" and body:
        decision += f"经了解，该政府信息由{body}负责公开，您可以向其提出申请。"
    replied = ev.date if ev else None
    # A request that lapsed (逾期不补正 / 逾期未缴费) ends with a 终止办理告知书, as the commands call it.
    letter = "终止办理告知书" if code in LAPSES else "答复书"
    rem = remedies(register, replied, letter)
    reasons = ev.reasons if ev else ""
    basis = cite(ev.basis if ev else "", register)
    withheld = ev.withheld if ev else ""
    ctx: dict[str, Any] = {
        "title": f"政府信息公开申请{letter}",
        "org": register.config.org, "org_code": register.config.code,
        "id": req.id, "applicant": req.applicant, "applicant_type": req.applicant_type,
        "contact": req.contact, "channel": req.channel,
        "received": req.received.isoformat() if req.received else None,
        "received_cn": cn_date(req.received),
        "receipt_rule": rule.receipt_rule(req.channel) if rule else RECEIPT_RULES.get(req.channel, ""),
        "content": req.content, "form": req.form,
        "rule": rule.to_json() if rule else None,
        "stage": p.stage, "stage_name": STAGE_NAMES[p.stage],
        "result": code, "result_group": OUTCOME_ROWS[code][0] if code else None,
        "report_row": (OUTCOME_ROWS[code][1] or OUTCOME_ROWS[code][0]) if code else None,
        "decision": decision, "basis": basis, "basis_text": sentence(basis),
        "reasons": reasons, "reasons_text": sentence(reasons), "where": where, "body": body,
        "withheld": withheld, "withheld_text": sentence(withheld),
        "replied": replied.isoformat() if replied else None, "replied_cn": cn_date(replied),
        "by": ev.by if ev else "", "role": ev.role if ev else "",
        "delivered": p.delivered.date.isoformat() if p.delivered else None,
        "delivery_method": p.delivered.method if p.delivered else "",
        "extension": None, "consultations": [], "fee": None,
        "remedies": rem,
        "remedies_text": ("如对本答复不服，可以" + rem[0]["text"] + "；也可以" + rem[1]["text"] + "。"),
        "amend": None,
    }
    if p.extensions:
        e = p.extensions[0]
        told = e.told or e.date
        ctx["extension"] = {"date": e.date.isoformat(), "days": p.extended_days,
                            "approved_by": e.approved_by,
                            "reasons": e.reasons, "told": told.isoformat(),
                            "told_cn": cn_date(told)}
    for c in p.consults:
        due = consult_due(c, rule, cal) if rule else None
        ctx["consultations"].append({"party": c.party, "kind": c.kind, "sent": c.sent.date.isoformat(),
                                     "delivered": c.delivered.isoformat(),
                                     "due": due.isoformat() if due else None,
                                     "opinion": c.opinion or None, "reasons": c.reasons,
                                     "override": c.override_reasons,
                                     "notified": c.notified.isoformat() if c.notified else None,
                                     "text": c.describe_opinion(), "blocks": c.blocks})
    if p.fee is not None:
        ctx["fee"] = _fee(p, rule, cal)
    if p.amend is not None and rule is not None:
        ctx["amend"] = _amend(register, req, p, rule, cal)
    return ctx
