"""Review forms to print and sign: what is decided is filled in, the rest is a line to sign.

Pure functions: each builds a :class:`dwgk.render.Document` (template stem + context) for
one item or request. Forms are internal working papers, not public outputs.

Item forms (``--kind``):

* 审批表 — 党务公开审批表 / 公文呈批表: the proposal, then one block per review step of the
  register's profile that applies to the item (保密审查, 风险评估 with its four findings and
  level, 分管领导 opinion, 主要负责人 approval …), each with signature and date lines;
* 保密审查表, 风险评估表, 三审单 (信息发布三审单: 初审 → 复审 → 终审).

Request forms: 答复书 (政府信息公开申请答复书) and 补正告知书, built from
``dwgk.requests.reply_context``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dwgk.diag import ExitCode, Refused
from dwgk.items import procedure as wf
from dwgk.items.model import Item, ItemEvent
from dwgk.model import Register
from dwgk.procedure import EXEMPTIONS, RISK, RISK_DIMENSIONS, RISK_LEVELS, SECRECY
from dwgk.profile import Profile, Step
from dwgk.render import Document
from dwgk.reply_letter import amend_letter, letter
from dwgk.reports import index_no, timing_text
from dwgk.requests import Request, reply_context

ITEM_KINDS = ("审批表", "保密审查表", "风险评估表", "三审单")
REQUEST_KINDS = ("答复书", "补正告知书")
KINDS = ITEM_KINDS + REQUEST_KINDS

# the results as the forms print them (部分公开 in the seeds' words)
SECRECY_LABELS = {"部分公开": "脱密处理后部分公开"}
DEFAULT_WEB_STEPS = (Step("初审", "approve", "信息稿件编辑", when="web"),
                     Step("复审", "approve", "科室负责人", when="web"),
                     Step("终审", "approve", "分管领导", when="web"))
WEB_CHECKS = {"初审": "文字表述、语法、标点", "复审": "内容真实准确、依据充分、格式规范、信息价值",
              "终审": "是否同意发布"}

# Room for a handwritten opinion (em of 11 pt). The single-purpose forms have few blocks, so
# each gets much; the 审批表 shares what one A4 page leaves among its open blocks (a risk
# block, with its four findings, takes about 8 em of it).
WRITE_EM = {"保密审查表": 9, "风险评估表": 6, "三审单": 6}
APPROVAL_WRITE_EM, RISK_BLOCK_EM, MIN_WRITE_EM, MAX_WRITE_EM = 17.6, 8, 3.2, 9


def write_em(kind: str, blocks: list[dict]) -> float:
    if kind != "审批表":
        return WRITE_EM[kind]
    room = APPROVAL_WRITE_EM - (RISK_BLOCK_EM if any(b["kind"] == "risk" for b in blocks) else 0)
    open_ = sum(1 for b in blocks if not b["decided"] and b["kind"] != "risk")
    return round(min(MAX_WRITE_EM, max(MIN_WRITE_EM, room / max(open_, 1))), 1)

FORM_TITLES = {"审批表": "党务公开审批表", "保密审查表": "公开信息保密审查表",
               "风险评估表": "公开事项风险评估表", "三审单": "信息发布三审单",
               "答复书": "政府信息公开申请答复书", "补正告知书": "政府信息公开申请补正告知书"}


def form_title(register: Register, kind: str, item: Item | None = None) -> str:
    """The 审批表 is named for the item's kind (a 党政务 register keeps both kinds), unless the
    profile names its forms as its seed does (s003: 公文呈批表)."""
    named = getattr(register.profile, "form_titles", {}).get(kind)
    if named:
        return named
    if kind == "审批表":
        k = item.kind if item is not None and register.profile.kind == "党政务" else register.profile.kind
        return {"党务": "党务公开审批表", "政务": "政务公开审批表"}.get(k, "党务政务公开审批表")
    return FORM_TITLES[kind]


def _item_info(register: Register, item: Item) -> dict:
    entry = register.entry(item.entry) if item.entry else None
    st = wf.state(register.profile, item)
    pubs = st.publications
    cadence = entry.cadence if entry is not None and item.timing == entry.timing else ""
    return {
        "id": item.id, "title": item.title, "content": item.content.strip(),
        "entry": f"{entry.code} {entry.name}" if entry else "",
        "category": "／".join(entry.category) if entry else "",
        "outside_reason": item.reason if entry is None else "",
        "scope": item.scope, "channels": "、".join(item.channels),
        "timing": timing_text(item.timing, cadence),
        "department": item.department, "proposer": item.proposer,
        "proposer_role": item.history[0].role if item.history else "",
        "submitted": item.submitted, "doc_number": item.doc_number, "doc_date": item.doc_date,
        "index_no": index_no(item), "major": item.major, "first_inner": wf.first_inner(register.profile, item),
        "revision": 1 + sum(1 for e in item.history if e.action == "revise"),
        "stage": st.stage, "attachments": [a.shown for a in item.attachments],
        "published": [{"date": p.date, "channel": p.channel, "scope": p.scope} for p in pubs],
    }


def _mitigations(item: Item, decision: ItemEvent | None) -> list[dict]:
    if decision is None:
        return []
    return [{"date": e.date, "by": e.by, "text": e.opinion} for e in wf.current_revision(item)
            if e.action == "mitigate" and e.index > decision.index]


def _risk_rounds(step: Step, decision: ItemEvent | None, item: Item) -> list[dict]:
    """The assessments before the latest, each with what was adjusted after it: a 高 assessment,
    the adjustment, then the new assessment (风险评估机制: 调整方案后重新评估)."""
    events = [e for e in wf.current_revision(item) if e.action == "review" and e.step == step.name]
    if decision is None or len(events) < 2:
        return []
    out = []
    final = dict(events[-1].findings)
    for n, (e, nxt) in enumerate(zip(events, events[1:]), 1):
        findings = dict(e.findings)
        # the findings that made the difference (those the new assessment repeats are printed below it)
        out.append({"n": n, "date": e.date, "by": e.by, "role": e.role or step.role,
                    "level": e.level, "result": e.result, "opinion": e.opinion,
                    "findings": [{"dimension": dim, "text": str(findings[dim])} for dim in RISK_DIMENSIONS
                                 if findings.get(dim) and findings.get(dim) != final.get(dim)],
                    "adjustment": nxt.adjustment})
    return out


def _prepublish(profile: Profile, item: Item) -> dict | None:
    """The 预公开 of a major item (dates, channel, opinions received, adjustments), or None when
    the profile asks for none or the item is not 重大事项."""
    if not wf.needs_prepublish(profile, item):
        return None
    st = wf.state(profile, item)
    o, c = st.prepublish_open, st.prepublish_closed
    return {"started": o.date if o else None, "until": o.until.isoformat() if o and o.until else "",
            "channel": o.channel if o else "", "closed": c.date if c else None,
            "opinions": c.opinions if c else None, "adjustments": c.adjustments if c else ""}


def _step_block(step: Step, decision: ItemEvent | None, item: Item) -> dict:
    d = decision
    block: dict[str, Any] = {
        "name": step.name, "kind": step.kind, "role": step.role, "collective": step.collective,
        "final": step.final, "decided": d is not None,
        "result": d.result if d else "", "opinion": d.opinion if d else "",
        "by": d.by if d else "", "by_role": (d.role or step.role) if d else step.role,
        "date": d.date if d else None,
    }
    if step.kind == "secrecy":
        block["options"] = [{"value": v, "label": SECRECY_LABELS.get(v, v), "checked": bool(d and d.result == v)}
                            for v in SECRECY.results]
        ex = d.exemption if d else ""
        block["exemption"] = ex
        block["exemptions"] = [{"label": e, "checked": e == ex} for e in EXEMPTIONS]
        # the passages the public text leaves out, then what the reviewer wrote about them
        passages = "、".join(f"“{p}”" for p in d.redact) if d else ""
        block["removed"] = "；".join(x for x in (f"删去{passages}" if passages else "", d.removed if d else "") if x)
        block["referred_to"] = d.referred_to if d else ""
    elif step.kind == "risk":
        findings = dict(d.findings) if d else {}
        block["findings"] = [{"dimension": dim, "text": findings.get(dim, "")} for dim in RISK_DIMENSIONS]
        level = d.level if d else ""
        block["level"] = level
        block["levels"] = [{"label": lv, "checked": lv == level} for lv in RISK_LEVELS]
        block["decisions"] = [{"label": r, "checked": bool(d and d.result == r)} for r in RISK.results]
        block["measures"] = d.measures if d else ""
        block["mitigations"] = _mitigations(item, d)
        # what the 防范化解措施 line says when nothing was recorded: only 中 (暂缓公开) needs measures
        block["no_measures"] = ("" if d is None else "不适用（决定不公开）" if d.result == "不公开"
                                else "无" if level == "低" else "")
        block["rounds"] = _risk_rounds(step, d, item)
        block["adjustment"] = d.adjustment if d else ""
    else:
        block["options"] = [{"value": v, "label": v, "checked": bool(d and d.result == v)} for v in step.results()]
        if step.collective:  # 党组集体审议: the meeting and who took part (004 四（二）)
            block["meeting"] = d.meeting if d else ""
            block["participants"] = "、".join(d.participants) if d else ""
    return block


def item_form(register: Register, item: Item, kind: str, today: date) -> Document:
    if kind not in ITEM_KINDS:
        raise Refused(f"“{kind}”不是公开事项的表单", "公开事项可用：" + "、".join(ITEM_KINDS)
                      + "；依申请公开的申请可用：" + "、".join(REQUEST_KINDS) + "。", "T030", exit_code=ExitCode.USAGE)
    p = register.profile
    st = wf.state(p, item)
    applicable = wf.applicable_steps(p, item)
    note = ""
    if kind == "审批表":
        steps = [s for s in applicable if s.when != "web"]
    elif kind == "保密审查表":
        steps = [s for s in p.steps if s.kind == "secrecy"]
    elif kind == "风险评估表":
        steps = [s for s in p.steps if s.kind == "risk"]
        if not steps:
            steps = [Step("风险评估", "risk", "分管领导")]
            note = "本登记簿的配置方案未设风险评估步骤，本表供手工填写。"
    else:
        steps = [s for s in p.steps if s.when == "web"]
        if not steps:
            steps = list(DEFAULT_WEB_STEPS)
            note = "本登记簿的配置方案未设信息发布三审步骤，本单供手工填写。"
        elif not any(s in applicable for s in steps):
            note = "该事项的公开形式中没有网站等网络渠道，登记簿不要求三审；如拟网络发布，须先完成三审。"
    blocks = [_step_block(s, st.decisions.get(s.name), item) for s in steps]
    room = write_em(kind, blocks)
    for b in blocks:
        b["checks"] = WEB_CHECKS.get(b["name"], "")
        b["write"] = room
    info = _item_info(register, item)
    web_channels = [c for c in item.channels if (ch := p.channel(c)) is not None and ch.web]
    title = form_title(register, kind, item)
    ctx = {"org": register.config.org, "kind": kind, "title": title, "today": today, "item": info,
           "steps": blocks, "note": note, "profile": p.title, "web_channels": "、".join(web_channels),
           "secrecy": next((b for b in blocks if b["kind"] == "secrecy"), None),
           "risk": next((b for b in blocks if b["kind"] == "risk"), None),
           "prepublish": _prepublish(p, item) if kind == "审批表" else None,
           "next_action": st.next_action}
    # several risk rounds or a 预公开 block: smaller type, so that the form stays on one page
    ctx["dense"] = any(b.get("rounds") for b in blocks) or bool(ctx["prepublish"])
    template = {"审批表": "form_approval", "保密审查表": "form_secrecy", "风险评估表": "form_risk",
                "三审单": "form_web"}[kind]
    return Document(template, ctx, f"{title}（{item.id}）")


def request_form(register: Register, req: Request, kind: str, today: date) -> Document:
    if kind not in REQUEST_KINDS:
        raise Refused(f"“{kind}”不是依申请公开的表单", "依申请公开的申请可用：" + "、".join(REQUEST_KINDS)
                      + "；公开事项可用：" + "、".join(ITEM_KINDS) + "。", "T030", exit_code=ExitCode.USAGE)
    rc = reply_context(register, req)
    text = letter(register, req) if kind == "答复书" else amend_letter(register, req)
    title = text["title"]  # 终止办理告知书 for a lapsed request
    ctx = {"org": register.config.org, "kind": kind, "title": title, "today": today, "r": rc,
           "letter": text, "request": req}
    return Document({"答复书": "form_reply", "补正告知书": "form_amend"}[kind], ctx,
                    f"{title}（{req.id}）")
