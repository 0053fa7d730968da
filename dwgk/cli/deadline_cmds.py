"""``dwgk due``, ``overdue``, ``explain``: what falls due, what is late, and why; and the
records that close deadlines beside the review procedure: ``transfer`` (移送), ``rereview``
(the yearly re-review) and ``meeting`` (the decision meeting's notice).

Cron (README "每个工作日早上的超期清单"): only on working days, as the official calendar has
them — 30 8 * * 1-5 would run on statutory holidays and skip 调休上班 Saturdays::

    MAILTO=bangongshi@example.org
    30 8 * * * cd /srv/dwgk/登记簿 && dwgk calendar is-workday -q && dwgk overdue --fail-on-overdue
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import typer

from dwgk.cli.context import check_format, err, get, one_of, out, person, print_json
from dwgk.cli.options import NO_COMMIT
from dwgk.diag import CannotRun, ExitCode, Refused

STRICT = typer.Option(False, "--strict", help="有时限落在尚无节假日数据的年份（暂定）时报错（退出码 1）")
WIDTH = 80
OUTPUT = typer.Option(None, "-o", "--output", metavar="文件", help="写入文件（xlsx 必须指定）")


def register(app: typer.Typer, groups: dict | None = None) -> None:
    app.command("due")(due)
    app.command("overdue")(overdue)
    app.command("explain")(explain)
    app.command("todo")(todo)
    app.command("transfer")(transfer)
    app.command("rereview")(rereview)
    app.command("meeting")(meeting)


# ---------------------------------------------------------------- helpers


def _who(d) -> str:
    return f"{d.department or '（未指定科室）'} · {d.person or '（未指定责任人）'}"


def _strict(rows, strict: bool) -> None:
    from dwgk.overdue import provisional_years
    years = provisional_years(rows)
    if strict and years:
        from dwgk.cli.calendar_cmds import refuse_provisional
        refuse_provisional(years)


def _note(rows, more=()) -> None:
    from dwgk.overdue import provisional_years
    years = sorted(set(provisional_years(rows)) | set(more))
    if years:
        from dwgk.cli.calendar_cmds import provisional_note
        err(provisional_note(years, "（标 * 的日期和天数为暂定）"))


def _load(ctx):
    c = get(ctx)
    reg = c.view()
    from dwgk.holidays import unusable
    bad = unusable(reg)
    if bad:  # a deadline counted without the year the clerk imported would be wrong, not late
        raise CannotRun("holidays.yaml 有错误，不能据此计算时限", "修正下列错误（dwgk calendar check）后重试。",
                        "H100", diagnostics=bad)
    return reg, c.today()


def _now(ctx):
    """The moment hour clocks (舆情, 应急) are judged at: --now, else the end of --today."""
    return get(ctx).now()


def _left_text(r) -> str:
    """What is left of an open deadline: 工作日, or hours and minutes for an hour clock."""
    s = r.state
    if s.hourly:  # fits the 14 columns of the list
        h, m = divmod(s.minutes_left, 60)
        return f"剩 {h}时{m:02d}分"
    return "今日到期" if s.days_left == 0 else f"剩 {s.days_left} 个工作日"


def _short_due(r) -> str:
    """The due column of the 80-column lists: an hour clock's moment without its year."""
    from dwgk.overdue import due_text
    return f"{r.state.due_at:%m-%d %H:%M}" if r.state.hourly else due_text(r)


def _short_late(r) -> str:
    from dwgk.overdue import late_text
    if r.state.hourly:
        h, m = divmod(r.state.minutes_late, 60)
        return f"{h}:{m:02d}"
    return late_text(r)


def _quiet_gc():
    """Evaluating thousands of deadlines allocates many small objects that all stay alive;
    pausing the cyclic collector (as the loader does) saves it rescanning the register."""
    from dwgk.loader import no_gc
    return no_gc()


# ---------------------------------------------------------------- due


def due(
    ctx: typer.Context,
    within: int = typer.Option(5, "--within", metavar="N", help="列出今后 N 个工作日内到期的时限（0 到 1000）"),
    fmt: str = typer.Option("text", "--format", metavar="text|json|xlsx|csv", help="输出格式"),
    output: Optional[Path] = OUTPUT,
    strict: bool = STRICT,
) -> None:
    """今后 N 个工作日内（默认 5）到期的事项：到期日、剩余工作日、责任科室和责任人。"""
    from dwgk import deadlines as dl
    from dwgk.cli.calendar_cmds import check_days
    check_format(fmt, ("text", "json", "xlsx", "csv"))
    check_days(within, "--within 的值", "--within ")
    reg, today = _load(ctx)
    cal = dl.calendar_for(reg)
    with _quiet_gc():
        rows = dl.open_rows(reg, today, cal, now=_now(ctx), memo=get(ctx).memo)
    soon = dl.due_within(rows, cal, today, within)
    late = sum(1 for r in rows if r.overdue)
    _strict(soon, strict)
    until = cal.add_workdays(today, within)
    until_years = cal.provisional_years(today, until)
    until_provisional = bool(until_years)
    if fmt in ("xlsx", "csv"):
        from dwgk import sheets
        from dwgk.cli.sheet_cmds import emit
        emit(get(ctx), fmt, output, [sheets.deadline_grid(f"{within}个工作日内到期", soon)])
        return
    if fmt == "json":
        print_json({"today": today.isoformat(), "within": within, "until": until.isoformat(),
                    "until_provisional": until_provisional, "count": len(soon), "overdue": late,
                    "provisional": any(r.provisional for r in soon),
                    "due": [r.to_json() for r in soon]})
        return
    from dwgk.cli.term import paragraph, row
    out(f"今后 {within} 个工作日内（{today} 至 {until}{'*' if until_provisional else ''}）到期 {len(soon)} 项")
    for r in soon:
        d = r.deadline
        what = "最短期满" if d.minimum else _left_text(r)
        # the title takes the rest of the line and wraps; who holds it goes under it
        row([("", 1), (_short_due(r), 11), (what, 14), (d.subject, 15), (d.rule_short, 12), (d.title, None)],
            "" if d.minimum else "due", gap=" ")
        paragraph(_who(d), " " * 28, style="")
    if late:
        paragraph(f"另有 {late} 项已超期，运行 dwgk overdue 查看。", style="overdue")
    _note(soon, until_years)


# ---------------------------------------------------------------- todo


def todo(
    ctx: typer.Context,
    by: str = typer.Option("", "--by", metavar="姓名", help="只列此人的待办", callback=person),
    fmt: str = typer.Option("text", "--format", metavar="text|json", help="输出格式"),
    strict: bool = STRICT,
) -> None:
    """待办：每人（按人员名册中当日所任角色）下一步要办的事项、申请和留言，附到期日，最紧急的在前。"""
    from dwgk import todo as td
    from dwgk.cli.textfmt import fit
    from dwgk.overdue import due_text
    check_format(fmt, ("text", "json"))
    reg, today = _load(ctx)
    roster = reg.roster
    if by and not roster.empty and roster.person(by) is None:
        raise Refused(f"人员名册中没有“{by}”", "用 dwgk people list 查看名册中的人员。", "R013")
    with _quiet_gc():
        groups = td.by_person(reg, today, by or None, memo=get(ctx).memo)
    rows = [t.row for _, ts in groups for t in ts if t.row is not None]
    _strict(rows, strict)
    if fmt == "json":
        print_json({"today": today.isoformat(), "roster": not roster.empty,
                    "people": [{"person": p.name, "on_roster": p.on_roster, "roles": list(p.roles),
                                "count": len(ts), "overdue": sum(t.overdue for t in ts),
                                "tasks": [t.to_json() for t in ts]} for p, ts in groups]})
        return
    if roster.empty:
        err("提示: 人员名册为空，待办按角色列出；用 dwgk people add 登记人员后按人列出。")
    if not groups:
        out(f"{by or '各人'}目前没有待办。")
        return
    for p, ts in groups:
        late = sum(t.overdue for t in ts)
        out(f"{p.heading}  {len(ts)} 项" + (f"（超期 {late} 项）" if late else ""))
        for t in ts:
            r = t.row
            when = "" if r is None else (f"{due_text(r)} 超期 {r.state.days_late} 个工作日" if t.overdue
                                         else f"{due_text(r)} 到期")
            out(f"  {fit(t.wait.subject, 17)} {fit(t.wait.title, 24)} {fit(when, 30)}".rstrip())
            out(f"  {'':17} {fit(t.wait.action, 56)}".rstrip())
    _note(rows)


# ---------------------------------------------------------------- overdue


def overdue(
    ctx: typer.Context,
    fmt: str = typer.Option("text", "--format", metavar="text|md|html|json|xlsx|csv", help="输出格式"),
    output: Optional[Path] = OUTPUT,
    fail: bool = typer.Option(False, "--fail-on-overdue", help="有超期事项时以退出码 1 结束（供 cron/CI 使用）"),
    strict: bool = STRICT,
) -> None:
    """超期清单：按责任科室和责任人分组，最严重的在前；逾期天数按工作日计，超过时限两倍的标“严重”。"""
    from dwgk import deadlines as dl
    check_format(fmt, ("text", "md", "html", "json", "xlsx", "csv"))
    reg, today = _load(ctx)
    with _quiet_gc():
        rows = dl.open_rows(reg, today, now=_now(ctx), memo=get(ctx).memo)
        late = dl.overdue(rows)
    _strict(late, strict)
    waiting = [r for r in rows if r.expired_for_others]
    from dwgk.overdue import document
    doc = document(reg, today, late, waiting)
    if fmt in ("xlsx", "csv"):
        from dwgk import sheets
        from dwgk.cli.sheet_cmds import emit
        emit(get(ctx), fmt, output, [sheets.deadline_grid("超期清单", late),
                                     *([sheets.deadline_grid("期满待对方答复", waiting)] if waiting else [])])
    elif fmt == "json":
        print_json(doc.data)
    elif fmt in ("md", "html"):
        from dwgk.render import Renderer, render_document
        out(render_document(Renderer(reg.root), doc, fmt).rstrip())
    else:
        _overdue_text(reg, today, late, waiting)
    if fmt != "json":
        _note(late)
    _fail(fail, late)


def _fail(fail: bool, late) -> None:
    if fail and late:
        raise typer.Exit(int(ExitCode.FINDINGS))


def _short_title(d) -> str:
    """The period first, so that a cut title still tells one period's row from another's."""
    if not d.period:
        return d.title
    base = d.title.removesuffix(f"（{d.period}）")
    period = re.sub(r"第(\d)季度", r"\1季度", d.period)
    return f"{period} {base}"


def _overdue_text(reg, today, late, waiting) -> None:
    """Fits the terminal (CJK characters count two): titles take what is left and wrap; on a
    terminal overdue rows are red, serious ones bold."""
    from dwgk import overdue as ov
    from dwgk.cli.term import paint, paragraph, row
    from dwgk.cli.textfmt import fit
    paragraph(f"超期清单  {reg.config.org}  {today}（逾期天数按工作日计）")
    if not late:
        out("没有超期事项。")
    else:
        out(paint(ov.summary_line(late), "overdue"))
    for dep, people in ov.departments(late):
        out("")
        n = sum(len(rs) for _, rs in people)
        paragraph(f"{dep or ov.NO_DEPARTMENT}（{n} 项）")
        for who, rs in people:
            paragraph(f"  · {who or ov.NO_PERSON}（{len(rs)} 项）")
            row([("", 1), ("等级", 4), ("编号", 15), ("时限", 14), ("到期日", 11), ("逾期", 5), ("名称", None)], gap=" ")
            for r in rs:
                d = r.deadline
                tier = ov.SERIOUS if r.serious else ""
                row([("", 1), (tier, 4), (d.subject, 15), (d.rule_short, 14), (_short_due(r), 11),
                     (fit(_short_late(r).strip(), 5), 5), (_short_title(d), None)],
                    "serious" if r.serious else "overdue", gap=" ")
    if any(r.state.hourly for r in late):
        out("")
        out("舆情、应急的时限按小时计：到期日写明时刻，逾期写作“小时:分钟”。")
    if waiting:
        out("")
        out(ov.WAITING_TITLE.format(n=len(waiting)))
        for r in ov.waiting_rows(waiting):
            d = r.deadline
            paragraph(f"{d.subject}  {d.title}  {d.clock.label} {ov.due_text(r)} 期满", "  ")
            paragraph(ov.AFTER_OTHERS.get(d.rule, "登记后续办理"), "    ")


# ---------------------------------------------------------------- explain


def _resolve(reg, ref: str, subjects: set[str]) -> str:
    if ref in subjects or reg.item(ref) is not None:
        return ref
    from dwgk.kinds import KINDS
    from dwgk.records import refuse_unreadable
    ids = subjects | {r.id for k in KINDS for r in reg.records.get(k.name, ())}
    hits = sorted(s for s in ids if s and len(ref) >= 4 and (s.endswith(ref) or s.startswith(ref)))
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise Refused(f"“{ref}”对应多个编号：" + "、".join(hits[:5]), "请写完整编号。", "D002")
    for k in KINDS:
        refuse_unreadable(reg.diagnostics, reg.records.get(k.name, ()), ref, k.name + "/", k.label)
    raise Refused(f"登记簿中没有编号为“{ref}”的事项、申请或目录条目",
                  "用 dwgk list 查看事项编号，dwgk overdue 查看有时限的编号。", "D001")


def _trace_lines(r, done: tuple | None = None) -> list[str]:
    """The trace with runs of consecutive rest days folded into one line; ``done`` (date,
    text) — what completed the duty — goes in at its date."""
    from dwgk.cli.calendar_cmds import day_runs
    from dwgk.workdays import Day
    lines: list[str] = []
    run: list = []

    def flush():
        if run:
            holiday = any(t.day_kind == "holiday" for t in run)
            for span, label, n in day_runs([Day(t.on, t.day_kind, t.name) for t in run]):
                count = f"（{n} 天）" if n > 1 else ""
                lines.append(f"    {span} {label}{'放假' if holiday else '休息'}{count}，不计入")
            run.clear()

    for t in r.result.trace:
        if done and t.kind == "waiting":
            continue  # the duty ended while the clock stood still: nothing is waiting any more
        if done and t.on > done[0]:
            flush()
            lines.append(f"  {done[0]}  {done[1]}")
            done = None
        if t.kind == "skip":
            if run and ((t.on - run[-1].on).days != 1 or (t.day_kind == "holiday") != (run[-1].day_kind == "holiday")):
                flush()
            run.append(t)
            continue
        flush()
        if t.kind == "adjusted":
            lines.append(f"    {t.on} {t.name}调休上班，计入")
        else:
            lines.append(f"  {t.on}  {t.text}")
    flush()
    if done:
        lines.append(f"  {done[0]}  {done[1]}")
    return lines


def _subject_title(reg, subject: str, rows) -> str:
    """The subject's own name: an entry's name, not the title of its first period."""
    entry = reg.entry(subject)
    if entry is not None:
        return entry.name
    item = reg.item(subject)
    if item is not None:
        return item.title
    return rows[0].deadline.title if rows else ""


def _minimum_text(r) -> str:
    """A minimum period (预公开/公示) says when it ran out, and what is left in its own unit."""
    from dwgk.clock import STATUS_NAMES
    from dwgk.workdays import describe_length
    s, unit = r.state, r.deadline.clock.unit
    if s.status == "early":
        return f"已于 {s.done} 结束，早于最短期限（{r.due} 届满）"
    if s.status == "met":
        return f"最短期限已于 {r.due} 届满" + (f"，{s.done} 结束" if s.done else "，可以结束")
    if s.status == "open":
        return f"最短期限未满，还需 {describe_length(s.days_left, unit)}（{r.due} 届满）"
    return STATUS_NAMES.get(s.status, s.status)


def explain(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="编号", help="事项或申请的编号（或目录条目编码）；编号末尾几位即可"),
    fmt: str = typer.Option("text", "--format", metavar="text|json", help="输出格式"),
    strict: bool = STRICT,
) -> None:
    """说明某事项（或申请）的每个时限是怎样算出来的：起算事件、跳过的休息日、计入的调休上班日、暂停与延期、依据条款。"""
    from dwgk import deadlines as dl
    check_format(fmt, ("text", "json"))
    reg, today = _load(ctx)
    # the deadlines one at a time, twice (50,000 items' are 30 MB): their subjects, then the one's
    subject = _resolve(reg, ref, {d.subject for d in dl.each_deadline(reg, today, dl.calendar_for(reg))})
    rows = dl.explain(reg, subject, today, now=_now(ctx))
    _strict(rows, strict)
    if fmt == "json":
        print_json({"id": subject, "today": today.isoformat(), "deadlines": [r.to_json(trace=True) for r in rows]})
        return
    out(f"{subject}《{_subject_title(reg, subject, rows)}》  （今天 {today}）")
    if not rows:
        out("该事项没有适用的时限。")
        return
    for r in rows:
        d, s = r.deadline, r.state
        out("")
        period = f"（{d.period}）" if d.period else ""
        out(f"■ {d.clock.label}{period}  依据：{d.clock.source or '（未注明）'}")
        for line in _trace_lines(r, (s.done, d.done_event) if d.done_event and s.done else None):
            out(line)
        tier = f"（{dl.SERIOUS}：超过时限两倍）" if r.serious else ""
        if d.minimum:
            state = _minimum_text(r)
        else:
            state = s.describe()
        out(f"  状态：{state}{tier}")
        for p in r.result.problems:
            out(f"  问题：{p}")
    _note(rows)


# ---------------------------------------------------------------- records that close deadlines

BY = typer.Option(..., "--by", metavar="姓名", help="经办人", callback=person)
ROLE = typer.Option("", "--role", metavar="角色", help="经办人的角色（默认办公室）", callback=person)
DATE = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="办理日期（默认今天；可补登以前的日期）")


def _record_many(ctx, refs: list[str], select, compute, no_commit: bool, subject, extra: dict[str, str]):
    """Record ``compute(reg, item, raw)`` (an ``dwgk.items.actions`` function) on every chosen
    item in one commit; ``select(reg)`` chooses them when no ID is named."""
    from dwgk.cli.write import on_records
    from dwgk.items import KIND
    return on_records(get(ctx), KIND, refs, select, compute, no_commit, subject, extra)


def _month(value: str | None) -> tuple[int, int] | None:
    import re
    if value is None:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", value.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise Refused(f"--month 的月份“{value}”无效", "写成 YYYY-MM，例如 2026-10。", "D031",
                      exit_code=ExitCode.USAGE)
    return int(m.group(1)), int(m.group(2))


def transfer(
    ctx: typer.Context,
    refs: list[str] = typer.Argument(None, metavar="事项编号", help="已公开的事项；不写时用 --month 选出该月公开、尚未移送的全部事项"),
    medium: str = typer.Option(..., "--medium", metavar="电子|纸质", help="移送的是电子文本还是纸质文本"),
    month: str = typer.Option(None, "--month", metavar="YYYY-MM", help="按月批量移送：该月向社会公开、尚未以此形式移送的全部事项"),
    all_due: bool = typer.Option(False, "--all", help="批量移送：到办理日期为止已向社会公开、尚未以此形式移送的全部事项"),
    note: str = typer.Option("", "--note", metavar="说明", help="说明，例如移送明细登记表编号"),
    by: str = BY, role: str = ROLE, date: str = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """登记向政府信息查阅场所移送主动公开信息（电子文本 20 个工作日内；纸质文本每月 10 日前移送上月的）。"""
    from dwgk.items import actions
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    m = _month(month)
    if sum((bool(refs), m is not None, all_due)) != 1:
        raise Refused("请写明要移送的事项编号，或用 --month 按月、--all 全部批量移送（三者选一）",
                      "例如 dwgk transfer --month 2026-10 --medium 纸质 --by 姓名。", "D032",
                      exit_code=ExitCode.USAGE)
    changes = _record_many(
        ctx, list(refs or []), lambda reg: actions.pending_transfers(reg, medium, when, m),
        lambda reg, item, raw: actions.transfer(reg, item, raw, medium=medium, by=by, role=role,
                                                 when=when, today=today, note=note),
        no_commit, lambda n: f"移送查阅场所（{medium}文本）：{m[0]}年{m[1]}月公开的 {n} 项" if m
        else f"移送查阅场所（{medium}文本）：{n} 项", {"Dwgk-Medium": medium})
    for ch in changes:
        out(f"已登记：{ch.summary}")


def rereview(
    ctx: typer.Context,
    refs: list[str] = typer.Argument(None, metavar="事项编号", help="依申请公开或不公开的事项"),
    all_due: bool = typer.Option(False, "--all", help="本年度尚未复核的全部事项（结论相同时一次登记）"),
    result: str = typer.Option(..., "--result", metavar="维持|调整为主动公开", help="复核结论"),
    opinion: str = typer.Option("", "--opinion", metavar="意见", help="复核意见（调整为主动公开时必填）"),
    by: str = BY, role: str = ROLE, date: str = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """登记对依申请公开、不公开信息的年度复核（每年 3 月底前）；调整为主动公开的，再用 dwgk correct 改属性。"""
    from dwgk.items import actions
    from dwgk.items.vocab import REREVIEW_RESULTS
    one_of(result, REREVIEW_RESULTS, "复核结论", "--result")  # before "nothing to record" can hide it
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    if bool(refs) == all_due:
        raise Refused("请写明事项编号，或用 --all 登记本年度尚未复核的全部事项（二者选一）", "例如 dwgk rereview --all --result 维持 --by 姓名。",
                      "D033", exit_code=ExitCode.USAGE)
    changes = _record_many(
        ctx, list(refs or []), lambda reg: actions.pending_rereviews(reg, when.year),
        lambda reg, item, raw: actions.rereview(reg, item, raw, result=result, opinion=opinion, by=by,
                                                 role=role, when=when, today=today),
        no_commit, lambda n: f"{when.year} 年度复核：{result}，{n} 项", {"Dwgk-Result": result})
    for ch in changes:
        out(f"已登记：{ch.summary}")
    if result == "调整为主动公开":
        for ch in changes:
            out(f"下一步：dwgk correct {ch.item} --attribute 主动公开 --reason 年度复核调整为主动公开 --by 姓名，"
                "重新审核后公开。")


def meeting(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="事项编号", help="提交会议决定的事项"),
    on: str = typer.Option(..., "--on", metavar="YYYY-MM-DD", help="会议日期（可以在今天之后）"),
    name: str = typer.Option("", "--name", metavar="会议", help="会议名称，例如 局党组会议"),
    by: str = BY, role: str = ROLE,
    date: str = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="发出会议通知的日期（默认今天）"),
    no_commit: bool = NO_COMMIT,
) -> None:
    """登记重大事项决策会议的通知：至少提前 2 个工作日通知应到会人员（政务信息公开制度第三十条）。"""
    from dwgk.items import actions
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    day = c.date_opt(on, "--on")
    (ch,) = _record_many(
        ctx, [ref], None,
        lambda reg, item, raw: actions.meeting(reg, item, raw, meeting_date=day, name=name, by=by,
                                                role=role, when=when, today=today),
        no_commit, None, {})
    out(f"已登记：{ch.summary}")
