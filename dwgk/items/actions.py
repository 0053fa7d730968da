"""Pure functions computing an item's new record for each mutating command.

Each takes the loaded ``Register``, the item, its raw YAML mapping and the command's
arguments, checks the procedure (raising ``Refused`` before anything is written) and
returns ``(new_raw, Change)``. The cli hands the result to the writer.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any, Mapping

from dwgk import records, redaction
from dwgk.dates import parse_period, period_code
from dwgk.diag import ExitCode, Refused
from dwgk.fields import Findings, has_control, names
from dwgk.items import procedure as wf
from dwgk.items import scan
from dwgk.items.attachments import digest, rel_path
from dwgk.items.build import build_event, build_item, file_name_problem
from dwgk.items.deadlines import item_facts, transferred
from dwgk.items.model import Item, ItemEvent
from dwgk.items.signers import sign
from dwgk.items.vocab import ATTRIBUTES, MEDIA, NOT_PROACTIVE, REREVIEW_RESULTS, REVISABLE
from dwgk.model import Register
from dwgk.procedure import RISK_DIMENSIONS
from dwgk.records import Change
from dwgk.serials import Clone, next_index_no
from dwgk.vocab import PERIOD_MONTHS, SCOPE_PUBLIC, SCOPES, wider

PREFIX = "GK"


def item_path(item_id: str) -> str:
    return records.path_for("items", item_id)


def new_item_id(when: date, token: str) -> str:
    return records.new_id(PREFIX, when.year, token)


def validate(reg: Register, new_raw: dict, item_id: str) -> Item:
    """Build the new record; refuse if it would not pass its own checks."""
    return records.rebuilt(build_item, new_raw, item_path(item_id), item_id, reg.profile, "I020")


def typed(reg: Register, ev: dict) -> ItemEvent:
    """A history entry about to be written, as the loader will read it back."""
    e = build_event(ev, 0, Findings(""), reg.profile)
    assert e is not None  # built from dwgk's own arguments, already checked
    return e


def _one_line_title(title: str) -> None:
    if has_control(title.strip()):
        raise Refused("标题只能是一行文字（不能含换行符或控制字符）", "用 --title 写明事项名称。", "I044")


def guard_channels(p, scope: str, channels) -> None:
    """An item narrower than 向社会公开 may not name a channel that reaches society."""
    public = [c for c in channels if p.is_public(c)]
    if scope != SCOPE_PUBLIC and public:
        inner = "、".join(p.inner_channels())
        raise Refused(f"公开范围为“{scope}”的事项不能选用面向社会的公开形式：" + "、".join(public),
                      (f"改用：{inner}。" if inner else "本方案没有不面向社会的公开形式。"), "I041")



def submit(reg: Register, *, item_id: str, entry: str | None, title: str, scope: str,
           channels: list[str], content: str, by: str, role: str, when: date, today: date,
           reason: str = "", department: str = "", timing: str = "", kind: str = "",
           attribute: str = "", doc_number: str = "", doc_date: date | None = None,
           first_inner: bool = False, major: bool = False, interprets: str = "",
           attachments: list[str] | None = None, period: str = "") -> tuple[dict, Change]:
    p = reg.profile
    wf.guard_date(None, when, today)
    if not title.strip():
        raise Refused("标题不能为空", "用 --title 写明事项名称。", "I021")
    _one_line_title(title)
    if not content.strip():
        raise Refused("公开内容不能为空", "用 --content 或 --content-file 提供内容。", "I022")
    e = reg.entry(entry) if entry else None
    if entry and e is None:
        raise Refused(f"公开目录中没有编码为“{entry}”的条目",
                      "用 dwgk catalogue list 查看目录编码；目录外事项不写 --entry，改写 --reason 说明理由。", "I023")
    if e is None and not reason.strip():
        raise Refused("该事项不在公开目录中，须说明理由",
                      "用 --entry 指定目录条目，或用 --reason 说明为何在目录外公开。", "I024")
    if scope not in SCOPES or scope not in p.scopes:
        raise Refused(f"公开范围“{scope}”无效", "可用：" + "、".join(p.scopes) + "。", "I025")
    if e is not None and wider(scope, e.scope) and not reason.strip():
        raise Refused(f"目录条目 {e.code} 的公开范围是“{e.scope}”，该事项以“{scope}”公开超出了目录",
                      f"按目录写 --scope {e.scope}；确需扩大范围的，用 --reason 说明理由（记入事项，随审核审批）。",
                      "W106")
    if not channels and e is not None:
        # The entry's channels, less those that would take a narrower item to society.
        channels = [c for c in e.channels if scope == SCOPE_PUBLIC or not p.is_public(c)]
    for c in channels:
        wf.guard_channel(p, c, "I026")
    guard_channels(p, scope, channels)
    if not channels:
        inner = "、".join(p.inner_channels()) if scope != SCOPE_PUBLIC else ""
        raise Refused("须至少指定一种公开形式",
                      "用 --channel 指定，可重复" + (f"（可用：{inner}）" if inner else "") + "。", "I027")
    if attribute and attribute not in ATTRIBUTES:
        raise Refused(f"公文属性“{attribute}”无效", "可选：" + "、".join(ATTRIBUTES) + "。", "I028")
    if not attribute and p.attribute_required:
        raise Refused("本方案要求拟稿时确定公文属性",
                      "用 --attribute 指定：" + "、".join(ATTRIBUTES) + "。", "I042")
    if doc_date:
        records.guard_not_future(doc_date, today, "I043", "成文日期", "--doc-date")
    department = department.strip()
    known = reg.known_departments()
    if department and known and department not in known:
        raise Refused(f"责任部门“{department}”不在本登记簿的部门中",
                      "可用：" + "、".join(known) + "；新部门请加入 dwgk.yaml 的 departments。", "I040")
    if interprets and reg.item(interprets) is None:
        raise Refused(f"被解读的文件“{interprets}”不在登记簿中", "用 dwgk list 查看事项编号。", "I029")
    role = sign(p, reg.roster, None, "submit", by, role, when)
    raw: dict[str, Any] = {"id": item_id, "title": title.strip()}
    if e is not None:
        raw["entry"] = e.code
        if wider(scope, e.scope):
            raw["scope_reason"] = reason.strip()
    else:
        raw["reason"] = reason.strip()
    raw.update({"scope": scope, "channels": channels,
                "timing": timing or (e.timing if e else "及时"),
                "department": department or (e.department if e else ""), "proposer": by})
    if kind or p.kind == "政务":
        raw["kind"] = kind or "政务"
    for k, v in (("attribute", attribute), ("doc_number", doc_number),
                 ("doc_date", doc_date.isoformat() if doc_date else ""), ("interprets", interprets)):
        if v:
            raw[k] = v
    if first_inner:
        raw["first_inner"] = True
    if major:
        raw["major"] = True
    if period:
        raw["period"] = _period(e, period)
    if attachments:
        raw["attachments"] = attachments
    raw["content"] = content if content.endswith("\n") else content + "\n"
    raw["history"] = [records.event("submit", when, by, role)]
    validate(reg, raw, item_id)
    return raw, Change(item_id, "submit", f"提出公开事项 {item_id}：{title.strip()}", by, when, role=role)


def _period(e, period: str) -> str:
    """The 定期公开 period an item reports on, checked against its entry's cadence."""
    parsed = parse_period(period)
    if parsed is None:
        raise Refused(f"报告期“{period}”无效", "写成 2026Q3（季度）、2026H1（半年）或 2026（年度）。", "D010",
                      exit_code=ExitCode.USAGE)
    months = PERIOD_MONTHS.get(e.cadence) if e is not None and e.timing == "定期" else None
    if months is None:
        raise Refused("只有定期公开的目录条目下的事项才写报告期（--period）", "删去 --period。", "D011")
    if parsed[1] != months:
        raise Refused(f"报告期“{period}”与目录条目 {e.code} 的周期“{e.cadence}”不符",
                      {3: "按季度写，如 2026Q3。", 6: "按半年写，如 2026H1。", 12: "按年度写，如 2026。"}[months], "D011")
    return period_code(*parsed)


def review(reg: Register, item: Item, raw: dict, *, step: str, result: str, by: str, role: str,
           when: date, today: date, opinion: str = "", exemption: str = "", removed: str = "",
           findings: dict[str, str] | None = None, level: str = "", measures: str = "",
           referred_to: str = "", adjustment: str = "", meeting: str = "",
           participants: list[str] | None = None, redact: list[str] | None = None) -> tuple[dict, Change]:
    """``redact``: 部分公开 — the passages of the content the public text leaves out."""
    p = reg.profile
    wf.guard_date(item, when, today)
    s = wf.guard_review(p, item, step)
    result = s.normalise(result)
    if result not in s.results():
        raise Refused(f"“{step}”的结论“{result}”无效", "可选：" + "、".join(s.results()) + "。", "W020")
    redact = list(dict.fromkeys(redact or ()))
    if redact and (s.kind != "secrecy" or result != "部分公开"):
        raise Refused("只有保密审查结论为部分公开时才能删去文字（--redact）",
                      "部分公开：--step " + (s.name if s.kind == "secrecy" else "保密审查")
                      + " --result 部分公开 --redact 文字 --exemption 类别；否则去掉 --redact。", "P100",
                      exit_code=ExitCode.USAGE)
    people = list(names(participants or ()))
    role = sign(p, reg.roster, item, "review", by, role, when, s, tuple(people))
    data: dict[str, Any] = {"meeting": meeting.strip(), "participants": people}
    if s.kind == "secrecy":
        data.update(exemption=exemption if result != "可以公开" else "", removed=removed.strip(), redact=redact,
                    referred_to=referred_to or ("保密部门" if result == "提请审定" else ""))
    elif s.kind == "risk":
        findings = findings or {}
        data.update(findings={d: findings[d] for d in (*RISK_DIMENSIONS, *findings) if d in findings},
                    level=level, measures=measures.strip(), adjustment=adjustment.strip())
    ev = records.event("review", when, by, role, step=s.name, result=result, opinion=opinion,
                       content_hash="-", **data)  # the place of the hash, worked out below
    decision = typed(reg, ev)
    ev["content_hash"] = wf.hash_with(item, decision)  # covers this decision too
    wf.guard_decision(p, item, s, decision)
    if s.kind == "secrecy" and result == "部分公开":
        guard_redactions(item, redact)
    new = records.append(raw, ev)
    validate(reg, new, item.id)
    return new, Change(item.id, "review", f"{s.name}：{result}（{item.id}）", by, when,
                       step=s.name, result=result, role=role,
                       extra={"Dwgk-Level": level} if level else {})


def guard_redactions(item: Item, passages: list[str]) -> None:
    """部分公开 lists the passages the public text leaves out; each must be in the content and
    must not show again once it is replaced by its marker (P101, P102)."""
    if not passages:
        raise Refused("部分公开须列出公开文本中删去的原文，否则公开的仍是全文",
                      "用 --redact 文字 逐段写出要删去的原文（可重复）；公开文本中每处改为“（此处依法删除 N 字）”。",
                      "P101")
    bad = redaction.problems(item.content, passages)
    if bad:
        passage, why = bad[0]
        shown = passage if len(passage) <= 30 else passage[:30] + "…"
        raise Refused(f"删去的文字“{shown}”{why}",
                      "--redact 写内容中的原文，一字不差（dwgk show 可查看内部文本）；太短的文字（如“删除”“字”）"
                      "与删除标记重合，连同前后文字一起删去。", "P102")


def mitigate(reg: Register, item: Item, raw: dict, *, measures: str, by: str, role: str,
             when: date, today: date) -> tuple[dict, Change]:
    wf.guard_date(item, when, today)
    st = wf.state(reg.profile, item)
    d = st.next_step and st.decisions.get(st.next_step.name)
    if not d or st.next_step.kind != "risk" or not (lv := st.next_step.spec.levels.get(d.level)) or not lv.mitigation:
        raise Refused("只有风险评估为“中风险、暂缓公开”的事项才需要记录防范化解措施", st.next_action, "W029")
    if not measures.strip():
        raise Refused("防范化解措施不能为空", "用 --measures 写明措施。", "W027")
    role = sign(reg.profile, reg.roster, item, "mitigate", by, role, when, st.next_step)
    new = records.append(raw, records.event("mitigate", when, by, role, step=d.step, opinion=measures.strip()))
    validate(reg, new, item.id)
    return new, Change(item.id, "mitigate", f"记录防范化解措施（{item.id}）", by, when, step=d.step, role=role)


def prepublish(reg: Register, item: Item, raw: dict, *, channel: str, until: date | None,
               close: bool, opinions: int, adjustments: str, by: str, role: str, when: date,
               today: date) -> tuple[dict, Change]:
    p = reg.profile
    wf.guard_date(item, when, today)
    st = wf.state(p, item)
    wf.guard_open(st, "预公开")
    if not wf.needs_prepublish(p, item):
        raise Refused("该事项不需要预公开", "只有配置方案启用预公开且标为重大事项（major）的事项才预公开。", "W030")
    role = sign(p, reg.roster, item, "prepublish", by, role, when)
    if close:
        if st.prepublish_open is None or st.prepublish_closed is not None:
            raise Refused("没有进行中的预公开", "先用 dwgk prepublish 开始预公开。", "W031")
        until = st.prepublish_open.until
        if until and when < until:
            raise Refused(f"预公开期至 {until}，不能提前结束", "期满后再结束预公开。", "W032")
        ev = records.event("prepublish", when, by, role, result="结束", opinions=opinions,
                    adjustments=adjustments or "无调整")
        summary = f"结束预公开，收到意见 {opinions} 条（{item.id}）"
    else:
        if st.stage != "approved" or [w for w in st.waiting_for if w != wf.PREPUBLISH]:
            raise Refused("审批完成后才能预公开", st.next_action, "W033")
        if st.prepublish_open is not None and st.prepublish_closed is None:
            raise Refused("预公开已在进行中", st.next_action, "W034")
        if not channel:
            raise Refused("开始预公开须指定预公开的渠道", "用 --channel 指定，例如 --channel "
                          + (item.channels[0] if item.channels else p.channels[0].name) + "。", "W074",
                          exit_code=ExitCode.USAGE)
        wf.guard_channel(p, channel, "W010")
        if p.is_public(channel) and item.scope != SCOPE_PUBLIC:
            raise Refused(f"该事项批准的公开范围是“{item.scope}”，不能通过面向社会的“{channel}”预公开",
                          wf.inner_hint(p, item, item.scope), "W070")
        least = when + timedelta(days=p.prepublish_days)
        until = until or least
        if until < least:
            raise Refused(f"预公开期不得少于 {p.prepublish_days} 天（至少到 {least}）", "延长 --until。", "W035")
        ev = records.event("prepublish", when, by, role, result="开始", channel=channel,
                    until=until.isoformat())
        summary = f"预公开（{channel}，至 {until}）（{item.id}）"
    new = records.append(raw, ev)
    validate(reg, new, item.id)
    return new, Change(item.id, "prepublish", summary, by, when, result=ev.get("result", ""), role=role)


def publish(reg: Register, item: Item, raw: dict, *, channel: str, scope: str, by: str,
            role: str, when: date, today: date, clone: Clone = Clone(),
            accept: Mapping[str, str] | None = None) -> tuple[dict, Change]:
    """``clone``: where a first publication's 索引号 comes from (a shared register's clone takes
    it from its own serial block, see ``dwgk.serials``). ``accept``: scan findings the
    publisher accepts, {类别: 理由} (``dwgk.items.scan``)."""
    p = reg.profile
    wf.guard_date(item, when, today)
    scope = scope or item.scope
    wf.guard_publish(p, item, channel, scope, when)
    accepted = scan.guard_publish(p, item, p.is_public(channel), accept or {}, reg.root)
    role = sign(p, reg.roster, item, "publish", by, role, when)
    index_no = ""
    if reg.config.code and not item.index_no:
        index_no = next_index_no(reg, when, clone)
    new = records.append(raw, records.event("publish", when, by, role, channel=channel,
                              scope=scope, index_no=index_no, accepted=accepted))
    validate(reg, new, item.id)
    change = Change(item.id, "publish", f"公开（{scope}，{channel}）（{item.id}）", by, when,
                    result=scope, role=role,
                    extra={"Dwgk-Channel": channel, **({"Dwgk-Index": index_no} if index_no else {})})
    if accepted:  # who accepted which scan finding, and why, in the audit trail
        change.body = change.commit_body(item.title) + "\n\n" + "\n".join(
            f"{by}确认可以公开（{k}）：{why}" for k, why in accepted.items())
    return new, change


def feedback(reg: Register, item: Item, raw: dict, *, opinion: str, handling: str,
             result_published: bool, by: str, role: str, when: date,
             today: date, entry: int | None = None) -> tuple[dict, Change]:
    """A feedback entry (numbered 1, 2 … in the order received), or — with ``entry`` — the
    handling of one recorded earlier without it: each opinion is counted once."""
    wf.guard_date(item, when, today)
    if entry is not None:
        return _handle(reg, item, raw, entry=entry, opinion=opinion, handling=handling,
                       result_published=result_published, by=by, role=role, when=when)
    st = wf.state(reg.profile, item)
    if not (st.stage in ("published", "archived") or st.prepublish_open is not None):
        raise Refused("只有已公开（或预公开中）的事项才能登记反馈意见", st.next_action, "W036")
    if not opinion.strip():
        raise Refused("反馈意见不能为空", "用 --opinion 写明收到的意见。", "W037")
    role = sign(reg.profile, reg.roster, item, "feedback", by, role, when)
    n = len(wf.feedback_entries(item)) + 1
    new = records.append(raw, records.event("feedback", when, by, role,
                              opinion=opinion.strip(), handling=handling.strip(),
                              result_published=True if result_published else None))
    validate(reg, new, item.id)
    return new, Change(item.id, "feedback", f"登记反馈意见第 {n} 条（{item.id}）", by, when, role=role,
                       extra={"Dwgk-Entry": str(n)})


def _handle(reg: Register, item: Item, raw: dict, *, entry: int, opinion: str, handling: str,
            result_published: bool, by: str, role: str, when: date) -> tuple[dict, Change]:
    entries = wf.feedback_entries(item)
    if opinion.strip():
        raise Refused("补登处理情况时不写 --opinion（意见已登记为第 {entry} 条）".format(entry=entry),
                      "去掉 --opinion；收到新的意见时不写 --entry。", "W110", exit_code=ExitCode.USAGE)
    if not handling.strip():
        raise Refused("须用 --handling 写明处理情况", f"dwgk feedback {item.id} --entry {entry} --handling 处理情况。",
                      "W110", exit_code=ExitCode.USAGE)
    if not 1 <= entry <= len(entries):
        listed = "；".join(f"第 {n} 条：{e.opinion[:20]}" for n, e, _ in entries) or "没有反馈意见"
        raise Refused(f"该事项没有第 {entry} 条反馈意见", f"该事项的反馈意见：{listed}。", "W102")
    _, opened, done = entries[entry - 1]
    if done is not None:
        raise Refused(f"第 {entry} 条反馈意见已于 {done.date} 登记处理情况：{done.handling}",
                      "每条意见的处理情况只登记一次；有新的意见时不写 --entry 另行登记。", "W103")
    if when < opened.date:
        raise Refused(f"处理日期 {when} 早于收到意见的日期 {opened.date}", "检查 --date。", "W002")
    role = sign(reg.profile, reg.roster, item, "handle", by, role, when)
    new = records.append(raw, records.event("handle", when, by, role, entry=entry, handling=handling.strip(),
                                            result_published=True if result_published else None))
    validate(reg, new, item.id)
    return new, Change(item.id, "handle", f"登记反馈意见第 {entry} 条的处理情况（{item.id}）", by, when, role=role,
                       extra={"Dwgk-Entry": str(entry)})


def archive(reg: Register, item: Item, raw: dict, *, by: str, role: str, when: date,
            today: date, opinion: str = "") -> tuple[dict, Change]:
    wf.guard_date(item, when, today)
    wf.guard_archive(wf.state(reg.profile, item))
    role = sign(reg.profile, reg.roster, item, "archive", by, role, when)
    new = records.append(raw, records.event("archive", when, by, role, opinion=opinion))
    validate(reg, new, item.id)
    return new, Change(item.id, "archive", f"立卷归档（{item.id}）", by, when, role=role)


def withhold(reg: Register, item: Item, raw: dict, *, reasons: str, basis: str, ruling: str,
             by: str, role: str, when: date, today: date) -> tuple[dict, Change]:
    wf.guard_date(item, when, today)
    st = wf.state(reg.profile, item)
    if st.stage in ("published", "archived", "withdrawn") or any(e.action == "withhold"
                                                                  for e in wf.current_revision(item)):
        raise Refused("该事项已公开、已归档、已撤回或已决定不公开，不能再决定不公开", st.next_action, "W040")
    if not reasons.strip() or not basis.strip():
        raise Refused("决定不公开须书面说明理由和依据（含公开后可能带来的负面效应）",
                      "用 --reasons 写理由，--basis 写依据。", "W041")
    role = sign(reg.profile, reg.roster, item, "withhold", by, role, when)
    new = records.append(raw, records.event("withhold", when, by, role,
                              reasons=reasons.strip(), basis=basis.strip(), ruling=ruling.strip()))
    validate(reg, new, item.id)
    return new, Change(item.id, "withhold", f"决定不公开（{item.id}）", by, when, role=role)


def withdraw(reg: Register, item: Item, raw: dict, *, reasons: str, by: str, role: str, when: date,
             today: date) -> tuple[dict, Change]:
    """Take back an item submitted by mistake, before it is published: it stays in the
    register (stage 已撤回, its history kept) and is counted nowhere — not as 不公开 either."""
    wf.guard_date(item, when, today)
    st = wf.state(reg.profile, item)
    published = next((e for e in item.history if e.action == "publish"), None)
    if published is not None:
        raise Refused(f"该事项已于 {published.date} 公开，不能撤回",
                      f"公开的内容有误的，用 dwgk correct {item.id} 更正；不再公开的，按程序撤下后登记。", "W104")
    if st.stage in ("archived", "withheld", "withdrawn"):
        raise Refused(f"该事项{wf.CLOSED[st.stage]}，不能撤回",
                      "撤回只用于公开前收回误提出的事项；不公开的事项按不公开办理（dwgk withhold、dwgk archive）。",
                      "W104")
    if not reasons.strip():
        raise Refused("须说明撤回的原因", "用 --reason 写明（如：重复提出，以 GK-… 为准）。", "W105",
                      exit_code=ExitCode.USAGE)
    role = sign(reg.profile, reg.roster, item, "withdraw", by, role, when)
    new = records.append(raw, records.event("withdraw", when, by, role, reasons=reasons.strip()))
    validate(reg, new, item.id)
    return new, Change(item.id, "withdraw", f"撤回（{item.id}）", by, when, role=role)


def correct(reg: Register, item: Item, raw: dict, *, title: str, content: str, scope: str,
            reason: str, by: str, role: str, when: date, today: date,
            attribute: str = "", channels: list[str] | None = None) -> tuple[dict, Change]:
    p = reg.profile
    wf.guard_date(item, when, today)
    st = wf.state(p, item)
    high = (st.stage == "deferred" and st.next_step is not None and st.next_step.kind == "risk"
            and (lv := st.next_step.spec.levels.get(st.decisions[st.next_step.name].level)) is not None
            and lv.blocks)
    opened = wf.rereview_opened(item)  # the re-review found it may now be 主动公开
    if st.stage == "withdrawn":
        wf.guard_open(st, "修改")
    if st.stage not in ("published", "returned", "archived", "approved") and not high and opened is None:
        raise Refused("只有已公开（更正）、被退回、已审批未公开或高风险待调整的事项才能提交新版本",
                      "审核中的事项如需修改，请先由审核人登记“不同意”退回。", "W042")
    if not reason.strip():
        raise Refused("须说明更正或修改的原因", "用 --reason 写明。", "W043")
    new = copy.deepcopy(raw)
    if title:
        _one_line_title(title)
        new["title"] = title.strip()
    if content:
        new["content"] = content if content.endswith("\n") else content + "\n"
    if scope:
        if scope not in p.scopes:
            raise Refused(f"公开范围“{scope}”无效", "可用：" + "、".join(p.scopes) + "。", "I025")
        new["scope"] = scope
    if attribute:
        if attribute not in ATTRIBUTES:
            raise Refused(f"公文属性“{attribute}”无效", "可选：" + "、".join(ATTRIBUTES) + "。", "I028")
        new["attribute"] = attribute
    if channels:
        for c in channels:
            wf.guard_channel(p, c, "I026")
        new["channels"] = list(dict.fromkeys(channels))
    if opened is not None and str(new.get("attribute") or "") in NOT_PROACTIVE:
        raise Refused(f"年度复核（{opened.date}）的结论是调整为主动公开，新版本的公文属性应为主动公开",
                      "写 --attribute 主动公开。", "W112")
    changed = [k for k in REVISABLE if new.get(k) != raw.get(k)]
    if not changed and opened is None:
        raise Refused("新版本与现有内容完全相同",
                      "用 --content/--content-file、--title、--scope、--channel 或 --attribute 提交改动。", "W044")
    guard_channels(p, str(new.get("scope", "")), new.get("channels") or ())
    e = reg.entry(item.entry) if item.entry else None
    if e is not None and scope and wider(scope, e.scope) and not item.scope_reason:
        new["scope_reason"] = reason.strip()  # the reason for the new version says why it goes wider
    role = sign(p, reg.roster, item, "revise", by, role, when)
    if opened is not None:
        kind = "复核后主动公开"
    else:
        kind = "更正" if st.stage in ("published", "archived") else "修改后重新提交"
    revision = 1 + sum(1 for e in item.history if e.action == "revise")
    # The old revision stays readable in the file itself, not only in git.
    previous = {k: raw.get(k, "") for k in changed}
    ev = records.event("revise", when, by, role, kind=kind, reasons=reason.strip(), previous=previous,
                       content_hash="-")  # the place of the hash: the new version's, before any decision
    new.setdefault("history", []).append(ev)
    ev["content_hash"] = wf.item_hash(validate(reg, new, item.id))
    validate(reg, new, item.id)
    return new, Change(item.id, "revise", f"{kind}（第 {revision + 1} 版）（{item.id}）", by, when,
                       result=kind, role=role,
                       extra={"Dwgk-Revision": str(revision + 1)})


def parse_findings(values: list[str]) -> dict[str, str]:
    out = {}
    for v in values:
        k, sep, text = v.partition("=")
        if not sep:
            k, sep, text = v.partition("＝")
        if not sep:
            raise Refused(f"评估结论“{v}”格式有误", "写成 --finding 合法性=结论。", "W045")
        out[k.strip()] = text.strip()
    return out




# ---------------------------------------------------------------- records beside the procedure
# 移送 (transfer), the yearly re-review (rereview) and the meeting notice (meeting) close
# deadlines (dwgk.deadlines) without moving the item through its review: they need no
# particular stage, and may be recorded late with their true date — the record goes into
# the history in date order (the history stays sorted, see check W052).


def _record_date(item: Item, when: date, today: date) -> None:
    records.guard_not_future(when, today, "W001")
    if item.submitted is not None and when < item.submitted:
        raise Refused(f"日期 {when} 早于事项提出的日期 {item.submitted}", "检查 --date。", "W002")


def _enabled(reg: Register, key: str, what: str) -> None:
    if reg.profile.limit(key) is None:
        raise Refused(f"本登记簿的配置方案（{reg.profile.title}）没有{what}的规定，无需登记",
                      "如本机关确有此项制度，在 dwgk.yaml 的 overrides: limits: 中启用该规则。", "D020")


def _facts(reg: Register, item: Item):
    return item_facts(item, tuple(s for s in reg.profile.steps if s.kind in ("secrecy", "risk")))


def transfer(reg: Register, item: Item, raw: dict, *, medium: str, by: str, role: str,
             when: date, today: date, note: str = "") -> tuple[dict, Change]:
    """移送: the published item's electronic or paper text went to the reading room (seed 002
    第六十一条). Concerns the current revision's publication to society."""
    _medium(reg, medium)
    _record_date(item, when, today)
    f = _facts(reg, item)
    if item.kind != "政务" or f.publish_public is None:
        raise Refused(f"{item.id} 尚未作为政务信息向社会公开，不需要移送",
                      "移送的是已主动公开的政府信息：公开（dwgk publish）后再移送。", "D022")
    if when < f.publish_public:
        raise Refused(f"移送日期 {when} 早于公开日期 {f.publish_public}", "检查 --date。", "D023")
    done = transferred(f, medium)
    if done is not None:
        raise Refused(f"{item.id} 本次公开的{medium}文本已于 {done} 移送", "无需重复登记。", "D024")
    role = sign(reg.profile, reg.roster, item, "transfer", by, role, when)
    new = records.insert_by_date(raw, records.event("transfer", when, by, role, medium=medium, opinion=note.strip()))
    validate(reg, new, item.id)
    return new, Change(item.id, "transfer", f"移送查阅场所（{medium}文本）（{item.id}）", by, when,
                       result=medium, role=role)


def _medium(reg: Register, medium: str) -> None:
    if medium not in MEDIA:
        raise Refused(f"移送形式“{medium}”无效", "--medium 写 电子 或 纸质。", "D021", exit_code=ExitCode.USAGE)
    _enabled(reg, "transfer_electronic" if medium == "电子" else "transfer_paper", f"{medium}文本移送")


def pending_transfers(reg: Register, medium: str, until: date,
                      month: tuple[int, int] | None = None) -> list[Item]:
    """Items published to society by ``until`` (in ``month``, if given) whose current
    publication has not yet gone to the reading room in ``medium`` — what a batch moves."""
    _medium(reg, medium)
    out = []
    for item in reg.items:
        if item.kind != "政务":
            continue
        f = _facts(reg, item)
        pub = f.publish_public
        if pub is None or pub > until or transferred(f, medium) is not None:
            continue
        if month is None or (pub.year, pub.month) == month:
            out.append((pub, item.id, item))
    return [item for _, _, item in sorted(out)]


def rereview(reg: Register, item: Item, raw: dict, *, result: str, opinion: str, by: str,
             role: str, when: date, today: date) -> tuple[dict, Change]:
    """The yearly re-review of a 依申请公开/不公开 classification (seed 002 第五十五条):
    维持, or 调整为主动公开 (then ``dwgk correct --attribute 主动公开`` starts the new version)."""
    _enabled(reg, "rereview", "年度复核")
    if result not in REREVIEW_RESULTS:
        raise Refused(f"复核结论“{result}”无效", "可选：" + "、".join(REREVIEW_RESULTS) + "。", "D025",
                      exit_code=ExitCode.USAGE)
    _record_date(item, when, today)
    f = _facts(reg, item)
    if item.attribute not in NOT_PROACTIVE and f.classified is None:
        raise Refused(f"{item.id} 不是依申请公开或不公开的信息，不需要年度复核",
                      "年度复核的对象是公文属性为依申请公开、不予公开，或已决定不公开的事项。", "D026")
    if any(d.year == when.year for d in f.rereviews):
        raise Refused(f"{item.id} 已登记过 {when.year} 年度的复核", "每年复核一次；如结论有误，在 git 中撤销那次提交。",
                      "D027")
    if result == "调整为主动公开" and not opinion.strip():
        raise Refused("调整为主动公开须写明理由（并经分管领导审核）", "用 --opinion 写明。", "D028")
    role = sign(reg.profile, reg.roster, item, "rereview", by, role, when)
    new = records.insert_by_date(raw, records.event("rereview", when, by, role, result=result, opinion=opinion.strip()))
    validate(reg, new, item.id)
    return new, Change(item.id, "rereview", f"{when.year} 年度复核：{result}（{item.id}）", by, when,
                       result=result, role=role)


def pending_rereviews(reg: Register, year: int) -> list[Item]:
    """Items held back from 主动公开 before ``year`` and not yet re-reviewed in it."""
    _enabled(reg, "rereview", "年度复核")
    out = []
    for item in reg.items:
        f = _facts(reg, item)
        if item.attribute not in NOT_PROACTIVE and f.classified is None:
            continue
        since = f.classified or item.doc_date or item.submitted
        if since is None or since.year >= year or any(d.year >= year for d in f.rereviews):
            continue
        if f.publish is not None and f.publish > since:
            continue  # already public again
        out.append(item)
    return sorted(out, key=lambda i: i.id)


def meeting(reg: Register, item: Item, raw: dict, *, meeting_date: date, name: str, by: str,
            role: str, when: date, today: date) -> tuple[dict, Change]:
    """The notice of the meeting that decides the item went out on ``when`` (seed 002
    第三十条（三）: at least 2 工作日 ahead). The meeting itself may still be ahead."""
    _enabled(reg, "meeting_notice", "会议提前通知")
    _record_date(item, when, today)
    if meeting_date < when:
        raise Refused(f"会议日期 {meeting_date} 早于通知日期 {when}", "--on 写会议日期，--date 写发出通知的日期。",
                      "D029", exit_code=ExitCode.USAGE)
    role = sign(reg.profile, reg.roster, item, "meeting", by, role, when)
    new = records.insert_by_date(raw, records.event("meeting", when, by, role, meeting_date=meeting_date.isoformat(),
                              opinion=name.strip()))
    validate(reg, new, item.id)
    return new, Change(item.id, "meeting", f"发出会议通知（会议 {meeting_date}）（{item.id}）", by, when,
                       role=role)


# ---------------------------------------------------------------- attachments

def _guard_attachments_open(reg: Register, item: Item, what: str) -> None:
    """Attachments are fixed with what is reviewed: none added or taken away once a decision
    covers the item (its hash would no longer match), nor after publication."""
    st = wf.state(reg.profile, item)
    current = wf.current_revision(item)
    if any(e.action == "publish" for e in current) or st.stage in ("published", "archived", "withheld", "withdrawn"):
        raise Refused(f"事项 {item.id} {wf.CLOSED.get(st.stage, '已经公开')}，不能再{what}附件",
                      f"公开的内容要改的，用 dwgk correct {item.id} 更正。", "I048")
    if any(e.content_hash for e in current):
        raise Refused(f"事项 {item.id} 已有审核结论，不能再{what}附件：审核审批的是当时的内容和附件",
                      "请审核人登记“不同意”退回后修改（dwgk correct），或撤回（dwgk withdraw）后重新提出。", "I048")


def attach(reg: Register, item: Item, raw: dict, *, files: list[tuple[str, bytes]], public_name: str,
           by: str, when: date, today: date) -> tuple[dict, Change, dict[str, bytes]]:
    """Record ``files`` ((file name, bytes) each) as the item's attachments: the new item
    file, the commit, and the files to copy into ``attachments/<ID>/``."""
    wf.guard_date(item, when, today)
    _guard_attachments_open(reg, item, "添加")
    if public_name and len(files) != 1:
        raise Refused("--public-name 只能用于一个附件", "逐个添加，各自写明公开名称。", "I049")
    taken = {a.file for a in item.attachments}
    listed = list(raw.get("attachments") or [])
    out: dict[str, bytes] = {}
    for name, data in files:
        problem = file_name_problem(name)
        if problem or name in taken:
            raise Refused(f"附件文件名“{name}”不能用：" + (problem or "该事项已有同名附件"),
                          "把文件改名后再添加（同名附件先用 dwgk detach 删去）。", "I049")
        taken.add(name)
        listed.append({"file": name, "name": public_name or name, "size": len(data), "sha256": digest(data)})
        out[rel_path(item.id, name)] = data
    new = copy.deepcopy(raw)
    new["attachments"] = listed
    validate(reg, new, item.id)
    names_ = "、".join(n for n, _ in files)
    return new, Change(item.id, "attach", f"添加附件 {names_}（{item.id}）", by, when), out


def detach(reg: Register, item: Item, raw: dict, *, file: str, by: str, when: date,
           today: date) -> tuple[dict, Change, str]:
    """Take attachment ``file`` away before any decision: the new item file, the commit and
    the file to delete."""
    wf.guard_date(item, when, today)
    _guard_attachments_open(reg, item, "删去")
    if file not in {a.file for a in item.attachments}:
        have = "、".join(a.file for a in item.attachments) or "无"
        raise Refused(f"事项 {item.id} 没有名为“{file}”的附件", f"该事项的附件：{have}。", "I049")
    new = copy.deepcopy(raw)
    new["attachments"] = [a for a in raw.get("attachments") or []
                          if (a.get("file") if isinstance(a, dict) else str(a)) != file]
    if not new["attachments"]:
        del new["attachments"]
    validate(reg, new, item.id)
    return new, Change(item.id, "detach", f"删去附件 {file}（{item.id}）", by, when), rel_path(item.id, file)
