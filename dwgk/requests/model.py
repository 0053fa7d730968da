"""The request record and what its history says: consultations (with the public-interest
override), the stage, the outcome, the day it was concluded and its appeals.

``progress(req)`` reads a history once; everything else derives from it. The annual report
(``dwgk.reports``) uses ``outcome``, ``closed_on`` and ``appeals``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dwgk.records import Event, long_text


@dataclass(frozen=True)
class RequestEvent(Event):
    """One act in a request's history (see ``dwgk.requests.build`` for the file format);
    fields an action does not use stay at their defaults. Counts, amounts and dates are typed
    (an invalid one is None here and a finding of the file)."""

    result: str = ""
    opinion: str = ""
    department: str = ""  # assign (拟办)
    handler: str = ""
    points: tuple[str, ...] = ()  # amend: what to complete
    period: int | None = None  # amend: 补正 period in 工作日
    content: str = ""
    party: str = ""  # consult, consulted, override
    party_kind: str = ""
    reasons: str = ""
    override: str = ""  # consulted (older registers): the public-interest override on the answer
    notified: date | None = None  # override: the third party told in writing
    delivered: date | None = None  # consult: the party received the letter
    days: int | None = None  # extend
    approved_by: str = ""
    told: date | None = None  # extend: the applicant told
    mode: str = ""  # fee
    quantity: int | None = None
    amount: int | float | None = None  # fee, paid (元)
    items: str = ""
    basis: str = ""  # reply
    where: str = ""
    body: str = ""
    withheld: str = ""
    method: str = ""  # deliver
    kind: str = ""  # appeal: 行政复议 | 行政诉讼
    after_review: bool = False
    case: str = ""
    note: str = ""
    # reply facts (dwgk.reply_facts) and the letter's 文号 (dwgk.office)
    since: date | None = None  # 予以公开: already 主动公开 since
    provide: str = ""  # how the information is provided: 邮寄, 电子邮件 …
    exemption: str = ""  # 部分公开: the exemption of the withheld part
    body_contact: str = ""  # 无法提供-不掌握: the responsible body's contact
    doc_number: str = ""  # the 文号 of the letter this act issued


@dataclass(frozen=True)
class Appeal:
    """A 行政复议 or 行政诉讼 arising from a request (seed 002 第四十一条), as it stands after
    every record about it. ``date`` is the day it was filed (its first record): the annual
    report counts appeals by that year; ``result_on`` gives the result as of a day."""

    kind: str  # 行政复议 | 行政诉讼
    after_review: bool  # 行政诉讼 filed after a 行政复议 (复议后起诉)
    result: str  # 维持 | 纠正 | 其他 | 未审结 (the latest record)
    date: date  # filed (first record)
    decided: date | None = None  # the latest record's date, once the result is not 未审结
    case: str = ""
    records: tuple[tuple[date, str], ...] = ()  # (date, result) in order

    def result_on(self, day: date) -> str | None:
        """The result as it stood on ``day`` (None: not yet filed) — for year-end counts."""
        res = None
        for d, r in self.records:
            if d <= day:
                res = r
        return res

    def to_json(self) -> dict:
        return {"kind": self.kind, "after_review": self.after_review, "result": self.result,
                "date": self.date.isoformat(), "decided": self.decided.isoformat() if self.decided else None,
                "case": self.case or None}


@dataclass(frozen=True)
class Request:
    """A 政府信息公开申请."""

    id: str
    received: date | None
    channel: str
    applicant: str
    applicant_type: str
    content: str
    history: tuple[RequestEvent, ...] = ()
    path: str = ""
    arrived: date | None = None
    signed: date | None = None
    confirmed: date | None = None
    contact: str = ""
    form: str = ""

    @property
    def department(self) -> str:
        """承办科室 from the latest 拟办 (assign) or the receipt record."""
        return next((e.department for e in reversed(self.history)
                     if e.action in ("assign", "receive") and e.department), "")

    @property
    def handler(self) -> str:
        return next((e.handler for e in reversed(self.history)
                     if e.action in ("assign", "receive") and e.handler), "")


long_text(Request, "content")


@dataclass(frozen=True)
class Consultation:
    """One 征求意见: the letter (``sent``), the answer, and — after a third party's reasoned
    refusal — the office's decision to disclose in the public interest (``override``)."""

    party: str
    kind: str  # 第三方 | 其他机关
    sent: RequestEvent
    answer: RequestEvent | None = None
    override: RequestEvent | None = None

    @property
    def open(self) -> bool:
        return self.answer is None

    @property
    def delivered(self) -> date:
        """The day the party received the letter: its period counts from then (条例第三十二条)."""
        return self.sent.delivered or self.sent.date

    @property
    def opinion(self) -> str:
        return self.answer.result if self.answer else ""

    @property
    def reasons(self) -> str:
        return self.answer.reasons if self.answer else ""

    @property
    def refused(self) -> bool:
        """A third party's reasoned refusal (条例第三十二条: the office shall not disclose)."""
        return self.kind == "第三方" and self.opinion == "不同意" and bool(self.reasons)

    @property
    def overridden(self) -> bool:
        return self.override is not None

    @property
    def override_reasons(self) -> str:
        return self.override.reasons if self.override else ""

    @property
    def notified(self) -> date | None:
        """The day the third party was told in writing of the decision to disclose."""
        if self.override is None:
            return None
        return self.override.notified or self.override.date

    @property
    def blocks(self) -> bool:
        """A reasoned refusal blocks disclosure of the party's part unless overridden."""
        return self.refused and not self.overridden

    def describe_opinion(self) -> str:
        """The answer as one sentence naming the party (used in traces and the reply letter)."""
        if not self.answer:
            return f"{self.party}尚未答复"
        if self.opinion == "未答复":
            if self.kind == "其他机关":
                return f"{self.party}逾期未提出意见，视为同意公开"
            return f"{self.party}逾期未提出意见，由本机关依法决定是否公开"
        if self.opinion == "同意":
            return f"{self.party}同意公开"
        text = f"{self.party}不同意公开" + (f"，理由是{self.reasons}" if self.reasons else "")
        if self.overridden:
            text += (f"；本机关认为不公开可能对公共利益造成重大影响，决定予以公开（{self.override_reasons}），"
                     f"并于{cn_date(self.notified)}将决定公开的内容和理由书面告知{self.party}")
        return text


def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


@dataclass
class Progress:
    """What has happened to a request, read from its history once."""

    stage: str = "processing"
    receive: RequestEvent | None = None
    assign: RequestEvent | None = None
    amend: RequestEvent | None = None
    amended: RequestEvent | None = None
    consults: list[Consultation] = field(default_factory=list)
    extensions: list[RequestEvent] = field(default_factory=list)
    fee: RequestEvent | None = None
    fee_end: RequestEvent | None = None  # paid or waive
    reply: RequestEvent | None = None
    lapse: RequestEvent | None = None
    delivered: RequestEvent | None = None
    archived: RequestEvent | None = None
    appeals: list[RequestEvent] = field(default_factory=list)
    next_action: str = ""

    @property
    def concluded(self) -> RequestEvent | None:
        return self.reply or self.lapse

    @property
    def waiting_amend(self) -> bool:
        return self.amend is not None and self.amended is None and self.concluded is None

    @property
    def waiting_fee(self) -> bool:
        return self.fee is not None and self.fee_end is None and self.concluded is None

    @property
    def open_consults(self) -> list[Consultation]:
        return [c for c in self.consults if c.open] if self.concluded is None else []

    @property
    def extended_days(self) -> int:
        return sum(e.days or 0 for e in self.extensions)


def _answer(p: Progress, e: RequestEvent) -> None:
    party = e.party
    for i, c in enumerate(p.consults):
        if c.open and (not party or c.party == party):
            # an override written on the answer itself (older registers) counts from that day
            legacy = RequestEvent("override", e.date, e.by, e.role, e.index, party=c.party,
                                  reasons=e.override) if e.override else None
            p.consults[i] = Consultation(c.party, c.kind, c.sent, e, legacy)
            return


def _override(p: Progress, e: RequestEvent) -> None:
    party = e.party
    for i, c in enumerate(p.consults):
        if c.refused and not c.overridden and c.party == party:
            p.consults[i] = Consultation(c.party, c.kind, c.sent, c.answer, e)
            return


def progress(req: Request) -> Progress:
    p = Progress()
    for e in req.history:
        a = e.action
        if a == "receive":
            p.receive = p.receive or e
        elif a == "assign":
            p.assign = e
        elif a == "amend" and p.amend is None:
            p.amend = e
        elif a == "amended" and p.amend is not None and p.amended is None:
            p.amended = e
        elif a == "consult":
            p.consults.append(Consultation(e.party, e.party_kind or "第三方", e))
        elif a == "consulted":
            _answer(p, e)
        elif a == "override":
            _override(p, e)
        elif a == "extend":
            p.extensions.append(e)
        elif a == "fee" and p.fee is None:
            p.fee = e
        elif a in ("paid", "waive") and p.fee is not None and p.fee_end is None:
            p.fee_end = e
        elif a == "reply" and p.concluded is None:
            p.reply = e
        elif a == "lapse" and p.concluded is None:
            p.lapse = e
        elif a == "deliver" and p.delivered is None:
            p.delivered = e
        elif a == "archive":
            p.archived = e
        elif a == "appeal":
            p.appeals.append(e)
    p.stage, p.next_action = _stage(p)
    return p


def _stage(p: Progress) -> tuple[str, str]:
    if p.archived:
        return "archived", "已归档"
    if p.delivered:
        return "delivered", "已送达：可归档（dwgk request archive）"
    if p.lapse:
        return "lapsed", "已终止办理：送达终止办理告知书（dwgk request deliver）后归档（dwgk request archive）"
    if p.reply:
        return "replied", "已答复：送达申请人（dwgk request deliver）"
    if p.waiting_amend:
        return "amending", ("等待申请人补正：收到后登记（dwgk request amended），"
                            "期满未补正则终止（dwgk request lapse）")
    if p.waiting_fee:
        return "awaiting_fee", ("等待申请人缴费：缴费后登记（dwgk request paid），"
                                "期满未缴则终止（dwgk request lapse）")
    if p.open_consults:
        return "consulting", "等待" + "、".join(c.party for c in p.open_consults) + "的意见（dwgk request consulted）"
    return "processing", "办理中：作出答复（dwgk request reply）"


def outcome(req: Request) -> str | None:
    """The request's outcome code: the reply's result, or the 其他处理 code of a lapse."""
    c = progress(req).concluded
    return (c.result or None) if c else None


def closed_on(req: Request) -> date | None:
    """The day the request was concluded: the reply date or the lapse date."""
    c = progress(req).concluded
    return c.date if c else None


def appeals(req: Request) -> list[Appeal]:
    """Appeals and lawsuits, one per case. A record with the same kind (and 复议后起诉 flag)
    and case number as an undecided appeal — or, without a case number, the only undecided one
    of that kind — updates it; any other record is a new appeal."""
    cases: list[dict] = []
    for e in req.history:
        if e.action != "appeal":
            continue
        kind, after, case = e.kind, e.after_review, e.case
        open_ = [c for c in cases if c["kind"] == kind and c["after"] == after and c["records"][-1][1] == "未审结"
                 and (c["case"] == case or not case)]
        target = open_[0] if len(open_) == 1 or (open_ and case) else None
        if target is None:
            cases.append({"kind": kind, "after": after, "case": case, "records": [(e.date, e.result)]})
        else:
            target["records"].append((e.date, e.result))
    return [Appeal(c["kind"], c["after"], c["records"][-1][1], c["records"][0][0],
                   c["records"][-1][0] if c["records"][-1][1] != "未审结" else None, c["case"],
                   tuple(c["records"])) for c in cases]
