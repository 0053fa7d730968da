"""The 留言办理台账 (政民互动): its columns, one row made into a message by the commands' own
pure actions (new, assign, reply), and a message written back as a row."""

from __future__ import annotations

from datetime import date
from typing import Any

from dwgk import messages as ms
from dwgk.ledger.base import Cells, Column, RowError, attempt, person, stopped
from dwgk.model import Register

LABEL = "政民互动留言"
SHEET = "留言办理台账"
DERIVED = ("序号", "阶段", "答复期限", "期限状态", "下一步")


def columns(reg: Register) -> list[Column]:
    return [
        Column("id", "编号", "dwgk 的留言编号（LY-年份-六位）；新留言不填，导入时自动编号。"),
        Column("type", "留言类型", "、".join(ms.TYPES) + "。", required=True, choices=ms.TYPES, aliases=("类型",)),
        Column("received", "收到日期", "收到留言之日。", kind="date", required=True, aliases=("留言日期", "来信日期")),
        Column("channel", "留言渠道", "网站留言、信箱、电话……"),
        Column("citizen", "留言人", "留言人（匿名可写“匿名”）。", required=True, aliases=("来信人",)),
        Column("contact", "联系方式", "留言人联系方式。"),
        Column("subject", "留言标题", "留言标题。", aliases=("标题",)),
        Column("content", "留言内容", "留言内容。", required=True, aliases=("内容",), width=40),
        Column("by", "登记人", f"登记留言的人（{reg.profile.office_role}）。", required=True),
        Column("department", "承办科室", "承办科室。", choices=reg.known_departments(), strict=False),
        Column("handler", "承办人", "承办人。"),
        Column("assigned", "分办日期", "交承办科室办理的日期；不填为收到之日。", kind="date"),
        Column("replied", "答复日期", "答复的日期。", kind="date", aliases=("回复日期",)),
        Column("reply", "答复内容", "答复内容。", aliases=("回复内容",), width=40),
        Column("signed_by", "签字领导", f"签字确认答复的{ms.SIGNER_ROLE}。"),
        Column("replied_by", "答复人", "办理答复的人。"),
        Column("explanation", "说明", "一时难以解决的，详细说明和解释。"),
    ]


def make(reg: Register, cells: Cells, message_id: str, today: date) -> dict | None:
    c = cells
    received, by = c.day("received"), person(c, "by", "留言")
    assigned, replied = c.day("assigned"), c.day("replied")
    department, handler = c.text("department"), c.text("handler")
    text = c.text("reply", required=replied is not None)
    signed = c.text("signed_by", required=replied is not None)
    replier = person(c, "replied_by", "答复") if replied else ""
    if text and replied is None:
        c.problem("replied", "X020", "写了答复内容，却没有答复日期", "补写答复日期。")
    kind, citizen, subject, content = c.text("type"), c.text("citizen"), c.text("subject"), c.text("content")
    if c.problems:
        return None
    late = assigned is not None and assigned != received
    try:
        raw, _ = attempt("received", lambda: ms.new(
            reg, message_id=message_id, kind=kind, received=received, citizen=citizen, subject=subject,
            content=content, channel=c.text("channel"), contact=c.text("contact"), by=by, role="", when=None,
            today=today, department="" if late else department, handler="" if late else handler))
        if late and (department or handler):
            msg = ms.validate(raw, message_id)
            raw, _ = attempt("assigned", lambda: ms.assign(reg, msg, raw, department=department, handler=handler,
                                                           by=by, role="", when=assigned, today=today))
        if replied is not None:
            msg = ms.validate(raw, message_id)
            raw, _ = attempt("replied", lambda: ms.reply(reg, msg, raw, text=text, signed_by=signed,
                                                         explanation=c.text("explanation"), by=replier, role="",
                                                         when=replied, today=today))
    except RowError as e:
        stopped(c, e)
        return None
    return raw


def row_of(reg: Register, msg: ms.Message) -> dict[str, Any]:
    first = msg.history[0] if msg.history else None
    row: dict[str, Any] = {
        "id": msg.id, "type": msg.type, "received": msg.received, "channel": msg.channel, "citizen": msg.citizen,
        "contact": msg.contact, "subject": msg.subject, "content": msg.content, "by": first.by if first else "",
        "department": msg.department, "handler": msg.handler}
    assign = next((e for e in msg.history if e.action == "assign"), None)
    if assign is not None and assign.date != msg.received:
        row["assigned"] = assign.date
    reply = ms.state(msg).replied  # the answer that stands (none while a reopened message is handled again)
    if reply is not None:
        row.update(replied=reply.date, reply=reply.text, signed_by=reply.signed_by, replied_by=reply.by,
                   explanation=reply.explanation)
    return row
