"""The 依申请公开登记台账: its columns, one row made into a request by the commands' own pure
actions (new, amend, amended, consult, consulted, extend, reply or lapse, deliver, archive),
and a request written back as a row."""

from __future__ import annotations

from datetime import date
from typing import Any

from dwgk import requests as rq
from dwgk.ledger.base import Cells, Column, RowError, attempt, person, stopped
from dwgk.citations import EXEMPTIONS
from dwgk.model import Register
from dwgk.reply_facts import PROVIDE

LABEL = "依申请公开申请"
SHEET = "依申请公开登记台账"
DERIVED = ("序号", "阶段", "答复期限", "期限状态", "下一步")


def columns(reg: Register) -> list[Column]:
    return [
        Column("id", "编号", "dwgk 的申请编号（YS-年份-六位）；新申请不填，导入时自动编号。"),
        Column("received", "收到日期", "收到申请之日（当面：提交日；邮寄：签收日；平邮、网络、传真：确认日）。",
               kind="date", required=True, aliases=("收到申请日期", "受理日期", "申请日期")),
        Column("channel", "提交方式", "、".join(rq.CHANNELS) + "。", required=True, choices=rq.CHANNELS,
               aliases=("申请方式",)),
        Column("applicant", "申请人", "申请人姓名或名称。", required=True),
        Column("applicant_type", "申请人类型", "、".join(rq.APPLICANT_TYPES) + "（年度报告按此分列）。", required=True,
               choices=rq.APPLICANT_TYPES),
        Column("contact", "联系方式", "申请人的地址、电话或邮箱。"),
        Column("content", "申请内容", "申请公开的政府信息。", required=True, aliases=("申请公开的信息", "所需信息"),
               width=40),
        Column("form", "提供形式", "申请人要求的提供形式（纸质、电子邮件……）。"),
        Column("by", "经办人", f"登记和办理申请的人（{reg.profile.office_role}）。", required=True,
               aliases=("登记人", "承办人员")),
        Column("department", "承办科室", "承办科室。", choices=reg.known_departments(), strict=False),
        Column("handler", "承办人", "承办人。"),
        Column("amend", "补正告知日期", "发出补正告知的日期。", kind="date"),
        Column("points", "补正事项", "需要补正的事项，多项用“、”分隔。", kind="list"),
        Column("amend_period", "补正期限", "补正期限（工作日）；不填按规则。", kind="int"),
        Column("amended", "收到补正日期", "收到补正后申请的日期。", kind="date"),
        Column("party", "征求意见对象", "被征求意见的第三方或机关。"),
        Column("party_kind", "征求意见对象类型", "第三方、其他机关。", choices=rq.CONSULT_KINDS),
        Column("consult", "征求意见日期", "发出征求意见函的日期（答复期限暂停）。", kind="date"),
        Column("consulted", "意见答复日期", "收到对方意见的日期（答复期限恢复）。", kind="date"),
        Column("opinion", "对方意见", "、".join(rq.OPINIONS) + "。", choices=rq.OPINIONS),
        Column("opinion_reasons", "不同意理由", "第三方不同意公开的理由。"),
        Column("extend", "延期日期", "延长答复期限的日期。", kind="date"),
        Column("days", "延长工作日", "延长的工作日数。", kind="int"),
        Column("approved_by", "延期批准人", "批准延期的负责人。"),
        Column("extend_reasons", "延期理由", "延长答复期限的理由。"),
        Column("replied", "答复日期", "作出答复（或终止办理）的日期。", kind="date", aliases=("办结日期",)),
        Column("result", "办理结果", "21 种结果代码之一（dwgk request outcomes）；逾期不补正、逾期未缴费的写 其他处理-… 。",
               choices=rq.OUTCOMES, aliases=("答复结果", "处理结果")),
        Column("basis", "答复依据", "援引的法律依据；不填按结果代码的依据（2019 年条例）。"),
        Column("reasons", "答复理由", "理由（予以公开以外的结果必填）。"),
        Column("where", "获取方式", "已公开的信息在何处获取。"),
        Column("provide", "提供方式", "予以公开、部分公开时怎样提供：" + "、".join(PROVIDE) + "（不填按申请人要求的提供形式）。",
               choices=PROVIDE),
        Column("since", "主动公开日期", "已主动公开的信息的公开日期（与获取方式一起写）。", kind="date"),
        Column("exemption", "不予公开类别", "部分公开时不予公开部分的类别。", choices=EXEMPTIONS),
        Column("withheld", "不予公开部分", "部分公开时不予公开的部分。"),
        Column("delivered", "送达日期", "送达答复书（或终止办理告知书）的日期。", kind="date"),
        Column("method", "送达方式", "、".join(rq.DELIVERY_METHODS) + "。", choices=rq.DELIVERY_METHODS),
        Column("archived", "归档日期", "存档日期。", kind="date"),
    ]


def make(reg: Register, cells: Cells, request_id: str, today: date) -> dict | None:
    c = cells
    received, by = c.day("received"), person(c, "by", "申请")
    new = dict(received=received, channel=c.text("channel"), applicant=c.text("applicant"),
               applicant_type=c.text("applicant_type"), content=c.text("content"), contact=c.text("contact"),
               form=c.text("form"), department=c.text("department"), handler=c.text("handler"))
    dates = {k: c.day(k) for k in ("amend", "amended", "consult", "consulted", "extend", "replied", "delivered",
                                   "archived")}
    result = c.text("result", required=dates["replied"] is not None)
    if result and dates["replied"] is None:
        c.problem("replied", "X020", "写了办理结果，却没有答复日期", "补写答复（或终止办理）的日期。")
    points, period, days = c.items("points"), c.number("amend_period"), c.number("days")
    if c.problems:
        return None
    today_ = today

    def act(key: str, raw: dict, name: str, **kw) -> dict:
        req = rq.validate(raw, request_id)
        new_raw, _ = attempt(key, lambda: getattr(rq, name)(reg, req, raw, by=by, role="", when=dates[key],
                                                             today=today_, **kw))
        return new_raw

    try:
        raw, _ = attempt("received", lambda: rq.new(reg, request_id=request_id, by=by, role="", when=None,
                                                     today=today_, **new))
        if dates["amend"]:
            raw = act("amend", raw, "amend", points=points, period=period)
        if dates["amended"]:
            raw = act("amended", raw, "amended", content="")
        if dates["consult"]:
            raw = act("consult", raw, "consult", party=c.text("party"), party_kind=c.text("party_kind") or "第三方")
        if dates["consulted"]:
            raw = act("consulted", raw, "consulted", party=c.text("party"), opinion=c.text("opinion"),
                      reasons=c.text("opinion_reasons"))
        if dates["extend"]:
            raw = act("extend", raw, "extend", days=days or 0, approved_by=c.text("approved_by"),
                      reasons=c.text("extend_reasons"), told=None)
        if dates["replied"]:
            if result in rq.LAPSES:
                raw = act("replied", raw, "lapse", reasons=c.text("reasons"))
            else:
                raw = act("replied", raw, "reply", result=result, basis=c.text("basis"), reasons=c.text("reasons"),
                          where=c.text("where"), body="", withheld=c.text("withheld"), provide=c.text("provide"),
                          since=c.day("since"), exemption=c.text("exemption"))
        if dates["delivered"]:
            raw = act("delivered", raw, "deliver", method=c.text("method", required=True) or "其他")
        if dates["archived"]:
            raw = act("archived", raw, "archive", note="")
    except RowError as e:
        stopped(c, e)
        return None
    return raw


def row_of(reg: Register, req: rq.Request) -> dict[str, Any]:
    p = rq.progress(req)
    first = req.history[0] if req.history else None
    row: dict[str, Any] = {
        "id": req.id, "received": req.received, "channel": req.channel, "applicant": req.applicant,
        "applicant_type": req.applicant_type, "contact": req.contact, "content": req.content, "form": req.form,
        "by": first.by if first else "", "department": req.department, "handler": req.handler}
    if p.amend:
        row.update(amend=p.amend.date, points="、".join(p.amend.points), amend_period=p.amend.period)
    if p.amended:
        row["amended"] = p.amended.date
    if p.consults:
        c = p.consults[0]
        row.update(party=c.party, party_kind=c.kind, consult=c.sent.date)
        if c.answer:
            row.update(consulted=c.answer.date, opinion=c.answer.result, opinion_reasons=c.answer.reasons)
    if p.extensions:
        e = p.extensions[0]
        row.update(extend=e.date, days=e.days, approved_by=e.approved_by, extend_reasons=e.reasons)
    done = p.concluded
    if done:
        row.update(replied=done.date, result=done.result, basis=done.basis, reasons=done.reasons, where=done.where,
                   withheld=done.withheld, provide=done.provide, since=done.since, exemption=done.exemption)
    if p.delivered:
        row.update(delivered=p.delivered.date, method=p.delivered.method)
    if p.archived:
        row["archived"] = p.archived.date
    return row
