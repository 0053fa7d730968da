"""``dwgk opinion …``: 舆情 and 应急 — found, assess, report, coordinate, respond (首发, 续报),
follow, close; show, list and the period summary. Times are ``YYYY-MM-DD HH:MM``, Beijing time;
the clocks run in hours and are judged at ``--now`` (seed 002 第十章, 国办发〔2016〕61号、80号)."""

from __future__ import annotations

from typing import List, Optional

import typer

from dwgk.cli.context import check_format, get, one_of, out, person, persons, print_json, random_suffix
from dwgk.cli.options import BY, FORMAT, FROM, NO_COMMIT, TO, period

ID_ARG = typer.Argument(..., metavar="编号", help="舆情记录编号（末尾几位即可）")
AT = typer.Option(None, "--at", metavar="YYYY-MM-DD HH:MM", help="办理时间（北京时间，默认现在；可补登以前的时间）")
ROLE = typer.Option("", "--role", metavar="角色", help="经办人的角色（默认办公室）", callback=person)


def register(app: typer.Typer, groups: dict) -> None:
    from dwgk.cli.app import Group
    sub = typer.Typer(cls=Group, no_args_is_help=True,
                      help="舆情和应急处置：发现、研判、报告、沟通协调、发布回应（首发、续报）、跟踪、办结；按小时计时。")
    for fn in (new, assess, report, coordinate, respond, follow, close, show, list_opinions, summary):
        sub.command({"list_opinions": "list"}.get(fn.__name__, fn.__name__))(fn)
    groups["opinion"] = sub
    app.add_typer(sub, name="opinion")


def _do(ctx: typer.Context, ref: str | None, no_commit: bool, compute):
    from dwgk import opinions as op
    from dwgk.cli.write import on_record
    return on_record(get(ctx), op.KIND, ref, compute, no_commit)


def new(
    ctx: typer.Context,
    kind: str = typer.Option("舆情", "--type", metavar="舆情|应急", help="舆情（默认）或应急（突发事件）"),
    found: Optional[str] = typer.Option(None, "--found", metavar="YYYY-MM-DD HH:MM", help="发现（获知）的时间，默认现在"),
    source: str = typer.Option(..., "--source", metavar="平台/媒体", help="在哪个平台或媒体发现"),
    summary_: str = typer.Option(..., "--summary", metavar="摘要", help="舆情（事件）的主要内容"),
    link: str = typer.Option("", "--link", metavar="URL", help="原帖或报道的地址"),
    level: str = typer.Option("", "--level", metavar="级别", help="应急：突发事件的级别（舆情的风险等级在研判时确定）"),
    department: str = typer.Option("", "--department", metavar="科室", help="涉及哪个科室的工作（谁主管谁发声）"),
    head: str = typer.Option("", "--head", metavar="姓名", help="第一责任人（单位主要负责人；默认取 dwgk.yaml 的 people）",
                             callback=person),
    by: str = BY, role: str = ROLE, no_commit: bool = NO_COMMIT,
) -> None:
    """登记发现的舆情（或突发事件），输出记录编号；回应时限自发现时起按小时计算。"""
    from dwgk import opinions as op
    c = get(ctx)
    now = c.now()
    at = c.time_opt(found, "--found")
    one_of(kind, op.TYPES, "类型", "--type")

    def compute(reg, _o, _raw):
        oid = op.new_opinion_id(at, random_suffix())
        while any(o.id == oid for o in op.opinions_of(reg)):
            oid = op.new_opinion_id(at, random_suffix())
        return op.new(reg, opinion_id=oid, kind=kind, found=at, source=source, summary=summary_, link=link,
                      level=level, department=department, head=head, by=by, role=role, now=now)
    change = _do(ctx, None, no_commit, compute)
    out(change.item)


def _step(ctx, ref, no_commit, at, action, **kw):
    """Run one of ``dwgk.opinions``' step actions on record ``ref`` and say what was recorded."""
    c = get(ctx)
    now, when = c.now(), c.time_opt(at)
    change = _do(ctx, ref, no_commit, lambda reg, o, raw: action(reg, o, raw, at=when, now=now, **kw))
    out(f"已登记：{change.summary}")


def assess(
    ctx: typer.Context, ref: str = ID_ARG,
    value: str = typer.Option(..., "--value", metavar="判断", help="回应价值（根据舆情内容、公众反应、媒体介入程度）"),
    level: str = typer.Option(..., "--level", metavar="等级", help="风险等级（应急为级别），按配置方案：一般 / 较大 / 重大 …"),
    plan: str = typer.Option(..., "--plan", metavar="预案", help="相应的处置预案"),
    by: str = BY, role: str = ROLE, at: Optional[str] = AT, no_commit: bool = NO_COMMIT,
) -> None:
    """研判：回应价值、风险等级、处置预案；等级决定回应和新闻发布会的小时时限。"""
    from dwgk import opinions as op
    _step(ctx, ref, no_commit, at, op.assess, value=value, level=level, plan=plan, by=by, role=role)


def report(
    ctx: typer.Context, ref: str = ID_ARG,
    to: List[str] = typer.Option(..., "--to", metavar="对象", help="报告对象（领导小组、上级机关、网信办、公安……；可重复）"),
    by: str = BY, role: str = ROLE, at: Optional[str] = AT, no_commit: bool = NO_COMMIT,
) -> None:
    """报告：向领导小组、上级机关，必要时网信办、公安（不漏报、不迟报）。"""
    from dwgk import opinions as op
    _step(ctx, ref, no_commit, at, op.report, to=persons(to), by=by, role=role)


def coordinate(
    ctx: typer.Context, ref: str = ID_ARG,
    unit: str = typer.Option(..., "--unit", metavar="单位", help="沟通确认的单位（谁主管谁发声）"),
    statement: str = typer.Option(..., "--statement", metavar="口径", help="与该单位商定的发布口径"),
    by: str = BY, role: str = ROLE, at: Optional[str] = AT, no_commit: bool = NO_COMMIT,
) -> None:
    """沟通协调：拟发布信息涉及其他单位的，与其沟通确认，确保发布信息准确一致。"""
    from dwgk import opinions as op
    _step(ctx, ref, no_commit, at, op.coordinate, unit=unit, statement=statement, by=by, role=role)


def respond(
    ctx: typer.Context, ref: str = ID_ARG,
    channel: str = typer.Option(..., "--channel", metavar="渠道", help="发布渠道（门户网站、政务微博、新闻发布会……）"),
    text: str = typer.Option(..., "--text", metavar="文字", help="发布的权威信息（要点）"),
    item: str = typer.Option("", "--item", metavar="事项编号", help="经本登记簿公开的事项（GK-…）"),
    link: str = typer.Option("", "--link", metavar="URL", help="发布地址"),
    by: str = BY, role: str = ROLE, at: Optional[str] = AT, no_commit: bool = NO_COMMIT,
) -> None:
    """发布权威信息回应（应急：首发，其后为续报）；第一次发布停止回应计时。"""
    from dwgk import opinions as op
    _step(ctx, ref, no_commit, at, op.respond, channel=channel, text=text, item=item, link=link, by=by, role=role)


def follow(
    ctx: typer.Context, ref: str = ID_ARG,
    note: str = typer.Option(..., "--note", metavar="情况", help="后续情况（舆情走势、新的报道……）"),
    by: str = BY, role: str = ROLE, at: Optional[str] = AT, no_commit: bool = NO_COMMIT,
) -> None:
    """跟踪：登记后续情况。"""
    from dwgk import opinions as op
    _step(ctx, ref, no_commit, at, op.follow, note=note, by=by, role=role)


def close(
    ctx: typer.Context, ref: str = ID_ARG,
    outcome: str = typer.Option(..., "--outcome", metavar="结果", help="处置结果"),
    held: str = typer.Option(..., "--held", metavar="是|否", help="回应是否站得住（未被推翻、无需更正）"),
    by: str = BY, role: str = ROLE, at: Optional[str] = AT, no_commit: bool = NO_COMMIT,
) -> None:
    """办结：处置结果，回应是否站得住；须已发布回应。"""
    from dwgk import opinions as op
    _step(ctx, ref, no_commit, at, op.close, outcome=outcome, held=held, by=by, role=role)


def opinion_json(reg, o, today, now, detail: bool = False) -> dict:
    from dwgk import deadlines as dl, opinions as op
    from dwgk.dates import minute
    st = op.state(o)
    cal = dl.calendar_for(reg)
    rows = dl.evaluate(op.opinion_deadlines(reg, o), cal, today, trace=detail, now=now)
    first = rows[0] if rows else None
    data = {
        "id": o.id, "type": o.type, "stage": st.stage, "stage_name": op.STAGE_NAMES[st.stage],
        "level": st.level or None, "found": minute(o.found), "source": o.source, "summary": o.summary,
        "link": o.link or None, "department": o.department or None, "head": o.head or None,
        "due_at": minute(first.state.due_at) if first else None, "status": first.state.status if first else None,
        "status_text": first.state.describe() if first else None,
        "first_response": minute(st.first_response.at) if st.first_response else None,
        "releases": len(st.responses), "closed": minute(st.closed.at) if st.closed else None,
        "held": st.closed.held if st.closed else None, "next": st.next_action, "path": o.path,
    }
    if detail:
        data["deadlines"] = [r.to_json(trace=True) for r in rows]
        data["history"] = [e.to_json() for e in o.history]
    return data


def _event_text(o, e, n_release: int) -> str:
    from dwgk import opinions as op
    if e.action == "assess":
        return f"{e.level}；{e.value}；预案：{e.plan}"
    if e.action == "report":
        return f"报告{e.to}"
    if e.action == "coordinate":
        return f"{e.unit}：{e.statement}"
    if e.action == "respond":
        where = "".join(f"（{x}）" for x in (e.item, e.link) if x)
        return f"{op.release_name(o, n_release)} {e.channel}{where}：{e.text}"
    if e.action == "close":
        return f"{e.outcome}；回应{'站得住' if e.held == '是' else '未站住'}"
    return e.note


def show(ctx: typer.Context, ref: str = ID_ARG, fmt: str = FORMAT) -> None:
    """显示一条舆情（应急）记录：等级、按小时计的时限、第一责任人、全部办理记录。"""
    from dwgk import opinions as op
    from dwgk.dates import minute
    c = get(ctx)
    check_format(fmt, ("text", "json"))
    reg = c.load()
    o = op.resolve(reg, ref)
    data = opinion_json(reg, o, c.today(), c.now(), detail=True)
    if fmt == "json":
        print_json(data)
        return
    level = f"  {'级别' if o.emergency else '风险等级'}：{data['level'] or op.UNASSESSED}"
    out(f"{o.id}  {o.type}  阶段：{data['stage_name']}{level}")
    out(f"  发现：{data['found']}（{o.source}）" + (f"  {o.link}" if o.link else ""))
    out(f"  摘要：{' '.join(o.summary.split())}")
    out(f"  第一责任人：{o.head or '—'}    责任科室：{o.department or reg.profile.office_role}")
    for d in data["deadlines"]:
        state = d["status_name"] if d["status"] != "missed" else f"逾期 {d['late_text']}"
        done = f"（{d['done_at'][:10]} {d['done_event']}）" if d["done_at"] else ""
        out(f"  {d['rule_name']}：{d['due_at']} 到期  {state}{done}"
            + (f"  依据：{d['source']}" if d["source"] else ""))
    out(f"  下一步：{data['next']}")
    out("  办理记录：")
    n = 0
    for e in o.history:
        n += e.action == "respond"
        what = op.ACTION_NAMES.get(e.action, e.action)
        who = f"{e.by}（{e.role}）" if e.role else e.by
        out(f"    {minute(e.at)}  {what:<4} {who}  {' '.join(_event_text(o, e, n).split())}".rstrip())


def list_opinions(
    ctx: typer.Context,
    kind: Optional[str] = typer.Option(None, "--type", metavar="类型", help="只列此类型：舆情 / 应急"),
    stage: Optional[str] = typer.Option(None, "--stage", metavar="阶段", help="found / assessed / responded / closed"),
    fmt: str = FORMAT,
) -> None:
    """列出舆情和应急记录：发现时间、等级、阶段、回应时限的状态。"""
    from dwgk import opinions as op
    c = get(ctx)
    check_format(fmt, ("text", "json"))
    one_of(stage, op.STAGES, "阶段", "--stage", " / ")
    one_of(kind, op.TYPES, "类型", "--type", " / ")
    reg = c.load()
    today, now = c.today(), c.now()
    ops = sorted(op.opinions_of(reg), key=lambda o: (o.found is None, o.found or now, o.id))
    rows = [opinion_json(reg, o, today, now) for o in ops if not kind or o.type == kind]
    rows = [r for r in rows if not stage or r["stage"] == stage]
    if fmt == "json":
        print_json(rows)
        return
    from dwgk.cli.textfmt import fit
    for d in rows:
        out(f"{d['id']}  {d['found']}  {d['type']}  {fit(d['level'] or op.UNASSESSED, 8)} {fit(d['stage_name'], 6)} "
            f"{fit(' '.join(d['summary'].split()), 24)} {d['status_text'] or ''}".rstrip())
    out(f"共 {len(rows)} 条")


def summary(
    ctx: typer.Context,
    start: Optional[str] = FROM,
    end: Optional[str] = TO,
    fmt: str = FORMAT,
) -> None:
    """统计期内发现的舆情和突发事件：件数、回应用时、超时回应及其责任人（第五十四条）。"""
    from dwgk import deadlines as dl, opinions as op
    c = get(ctx)
    check_format(fmt, ("text", "json"))
    today = c.today()
    a, b = period(c, start, end, "O225")
    reg = c.view()
    data = op.summary(reg, dl.calendar_for(reg), a, b, today, c.now())
    if fmt == "json":
        print_json(data)
        return
    out(f"舆情和应急处置情况  {reg.config.org}  {a} 至 {b}")
    out(f"  共 {data['count']} 起（" + "，".join(f"{t} {n}" for t, n in data["by_type"].items()) + "）"
        + ("；按等级：" + "，".join(f"{k} {v}" for k, v in data["by_level"].items()) if data["by_level"] else ""))
    out(f"  已回应 {data['responded']} 起" + (f"，平均首次回应用时 {data['average_text']}" if data["average_text"] else "")
        + f"；超时回应 {data['late']} 起（其中尚未回应 {data['open_late']} 起）")
    if data["press_required"]:
        out(f"  须举行新闻发布会 {data['press_required']} 起，已举行 {data['press_held']} 起，超时 {data['press_late']} 起，"
            f"办结时未举行 {data['press_missing']} 起")
    out(f"  已办结 {data['closed']} 起（回应站得住 {data['held']} 起，未站住 {data['not_held']} 起）"
        + (f"；应报告而未报告 {data['unreported']} 起" if data["unreported"] else ""))
    if data["late_rows"]:
        out("  超时回应：")
        for r in data["late_rows"]:
            who = "、".join(x for x in (r["head"], r["department"], r["responder"]) if x)
            out(f"    {r['id']}  {r['rule']}  逾期 {r['late_text']}  责任人：{who}")
    if data["source"]:
        out(f"  时限依据：{data['source']}")


__all__ = ["register"]
