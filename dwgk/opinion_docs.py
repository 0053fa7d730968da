"""舆情 and 应急 in documents: the section the period summary and the annual 通报/报告 carry
(accountability, seed 002 第五十四条), and the 舆情处置记录表 to print and sign.

What a document may say depends on its audience: the period summary (an internal working
paper) and the 党内 通报 name the late responses and the people responsible for them; a
document for society (the 社会 通报, the 政府信息公开工作年度报告) gets the figures only —
never an event's summary, a name or a link.
"""

from __future__ import annotations

from datetime import date, datetime

from dwgk import opinions
from dwgk.dates import minute
from dwgk.deadline import evaluate
from dwgk.diag import ExitCode, Refused
from dwgk.holidays import register_calendar
from dwgk.model import Register
from dwgk.render import Document, simple_table

FORM_KIND = "舆情处置记录表"


def _sentence(s: dict, span: str) -> str:
    if not s["count"]:
        return f"{span}未发现涉及本单位工作的舆情和突发事件。"
    t = s["by_type"]
    parts = [f"{span}共发现舆情{t.get('舆情', 0)}起、突发事件{t.get('应急', 0)}起",
             f"已发布权威信息回应{s['responded']}起" + (f"，平均首次回应用时{s['average_text'].replace(' ', '')}"
                                                  if s["average_text"] else ""),
             f"超过时限回应{s['late']}起" + (f"（其中至今未回应{s['open_late']}起）" if s["open_late"] else "")]
    if s["press_required"]:
        parts.append(f"须举行新闻发布会{s['press_required']}起，已举行{s['press_held']}起"
                     + (f"，超时{s['press_late']}起" if s["press_late"] else "")
                     + (f"，办结时仍未举行{s['press_missing']}起" if s["press_missing"] else ""))
    parts.append(f"已办结{s['closed']}起，回应站得住{s['held']}起" + (f"、未站住{s['not_held']}起" if s["not_held"] else ""))
    if s["unreported"]:
        parts.append(f"应报告而未报告{s['unreported']}起")
    return "；".join(parts) + "。"


def section(register: Register, start: date, end: date, today: date, *, number: str, detail: bool,
            span: str = "本期", now: datetime | None = None) -> tuple[dict | None, dict | None]:
    """(template context, JSON) of the 舆情和应急处置情况 section, or (None, None) when the
    register neither enables the kind nor holds any such record. ``detail``: name the late
    responses and their responsible people (internal and 党内 documents only)."""
    if opinions.rules(register.profile) is None and not opinions.opinions_of(register):
        return None, None
    s = opinions.summary(register, register_calendar(register), start, end, today, now)
    people = "、".join(f"{p['name']}（{p['role']}）{p['late']}起" for p in s["responsible"])
    table = None
    if detail and s["late_rows"]:
        table = simple_table(("序号", "编号", "舆情", "时限", "到期时间", "完成时间", "逾期", "第一责任人", "责任科室"),
                             [(n, r["id"], r["title"], r["rule"], r["due_at"], r["done_at"] or "未完成", r["late_text"],
                               r["head"], r["department"]) for n, r in enumerate(s["late_rows"], 1)],
                             widths=(5, 13, 16, 16, 11, 11, 9, 9, 10), num_cols=(), cls="data list")
    figures = {k: s[k] for k in ("count", "by_type", "by_level", "responded", "average_minutes", "late", "open_late",
                                 "press_required", "press_held", "press_late", "press_missing", "closed", "held",
                                 "not_held", "must_report", "unreported")}
    ctx = {"heading": f"{number}、舆情和应急处置情况", "text": _sentence(s, span), "table": table,
           "people": people if detail else "", "count_people": len({p["name"] for p in s["responsible"]}),
           "source": s["source"]}
    data = {**figures, "source": s["source"],
            **({"late_rows": s["late_rows"], "responsible": s["responsible"]} if detail else {})}
    return ctx, data


# ---------------------------------------------------------------- the form


def form_document(register: Register, op: opinions.Opinion, today: date, now: datetime) -> Document:
    """舆情处置记录表: what was found, the assessment, reports, coordination, each release with
    its time, the hour clocks and how they ended, the close; signature lines for the person who
    handled it and the first responsible person (seed 002 第五十二条)."""
    r = opinions.rules(register.profile)
    if r is None:
        opinions.enabled(register)  # refuses, saying why
    st = opinions.state(op)
    cal = register_calendar(register)
    rows = evaluate(opinions.opinion_deadlines(register, op, r), cal, today, now=now)
    releases, n = [], 0
    for e in op.history:
        if e.action == "respond":
            n += 1
            releases.append({"name": opinions.release_name(op, n), "at": minute(e.at), "channel": e.channel,
                             "text": e.text, "item": e.item, "link": e.link, "by": e.by})
    clocks = [{"label": x.deadline.clock.label, "source": x.deadline.clock.source, "due_at": minute(x.state.due_at),
               "done_at": minute(x.state.done_at), "status": x.state.describe()} for x in rows]
    if r is not None and r.rule(st.level, "press") and st.press(r.press_channels) is None and st.closed:
        clocks.append({"label": "举行新闻发布会", "source": r.rule(st.level, "press").source, "due_at": "",
                       "done_at": "", "status": "办结时仍未举行"})
    ev = [{"at": minute(e.at), "by": e.by, "role": e.role, **extra} for e, extra in
          ((e, {"to": e.to}) for e in st.reports)]
    coord = [{"at": minute(e.at), "by": e.by, "unit": e.unit, "statement": e.statement} for e in st.coordinations]
    follows = [{"at": minute(e.at), "by": e.by, "note": e.note} for e in st.follows]
    a = st.assessed
    handled = op.history[0].by if op.history else ""
    ctx = {"org": register.config.org, "title": "突发事件应急处置记录表" if op.emergency else FORM_KIND,
           "op": {"id": op.id, "type": op.type, "found": minute(op.found), "source": op.source, "summary": op.summary,
                  "link": op.link, "department": op.department or register.profile.office_role, "head": op.head,
                  "level_label": "级别" if op.emergency else "风险等级", "level": st.level or opinions.UNASSESSED},
           "assess": {"at": minute(a.at), "by": a.by, "value": a.value, "plan": a.plan} if a else None,
           "reports": ev, "coordinations": coord, "releases": releases, "clocks": clocks, "follows": follows,
           "closed": {"at": minute(st.closed.at), "by": st.closed.by, "outcome": st.closed.outcome,
                      "held": "是" if st.closed.held == "是" else "否"} if st.closed else None,
           "handler": handled, "head_role": r.head_role if r else "主要负责人", "today": today}
    return Document("form_opinion", ctx, f"{ctx['title']} {op.id}")


def refuse_not_opinion(ref: str) -> None:
    raise Refused(f"“{ref}”不是舆情或应急记录", f"{FORM_KIND}只用于舆情和应急记录（YQ- 编号，dwgk opinion list 查看）。",
                  "O226", exit_code=ExitCode.USAGE)
