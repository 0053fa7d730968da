"""``dwgk message …``: 政民互动 — receive, assign, reply (signed off by the 分管领导), reopen;
show, list and the period summary (reply rate, on-time rate)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from dwgk.cli.context import check_format, get, one_of, out, print_json, random_suffix
from dwgk.cli.options import BY, DATE, FORMAT, FROM, NO_COMMIT, ROLE, TO, period, text_arg

ID_ARG = typer.Argument(..., metavar="留言编号", help="留言编号（末尾几位即可）")


def register(app: typer.Typer, groups: dict) -> None:
    from dwgk.cli.app import Group
    sub = typer.Typer(cls=Group, no_args_is_help=True,
                      help="政民互动：收到留言（咨询/建议/投诉）、分办、答复（分管领导签字）、不满意重新办理、统计。")
    for fn in (new, assign, reply, reopen, show, list_messages, summary):
        sub.command({"list_messages": "list"}.get(fn.__name__, fn.__name__))(fn)
    groups["message"] = sub
    app.add_typer(sub, name="message")


def _do(ctx: typer.Context, ref: str | None, no_commit: bool, compute):
    from dwgk import messages as ms
    from dwgk.cli.write import on_record
    return on_record(get(ctx), ms.KIND, ref, compute, no_commit)


def new(
    ctx: typer.Context,
    kind: str = typer.Option(..., "--type", metavar="类型", help="咨询 / 建议 / 投诉"),
    received: Optional[str] = typer.Option(None, "--received", metavar="YYYY-MM-DD", help="收到留言之日（默认为 --date 的日期，都不写则为今天）"),
    citizen: str = typer.Option(..., "--citizen", metavar="姓名", help="留言人"),
    subject: str = typer.Option("", "--subject", metavar="标题", help="留言标题"),
    content: Optional[str] = typer.Option(None, "--content", metavar="文字", help="留言内容"),
    content_file: Optional[Path] = typer.Option(None, "--content-file", metavar="文件", help="从 UTF-8 文本文件读取留言内容"),
    channel: str = typer.Option("", "--channel", metavar="渠道", help="留言渠道（网站留言、信箱、电话……）"),
    contact: str = typer.Option("", "--contact", metavar="联系方式", help="留言人联系方式"),
    department: str = typer.Option("", "--department", metavar="科室", help="承办科室（同时分办）"),
    handler: str = typer.Option("", "--handler", metavar="姓名", help="承办人"),
    by: str = BY, role: str = ROLE,
    date: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="登记日期（默认为收到之日）"),
    no_commit: bool = NO_COMMIT,
) -> None:
    """登记一条政民互动留言，输出留言编号。"""
    from dwgk import messages as ms
    c = get(ctx)
    text = text_arg(content, content_file, "留言内容")
    today = c.today()
    when = c.date_opt(date) if date else None
    rcv = c.date_opt(received, "--received") if received else (when or today)  # entered the day it came

    def compute(reg, _m, _raw):
        mid = ms.new_message_id(rcv, random_suffix())
        while any(m.id == mid for m in reg.messages):
            mid = ms.new_message_id(rcv, random_suffix())
        return ms.new(reg, message_id=mid, kind=kind, received=rcv, citizen=citizen, subject=subject,
                      content=text, channel=channel, contact=contact, by=by, role=role, when=when,
                      today=today, department=department, handler=handler)
    change = _do(ctx, None, no_commit, compute)
    out(change.item)


def assign(
    ctx: typer.Context, message_id: str = ID_ARG,
    department: str = typer.Option("", "--department", metavar="科室", help="承办科室"),
    handler: str = typer.Option("", "--handler", metavar="姓名", help="承办人"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """分办：交承办科室、承办人办理。"""
    from dwgk import messages as ms
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    change = _do(ctx, message_id, no_commit, lambda reg, m, raw: ms.assign(
        reg, m, raw, department=department, handler=handler, by=by, role=role, when=when, today=today))
    out(f"已登记：{change.summary}")


def reply(
    ctx: typer.Context, message_id: str = ID_ARG,
    text: str = typer.Option(..., "--text", metavar="文字", help="答复内容"),
    signed_by: str = typer.Option(..., "--signed-by", metavar="姓名", help="签字确认的分管领导（所有回复须经分管领导签字）"),
    explanation: str = typer.Option("", "--explanation", metavar="说明", help="一时难以解决的，详细说明和解释"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """答复留言（经分管领导签字确认）。"""
    from dwgk import messages as ms
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    change = _do(ctx, message_id, no_commit, lambda reg, m, raw: ms.reply(
        reg, m, raw, text=text, signed_by=signed_by, explanation=explanation, by=by, role=role,
        when=when, today=today))
    out(f"已登记：{change.summary}")


def reopen(
    ctx: typer.Context, message_id: str = ID_ARG,
    reason: str = typer.Option(..., "--reason", metavar="原因", help="留言人不满意的原因"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """留言人对答复不满意：重新办理（办理时限重新计算）。"""
    from dwgk import messages as ms
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    change = _do(ctx, message_id, no_commit, lambda reg, m, raw: ms.reopen(
        reg, m, raw, reasons=reason, by=by, role=role, when=when, today=today))
    out(f"已登记：{change.summary}")


def message_json(reg, msg, today, detail: bool = False) -> dict:
    from dwgk import deadlines as dl, messages as ms
    st = ms.state(msg)
    cal = dl.calendar_for(reg)
    rows = dl.evaluate(ms.message_deadlines(reg, msg), cal, today, trace=detail)
    cur = rows[-1] if rows else None
    data = {
        "id": msg.id, "type": msg.type, "stage": st.stage, "stage_name": ms.STAGE_NAMES[st.stage],
        "received": msg.received.isoformat() if msg.received else None, "citizen": msg.citizen,
        "subject": msg.subject or None, "content": msg.content, "channel": msg.channel or None,
        "department": msg.department or None, "handler": msg.handler or None,
        "due": cur.due.isoformat() if cur and cur.due else None,
        "provisional": bool(cur and cur.provisional), "status": cur.state.status if cur else None,
        "status_text": cur.state.describe() if cur else None,
        "replied": st.replied.date.isoformat() if st.replied else None,
        "rounds": len(st.rounds), "next": st.next_action, "path": msg.path,
    }
    if detail:
        data["deadlines"] = [r.to_json(trace=True) for r in rows]
        data["history"] = [e.to_json() for e in msg.history]
    return data


def show(ctx: typer.Context, message_id: str = ID_ARG, fmt: str = FORMAT) -> None:
    """显示一条留言：阶段、办理时限、全部办理记录。"""
    from dwgk import messages as ms
    c = get(ctx)
    check_format(fmt, ("text", "json"))
    reg = c.view()
    msg = ms.resolve(reg, message_id)
    data = message_json(reg, msg, c.today(), detail=True)
    if fmt == "json":
        print_json(data)
        return
    out(f"{msg.id}  {msg.type}  {msg.citizen}  阶段：{data['stage_name']}")
    out(f"  收到：{data['received']}" + (f"（{msg.channel}）" if msg.channel else ""))
    if msg.subject:
        out(f"  标题：{msg.subject}")
    out(f"  内容：{' '.join(msg.content.split())}")
    if msg.department or msg.handler:
        out(f"  承办：{'、'.join(x for x in (msg.department, msg.handler) if x)}")
    for d in data["deadlines"]:
        star = "（暂定）" if d["provisional"] else ""
        out(f"  {d['rule_name']}{'（' + d['period'] + '）' if d['period'] else ''}：{d['due']}{star}  {d['status_name']}" + (f"（{d['done']}）" if d["done"] else "")
            + (f"  依据：{d['source']}" if d["source"] else ""))
    out(f"  下一步：{data['next']}")
    out("  办理记录：")
    for e in msg.history:
        what = ms.ACTION_NAMES.get(e.action, e.action)
        extra = e.text or e.reasons or "、".join(x for x in (e.department, e.handler) if x)
        signed = f"（{e.signed_by}签字）" if e.signed_by else ""
        out(f"    {e.date}  {what:<4} {e.by}{signed}  {' '.join(str(extra).split())}".rstrip())


def list_messages(
    ctx: typer.Context,
    kind: Optional[str] = typer.Option(None, "--type", metavar="类型", help="只列此类型：咨询 / 建议 / 投诉"),
    stage: Optional[str] = typer.Option(None, "--stage", metavar="阶段", help="received / assigned / replied / reopened"),
    fmt: str = typer.Option("text", "--format", metavar="text|json|xlsx|csv",
                            help="输出格式（xlsx、csv 按台账模板的列，可再用 dwgk import messages 导入）"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="文件", help="写入文件（xlsx 必须指定）"),
) -> None:
    """列出政民互动留言。"""
    from dwgk import messages as ms
    c = get(ctx)
    check_format(fmt, ("text", "json", "xlsx", "csv"))
    one_of(stage, ms.STAGES, "阶段", "--stage", " / ")
    one_of(kind, ms.TYPES, "类型", "--type", " / ")
    reg = c.view()
    today = c.today()
    msgs = [m for m in sorted(reg.messages, key=lambda m: (m.received or today, m.id)) if (not kind or m.type == kind)]
    pairs = [(m, message_json(reg, m, today)) for m in msgs]
    pairs = [(m, r) for m, r in pairs if not stage or r["stage"] == stage]
    rows = [r for _, r in pairs]
    if fmt in ("xlsx", "csv"):
        from dwgk.cli.sheet_cmds import emit_records
        emit_records(c, reg, "messages", [m for m, _ in pairs], fmt, output,
                     {"阶段": [d["stage_name"] for d in rows], "答复期限": [d["due"] for d in rows],
                      "期限状态": [d["status_text"] for d in rows]})
        return
    if fmt == "json":
        print_json(rows)
        return
    from dwgk.cli.term import paragraph, row
    for d in rows:
        due = (d["due"] or "—") + ("*" if d["provisional"] else "")
        late = d["status"] == "missed"
        row([(d["id"], 14), (d["received"] or "", 10), (d["type"], 4), (d["stage_name"], 10), (d["citizen"], 8),
             (due, 11), (d["subject"] or " ".join(d["content"].split()), None)], "overdue" if late else "", gap=" ")
        if d["status_text"]:
            paragraph(d["status_text"], " " * 15, style="overdue" if late else "")
    out(f"共 {len(rows)} 条")


def _pct(x) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def summary(
    ctx: typer.Context,
    start: Optional[str] = FROM,
    end: Optional[str] = TO,
    fmt: str = FORMAT,
) -> None:
    """统计期内收到的留言：分类件数、答复率、按时答复率、重新办理件数。"""
    from dwgk import deadlines as dl, messages as ms
    c = get(ctx)
    check_format(fmt, ("text", "json"))
    today = c.today()
    a, b = period(c, start, end, "M219")
    reg = c.view()
    data = ms.summary(reg, dl.calendar_for(reg), a, b, today)
    if fmt == "json":
        print_json(data)
        return
    out(f"政民互动办理情况  {reg.config.org}  {a} 至 {b}")
    out(f"  {'类型':<4} {'收到':>4} {'已答复':>5} {'答复率':>7} {'按时':>4} {'按时率':>7} {'重新办理':>6} {'在办':>4} {'超期':>4}")
    for name, r in list(data["types"].items()) + [("合计", data["total"])]:
        out(f"  {name:<4} {r['received']:>6} {r['replied']:>8} {_pct(r['reply_rate']):>9} {r['on_time']:>6} "
            f"{_pct(r['on_time_rate']):>9} {r['reopened']:>10} {r['open']:>6} {r['overdue']:>6}")
    if data["limits"]:
        out("  时限：" + "，".join(f"{k} {v} 个工作日" for k, v in data["limits"].items())
            + (f"（{data['source']}）" if data["source"] else ""))


__all__ = ["register"]
