"""Concluding a request: ``reply`` (an outcome code with its basis and reasons), ``lapse``
(the applicant let the 补正 or payment period run out), then ``deliver`` (送达 — the reply or
the lapse notice), ``archive`` and ``appeal``. Pure: each returns ``(new_raw, Change)`` or
raises ``Refused`` (Q2xx) before anything is written."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from dwgk import fees as F
from dwgk import reply_facts
from dwgk.office import assign as assign_number
from dwgk.clock import run, state
from dwgk.diag import Refused
from dwgk.records import guard_not_future
from dwgk.requests.clocks import amend_until, calendar_of, fee_until, reply_clock
from dwgk.requests.letters import cite
from dwgk.requests.model import Progress, Request, cn_date, progress
from dwgk.requests.records import change, guard_date, guard_not_waiting, guard_open, need_rule, office, record, acting_role
from dwgk.requests.rules import Rule
from dwgk.requests.vocab import (APPEAL_KINDS, APPEAL_RESULTS, BASIS_2019, DELIVERY_METHODS, LAPSE_AMEND,
                                 LAPSE_FEE, LAPSES, OUTCOMES)

if TYPE_CHECKING:
    from dwgk.model import Register

DISCLOSING = ("予以公开", "部分公开")


def _lapse_basis(rule: Rule, code: str, register: "Register") -> str:
    if rule.edition == "2019" and (code == LAPSE_AMEND or (rule.fees and rule.fees.scheme == F.PROCESSING)):
        return BASIS_2019[code]
    return cite(rule.articles["amend" if code == LAPSE_AMEND else "fee"], register)


def _waiting_for(p: Progress, rule: Rule, cal) -> tuple[str, str, date | None]:
    """(code, what, until) of the period the applicant is letting run, or ("", "", None)."""
    if p.waiting_amend:
        return LAPSE_AMEND, "补正", amend_until(p, rule, cal)
    if p.waiting_fee:
        return LAPSE_FEE, "缴费", fee_until(p, rule, cal)
    return "", "", None


def lapse(register: "Register", req: Request, raw: dict, *, reasons: str, by: str, role: str, when: date,
          today: date):
    """End a request the applicant let lapse: no amendment (其他处理-逾期不补正) or no payment
    (其他处理-逾期未缴费) within the period — only once the period has run out."""
    guard_date(req, when, today)
    p = progress(req)
    guard_open(p, "终止办理")
    rule = need_rule(register, req.received)
    code, what, until = _waiting_for(p, rule, calendar_of(register))
    if not code:
        raise Refused("该申请没有在等待申请人补正或缴费，不能以逾期为由终止",
                      "其他情形用 dwgk request reply --result 其他处理-其他。", "Q252")
    if when <= until:
        raise Refused(f"{what}期限至 {until}，期满前不能终止办理", f"{until} 之后再登记。", "Q253")
    new_raw, _ = record(register, req, raw, "lapse", when, by, role, result=code,
                        basis=_lapse_basis(rule, code, register),
                        doc_number=assign_number(register, "终止办理告知书", when),
                        reasons=reasons.strip() or f"申请人未在{what}期限（至{cn_date(until)}）内{what}，且无正当理由")
    return new_raw, change(req.id, "request-lapse", f"终止办理：{code}（{req.id}）", by, when, result=code,
                           role=acting_role(register, by, role, when))


def suggest_codes(code: str) -> list[str]:
    head = code.split("-")[0]
    hits = [c for c in OUTCOMES if c.startswith(head) or (code and code in c)]
    return hits or list(OUTCOMES)


def _guard_disclosure(req: Request, p: Progress, result: str, when: date) -> None:
    """A third party's reasoned refusal blocks 予以公开 until the public-interest override is
    recorded, and any disclosure waits for the written notice to the party."""
    blocking = [c for c in p.consults if c.blocks]
    if result == "予以公开" and blocking:
        c = blocking[0]
        raise Refused("第三方有理由不同意公开：" + "、".join(f"{b.party}（{b.reasons}）" for b in blocking),
                      "涉及第三方权益的部分不得公开：答复“部分公开”或“不予公开-第三方权益”；如认为不公开会对"
                      f"公共利益造成重大影响，先用 dwgk request override {req.id} --party {c.party} --reason 理由 "
                      "登记决定公开并书面告知第三方。", "Q258")
    early = [c for c in p.consults if c.overridden and c.notified and c.notified > when]
    if result in DISCLOSING and early:
        c = early[0]
        raise Refused(f"决定公开的内容和理由于 {c.notified} 才书面告知{c.party}，不能在此之前公开",
                      f"{c.notified} 或之后再答复；检查 --date。", "Q274")


def reply(register: "Register", req: Request, raw: dict, *, result: str, basis: str, reasons: str, where: str,
          body: str, withheld: str, by: str, role: str, when: date, today: date, since: date | None = None,
          provide: str = "", exemption: str = "", body_contact: str = ""):
    if req.received is not None and when < req.received:
        raise Refused(f"答复日期 {when} 早于收到申请之日 {req.received}",
                      "不能在收到申请之前答复；检查 --date。", "Q207")
    guard_date(req, when, today)
    p = progress(req)
    guard_open(p, "答复")
    if result not in OUTCOMES:
        raise Refused(f"办理结果“{result}”不是有效的结果代码",
                      "可选：" + "、".join(suggest_codes(result)) + "。", "Q254")
    rule = need_rule(register, req.received)
    cal = calendar_of(register)
    if result in LAPSES:
        what = "补正" if result == LAPSE_AMEND else "缴费"
        code, _, until = _waiting_for(p, rule, cal)
        when_ = f"（{what}期限至 {until}）" if code == result else ""
        raise Refused(f"“{result}”不用 reply 登记：申请人逾期未{what}的，须在期满后用 dwgk request lapse {req.id} "
                      "登记终止办理", f"dwgk request lapse {req.id} --by 姓名{when_}。", "Q255")
    guard_not_waiting(p, "答复")
    if p.open_consults:
        raise Refused("征求意见尚未结束：" + "、".join(c.party for c in p.open_consults),
                      "先用 dwgk request consulted 登记对方意见（期满未答复的登记 --opinion 未答复）。", "Q256")
    if result == "无法提供-补正后仍不明确" and p.amended is None:
        raise Refused("“无法提供-补正后仍不明确”只适用于已经补正的申请",
                      "申请内容不明确的，先用 dwgk request amend 一次性告知补正。", "Q257")
    _guard_disclosure(req, p, result, when)
    facts = reply_facts.prepare(result, request=req, consults=p.consults, when=when, since=since, where=where,
                                provide=provide, exemption=exemption, body=body, body_contact=body_contact,
                                edition=rule.edition)
    if not basis.strip():
        basis = facts["basis"]
        if not basis:
            raise Refused("答复须援引法律依据", "用 --basis 写明依据的条款。", "Q259")
    if result != "予以公开" and not reasons.strip():
        raise Refused(f"“{result}”须说明理由", "用 --reason 写明理由（答复书将写明）。", "Q260")
    if result == "部分公开" and not (withheld.strip() or reasons.strip()):
        raise Refused("部分公开须写明不予公开的部分", "用 --withheld 写明。", "Q261")
    new_raw, new_req = record(register, req, raw, "reply", when, by, role, result=result, basis=basis.strip(),
                              reasons=reasons.strip(), where=where.strip(), body=body.strip(),
                              withheld=withheld.strip(), **facts["fields"],
                              doc_number=assign_number(register, "答复书", when))
    r = run(reply_clock(new_req, rule, cal, today=when), cal)
    st = state(r, cal, today, when)
    late = f"，{st.describe()}" if r.due is not None else ""
    return new_raw, change(req.id, "request-reply", f"答复：{result}（期限 {r.due}{late}）（{req.id}）",
                           by, when, result=result, role=acting_role(register, by, role, when))


def deliver(register: "Register", req: Request, raw: dict, *, method: str, by: str, role: str, when: date,
            today: date):
    """送达 the reply letter, or the notice that the request lapsed."""
    guard_date(req, when, today)
    p = progress(req)
    if p.concluded is None:
        raise Refused("该申请尚未答复或终止办理，不能送达", p.next_action, "Q262")
    if p.delivered is not None:
        raise Refused(f"已于 {p.delivered.date} 送达", "无需重复登记。", "Q263")
    if p.archived is not None:
        raise Refused("该申请已归档", "无需再登记送达。", "Q209")
    if method not in DELIVERY_METHODS:
        raise Refused(f"送达方式“{method}”无效", "可选：" + "、".join(DELIVERY_METHODS) + "。", "Q264")
    new_raw, _ = record(register, req, raw, "deliver", when, by, role, method=method)
    what = "答复书" if p.reply else "终止办理告知书"
    return new_raw, change(req.id, "request-deliver", f"送达{what}（{method}）（{req.id}）", by, when,
                           role=acting_role(register, by, role, when))


def archive(register: "Register", req: Request, raw: dict, *, note: str, by: str, role: str, when: date,
            today: date):
    guard_date(req, when, today)
    p = progress(req)
    if p.archived is not None:
        raise Refused("该申请已归档", "无需重复归档。", "Q209")
    if p.delivered is None and p.lapse is None:  # a lapse notice may be delivered first, or not
        raise Refused("只有已送达答复书或已终止办理的申请才能归档", p.next_action, "Q265")
    new_raw, _ = record(register, req, raw, "archive", when, by, role, note=note.strip())
    return new_raw, change(req.id, "request-archive", f"存档（{req.id}）", by, when, role=acting_role(register, by, role, when))


def appeal(register: "Register", req: Request, raw: dict, *, kind: str, after_review: bool, result: str,
           case: str, note: str, by: str, role: str, when: date, today: date):
    guard_not_future(when, today, "Q206")
    p = progress(req)
    if p.concluded is None:
        raise Refused("该申请尚未答复或终止，不能登记复议诉讼", p.next_action, "Q266")
    if when < p.concluded.date:
        raise Refused(f"日期 {when} 早于答复（终止）日期 {p.concluded.date}", "检查 --date。", "Q207")
    if req.history and when < req.history[-1].date:
        raise Refused(f"日期 {when} 早于上一步的日期 {req.history[-1].date}", "各步骤须按时间顺序登记。", "Q208")
    if kind not in APPEAL_KINDS:
        raise Refused(f"类型“{kind}”无效", "可选：" + "、".join(APPEAL_KINDS) + "。", "Q267")
    if after_review and kind != "行政诉讼":
        raise Refused("“复议后起诉”只适用于行政诉讼", "去掉 --after-review，或改为 --kind 行政诉讼。", "Q268")
    if result not in APPEAL_RESULTS:
        raise Refused(f"结果“{result}”无效", "可选：" + "、".join(APPEAL_RESULTS) + "。", "Q269")
    new_raw, _ = record(register, req, raw, "appeal", when, by, role, kind=kind,
                        after_review=True if after_review else None, result=result, case=case.strip(),
                        note=note.strip())
    what = "复议后提起行政诉讼" if after_review else kind
    return new_raw, change(req.id, "request-appeal", f"{what}：{result}（{req.id}）", by, when, result=result,
                           role=acting_role(register, by, role, when), extra={"Dwgk-Kind": kind})
