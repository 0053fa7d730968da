"""A request's clocks: the reply period with its stops, and the other time limits (the 补正
notice, the applicant's 补正 period, each consultation, the fee payment).

The reply clock is built from the history: 补正 pauses it and the amended request restarts
it; a consultation or a fee notice pauses it and the answer, payment or waiver resumes it
with the days that were left; an extension lengthens it. A consultation nobody answered
resumes by itself when the party's period has run out — but only once it has (``today``):
until then the clock stands still and the due date is only a projection.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Iterable

from dwgk import fees as F
from dwgk.clock import EXTEND, PAUSE, RESTART, RESUME, WAITING, Clock, ClockEvent, run, state
from dwgk.deadline import Deadline
from dwgk.holidays import register_calendar
from dwgk.workdays import Calendar
from dwgk.requests.model import Consultation, Progress, Request, progress
from dwgk.requests.rules import Book, Rule, book, rule_for
from dwgk.requests.vocab import FACT_NAMES, LAPSE_AMEND, RECEIPT_FACT

if TYPE_CHECKING:
    from dwgk.model import Register


def calendar_of(register: "Register") -> Calendar:
    return register_calendar(register)


# ---------------------------------------------------------------------------------------
# the limits around the reply clock


def consult_due(c: Consultation, rule: Rule, cal) -> date | None:
    """The party's last day: N 工作日 from the day it received the letter (None: the rule in
    force sets no period, the office waits for the answer)."""
    return cal.add_workdays(c.delivered, rule.consult) if rule.consult else None


def amend_period(p: Progress, rule: Rule) -> int:
    return (p.amend.period if p.amend else None) or rule.amend_period


def amend_until(p: Progress, rule: Rule, cal) -> date | None:
    """The applicant's last day to amend, counted from the day the notice was sent."""
    return cal.add_workdays(p.amend.date, amend_period(p, rule)) if p.amend else None


def amend_notice_due(req: Request, rule: Rule, cal) -> date | None:
    """The last day for the 补正 notice (None: the rule in force sets no limit)."""
    return cal.add_workdays(req.received, rule.amend_notice) if req.received and rule.amend_notice else None


def payment_days(rule: Rule) -> int:
    return rule.fees.payment if rule.fees else F.PAYMENT_DAYS


def fee_until(p: Progress, rule: Rule, cal) -> date | None:
    return cal.add_workdays(p.fee.date, payment_days(rule)) if p.fee else None


def _consult_span(c: Consultation, rule: Rule, cal, today: date | None):
    """(from, until or None, why it stopped, why it ran again) for one consultation."""
    limit = consult_due(c, rule, cal)
    who = f"征求{c.party}意见" if c.kind == "第三方" else f"征求{c.party}（其他机关）意见"
    if c.answer is not None and (limit is None or c.answer.date <= limit):
        return c.sent.date, c.answer.date, who, c.describe_opinion()
    if limit is not None and (c.answer is not None or today is None or limit < today):
        return c.sent.date, limit, who, f"征求{c.party}意见满 {rule.consult} 个工作日，此后的时间计入答复期限"
    return c.sent.date, None, who, ""


def _waits(p: Progress, rule: Rule, cal, today: date | None):
    """Periods the reply clock stands still (征求意见, 收费), merged where they overlap:
    (from, until or None, why it stopped, why it ran again, articles)."""
    art = rule.articles
    spans = [(*_consult_span(c, rule, cal, today), art["consult"]) for c in p.consults]
    if p.fee is not None:
        end = p.fee_end.date if p.fee_end is not None else None
        why = "申请人缴费" if p.fee_end is not None and p.fee_end.action == "paid" else "减免费用"
        spans.append((p.fee.date, end, f"发出收费通知（{F.money(p.fee.amount or 0)}元）", why,
                      art["fee"]))
    spans.sort(key=lambda s: s[0])
    merged: list[tuple[date, date | None, list[str], list[str], list[str]]] = []
    for a, b, w1, w2, src in spans:
        if merged:
            ma, mb, n1, n2, ns = merged[-1]
            if mb is None or a <= mb:
                end = None if (mb is None or b is None) else max(mb, b)
                merged[-1] = (ma, end, n1 + [w1], n2 + [w2], ns + ([src] if src not in ns else []))
                continue
        merged.append((a, b, [w1], [w2], [src]))
    return merged


def reply_clock(req: Request, rule: Rule, cal, p: Progress | None = None, today: date | None = None) -> Clock:
    """The reply clock: received → (补正: pause, then restart on the amended request) →
    (征求意见 / 收费: pause, resume with the days left) → (extension) → due. ``today`` None
    projects: every consulted party is assumed to take its whole period."""
    p = p or progress(req)
    art = rule.articles
    events: list[ClockEvent] = []
    if p.amend is not None:
        events.append(ClockEvent(PAUSE, p.amend.date, note="发出补正告知，等待申请人补正", source=art["amend"]))
        if p.amended is not None:
            events.append(ClockEvent(RESTART, p.amended.date, note="收到补正后的申请，答复期限重新计算",
                                     source=art["amend"]))
    for a, b, why, again, srcs in _waits(p, rule, cal, today):
        src = "；".join(srcs)
        events.append(ClockEvent(PAUSE, a, note="；".join(why) + "，期间不计入答复期限", source=src))
        if b is not None:
            events.append(ClockEvent(RESUME, b, note="；".join(x for x in again if x), source=src))
    for e in p.extensions:
        events.append(ClockEvent(EXTEND, e.date, days=e.days or 0,
                                 by=e.approved_by or e.by,
                                 note=e.reasons, source=art["extend"]))
    fact = RECEIPT_FACT.get(req.channel)
    how = f"{req.channel}提交，以{FACT_NAMES[fact].replace('日期', '之日')}为收到之日" if fact else req.channel
    return Clock(rule="request_reply", label="答复政府信息公开申请", source=art["reply"],
                 start=req.received, length=rule.reply, start_event=f"收到申请：{how}，依据：{art['receipt']}",
                 events=tuple(events), extension_cap=rule.extension)


def due_on(req: Request, rule: Rule, cal, p: Progress | None = None, today: date | None = None) -> date | None:
    """The reply due date as of ``today`` (None while the clock stands still)."""
    return run(reply_clock(req, rule, cal, p, today), cal).due


def pause_reason(p: Progress, rule: Rule, cal) -> str:
    """Why the reply clock stands still now, with the date each wait ends."""
    if p.waiting_amend:
        return f"等待申请人补正（补正期限至 {amend_until(p, rule, cal)}）"
    if p.waiting_fee:
        return f"等待申请人缴纳费用（缴费期限至 {fee_until(p, rule, cal)}）"
    parts = []
    for c in p.open_consults:
        limit = consult_due(c, rule, cal)
        parts.append(f"征求{c.party}意见（" + (f"对方应于 {limit} 前答复" if limit else "未规定答复期限，待对方答复")
                     + "）")
    return "；".join(parts)


# ---------------------------------------------------------------------------------------
# deadlines (the hook of dwgk.deadlines)


def title_of(req: Request) -> str:
    text = " ".join(req.content.split())
    return f"{req.applicant}申请：{text[:24]}{'…' if len(text) > 24 else ''}"


def concluded_text(p: Progress) -> str:
    """The reply or lapse as one line: what was decided and on which basis."""
    c = p.concluded
    if c is None:
        return ""
    what = "答复" if c is p.reply else "终止办理"
    basis = c.basis
    return f"{what}：{c.result}" + (f"，依据：{basis}" if basis else "")


def request_deadlines(register: "Register", req: Request, cal, table: Book | None = None,
                      today: date | None = None) -> list:
    """Every deadline of one request: the reply (always), the 补正 notice and the applicant's
    补正 period (when a notice was sent), each consultation, and the fee payment."""
    rule = rule_for(register.profile, req.received, table)
    if rule is None or req.received is None:
        return []
    p = progress(req)
    art = rule.articles
    title = title_of(req)

    def add(clock: Clock, ended, others: str = "", done_event: str = "") -> None:
        """``others``: the applicant or party whose period this is (the handler stays responsible)."""
        out.append(Deadline(subject=req.id, kind="request", title=title, clock=clock,
                            done=ended.date if ended else None,
                            department=req.department or register.profile.office_role,
                            person=req.handler, path=req.path, done_event=done_event, others=bool(others)))

    out: list = []
    add(reply_clock(req, rule, cal, p, today), p.concluded, done_event=concluded_text(p))
    if p.amend is not None:
        if rule.amend_notice:
            add(Clock("request_amend_notice", "补正告知（收到申请后）", art["amend"], req.received, rule.amend_notice,
                      start_event="收到申请"), p.amend, done_event="发出补正告知")
        ended = p.amended or p.concluded
        add(Clock("request_amend_period", "申请人补正期限", art["amend"], p.amend.date, amend_period(p, rule),
                  start_event="发出补正告知（期满未补正的，登记终止办理）"), ended, req.applicant,
            "收到补正后的申请" if p.amended else concluded_text(p))
    for c in p.consults:
        if rule.consult:
            start = "收到" if c.delivered != c.sent.date else "发出"
            add(Clock("request_consult", f"征求意见（{c.party}）", art["consult"], c.delivered, rule.consult,
                      start_event=f"{c.party}（{c.kind}）{start}书面征求意见函"), c.answer or p.concluded, c.party,
                c.describe_opinion() if c.answer else "")
    if p.fee is not None:
        add(Clock("request_fee", "缴纳费用", art["fee"], p.fee.date, payment_days(rule),
                  start_event=f"发出收费通知（{F.money(p.fee.amount or 0)}元；期满未缴的，登记终止办理）"),
            p.fee_end or p.concluded, req.applicant,
            {"paid": "申请人缴费", "waive": "减免费用"}[p.fee_end.action] if p.fee_end else concluded_text(p))
    return out


def deadlines(register: "Register", calendar: Any, today: date) -> Iterable:
    """Hook for ``dwgk.deadlines.all_deadlines``: every request's deadlines (subject = ID)."""
    table = book(register.profile)
    for req in register.requests:
        yield from request_deadlines(register, req, calendar, table, today)


# ---------------------------------------------------------------------------------------
# the reply clock as data


def clock_json(register: "Register", req: Request, today: date, trace: bool = False) -> dict:
    """The reply clock as data: due, provisional, status and the clock events. While the clock
    stands still ``due`` is null, ``status`` is ``paused`` with ``paused_since`` and, when the
    wait has a known end, ``projected_due``; a lapsed request has ``status`` ``lapsed``."""
    rule = rule_for(register.profile, req.received)
    if rule is None or req.received is None:
        return {"due": None, "provisional": False, "status": None, "events": []}
    cal = calendar_of(register)
    p = progress(req)
    clock = reply_clock(req, rule, cal, p, today)
    r = run(clock, cal, trace=trace)
    done = p.concluded.date if p.concluded else None
    s = state(r, cal, today, done)
    status, text, projected = s.status, s.describe(), None
    if p.lapse is not None:
        status = "lapsed"
        what = "补正" if p.lapse.result == LAPSE_AMEND else "缴费"
        text = f"申请人逾期未{what}，已于 {p.lapse.date} 终止办理，不再计算答复期限"
    elif r.due is None:
        projected = run(reply_clock(req, rule, cal, p), cal).due if p.open_consults else None
        text = f"暂停计时中：自 {r.paused_since} 起{pause_reason(p, rule, cal)}" + (
            f"；如对方用满期限，预计 {projected} 到期（推算）" if projected else "")
    out = {
        "start": clock.start.isoformat(), "length": clock.length, "unit": clock.unit,
        "source": clock.source, "extended": r.extended, "extension_cap": clock.extension_cap,
        "due": r.due.isoformat() if r.due else None, "provisional": r.provisional,
        "projected_due": projected.isoformat() if projected else None,
        "status": status, "status_text": text, "days_left": s.days_left,
        "days_late": s.days_late,
        "paused_since": r.paused_since.isoformat() if r.paused_since and p.concluded is None else None,
        "done": done.isoformat() if done else None, "done_event": concluded_text(p) or None,
        "events": [{"kind": e.kind, "date": e.on.isoformat(), "days": e.days, "by": e.by or None,
                    "note": e.note, "source": e.source} for e in clock.events],
    }
    if r.problems:
        out["problems"] = list(r.problems)
    if trace:
        out["trace"] = [t.to_json() for t in r.trace if not (done and t.kind == WAITING)]
    return out
