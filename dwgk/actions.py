"""Pure functions computing an item's new record for each mutating command.

Each takes the loaded ``Register``, the item's raw YAML mapping and the command's
arguments, checks the procedure (raising ``Refused`` before anything is written) and
returns ``(new_raw, Change)``. The cli hands the result to the writer.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dwgk.diag import ExitCode, Refused
from dwgk.items import ATTRIBUTES, Findings, build_item, has_control
from dwgk.model import SCOPE_PUBLIC, SCOPES, Item, Register
from dwgk.profile import RISK_DIMENSIONS
from dwgk import workflow as wf


@dataclass
class Change:
    """What a command did, for the commit message and its trailers."""

    item: str
    action: str
    summary: str  # 中文, the commit subject
    by: str
    when: date
    step: str = ""
    result: str = ""
    role: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def trailers(self) -> dict[str, str]:
        t = {"Dwgk-Id": self.item, "Dwgk-Action": self.action}
        if self.step:
            t["Dwgk-Step"] = self.step
        if self.result:
            t["Dwgk-Result"] = self.result
        t["Dwgk-By"] = self.by
        if self.role:
            t["Dwgk-Role"] = self.role
        t["Dwgk-Date"] = self.when.isoformat()
        t.update(self.extra)
        return t


def item_path(item_id: str) -> str:
    year = item_id.split("-")[1] if item_id.count("-") >= 2 else "other"
    return f"items/{year}/{item_id}.yaml"


def new_item_id(when: date, token: str) -> str:
    """``GK-<year>-<6 hex>``: random per submission, so two clones cannot collide in practice."""
    return f"GK-{when.year}-{token[:6]}"


def _event(action: str, when: date, by: str, role: str, **kw: Any) -> dict:
    ev = {"action": action, "date": when.isoformat(), "by": by}
    if role:
        ev["role"] = role
    ev.update({k: v for k, v in kw.items() if v not in (None, "", [], {})})
    return ev


def _append(raw: dict, event: dict) -> dict:
    new = copy.deepcopy(raw)
    new.setdefault("history", []).append(event)
    return new


def validate(new_raw: dict, item_id: str) -> Item:
    """Build the new record; refuse if it would not pass its own checks."""
    f = Findings(item_path(item_id))
    item = build_item(new_raw, f, item_id)
    errors = [d.message for _, d in f.pending if d.severity == "error"]
    if item is None or errors:
        raise Refused("新记录不完整：" + "；".join(errors), "补全所缺内容后重试。", "I020")
    return item


def _one_line_title(title: str) -> None:
    if has_control(title.strip()):
        raise Refused("标题只能是一行文字（不能含换行符或控制字符）", "用 --title 写明事项名称。", "I044")


def guard_channels(p, scope: str, channels) -> None:
    """An item narrower than 向社会公开 may not name a channel that reaches society."""
    public = [c for c in channels if wf.is_public(p, c)]
    if scope != SCOPE_PUBLIC and public:
        inner = "、".join(p.inner_channels())
        raise Refused(f"公开范围为“{scope}”的事项不能选用面向社会的公开形式：" + "、".join(public),
                      (f"改用：{inner}。" if inner else "本方案没有不面向社会的公开形式。"), "I041")


def submit(reg: Register, *, item_id: str, entry: str | None, title: str, scope: str,
           channels: list[str], content: str, by: str, role: str, when: date, today: date,
           reason: str = "", department: str = "", timing: str = "", kind: str = "",
           attribute: str = "", doc_number: str = "", doc_date: date | None = None,
           first_inner: bool = False, major: bool = False, interprets: str = "",
           attachments: list[str] | None = None) -> tuple[dict, Change]:
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
    if not channels and e is not None:
        # The entry's channels, less those that would take a narrower item to society.
        channels = [c for c in e.channels if scope == SCOPE_PUBLIC or not wf.is_public(p, c)]
    for c in channels:
        if p.channel(c) is None:
            raise Refused(f"公开形式“{c}”不在本方案的渠道列表中",
                          "可用：" + "、".join(ch.name for ch in p.channels) + "。", "I026")
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
    if doc_date and doc_date > today:
        raise Refused(f"成文日期 {doc_date} 晚于今天（{today}）", "检查 --doc-date。", "I043")
    department = department.strip()
    known = reg.known_departments()
    if department and known and department not in known:
        raise Refused(f"责任部门“{department}”不在本登记簿的部门中",
                      "可用：" + "、".join(known) + "；新部门请加入 dwgk.yaml 的 departments。", "I040")
    if interprets and reg.item(interprets) is None:
        raise Refused(f"被解读的文件“{interprets}”不在登记簿中", "用 dwgk list 查看事项编号。", "I029")
    raw: dict[str, Any] = {"id": item_id, "title": title.strip()}
    if e is not None:
        raw["entry"] = e.code
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
    if attachments:
        raw["attachments"] = attachments
    raw["content"] = content if content.endswith("\n") else content + "\n"
    raw["history"] = [_event("submit", when, by, role or p.proposer_role)]
    validate(raw, item_id)
    return raw, Change(item_id, "submit", f"提出公开事项 {item_id}：{title.strip()}", by, when,
                       role=role or p.proposer_role)


def review(reg: Register, item: Item, raw: dict, *, step: str, result: str, by: str, role: str,
           when: date, today: date, opinion: str = "", exemption: str = "", removed: str = "",
           findings: dict[str, str] | None = None, level: str = "", measures: str = "",
           referred_to: str = "", adjustment: str = "", meeting: str = "",
           participants: list[str] | None = None) -> tuple[dict, Change]:
    p = reg.profile
    wf.guard_date(item, when, today)
    s = wf.guard_review(p, item, step)
    result = s.normalise(result)
    if result not in s.results():
        raise Refused(f"“{step}”的结论“{result}”无效", "可选：" + "、".join(s.results()) + "。", "W020")
    data: dict[str, Any] = {"meeting": meeting.strip(),
                            "participants": [x.strip() for x in participants or () if x.strip()]}
    if s.kind == "secrecy":
        data.update(exemption=exemption if result != "可以公开" else "", removed=removed.strip(),
                    referred_to=referred_to or ("保密部门" if result == "提请审定" else ""))
    elif s.kind == "risk":
        findings = findings or {}
        data.update(findings={d: findings[d] for d in (*RISK_DIMENSIONS, *findings) if d in findings},
                    level=level, measures=measures.strip(), adjustment=adjustment.strip())
    wf.guard_decision(p, item, s, result, opinion, data)
    extra = data
    ev = _event("review", when, by, role or s.role, step=s.name, result=result, opinion=opinion,
                content_hash=wf.item_hash(item), **extra)
    new = _append(raw, ev)
    validate(new, item.id)
    return new, Change(item.id, "review", f"{s.name}：{result}（{item.id}）", by, when,
                       step=s.name, result=result, role=role or s.role,
                       extra={"Dwgk-Level": level} if level else {})


def mitigate(reg: Register, item: Item, raw: dict, *, measures: str, by: str, role: str,
             when: date, today: date) -> tuple[dict, Change]:
    wf.guard_date(item, when, today)
    st = wf.state(reg.profile, item)
    d = st.next_step and st.decisions.get(st.next_step.name)
    if not d or st.next_step.kind != "risk" or d.data.get("level") != "中":
        raise Refused("只有风险评估为“中风险、暂缓公开”的事项才需要记录防范化解措施", st.next_action, "W029")
    if not measures.strip():
        raise Refused("防范化解措施不能为空", "用 --measures 写明措施。", "W027")
    new = _append(raw, _event("mitigate", when, by, role or d.role, step=d.step, opinion=measures.strip()))
    validate(new, item.id)
    return new, Change(item.id, "mitigate", f"记录防范化解措施（{item.id}）", by, when, step=d.step,
                       role=role or d.role)


def prepublish(reg: Register, item: Item, raw: dict, *, channel: str, until: date | None,
               close: bool, opinions: int, adjustments: str, by: str, role: str, when: date,
               today: date) -> tuple[dict, Change]:
    p = reg.profile
    wf.guard_date(item, when, today)
    st = wf.state(p, item)
    wf.guard_open(st, "预公开")
    if not wf.needs_prepublish(p, item):
        raise Refused("该事项不需要预公开", "只有配置方案启用预公开且标为重大事项（major）的事项才预公开。", "W030")
    role = role or p.office_role
    if close:
        if st.prepublish_open is None or st.prepublish_closed is not None:
            raise Refused("没有进行中的预公开", "先用 dwgk prepublish 开始预公开。", "W031")
        until_s = str(st.prepublish_open.data.get("until", ""))
        if until_s and when.isoformat() < until_s:
            raise Refused(f"预公开期至 {until_s}，不能提前结束", "期满后再结束预公开。", "W032")
        ev = _event("prepublish", when, by, role, result="结束", opinions=opinions,
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
        if p.channel(channel) is None:
            raise Refused(f"公开形式“{channel}”不在本方案的渠道列表中",
                          "可用：" + "、".join(c.name for c in p.channels) + "。", "W010")
        if wf.is_public(p, channel) and item.scope != SCOPE_PUBLIC:
            raise Refused(f"该事项批准的公开范围是“{item.scope}”，不能通过面向社会的“{channel}”预公开",
                          wf.inner_hint(p, item, item.scope), "W070")
        from datetime import timedelta
        least = when + timedelta(days=p.prepublish_days)
        until = until or least
        if until < least:
            raise Refused(f"预公开期不得少于 {p.prepublish_days} 天（至少到 {least}）", "延长 --until。", "W035")
        ev = _event("prepublish", when, by, role, result="开始", channel=channel,
                    until=until.isoformat())
        summary = f"预公开（{channel}，至 {until}）（{item.id}）"
    new = _append(raw, ev)
    validate(new, item.id)
    return new, Change(item.id, "prepublish", summary, by, when, result=ev.get("result", ""), role=role)


def next_index_no(reg: Register, when: date) -> str:
    """索引号 ``前段码/YYYY-NNNNN``: serial within this publisher and year."""
    prefix = f"{reg.config.code}/{when.year}-"
    top = 0
    for it in reg.items:
        for e in it.history:
            n = str(e.data.get("index_no", ""))
            if n.startswith(prefix) and n[len(prefix):].isdigit():
                top = max(top, int(n[len(prefix):]))
    return f"{prefix}{top + 1:05d}"


def publish(reg: Register, item: Item, raw: dict, *, channel: str, scope: str, by: str,
            role: str, when: date, today: date) -> tuple[dict, Change]:
    p = reg.profile
    wf.guard_date(item, when, today)
    scope = scope or item.scope
    wf.guard_publish(p, item, channel, scope, when)
    index_no = ""
    if reg.config.code and not any(e.data.get("index_no") for e in item.history):
        index_no = next_index_no(reg, when)
    new = _append(raw, _event("publish", when, by, role or p.office_role, channel=channel,
                              scope=scope, index_no=index_no))
    validate(new, item.id)
    return new, Change(item.id, "publish", f"公开（{scope}，{channel}）（{item.id}）", by, when,
                       result=scope, role=role or p.office_role,
                       extra={"Dwgk-Channel": channel, **({"Dwgk-Index": index_no} if index_no else {})})


def feedback(reg: Register, item: Item, raw: dict, *, opinion: str, handling: str,
             result_published: bool, by: str, role: str, when: date,
             today: date) -> tuple[dict, Change]:
    wf.guard_date(item, when, today)
    st = wf.state(reg.profile, item)
    if not (st.stage in ("published", "archived") or st.prepublish_open is not None):
        raise Refused("只有已公开（或预公开中）的事项才能登记反馈意见", st.next_action, "W036")
    if not opinion.strip():
        raise Refused("反馈意见不能为空", "用 --opinion 写明收到的意见。", "W037")
    new = _append(raw, _event("feedback", when, by, role or reg.profile.office_role,
                              opinion=opinion.strip(), handling=handling.strip(),
                              result_published=True if result_published else None))
    validate(new, item.id)
    return new, Change(item.id, "feedback", f"登记反馈意见（{item.id}）", by, when,
                       role=role or reg.profile.office_role)


def archive(reg: Register, item: Item, raw: dict, *, by: str, role: str, when: date,
            today: date, opinion: str = "") -> tuple[dict, Change]:
    wf.guard_date(item, when, today)
    wf.guard_archive(wf.state(reg.profile, item))
    new = _append(raw, _event("archive", when, by, role or reg.profile.office_role, opinion=opinion))
    validate(new, item.id)
    return new, Change(item.id, "archive", f"立卷归档（{item.id}）", by, when,
                       role=role or reg.profile.office_role)


def withhold(reg: Register, item: Item, raw: dict, *, reasons: str, basis: str, ruling: str,
             by: str, role: str, when: date, today: date) -> tuple[dict, Change]:
    wf.guard_date(item, when, today)
    st = wf.state(reg.profile, item)
    if st.stage in ("published", "archived") or any(e.action == "withhold" for e in wf.current_revision(item)):
        raise Refused("该事项已公开、已归档或已决定不公开，不能再决定不公开", st.next_action, "W040")
    if not reasons.strip() or not basis.strip():
        raise Refused("决定不公开须书面说明理由和依据（含公开后可能带来的负面效应）",
                      "用 --reasons 写理由，--basis 写依据。", "W041")
    new = _append(raw, _event("withhold", when, by, role or reg.profile.office_role,
                              reasons=reasons.strip(), basis=basis.strip(), ruling=ruling.strip()))
    validate(new, item.id)
    return new, Change(item.id, "withhold", f"决定不公开（{item.id}）", by, when,
                       role=role or reg.profile.office_role)


REVISABLE = ("title", "content", "scope", "channels", "attribute")


def correct(reg: Register, item: Item, raw: dict, *, title: str, content: str, scope: str,
            reason: str, by: str, role: str, when: date, today: date,
            attribute: str = "", channels: list[str] | None = None) -> tuple[dict, Change]:
    p = reg.profile
    wf.guard_date(item, when, today)
    st = wf.state(p, item)
    high = (st.stage == "deferred" and st.next_step is not None and st.next_step.kind == "risk"
            and st.decisions[st.next_step.name].data.get("level") == "高")
    if st.stage not in ("published", "returned", "archived", "approved") and not high:
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
            if p.channel(c) is None:
                raise Refused(f"公开形式“{c}”不在本方案的渠道列表中",
                              "可用：" + "、".join(ch.name for ch in p.channels) + "。", "I026")
        new["channels"] = list(dict.fromkeys(channels))
    changed = [k for k in REVISABLE if new.get(k) != raw.get(k)]
    if not changed:
        raise Refused("新版本与现有内容完全相同",
                      "用 --content/--content-file、--title、--scope、--channel 或 --attribute 提交改动。", "W044")
    guard_channels(p, str(new.get("scope", "")), new.get("channels") or ())
    kind = "更正" if st.stage in ("published", "archived") else "修改后重新提交"
    revision = 1 + sum(1 for e in item.history if e.action == "revise")
    # The old revision stays readable in the file itself, not only in git.
    previous = {k: raw.get(k, "") for k in changed}
    new.setdefault("history", []).append(_event(
        "revise", when, by, role or p.proposer_role, kind=kind, reasons=reason.strip(),
        previous=previous, content_hash=wf.item_hash(validate(new, item.id))))
    validate(new, item.id)
    return new, Change(item.id, "revise", f"{kind}（第 {revision + 1} 版）（{item.id}）", by, when,
                       result=kind, role=role or p.proposer_role,
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


