"""``dwgk due``, ``dwgk overdue``, ``dwgk explain``: what falls due, what is late, and why.

Cron example (README)::

    # 每个工作日早上 8:30 生成超期清单；有超期时把文本版发给办公室
    30 8 * * 1-5  cd /srv/dwgk/测试局 && dwgk overdue --format html > /var/www/dwgk/overdue.html; dwgk overdue --fail-on-overdue > /tmp/dwgk-overdue.txt || mail -s "公开事项超期提醒" office@example.org < /tmp/dwgk-overdue.txt
"""

from __future__ import annotations

import typer

from dwgk.cli.context import check_format, err, get, out, print_json
from dwgk.diag import ExitCode, Refused

STRICT = typer.Option(False, "--strict", help="有时限落在尚无节假日数据的年份（暂定）时报错（退出码 1）")
WIDTH = 80


def register(app: typer.Typer, groups: dict | None = None) -> None:
    app.command("due")(due)
    app.command("overdue")(overdue)
    app.command("explain")(explain)


# ---------------------------------------------------------------- helpers


def _who(d) -> str:
    return f"{d.department or '（未指定科室）'} · {d.person or '（未指定责任人）'}"


def _provisional_years(rows) -> list[int]:
    return sorted({y for r in rows for y in r.result.provisional_years})


def _strict(rows, strict: bool) -> None:
    years = _provisional_years(rows)
    if strict and years:
        from dwgk.cli.calendar_cmds import refuse_provisional
        refuse_provisional(years)


def _note(rows) -> None:
    years = _provisional_years(rows)
    if years:
        from dwgk.cli.calendar_cmds import provisional_note
        err(provisional_note(years) + "（标 * 的日期为暂定）")


def _due_text(r) -> str:
    return f"{r.due}{'*' if r.provisional else ''}" if r.due else "暂停计时"


def _load(ctx):
    c = get(ctx)
    reg = c.load()
    return reg, c.today()


def _quiet_gc():
    """Evaluating thousands of deadlines allocates many small objects that all stay alive;
    pausing the cyclic collector (as the loader does) saves it rescanning the register."""
    from dwgk.loader import no_gc
    return no_gc()


# ---------------------------------------------------------------- due


def due(
    ctx: typer.Context,
    within: int = typer.Option(5, "--within", metavar="N", min=0, help="列出今后 N 个工作日内到期的时限"),
    fmt: str = typer.Option("text", "--format", metavar="text|json", help="输出格式"),
    strict: bool = STRICT,
) -> None:
    """今后 N 个工作日内（默认 5）到期的事项：到期日、剩余工作日、责任科室和责任人。"""
    from dwgk import deadlines as dl
    from dwgk.cli.textfmt import fit
    check_format(fmt, ("text", "json"))
    reg, today = _load(ctx)
    cal = dl.calendar_for(reg)
    with _quiet_gc():
        rows = dl.evaluate(dl.all_deadlines(reg, today, cal), cal, today)
    soon = dl.due_within(rows, cal, today, within)
    late = sum(1 for r in rows if r.overdue)
    _strict(soon, strict)
    until = cal.add_workdays(today, within)
    if fmt == "json":
        print_json({"today": today.isoformat(), "within": within, "until": until.isoformat(),
                    "count": len(soon), "overdue": late,
                    "provisional": any(r.provisional for r in soon),
                    "due": [r.to_json() for r in soon]})
        return
    out(f"今后 {within} 个工作日内（{today} 至 {until}）到期 {len(soon)} 项")
    for r in soon:
        d = r.deadline
        left = "今日到期" if r.state.days_left == 0 else f"剩 {r.state.days_left} 个工作日"
        what = "最短期满" if d.minimum else left
        out(f"  {_due_text(r):<11} {fit(what, 14)} {fit(d.subject, 15)} {fit(d.title, 20)} "
            f"{fit(d.rule_short, 12)}".rstrip())
        out(f"  {'':<11} {fit('', 14)} {fit(_who(d), 48)}".rstrip())
    if late:
        out(f"另有 {late} 项已超期，运行 dwgk overdue 查看。")
    _note(soon)


# ---------------------------------------------------------------- overdue


def overdue(
    ctx: typer.Context,
    fmt: str = typer.Option("text", "--format", metavar="text|md|html|json", help="输出格式"),
    fail: bool = typer.Option(False, "--fail-on-overdue", help="有超期事项时以退出码 1 结束（供 cron/CI 使用）"),
    strict: bool = STRICT,
) -> None:
    """超期清单：按责任科室和责任人分组，最严重的在前；逾期天数按工作日计，超过时限两倍的标“严重”。"""
    from dwgk import deadlines as dl
    check_format(fmt, ("text", "md", "html", "json"))
    reg, today = _load(ctx)
    with _quiet_gc():
        late = dl.overdue(dl.rows(reg, today))
    _strict(late, strict)
    report = {"text": _overdue_text, "md": _overdue_md, "html": _overdue_html,
              "json": _overdue_json}[fmt]
    report(reg, today, late)
    if fmt in ("text", "md"):
        _note(late)
    if fail and late:
        raise typer.Exit(int(ExitCode.FINDINGS))


def _summary_line(late) -> str:
    serious = sum(1 for r in late if r.serious)
    return f"共 {len(late)} 项超期" + (f"，其中严重超期 {serious} 项（超过时限两倍）" if serious else "")


def _overdue_json(reg, today, late) -> None:
    from dwgk import deadlines as dl
    print_json({"org": reg.config.org, "today": today.isoformat(), "count": len(late),
                "serious": sum(1 for r in late if r.serious),
                "provisional": any(r.provisional for r in late),
                "provisional_years": _provisional_years(late),
                "groups": [{"department": dep, "person": who, "count": len(rs)}
                           for (dep, who), rs in dl.grouped(late)],
                "overdue": [r.brief_json() for r in late]})


def _overdue_text(reg, today, late) -> None:
    """Fits 80 columns (CJK characters count two)."""
    from dwgk import deadlines as dl
    from dwgk.cli.textfmt import fit
    out(fit(f"超期清单  {reg.config.org}  {today}（逾期天数按工作日计）", WIDTH).rstrip())
    if not late:
        out("没有超期事项。")
        return
    out(_summary_line(late))
    for (dep, who), rs in dl.grouped(late):
        out("")
        out(fit(f"{dep or '（未指定科室）'} · {who or '（未指定责任人）'}（{len(rs)} 项）", WIDTH).rstrip())
        out(f"  {fit('等级', 4)} {fit('编号', 15)} {fit('名称', 22)} {fit('时限', 14)} "
            f"{fit('到期日', 11)} {'逾期':>3}")
        for r in rs:
            d = r.deadline
            tier = dl.SERIOUS if r.serious else ""
            out(f"  {fit(tier, 4)} {fit(d.subject, 15)} {fit(d.title, 22)} {fit(d.rule_short, 14)} "
                f"{fit(_due_text(r), 11)} {r.state.days_late:>5}")


def _md_cell(s: str) -> str:
    return str(s).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _overdue_md(reg, today, late) -> None:
    from dwgk import deadlines as dl
    out(f"# 超期清单（{today}）")
    out("")
    out(f"{_md_cell(reg.config.org)}。逾期天数按工作日计；“严重”表示超过时限两倍。")
    out("")
    if not late:
        out("没有超期事项。")
        return
    out(_summary_line(late) + "。")
    for (dep, who), rs in dl.grouped(late):
        out("")
        out(f"## {_md_cell(dep or '（未指定科室）')} · {_md_cell(who or '（未指定责任人）')}（{len(rs)} 项）")
        out("")
        out("| 等级 | 编号 | 名称 | 时限 | 依据 | 到期日 | 逾期（工作日） |")
        out("|---|---|---|---|---|---|---:|")
        for r in rs:
            d = r.deadline
            out(f"| {dl.SERIOUS if r.serious else ''} | {_md_cell(d.subject)} | {_md_cell(d.title)} | "
                f"{_md_cell(d.clock.label)} | {_md_cell(d.clock.source)} | {_due_text(r)} | "
                f"{r.state.days_late} |")
    if any(r.provisional for r in late):
        from dwgk.workdays import IMPORT_HINT
        out("")
        out(f"\\* 暂定：{'、'.join(map(str, _provisional_years(late)))} 年尚无节假日数据，按周末计算。{IMPORT_HINT}")


_HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>超期清单 {{ org }} {{ today }}</title>
<style>
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
       color: #222; margin: 16px; font-size: 14px; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 20px 0 6px; border-bottom: 1px solid #ccc; padding-bottom: 2px; }
p.meta { color: #555; margin: 0 0 8px; }
table { border-collapse: collapse; width: 100%; max-width: 960px; }
th, td { border: 1px solid #ccc; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; font-weight: normal; }
td.num { text-align: right; white-space: nowrap; }
td.date { white-space: nowrap; }
tr.serious td { background: #fde8e8; }
span.tier { color: #b00; font-weight: bold; }
p.note { color: #8a5a00; }
</style>
</head>
<body>
<h1>超期清单</h1>
<p class="meta">{{ org }} · {{ today }} · 逾期天数按工作日计；“严重”表示超过时限两倍</p>
{% if not groups %}
<p>没有超期事项。</p>
{% else %}
<p><strong>{{ summary }}</strong></p>
{% for g in groups %}
<h2>{{ g.department }} · {{ g.person }}（{{ g.rows|length }} 项）</h2>
<table>
<tr><th>等级</th><th>编号</th><th>名称</th><th>时限</th><th>依据</th><th>到期日</th><th>逾期（工作日）</th></tr>
{% for r in g.rows %}
<tr{% if r.tier %} class="serious"{% endif %}><td>{% if r.tier %}<span class="tier">{{ r.tier }}</span>{% endif %}</td>
<td>{{ r.id }}</td><td>{{ r.title }}</td><td>{{ r.rule_name }}</td><td>{{ r.source }}</td>
<td class="date">{{ r.due }}{% if r.provisional %}*{% endif %}</td><td class="num">{{ r.days_late }}</td></tr>
{% endfor %}
</table>
{% endfor %}
{% if note %}<p class="note">* {{ note }}</p>{% endif %}
{% endif %}
</body>
</html>
"""


def _overdue_html(reg, today, late) -> None:
    from jinja2 import Environment
    from dwgk import deadlines as dl
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    groups = [{"department": dep or "（未指定科室）", "person": who or "（未指定责任人）",
               "rows": [r.brief_json() for r in rs]} for (dep, who), rs in dl.grouped(late)]
    note = ""
    if any(r.provisional for r in late):
        from dwgk.workdays import IMPORT_HINT
        note = f"暂定：{'、'.join(map(str, _provisional_years(late)))} 年尚无节假日数据，按周末计算。{IMPORT_HINT}"
    out(env.from_string(_HTML).render(org=reg.config.org, today=today.isoformat(), groups=groups,
                                      summary=_summary_line(late), note=note).rstrip())


# ---------------------------------------------------------------- explain


def _resolve(reg, ref: str, subjects: set[str]) -> str:
    if ref in subjects or reg.item(ref) is not None:
        return ref
    ids = subjects | {i.id for i in reg.items} | {getattr(r, "id", "") for r in reg.requests}
    hits = sorted(s for s in ids if s and len(ref) >= 4 and (s.endswith(ref) or s.startswith(ref)))
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise Refused(f"“{ref}”对应多个编号：" + "、".join(hits[:5]), "请写完整编号。", "D002")
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


def explain(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="编号", help="事项或申请的编号（或目录条目编码）；编号末尾几位即可"),
    fmt: str = typer.Option("text", "--format", metavar="text|json", help="输出格式"),
    strict: bool = STRICT,
) -> None:
    """说明某事项（或申请）的每个时限是怎样算出来的：起算事件、跳过的休息日、计入的调休上班日、暂停与延期、依据条款。"""
    from dwgk import deadlines as dl
    from dwgk.clock import STATUS_NAMES
    check_format(fmt, ("text", "json"))
    reg, today = _load(ctx)
    cal = dl.calendar_for(reg)
    every = dl.all_deadlines(reg, today, cal)
    subject = _resolve(reg, ref, {d.subject for d in every})
    rows = dl.evaluate([d for d in every if d.subject == subject], cal, today, trace=True)
    _strict(rows, strict)
    if fmt == "json":
        print_json({"id": subject, "today": today.isoformat(), "deadlines": [r.to_json(trace=True) for r in rows]})
        return
    title = rows[0].deadline.title if rows else (reg.item(subject).title if reg.item(subject) else "")
    out(f"{subject}《{title}》  （今天 {today}）")
    if not rows:
        out("该事项没有适用的时限。")
        return
    for r in rows:
        d, s = r.deadline, r.state
        out("")
        period = f"（{d.period}）" if d.period and d.period not in d.title else ""
        out(f"■ {d.clock.label}{period}  依据：{d.clock.source or '（未注明）'}")
        for line in _trace_lines(r, (s.done, d.done_event) if d.done_event and s.done else None):
            out(line)
        tier = f"（{dl.SERIOUS}：超过时限两倍）" if r.serious else ""
        if d.minimum:
            state = {"early": f"已于 {s.done} 结束，早于最短期限", "met": "最短期限已满",
                     "open": f"最短期限未满，还需 {s.days_left} 个工作日"}.get(s.status, STATUS_NAMES.get(s.status, s.status))
        else:
            state = s.describe()
        out(f"  状态：{state}{tier}")
        for p in r.result.problems:
            out(f"  问题：{p}")
    _note(rows)
