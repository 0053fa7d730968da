"""The 公开事项登记台账: its columns (from the register's profile and catalogue), one row made
into an item by the commands' own pure actions (submit, review for each step, publish,
withhold, archive), and an item written back as a row (``dwgk list --format xlsx``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from dwgk import records
from dwgk.diag import Refused
from dwgk.fields import Findings
from dwgk.items import actions, checks
from dwgk.items import procedure as wf
from dwgk.items.build import build_item
from dwgk.items.model import Item
from dwgk.items.vocab import ATTRIBUTES
from dwgk.ledger.base import Cells, Column, RowError, attempt, person, stopped
from dwgk.model import Register
from dwgk.procedure import EXEMPTIONS, RISK_DIMENSIONS, RISK_LEVELS
from dwgk.profile import Step
from dwgk.vocab import SCOPE_INNER, TIMINGS

LABEL = "公开事项"
SHEET = "公开事项登记台账"


def step_columns(s: Step) -> list[Column]:
    n = s.name
    out = [Column(f"{n}:result", f"{n}结论", f"{s.spec.label}的结论：" + "、".join(s.results()) + "。不填：尚未" + n + "。",
                  choices=s.results(), synonyms=s.spec.aliases),
           Column(f"{n}:by", f"{n}人", f"作出{n}决定的人（{s.role}）。"),
           Column(f"{n}:date", f"{n}日期", f"{n}的日期。", kind="date"),
           Column(f"{n}:opinion", f"{n}意见", f"{n}意见（结论为不同意时必填）。")]
    if s.kind == "secrecy":
        out += [Column(f"{n}:exemption", f"{n}不予公开类别", "部分公开或不予公开时的类别：" + "、".join(EXEMPTIONS) + "。",
                       choices=EXEMPTIONS),
                Column(f"{n}:removed", f"{n}删除内容", "部分公开时对脱密处理删去内容的说明。"),
                Column(f"{n}:redact", f"{n}删去原文", "部分公开时公开文本中删去的原文，一字不差；多段各占一行。")]
    if s.kind == "risk":
        out += [Column(f"{n}:level", f"{n}等级", "风险等级：低、中、高。", choices=RISK_LEVELS)]
        out += [Column(f"{n}:finding:{d}", f"{n}{d}", f"{d}方面的评估结论（评估时四项都须填写）。") for d in RISK_DIMENSIONS]
        out += [Column(f"{n}:measures", f"{n}防范化解措施", "中风险公开前须写明的防范化解措施。")]
    if s.collective:
        out += [Column(f"{n}:meeting", f"{n}会议", "集体审议的会议，如 局党组会议 2025年第5次。"),
                Column(f"{n}:participants", f"{n}参加人员", "集体审议的参加人员，用“、”分隔。", kind="list")]
    return out


def columns(reg: Register) -> list[Column]:
    p = reg.profile
    cols = [
        Column("id", "编号", "dwgk 的事项编号（GK-年份-六位）；新事项不填，导入时自动编号。"),
        Column("title", "标题", "事项名称（一行）。", required=True, aliases=("事项名称", "名称", "文件名称", "公开事项")),
        Column("entry", "目录编码", "所属公开目录条目的编码；目录外事项不填，改写目录外理由。",
               choices=tuple(e.code for e in reg.catalogue), aliases=("目录条目",)),
        Column("reason", "目录外理由", "不在公开目录中的事项须说明理由。"),
        Column("scope", "公开范围", "公开范围：" + "、".join(p.scopes) + "。", required=True, choices=tuple(p.scopes)),
        Column("channels", "公开形式", "公开形式（渠道），多个用“、”分隔；不填取目录条目的形式。", kind="list",
               choices=tuple(c.name for c in p.channels), aliases=("公开方式", "公开渠道")),
        Column("timing", "时限类型", "长期、定期、及时、随时；不填取目录条目的。", choices=TIMINGS, aliases=("公开时限",)),
        Column("department", "责任部门", "责任部门；不填取目录条目的。", choices=reg.known_departments(), strict=False,
               aliases=("责任科室", "承办科室")),
        Column("attribute", "公文属性", "主动公开、依申请公开、不予公开（政务文件）。", choices=ATTRIBUTES),
        Column("doc_number", "文号", "文件的文号。"),
        Column("doc_date", "成文日期", "文件的成文日期。", kind="date"),
        Column("period", "报告期", "定期公开的事项报告的是哪一期：2025Q3、2025H1 或 2025。"),
        Column("content", "公开内容", "公开的内容（全文或摘要）。", required=True, aliases=("内容", "主要内容"), width=40),
        Column("proposer", "提出人", f"提出事项的人（{p.proposer_role}）。", required=True, aliases=("承办人", "拟稿人")),
        Column("submitted", "提出日期", "提出的日期。", kind="date", required=True, aliases=("拟稿日期", "登记日期")),
    ]
    for s in p.steps:
        cols += step_columns(s)
    if p.first_inner or any(c for c in p.channels if not c.public):
        cols += [Column("inner_date", "党内公开日期", "“先党内、后党外”的事项在党内公开的日期。", kind="date"),
                 Column("inner_channel", "党内公开形式", "党内公开所用的形式。",
                        choices=p.inner_channels())]
    cols += [
        Column("published", "公开日期", "公开（发布）的日期；未公开不填。", kind="date", aliases=("发布日期",)),
        Column("publisher", "公开人", f"办理公开的人（{p.office_role}）。", aliases=("发布人",)),
        Column("channel", "本次公开形式", "这次公开用的形式；不填取公开形式的第一个。",
               choices=tuple(c.name for c in p.channels)),
        Column("index_no", "索引号", "已有的索引号；不填时按本登记簿的规则编号。"),
        Column("withheld", "不公开决定日期", "书面决定不公开的日期。", kind="date"),
        Column("withheld_by", "不公开决定人", "作出不公开决定的人。"),
        Column("withheld_reasons", "不公开理由", "不公开的理由（含公开后可能带来的负面效应）。"),
        Column("withheld_basis", "不公开依据", "不公开的依据。"),
        Column("archived", "归档日期", "立卷归档的日期。", kind="date"),
        Column("archived_by", "归档人", "办理归档的人。"),
    ]
    return cols


# Computed columns an export adds; the importer reads past them.
DERIVED = ("序号", "阶段", "待完成", "下一步")


def make(reg: Register, cells: Cells, item_id: str, today: date) -> dict | None:
    """The item this row records, built step by step by the commands' pure actions; None (with
    the row's problems noted) when any cell is wrong or any step would be refused."""
    p = reg.profile
    c = cells
    fields = dict(title=c.text("title"), entry=c.text("entry") or None, reason=c.text("reason"),
                  scope=c.text("scope"), channels=c.items("channels"), timing=c.text("timing"),
                  department=c.text("department"), attribute=c.text("attribute"), doc_number=c.text("doc_number"),
                  doc_date=c.day("doc_date"), period=c.text("period"), content=c.text("content"))
    by, when = c.text("proposer"), c.day("submitted")
    steps = []
    for s in p.steps:
        result = c.text(f"{s.name}:result")
        if result:
            steps.append((s, result, person(c, f"{s.name}:by", s.name), c.day(f"{s.name}:date", True)))
        elif not c.has(f"{s.name}:result") and any(c.has(col.key) for col in step_columns(s) if col.key.endswith((":by", ":date"))):
            c.problem(f"{s.name}:result", "X025", f"写了{s.name}的人或日期，却没有{s.name}结论",
                      "补写结论，或删去这一步的人和日期。")
    inner = c.day("inner_date") if "inner_date" in c.columns else None
    published, withheld, archived = c.day("published"), c.day("withheld"), c.day("archived")
    publisher = person(c, "publisher", "公开") if published or inner else ""
    withheld_by = person(c, "withheld_by", "不公开决定") if withheld else ""
    archived_by = person(c, "archived_by", "归档") if archived else ""
    index_no = "pending" if reg.config.code else ""  # numbered by the plan (ledger.IndexNumbers)
    if c.problems:
        return None
    try:
        raw, _ = attempt("title", lambda: actions.submit(
            reg, item_id=item_id, by=by, role="", when=when, today=today, **fields))
        item = build_item(raw, Findings(""), item_id, reg.profile)  # submit validated it already
        keys = ["title"]
        for s, result, who, on in steps:
            n = s.name
            keys.append(f"{n}:result")
            ev = review_event(s, result, who, on, c)
            decision = actions.typed(reg, ev)
            ev["content_hash"] = wf.hash_with(item, decision)  # as dwgk review records it
            item = item.with_history((*item.history, decision))
            raw["history"].append(ev)
        if inner is not None:
            keys.append("inner_date")
            channel = c.text("inner_channel") or next(iter(p.inner_channels()), "")
            raw["history"].append(records.event("publish", inner, publisher, p.office_role, channel=channel,
                                                scope=SCOPE_INNER, index_no=index_no))
        if published is not None:
            keys.append("published")
            channel = c.text("channel") or (fields["channels"] or [""])[0] or _entry_channel(reg, fields["entry"])
            raw["history"].append(records.event("publish", published, publisher, p.office_role, channel=channel,
                                                scope=item.scope, index_no=index_no if inner is None else ""))
        item = replayed(reg, c, raw, item_id, keys, today)
        if withheld is not None:
            raw, _ = attempt("withheld", lambda: actions.withhold(
                reg, item, raw, reasons=c.text("withheld_reasons"), basis=c.text("withheld_basis"), ruling="",
                by=withheld_by, role="", when=withheld, today=today))
            keys.append("withheld")
        if archived is not None:
            keys.append("archived")
            raw["history"].append(records.event("archive", archived, archived_by, p.office_role))
            replayed(reg, c, raw, item_id, keys, today)
    except RowError as e:
        stopped(c, e)
        return None
    return raw


def review_event(s: Step, result: str, who: str, on: date, c: Cells) -> dict:
    """The review as ``dwgk review`` writes it (see ``dwgk.items.actions.review``), its
    ``content_hash`` still to be worked out (it covers the decision itself)."""
    n = s.name
    data: dict[str, Any] = {}
    if s.collective:
        data.update(meeting=c.text(f"{n}:meeting"), participants=c.items(f"{n}:participants"))
    if s.kind == "secrecy":
        data.update(exemption=c.text(f"{n}:exemption") if result != "可以公开" else "", removed=c.text(f"{n}:removed"),
                    redact=[p for p in c.text(f"{n}:redact").split("\n") if p.strip()],
                    referred_to="保密部门" if result == "提请审定" else "")
    elif s.kind == "risk":
        data.update(findings={d: c.text(f"{n}:finding:{d}") for d in RISK_DIMENSIONS if c.has(f"{n}:finding:{d}")},
                    level=c.text(f"{n}:level"), measures=c.text(f"{n}:measures"))
    return records.event("review", on, who, s.role, step=n, result=result, opinion=c.text(f"{n}:opinion"),
                         content_hash="-", **data)


def replayed(reg: Register, c: Cells, raw: dict, item_id: str, keys: list[str], today: date) -> Item:
    """The item built from ``raw`` and its history replayed through the kind's checks — the
    guards each command runs, then what ``dwgk check`` asks of an item — each refusal named
    against the column that recorded the step (``keys``: a column per history entry)."""
    f = Findings(actions.item_path(item_id))
    item = build_item(raw, f, item_id, reg.profile)
    errors = f.errors()
    if item is None or errors:
        raise RowError("title", "X040", "记录不完整：" + "；".join(errors), "")
    p = reg.profile
    for i in range(1, len(item.history)):
        try:
            wf.guard_date(item.with_history(item.history[:i]), item.history[i].date, today)
        except Refused as r:
            raise RowError(keys[i], r.code, r.message, r.hint) from None
    at = lambda path, kp: ((kp[1] + 1) if len(kp) > 1 and kp[0] == "history" else 1, 0)  # noqa: E731
    found = [d for d in checks.check_item(p, item, at) + checks.check_item_links(reg, item, today, at)
             if d.severity == "error"]
    for d in found:
        i = min(d.line, len(keys)) - 1
        r = checks.replay(p, item, i) if d.code == "W054" else None  # the step's own refusal (W009 …)
        raise RowError(keys[i], *(r.code, r.message, r.hint) if r is not None else (d.code, d.message, d.hint))
    return item


def _entry_channel(reg: Register, code: str | None) -> str:
    e = reg.entry(code) if code else None
    return e.channels[0] if e is not None and e.channels else ""


# ---------------------------------------------------------------- an item as a row

def row_of(reg: Register, item: Item) -> dict[str, Any]:
    """The item's current revision in the 台账's columns (column key → value): importing the
    row into an empty register gives the same item, for an item whose history the columns
    hold (one decision per step, one publication to each scope)."""
    st = wf.state(reg.profile, item)
    events = wf.current_revision(item)
    submit = item.history[0] if item.history else None
    row: dict[str, Any] = {
        "id": item.id, "title": item.title, "entry": item.entry or "", "reason": item.reason, "scope": item.scope,
        "channels": "、".join(item.channels), "timing": item.timing, "department": item.department,
        "attribute": item.attribute, "doc_number": item.doc_number, "doc_date": item.doc_date, "period": item.period,
        "content": item.content.rstrip("\n"), "proposer": submit.by if submit else item.proposer,
        "submitted": item.submitted}
    for name, e in st.decisions.items():
        row.update({f"{name}:result": e.result, f"{name}:by": e.by, f"{name}:date": e.date,
                    f"{name}:opinion": e.opinion, f"{name}:exemption": e.exemption, f"{name}:removed": e.removed,
                    f"{name}:redact": "\n".join(e.redact),
                    f"{name}:level": e.level, f"{name}:measures": e.measures, f"{name}:meeting": e.meeting,
                    f"{name}:participants": "、".join(e.participants)})
        row.update({f"{name}:finding:{d}": v for d, v in e.findings})
    for e in events:
        if e.action == "publish" and e.scope == SCOPE_INNER and item.scope != SCOPE_INNER and "inner_date" not in row:
            row.update(inner_date=e.date, inner_channel=e.channel, publisher=e.by)
        elif e.action == "publish" and "published" not in row:
            row.update(published=e.date, publisher=e.by, channel=e.channel)
        elif e.action == "withhold":
            row.update(withheld=e.date, withheld_by=e.by, withheld_reasons=e.reasons, withheld_basis=e.basis)
        elif e.action == "archive":
            row.update(archived=e.date, archived_by=e.by)
    row["index_no"] = item.index_no
    return row
