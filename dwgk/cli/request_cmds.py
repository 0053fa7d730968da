"""``dwgk request …``: 依申请公开 — receive, 补正, 征求意见, extend, fees, reply, deliver, archive,
appeals; show and list. Every change is one git commit through ``dwgk.cli.write``."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from dwgk.cli.context import check_format, err, get, one_of, out, print_json, print_json_list, random_suffix
from dwgk.cli.options import BY, DATE, FORMAT, NO_COMMIT, ROLE, text_arg

ID_ARG = typer.Argument(..., metavar="申请编号", help="申请编号（末尾几位即可）")


def register(app: typer.Typer, groups: dict) -> None:
    from dwgk.cli.app import Group  # app.py defines Group before it registers the areas
    sub = typer.Typer(cls=Group, no_args_is_help=True,
                      help="依申请公开：收到申请、补正、征求意见、延期、收费、答复、送达、归档、复议诉讼。")
    for fn in (new, assign, amend, amended, consult, consulted, override, extend, fee, paid, waive, lapse,
               reply, deliver, archive, appeal, show, list_requests, outcomes):
        sub.command({"list_requests": "list"}.get(fn.__name__, fn.__name__))(fn)
    groups["request"] = sub
    app.add_typer(sub, name="request")


def _do(ctx: typer.Context, ref: str | None, no_commit: bool, compute):
    from dwgk import requests as rq
    from dwgk.cli.write import on_record
    return on_record(get(ctx), rq.KIND, ref, compute, no_commit)


def _opt_date(c, value: Optional[str], name: str):
    return c.date_opt(value, name) if value else None


def _warn(change) -> None:
    """The warning the action found (a late 补正 notice, a late confirmation), to stderr."""
    from dwgk.requests import WARNING
    warning = change.extra.get(WARNING)
    if warning:
        code, _, text = warning.partition(" ")
        err(f"警告[{code}]: {text}")


def _done(change) -> None:
    out(f"已登记：{change.summary}")
    _warn(change)


def _act(ctx: typer.Context, request_id: str, no_commit: bool, date: Optional[str], action: str, **kw):
    """Record ``dwgk.requests.<action>`` on the request, dated ``--date`` (default today)."""
    from dwgk import requests as rq
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    change = _do(ctx, request_id, no_commit, lambda reg, req, raw: getattr(rq, action)(
        reg, req, raw, **kw, when=when, today=today))
    _done(change)
    return change


# ---------------------------------------------------------------- changing a request


def new(
    ctx: typer.Context,
    received: Optional[str] = typer.Option(None, "--received", metavar="YYYY-MM-DD",
                                           help="收到申请之日（依提交方式确定：当面为提交日，邮寄为签收日，平邮/网络/传真为确认日）"),
    channel: str = typer.Option(..., "--channel", metavar="方式", help="提交方式：当面 / 邮寄 / 平邮 / 网络 / 传真"),
    applicant: str = typer.Option(..., "--applicant", metavar="名称", help="申请人姓名或名称"),
    applicant_type: str = typer.Option(..., "--applicant-type", metavar="类型",
                                       help="自然人 / 商业企业 / 科研机构 / 社会公益组织 / 法律服务机构 / 其他"),
    content: Optional[str] = typer.Option(None, "--content", metavar="文字", help="申请公开的政府信息（名称、文号或便于查询的特征）"),
    content_file: Optional[Path] = typer.Option(None, "--content-file", metavar="文件", help="从 UTF-8 文本文件读取申请内容"),
    form: str = typer.Option("", "--form", metavar="形式", help="申请人要求的提供形式（纸质、电子邮件……）"),
    contact: str = typer.Option("", "--contact", metavar="联系方式", help="申请人的地址、电话或邮箱"),
    arrived: Optional[str] = typer.Option(None, "--arrived", metavar="YYYY-MM-DD", help="申请送达本机关之日"),
    signed: Optional[str] = typer.Option(None, "--signed", metavar="YYYY-MM-DD", help="邮寄：本机关签收之日"),
    confirmed: Optional[str] = typer.Option(None, "--confirmed", metavar="YYYY-MM-DD", help="平邮/网络/传真：与申请人确认之日"),
    department: str = typer.Option("", "--department", metavar="科室", help="承办科室"),
    handler: str = typer.Option("", "--handler", metavar="姓名", help="承办人"),
    by: str = BY, role: str = ROLE,
    date: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="登记日期（默认为收到申请之日）"),
    no_commit: bool = NO_COMMIT,
) -> None:
    """登记一件政府信息公开申请，输出申请编号。"""
    from dwgk import requests as rq
    c = get(ctx)
    text = text_arg(content, content_file, "申请内容")
    today = c.today()
    rcv, arr = _opt_date(c, received, "--received"), _opt_date(c, arrived, "--arrived")
    sig, conf = _opt_date(c, signed, "--signed"), _opt_date(c, confirmed, "--confirmed")
    when = _opt_date(c, date, "--date")

    def compute(reg, _req, _raw):
        year_of = rcv or sig or conf or arr or today
        rid = rq.new_request_id(year_of, random_suffix())
        while any(r.id == rid for r in reg.requests):
            rid = rq.new_request_id(year_of, random_suffix())
        return rq.new(reg, request_id=rid, received=rcv, channel=channel, applicant=applicant,
                      applicant_type=applicant_type, content=text, by=by, role=role, when=when,
                      today=today, arrived=arr, signed=sig, confirmed=conf, contact=contact, form=form,
                      department=department, handler=handler)
    change = _do(ctx, None, no_commit, compute)
    out(change.item)
    _warn(change)


def assign(
    ctx: typer.Context, request_id: str = ID_ARG,
    department: str = typer.Option("", "--department", metavar="科室", help="承办科室"),
    handler: str = typer.Option("", "--handler", metavar="姓名", help="承办人"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """拟办：交承办科室、承办人办理。"""
    _act(ctx, request_id, no_commit, date, "assign", department=department, handler=handler, by=by, role=role)


def amend(
    ctx: typer.Context, request_id: str = ID_ARG,
    reason: List[str] = typer.Option(..., "--reason", metavar="事项", help="需要补正的事项，可重复（须一次性告知全部事项）"),
    period: Optional[int] = typer.Option(None, "--period", metavar="N", help="补正期限（工作日，默认取配置方案）"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """补正告知：申请内容不明确的，一次性告知需要补正的事项和补正期限（2019 年条例：收到申请后 7 个工作日内）。"""
    change = _act(ctx, request_id, no_commit, date, "amend", points=list(reason), period=period, by=by, role=role)
    out(f"补正告知书：dwgk form {change.item} --kind 补正告知书")


def amended(
    ctx: typer.Context, request_id: str = ID_ARG,
    content: str = typer.Option("", "--content", metavar="文字", help="补正后的申请内容"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """收到补正后的申请：答复期限自该日重新计算。"""
    _act(ctx, request_id, no_commit, date, "amended", content=content, by=by, role=role)


def consult(
    ctx: typer.Context, request_id: str = ID_ARG,
    party: str = typer.Option(..., "--party", metavar="名称", help="被征求意见的第三方或其他机关"),
    party_kind: str = typer.Option("第三方", "--party-kind", metavar="类型", help="第三方 / 其他机关"),
    delivered: Optional[str] = typer.Option(None, "--delivered", metavar="YYYY-MM-DD",
                                            help="对方收到征求意见函之日（默认为发出当日）：对方的答复期限自该日起算"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """书面征求第三方或其他机关意见（--date 为发函日）：对方自收到之日起 15 个工作日内答复，期间答复期限暂停计算。"""
    from dwgk import requests as rq
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    got = _opt_date(c, delivered, "--delivered")
    change = _do(ctx, request_id, no_commit, lambda reg, req, raw: rq.consult(
        reg, req, raw, party=party, party_kind=party_kind, delivered=got, by=by, role=role, when=when,
        today=today))
    _done(change)


def consulted(
    ctx: typer.Context, request_id: str = ID_ARG,
    opinion: str = typer.Option(..., "--opinion", metavar="意见", help="同意 / 不同意 / 未答复（期满未提出意见）"),
    party: str = typer.Option("", "--party", metavar="名称", help="哪一方的意见（同时征求多方时必填）"),
    reason: str = typer.Option("", "--reason", metavar="理由", help="不同意的理由"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """登记被征求意见方的答复：答复期限恢复计算（剩余的工作日继续计算）。"""
    _act(ctx, request_id, no_commit, date, "consulted",
         party=party, opinion=opinion, reasons=reason, by=by, role=role)


def override(
    ctx: typer.Context, request_id: str = ID_ARG,
    party: str = typer.Option("", "--party", metavar="名称", help="不同意公开的第三方（只有一方时可省略）"),
    reason: str = typer.Option(..., "--reason", metavar="理由", help="不公开会对公共利益造成重大影响的理由"),
    notified: Optional[str] = typer.Option(None, "--notified", metavar="YYYY-MM-DD",
                                           help="书面告知第三方决定公开的内容和理由之日（默认当日）"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """第三方有理由不同意公开，本机关认为不公开会对公共利益造成重大影响、决定公开：登记决定和书面告知第三方之日（之后才能答复公开）。"""
    from dwgk import requests as rq
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    told = _opt_date(c, notified, "--notified")
    change = _do(ctx, request_id, no_commit, lambda reg, req, raw: rq.override(
        reg, req, raw, party=party, reasons=reason, notified=told, by=by, role=role, when=when, today=today))
    _done(change)


def extend(
    ctx: typer.Context, request_id: str = ID_ARG,
    days: int = typer.Option(..., "--days", metavar="N", help="延长的工作日数（不超过配置方案的上限）"),
    approved_by: str = typer.Option(..., "--approved-by", metavar="姓名", help="批准人（政府信息公开工作机构负责人）"),
    reason: str = typer.Option(..., "--reason", metavar="理由", help="延长的理由"),
    told: Optional[str] = typer.Option(None, "--told", metavar="YYYY-MM-DD", help="告知申请人之日（默认当日）"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """延长答复期限（次数和上限依收到申请时施行的规则，national 为一次、最长 20 个工作日；经批准并告知申请人）。"""
    from dwgk import requests as rq
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    told_d = _opt_date(c, told, "--told")
    change = _do(ctx, request_id, no_commit, lambda reg, req, raw: rq.extend(
        reg, req, raw, days=days, approved_by=approved_by, reasons=reason, told=told_d, by=by, role=role,
        when=when, today=today))
    _done(change)


def fee(
    ctx: typer.Context, request_id: str = ID_ARG,
    pages: Optional[int] = typer.Option(None, "--pages", metavar="N", help="信息处理费按量计收：页数"),
    count: Optional[int] = typer.Option(None, "--count", metavar="N",
                                        help="信息处理费按件计收：本件是该申请人本月第几件申请（默认按登记簿统计）"),
    amount: Optional[float] = typer.Option(None, "--amount", metavar="元", help="成本费：检索、复制、邮寄等实际费用"),
    items: str = typer.Option("", "--items", metavar="说明", help="成本费：费用项目（如“复制 120 页、邮寄”）"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """发出收费通知（按收到申请之日施行的收费规则：国办函〔2020〕109号信息处理费按件或按量，或成本费），期间答复期限暂停计算。"""
    from dwgk import requests as rq
    if pages is not None and count is not None:
        raise typer.BadParameter("按件与按量不得同时适用：只能用 --pages 或 --count 之一")
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    change = _do(ctx, request_id, no_commit, lambda reg, req, raw: rq.fee(
        reg, req, raw, pages=pages, count=count, amount=amount, items=items, by=by, role=role, when=when,
        today=today))
    _done(change)


def paid(
    ctx: typer.Context, request_id: str = ID_ARG,
    amount: Optional[float] = typer.Option(None, "--amount", metavar="元", help="缴纳金额（须与收费通知一致，默认为通知金额）"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """申请人已按收费通知缴费：答复期限恢复计算。"""
    _act(ctx, request_id, no_commit, date, "paid", amount=amount, by=by, role=role)


def waive(
    ctx: typer.Context, request_id: str = ID_ARG,
    approved_by: str = typer.Option(..., "--approved-by", metavar="姓名", help="批准人"),
    reason: str = typer.Option(..., "--reason", metavar="理由", help="减免理由（如申请人确有经济困难）"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """减免费用（申请人确有经济困难等，经批准）：答复期限恢复计算。"""
    _act(ctx, request_id, no_commit, date, "waive", approved_by=approved_by, reasons=reason, by=by, role=role)


def lapse(
    ctx: typer.Context, request_id: str = ID_ARG,
    reason: str = typer.Option("", "--reason", metavar="说明", help="说明（默认：期满未补正/未缴费且无正当理由）"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """补正或缴费期满，申请人无正当理由未补正/未缴费：终止办理（其他处理），再送达终止办理告知书。"""
    _act(ctx, request_id, no_commit, date, "lapse", reasons=reason, by=by, role=role)


def reply(
    ctx: typer.Context, request_id: str = ID_ARG,
    result: str = typer.Option(..., "--result", metavar="结果", help="办理结果代码（dwgk request outcomes 列出全部 21 种）"),
    basis: str = typer.Option("", "--basis", metavar="依据", help="法律依据（2019 条例下可省略，按结果取默认条款）"),
    reason: str = typer.Option("", "--reason", metavar="理由", help="理由（予以公开以外的结果必填）"),
    where: str = typer.Option("", "--where", metavar="途径",
                              help="已主动公开的栏目或场所（与 --since 一起写）；网站下载的地址；查询、获取出版物或信访投诉的途径"),
    body: str = typer.Option("", "--body", metavar="机关", help="不属于本机关公开的：负责公开该信息的行政机关（另写 --body-contact）"),
    withheld: str = typer.Option("", "--withheld", metavar="说明", help="部分公开时不予公开的部分"),
    exemption: str = typer.Option("", "--exemption", metavar="类别",
                                  help="部分公开时不予公开部分的类别：国家秘密 / 法律法规禁止 / 三安全一稳定 / 第三方权益 / "
                                       "内部事务 / 过程性信息 / 行政执法案卷"),
    provide: str = typer.Option("", "--provide", metavar="方式",
                                help="公开的信息怎样提供：邮寄 / 电子邮件 / 当面领取 / 网站下载 / 查阅 / 传真（默认按申请人要求的形式）"),
    since: Optional[str] = typer.Option(None, "--since", metavar="YYYY-MM-DD", help="已主动公开的：公开日期（与 --where 一起写）"),
    body_contact: str = typer.Option("", "--body-contact", metavar="联系方式", help="不属于本机关公开的：负责机关的电话或地址"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """作出答复：办理结果、法律依据、理由，并告知救济途径和期限（答复书：dwgk form 编号 --kind 答复书）。"""
    since_d = _opt_date(get(ctx), since, "--since")
    change = _act(ctx, request_id, no_commit, date, "reply", result=result, basis=basis, reasons=reason,
                  where=where, body=body, withheld=withheld, exemption=exemption, provide=provide, since=since_d,
                  body_contact=body_contact, by=by, role=role)
    from dwgk import requests as rq
    from dwgk.reply_letter import letter
    reg = get(ctx).load()
    req = rq.resolve(reg, change.item)
    text = letter(reg, req)
    out("")
    if text["number"]:
        out(f"  文号：{text['number']}")
    out(f"  答复：{text['decision']}")
    out(f"  依据：{text['basis']}")
    out(f"  救济：{text['remedies']}")
    out(f"答复书：dwgk form {req.id} --kind 答复书")


def deliver(
    ctx: typer.Context, request_id: str = ID_ARG,
    method: str = typer.Option(..., "--method", metavar="方式", help="送达方式：当面 / 邮寄 / 电子邮件 / 网络 / 传真 / 短信 / 其他"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """送达答复书（或终止办理告知书）。"""
    _act(ctx, request_id, no_commit, date, "deliver", method=method, by=by, role=role)


def archive(
    ctx: typer.Context, request_id: str = ID_ARG,
    note: str = typer.Option("", "--note", metavar="说明", help="归档说明（如档号）"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """存档（送达答复书或终止办理告知书之后）。"""
    _act(ctx, request_id, no_commit, date, "archive", note=note, by=by, role=role)


def appeal(
    ctx: typer.Context, request_id: str = ID_ARG,
    kind: str = typer.Option(..., "--kind", metavar="类型", help="行政复议 / 行政诉讼"),
    after_review: bool = typer.Option(False, "--after-review", help="行政诉讼：复议后起诉"),
    result: str = typer.Option(..., "--result", metavar="结果", help="维持 / 纠正 / 其他 / 未审结"),
    case: str = typer.Option("", "--case", metavar="案号", help="案号（同一案件的后续结果据此对应）"),
    note: str = typer.Option("", "--note", metavar="说明", help="说明"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """登记因该申请引起的行政复议或行政诉讼及其结果（再次登记同一案件即更新结果）。"""
    _act(ctx, request_id, no_commit, date, "appeal",
         kind=kind, after_review=after_review, result=result, case=case, note=note, by=by, role=role)


# ---------------------------------------------------------------- reading


def request_json(reg, req, today, detail: bool = False) -> dict:
    from dwgk import requests as rq
    p = rq.progress(req)
    rule = rq.rule_for(reg.profile, req.received)
    clock = rq.clock_json(reg, req, today, trace=detail)
    closed = rq.closed_on(req)
    data = {
        "id": req.id, "stage": p.stage, "stage_name": rq.STAGE_NAMES[p.stage],
        "received": req.received.isoformat() if req.received else None, "channel": req.channel,
        "applicant": req.applicant, "applicant_type": req.applicant_type, "content": req.content,
        "form": req.form or None, "department": req.department or None, "handler": req.handler or None,
        "due": clock["due"], "provisional": clock["provisional"], "status": clock["status"],
        "status_text": clock.get("status_text"), "paused_since": clock.get("paused_since"),
        "projected_due": clock.get("projected_due"),
        "result": rq.outcome(req), "closed": closed.isoformat() if closed else None,
        "delivered": p.delivered.date.isoformat() if p.delivered else None,
        "next": p.next_action, "rule": rule.to_json() if rule else None,
        "clock": clock, "appeals": [a.to_json() for a in rq.appeals(req)], "path": req.path,
    }
    if detail:
        from dwgk import deadlines as dl
        cal = dl.calendar_for(reg)
        data["deadlines"] = [r.to_json() for r in dl.evaluate(rq.request_deadlines(reg, req, cal, today=today),
                                                               cal, today)]
        data["history"] = [e.to_json() for e in req.history]
    return data


def _due_text(clock: dict) -> str:
    """The reply due line: the date and its state, or why there is no date now."""
    if clock.get("due"):
        star = "（暂定）" if clock.get("provisional") else ""
        return f"{clock['due']}{star}  {clock.get('status_text') or ''}".rstrip()
    return clock.get("status_text") or "—"


def show(ctx: typer.Context, request_id: str = ID_ARG, fmt: str = FORMAT) -> None:
    """显示一件申请：阶段、答复期限及其计算过程、全部办理记录。"""
    from dwgk import requests as rq
    c = get(ctx)
    check_format(fmt, ("text", "json"))
    reg = c.view()
    req = rq.resolve(reg, request_id)
    today = c.today()
    data = request_json(reg, req, today, detail=True)
    if fmt == "json":
        print_json(data)
        return
    clock = data["clock"]
    rule = rq.rule_for(reg.profile, req.received)
    out(f"{req.id}  {req.applicant}（{req.applicant_type}）  阶段：{data['stage_name']}")
    out(f"  收到：{data['received']}（{req.channel}）  {rule.receipt_rule(req.channel) if rule else ''}")
    if rule:
        times = "一次" if rule.extensions == 1 else f"{rule.extensions} 次"
        out(f"  规则：答复 {rule.reply} 个工作日，可延长{times}、最长 {rule.extension} 个工作日"
            f"（{rule.source or '配置方案'}，自 {rule.since} 起施行）")
    out(f"  申请内容：{' '.join(req.content.split())}")
    if req.department or req.handler:
        out(f"  承办：{'、'.join(x for x in (req.department, req.handler) if x)}")
    if data["result"]:
        out(f"  结果：{data['result']}（{data['closed']}）")
    out(f"  答复期限：{_due_text(clock)}")
    out(f"  下一步：{data['next']}")
    out("  计时：")
    steps = [(t["date"], t["text"]) for t in clock.get("trace", []) if t["kind"] not in ("skip", "adjusted")]
    if clock.get("done_event"):
        steps.append((clock["done"], clock["done_event"]))
    for on, text in sorted(steps, key=lambda x: x[0]):  # stable: same-day steps keep the clock's order
        out(f"    {on}  {text}")
    others = [d for d in data["deadlines"] if d["rule"] != "request_reply"]
    if others:
        out("  其他时限：")
        for d in others:
            out(f"    {d['rule_name']}：{d['due'] or '—'}  {d['status_name']}"
                + (f"（{d['done']}）" if d["done"] else ""))
    if data["appeals"]:
        out("  复议诉讼：")
        for a in data["appeals"]:
            kind = "行政诉讼（复议后起诉）" if a["after_review"] else a["kind"]
            out(f"    {a['date']}  {kind}  {a['result']}" + (f"  {a['case']}" if a["case"] else ""))
    out("  办理记录：")
    for e in req.history:
        what = rq.ACTION_NAMES.get(e.action, e.action)
        detail = e.result or e.party or e.method
        extra = e.reasons or "；".join(e.points)
        out(f"    {e.date}  {what:<6} {detail}  {e.by}{'（' + e.role + '）' if e.role else ''}"
            + (f"  {extra}" if extra else ""))


def list_requests(
    ctx: typer.Context,
    stage: Optional[str] = typer.Option(None, "--stage", metavar="阶段", help="只列此阶段：processing / amending / consulting / awaiting_fee / replied / lapsed / delivered / archived"),
    year: Optional[int] = typer.Option(None, "--year", metavar="年", help="只列该年收到的申请"),
    result: Optional[str] = typer.Option(None, "--result", metavar="结果", help="只列该办理结果"),
    fmt: str = typer.Option("text", "--format", metavar="text|json|xlsx|csv",
                            help="输出格式（xlsx、csv 按台账模板的列，可再用 dwgk import requests 导入）"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="文件", help="写入文件（xlsx 必须指定）"),
) -> None:
    """列出依申请公开的申请：阶段、答复期限、办理结果。"""
    from dwgk import requests as rq
    c = get(ctx)
    check_format(fmt, ("text", "json", "xlsx", "csv"))
    one_of(stage, rq.STAGES, "阶段", "--stage", " / ")
    if result and result not in rq.OUTCOMES:
        raise typer.BadParameter(f"办理结果“{result}”无效，运行 dwgk request outcomes 查看", param_hint="--result")
    reg = c.view()
    today = c.today()

    def selected():  # (request, its JSON) one at a time: 5,000 requests' JSON is 60 MB of objects
        for req in sorted(reg.requests, key=lambda r: (r.received or today, r.id)):
            if year and (req.received is None or req.received.year != year):
                continue
            d = request_json(reg, req, today)
            if not ((stage and d["stage"] != stage) or (result and d["result"] != result)):
                yield req, d
    if fmt in ("xlsx", "csv"):
        from dwgk.cli.sheet_cmds import emit_records
        chosen, derived = [], {"阶段": [], "答复期限": [], "期限状态": []}
        for req, d in selected():
            chosen.append(req)
            for column, key in zip(derived.values(), ("stage_name", "due", "status_text")):
                column.append(d[key])
        emit_records(c, reg, "requests", chosen, fmt, output, derived)
        return
    if fmt == "json":
        print_json_list(d for _, d in selected())
        return
    from dwgk.cli.term import paragraph, row
    count, provisional = 0, False
    for _, d in selected():
        count += 1
        provisional = provisional or d["provisional"]
        due = (d["due"] or {"paused": "暂停计时", "lapsed": "不再计算"}.get(d["status"], "—")) \
            + ("*" if d["provisional"] else "")
        tail = d["result"] or d["status_text"] or ""
        late = d["status"] == "missed" and not d["result"]
        row([(d["id"], 14), (d["received"] or "", 10), (d["stage_name"], 10), (d["applicant"], 10), (due, 11),
             (" ".join(d["content"].split()), None)], "overdue" if late else "", gap=" ")
        if tail:  # the result, or where the clock stands: under the row, whole
            paragraph(tail, " " * 15, style="overdue" if late else "")
    out(f"共 {count} 件")
    if provisional:
        from dwgk.workdays import IMPORT_HINT
        err(f"标 * 的日期为暂定（尚无该年节假日数据）。{IMPORT_HINT}")


def outcomes(fmt: str = FORMAT) -> None:
    """列出 21 种办理结果代码及其在年度报告中的对应行。"""
    from dwgk import requests as rq
    check_format(fmt, ("text", "json"))
    if fmt == "json":
        print_json([{"code": c, "group": rq.OUTCOME_ROWS[c][0], "row": rq.OUTCOME_ROWS[c][1] or None,
                     "basis": rq.BASIS_2019.get(c)} for c in rq.OUTCOMES])
        return
    for c in rq.OUTCOMES:
        g, r = rq.OUTCOME_ROWS[c]
        out(f"{c:<14}\t{g}{(' ' + r) if r else ''}")


__all__ = ["register"]
