"""Building a ``Request`` from its parsed YAML file, with findings (Q1xx).

Request file ``requests/<year>/<ID>.yaml`` (ID ``YS-<year>-<6 hex>``, year of receipt)::

    id: YS-2026-3fa9c1
    received: 2026-09-15        # legal date of receipt, fixed by the channel's fact:
    channel: 邮寄               # 当面 | 邮寄 (挂号/EMS) | 平邮 | 网络 | 传真
    arrived: 2026-09-14         # the day it reached the office (any channel, optional)
    signed: 2026-09-15          # 邮寄: the day the office signed for it
    confirmed: 2026-09-15       # 平邮/网络/传真: the day both sides confirmed it
    applicant: 张三
    applicant_type: 自然人      # 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他
    contact: 联系地址或电话      # optional
    content: 申请公开……          # the information asked for
    form: 纸质                  # the form asked for (纸质, 电子邮件 …), optional
    history:                    # every act, in date order, each with action/date/by/role
    - {action: receive, date: 2026-09-15, by: 李四, role: 政府信息公开工作机构}
    - {action: amend, date: 2026-09-18, by: 李四, points: [写明文件名称], period: 15}
    - {action: amended, date: 2026-09-25, by: 李四}
    - {action: consult, date: 2026-09-28, by: 李四, party: 某公司, party_kind: 第三方, delivered: 2026-09-29}
    - {action: consulted, date: 2026-10-12, by: 李四, party: 某公司, result: 不同意, reasons: …}
    - {action: override, date: 2026-10-14, by: 李四, party: 某公司, reasons: …, notified: 2026-10-15}
    - {action: extend, date: 2026-10-20, by: 李四, days: 20, approved_by: 王主任, reasons: …, told: 2026-10-20}
    - {action: fee, date: …, mode: 按量, quantity: 150, amount: 1700}   # or mode: 成本费, amount, items
    - {action: paid, date: …, amount: 1700}          # or waive (减免) with approved_by, reasons
    - {action: reply, date: …, result: 部分公开, basis: …, reasons: …}
    - {action: deliver, date: …, method: 邮寄}
    - {action: archive, date: …}
    - {action: appeal, date: …, kind: 行政复议, result: 未审结, case: …}
    # also: assign (拟办: department, handler) and lapse (result 其他处理-逾期不补正 / -逾期未缴费)

Nothing derived is stored: the stage, the rules in force, every due date and the lateness
of a 补正 notice are computed from these facts each time.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from dwgk import fees as F
from dwgk import reply_facts
from dwgk.fields import (ID_RE, EventCodes, Findings, as_text, date_field, event_action, event_by, not_text, positive_int,
                         quiet_date, strs, unknown_keys)
from dwgk.profile import Profile
from dwgk.records import read_source, sparse
from dwgk.requests.model import Request, RequestEvent
from dwgk.requests.vocab import (ACTION_NAMES, ACTIONS, APPEAL_KINDS, APPEAL_RESULTS, APPLICANT_TYPES,
                                 CHANNELS, CONSULT_KINDS, EVENT_KEYS, FACT_NAMES, LAPSE_AMEND, LAPSE_FEE,
                                 LAPSES, OPINIONS, OUTCOMES, RECEIPT_FACT, RECEIPT_TEXT, REQUEST_KEYS)


REQUEST_TEXT = frozenset({"applicant", "applicant_type", "channel", "content", "contact", "form"})
EVENT_TEXT = frozenset({"by", "role", "result", "opinion", "party", "party_kind", "kind", "department",
                        "handler", "method", "approved_by", "case"})


def _date(raw: Mapping, key: str, f: Findings, keypath: tuple, required: bool = False) -> date | None:
    return date_field(raw, key, f, keypath, ('Q103', 'Q104'), required)


LATE_CONFIRMATION_HINT = "平常信函应于收到申请的当日与申请人确认，以确认之日为收到申请之日。"


def late_confirmation(channel: str, arrived: date | None, confirmed: date | None) -> str:
    """The Q112 warning when an ordinary letter was confirmed after the day it arrived."""
    if channel == "平邮" and arrived is not None and confirmed is not None and confirmed > arrived:
        return f"平常信函于 {arrived} 收到，{confirmed} 才与申请人确认"
    return ""


def _fee(raw: Mapping, n: int, f: Findings, kp: tuple) -> None:
    mode = as_text(raw.get("mode"))
    if mode not in F.MODES:
        f.add("Q121", f"历史记录第 {n} 条的计费方式“{raw.get('mode')}”无效", "可选：" + "、".join(F.MODES) + "。",
              kp + ("mode",))
    if F.amount_value(raw.get("amount")) is None:
        f.add("Q121", f"历史记录第 {n} 条的收费金额“{raw.get('amount')}”无效",
              f"写不小于 0、不超过 {F.MAX_AMOUNT} 的金额（元，最多两位小数）。", kp + ("amount",))
    top = {F.PER_PAGE: F.MAX_PAGES, F.PER_REQUEST: F.MAX_ORDINAL}.get(mode)
    q = positive_int(raw.get("quantity"))
    if top is not None and (q is None or q > top):
        f.add("Q121", f"历史记录第 {n} 条的{'页数' if mode == F.PER_PAGE else '件数'}“{raw.get('quantity')}”无效",
              f"写 1 至 {top} 的整数。", kp + ("quantity",))


CODES = EventCodes(shape="Q114", unknown="Q102", text="Q125", action="Q115", by="Q116")


def _build_event(raw: Any, i: int, f: Findings, received: date | None) -> RequestEvent | None:
    kp = ("history", i)
    n = i + 1
    action = event_action(raw, i, f, CODES, EVENT_KEYS, EVENT_TEXT, ACTIONS)
    if action is None:
        return None
    d = _date(raw, "date", f, kp + ("date",), required=True)
    event_by(raw, i, f, CODES)
    if d is None:
        return None
    if received is not None and d < received and action != "receive":
        f.add("Q122", f"历史记录第 {n} 条（{ACTION_NAMES[action]}）的日期 {d} 早于收到申请之日 {received}",
              "办理步骤不能早于收到申请之日；核对日期。", kp + ("date",))
    result = as_text(raw.get("result"))
    if action in ("reply", "lapse") and result not in OUTCOMES:
        f.add("Q117", f"历史记录第 {n} 条的办理结果“{result}”不是有效的结果代码",
              "可选：" + "、".join(OUTCOMES) + "。", kp + ("result",))
    if action == "lapse" and result in OUTCOMES and result not in LAPSES:
        f.add("Q117", f"终止办理（lapse）的结果只能是 {LAPSE_AMEND} 或 {LAPSE_FEE}",
              "其他结果用 reply 记录。", kp + ("result",))
    if action == "consult" and as_text(raw.get("party_kind") or "第三方") not in CONSULT_KINDS:
        f.add("Q118", f"历史记录第 {n} 条的被征求意见方类型“{raw.get('party_kind')}”无效",
              "可选：" + "、".join(CONSULT_KINDS) + "。", kp + ("party_kind",))
    if action == "consult" and not raw.get("party"):
        f.add("Q118", f"历史记录第 {n} 条没有写明被征求意见方（party）", "写明第三方或其他机关的名称。", kp)
    if action == "consulted" and result not in OPINIONS:
        f.add("Q118", f"历史记录第 {n} 条的意见“{result}”无效", "可选：" + "、".join(OPINIONS) + "。",
              kp + ("result",))
    if action == "appeal":
        if as_text(raw.get("kind")) not in APPEAL_KINDS:
            f.add("Q119", f"历史记录第 {n} 条的类型“{raw.get('kind')}”无效",
                  "可选：" + "、".join(APPEAL_KINDS) + "。", kp + ("kind",))
        if result not in APPEAL_RESULTS:
            f.add("Q119", f"历史记录第 {n} 条的复议/诉讼结果“{result}”无效",
                  "可选：" + "、".join(APPEAL_RESULTS) + "。", kp + ("result",))
    if action == "extend" and positive_int(raw.get("days")) is None:
        f.add("Q120", f"历史记录第 {n} 条的延长天数“{raw.get('days')}”无效", "写正整数（工作日）。",
              kp + ("days",))
    if action == "amend":
        if raw.get("period") is not None and positive_int(raw.get("period")) is None:
            f.add("Q120", f"历史记录第 {n} 条的补正期限“{raw.get('period')}”无效", "写正整数（工作日）。",
                  kp + ("period",))
        pts = raw.get("points")
        if not pts or not isinstance(pts, (list, str)):
            f.add("Q121", f"历史记录第 {n} 条（补正告知）没有写明需要补正的事项（points）",
                  "补正告知须一次性写明全部需要补正的事项。", kp)
    if action == "fee":
        _fee(raw, n, f, kp)
    for key, code, message, hint in reply_facts.problems(raw):
        f.add(code, f"历史记录第 {n} 条的{message}", hint, kp + (key,))
    if action == "paid" and raw.get("amount") is not None and F.amount_value(raw.get("amount")) is None:
        f.add("Q121", f"历史记录第 {n} 条的缴费金额“{raw.get('amount')}”无效", "写不小于 0 的金额（元，最多两位小数）。",
              kp + ("amount",))
    if action == "override" and not (raw.get("party") and raw.get("reasons")):
        f.add("Q123", f"历史记录第 {n} 条（决定公开）须写明第三方（party）和公共利益理由（reasons）",
              "决定公开的，应将决定公开的内容和理由书面告知第三方（写明 notified 日期）。", kp)
    for key in ("delivered", "notified", "told"):
        if raw.get(key) is not None:
            when = _date(raw, key, f, kp + (key,))
            if when is not None and d is not None and when < d:
                f.add("Q124", f"历史记录第 {n} 条的 {key} 日期 {when} 早于该记录的日期 {d}", "核对日期。", kp + (key,))
    g = raw.get
    return sparse(
        RequestEvent, action=action, date=d, by=as_text(g("by")), role=as_text(g("role")), index=i, result=result, opinion=as_text(g("opinion")),
        department=as_text(g("department")), handler=as_text(g("handler")), points=strs(g("points")),
        period=positive_int(g("period")), content=as_text(g("content")), party=as_text(g("party")),
        party_kind=as_text(g("party_kind")), reasons=as_text(g("reasons")), override=as_text(g("override")),
        notified=quiet_date(g("notified")), delivered=quiet_date(g("delivered")), days=positive_int(g("days")),
        approved_by=as_text(g("approved_by")), told=quiet_date(g("told")), mode=as_text(g("mode")),
        quantity=positive_int(g("quantity")), amount=F.amount_value(g("amount")), items=as_text(g("items")),
        basis=as_text(g("basis")), where=as_text(g("where")), body=as_text(g("body")),
        withheld=as_text(g("withheld")), method=as_text(g("method")), kind=as_text(g("kind")),
        after_review=bool(g("after_review")), case=as_text(g("case")), note=as_text(g("note")),
        since=quiet_date(g("since")), provide=as_text(g("provide")), exemption=as_text(g("exemption")),
        body_contact=as_text(g("body_contact")), doc_number=as_text(g("doc_number")),
        source=read_source(g("source"), f, kp + ("source",), n))


def build_request(data: Any, f: Findings, expected_id: str, profile: Profile | None = None) -> Request | None:
    if not isinstance(data, dict):
        f.add("Q101", "依申请公开文件内容应为映射（键: 值）", "参照 dwgk request new 生成的文件格式。")
        return None
    unknown_keys(data, REQUEST_KEYS, f, (), "依申请公开记录", "Q102")
    rid = as_text(data.get("id"))
    if not ID_RE.match(rid):
        f.add("Q105", f"编号“{rid}”无效", "编号只能含字母、数字、- 和 _。", ("id",))
        return None
    if rid != expected_id:
        f.add("Q106", f"编号“{rid}”与文件名“{expected_id}.yaml”不一致", "文件名必须是“编号.yaml”；改正其中之一。",
              ("id",))
    not_text(data, REQUEST_TEXT, f, (), "Q125")
    for key, label in (("applicant", "申请人"), ("content", "申请内容"), ("channel", "提交方式"),
                       ("applicant_type", "申请人类型")):
        if not data.get(key):
            f.add("Q107", f"缺少{label}（{key}）", f"补写 {key}。", (key,) if key in data else ())
    channel = as_text(data.get("channel"))
    if channel and channel not in CHANNELS:
        f.add("Q108", f"提交方式“{channel}”无效", "可选：" + "、".join(CHANNELS) + "。", ("channel",))
    atype = as_text(data.get("applicant_type"))
    if atype and atype not in APPLICANT_TYPES:
        f.add("Q109", f"申请人类型“{atype}”无效", "可选：" + "、".join(APPLICANT_TYPES) + "。",
              ("applicant_type",))
    received = _date(data, "received", f, ("received",), required=True)
    facts = {k: _date(data, k, f, (k,)) for k in ("arrived", "signed", "confirmed")}
    fact = RECEIPT_FACT.get(channel)
    if received is not None and fact is not None:
        fixed = facts[fact] or (facts["arrived"] if fact == "arrived" else None)
        if fixed is not None and fixed != received:
            f.add("Q110", f"收到申请之日 {received} 与{FACT_NAMES[fact]} {fixed} 不一致",
                  RECEIPT_TEXT[channel] + "。", ("received",))
    arrived = facts["arrived"]
    for k in ("signed", "confirmed"):
        if arrived is not None and facts[k] is not None and facts[k] < arrived:
            f.add("Q111", f"{FACT_NAMES[k]} {facts[k]} 早于到达日期 {arrived}", "核对日期。", (k,))
    late = late_confirmation(channel, arrived, facts["confirmed"])
    if late:
        f.add("Q112", late, LATE_CONFIRMATION_HINT, ("confirmed",), severity="warning")
    history_raw = data.get("history") or []
    if not isinstance(history_raw, list) or not history_raw:
        f.add("Q113", "缺少历史记录（history）", "每件申请至少要有一条 receive 记录。", ("history",))
        history_raw = history_raw if isinstance(history_raw, list) else []
    events = tuple(e for e in (_build_event(r, i, f, received) for i, r in enumerate(history_raw)) if e)
    return Request(id=rid, received=received, channel=channel, applicant=as_text(data.get("applicant")),
                   applicant_type=atype, content=as_text(data.get("content")), history=events,
                   path=f.path, arrived=arrived, signed=facts["signed"], confirmed=facts["confirmed"],
                   contact=as_text(data.get("contact")), form=as_text(data.get("form")))
