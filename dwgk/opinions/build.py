"""Building an ``Opinion`` from its parsed YAML file, with findings (O1xx).

Record file ``opinions/<year>/<ID>.yaml`` (ID ``YQ-<year>-<6 hex>``, year it was found)::

    id: YQ-2026-1a2b3c
    type: 舆情                   # 舆情 | 应急
    found: 2026-11-20 09:30      # when the unit found it (Beijing time, to the minute)
    source: 微博                  # platform or medium
    summary: 网传某项目资金被挪用
    link: https://…               # optional
    level: 重大                   # 应急: its 级别 as first recorded (optional)
    department: 规划科             # whose work it concerns (optional)
    head: 王局长                   # 主要负责人, first responsible person (seed 002 第五十二条)
    history:
    - {action: found, at: 2026-11-20 09:30, by: 李四, role: 局办公室}
    - {action: assess, at: 2026-11-20 10:10, by: 王局长, value: 有回应价值, level: 较大, plan: 处置预案}
    - {action: report, at: 2026-11-20 10:20, by: 李四, to: 局政务公开工作领导小组}
    - {action: coordinate, at: …, by: …, unit: 市教育局, statement: 统一口径}
    - {action: respond, at: 2026-11-20 15:00, by: 李四, channel: 市政府门户网站, text: …, item: GK-…, link: …}
    - {action: follow, at: …, by: …, note: 后续情况}
    - {action: close, at: …, by: …, outcome: 舆情平息, held: 是}
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from dwgk.dates import parse_datetime
from dwgk.fields import ID_RE, Findings, as_text, not_text, unknown_keys
from dwgk.opinions.model import Opinion, OpinionEvent
from dwgk.opinions.vocab import ACTIONS, EVENT_KEYS, EVENT_TEXT, HELD, OPINION_KEYS, OPINION_TEXT, TYPES
from dwgk.profile import Profile

TIME_HINT = "按 YYYY-MM-DD HH:MM（北京时间）填写，例如 2026-11-20 09:30。"
# what each step must say (a command refuses without it; a hand-edited file is told here)
REQUIRED = {"assess": (("value", "回应价值"), ("plan", "处置预案")), "report": (("to", "报告对象"),),
            "coordinate": (("unit", "沟通的单位"), ("statement", "商定的发布口径")),
            "respond": (("channel", "发布渠道"), ("text", "发布的权威信息")), "follow": (("note", "后续情况"),),
            "close": (("outcome", "处置结果"), ("held", "回应是否站得住（是/否）"))}


def _time(raw: Mapping, key: str, f: Findings, keypath: tuple, required: bool = True) -> datetime | None:
    v = raw.get(key)
    if v is None or v == "":
        if required:
            f.add("O103", f"缺少时间字段“{key}”", TIME_HINT, keypath[:-1] or keypath)
        return None
    t = parse_datetime(v)
    if t is None:
        f.add("O104", f"时间“{v}”无效", "时间须到分钟：" + TIME_HINT, keypath)
    return t


def _build_event(raw: Any, i: int, f: Findings, found: datetime | None) -> OpinionEvent | None:
    kp = ("history", i)
    n = i + 1
    if not isinstance(raw, dict):
        f.add("O110", f"历史记录第 {n} 条格式有误", "每条记录应为包含 action、at、by 的映射。", kp)
        return None
    unknown_keys(raw, EVENT_KEYS, f, kp, f"历史记录第 {n} 条", "O102")
    not_text(raw, EVENT_TEXT, f, kp, "O116")
    action = as_text(raw.get("action"))
    if action not in ACTIONS:
        f.add("O111", f"历史记录第 {n} 条的动作“{action}”无效", "可选：" + "、".join(ACTIONS) + "。", kp + ("action",))
        return None
    at = _time(raw, "at", f, kp + ("at",))
    if not raw.get("by"):
        f.add("O112", f"历史记录第 {n} 条没有记录经办人（by）", "写明由谁办理，例如 by: 张三。", kp)
    if at is None:
        return None
    if found is not None and at < found:
        f.add("O113", f"历史记录第 {n} 条的时间 {raw.get('at')} 早于发现舆情的时间", "核对时间。", kp + ("at",))
    for key, label in REQUIRED.get(action, ()):
        if not as_text(raw.get(key)).strip():
            f.add("O114", f"历史记录第 {n} 条（{action}）没有写{label}（{key}）", f"补写 {key}。", kp)
    if action == "close" and raw.get("held") and as_text(raw.get("held")) not in HELD:
        f.add("O115", f"历史记录第 {n} 条的 held“{raw.get('held')}”无效", "写 是 或 否。", kp + ("held",))
    g = raw.get
    return OpinionEvent(action, at.date(), as_text(g("by")), as_text(g("role")), i, at=at,
                        value=as_text(g("value")), level=as_text(g("level")), plan=as_text(g("plan")),
                        to=as_text(g("to")), unit=as_text(g("unit")), statement=as_text(g("statement")),
                        channel=as_text(g("channel")), text=as_text(g("text")), item=as_text(g("item")),
                        link=as_text(g("link")), note=as_text(g("note")), outcome=as_text(g("outcome")),
                        held=as_text(g("held")))


def build_opinion(data: Any, f: Findings, expected_id: str, profile: Profile | None = None) -> Opinion | None:
    if not isinstance(data, dict):
        f.add("O101", "舆情记录文件内容应为映射（键: 值）", "参照 dwgk opinion new 生成的文件格式。")
        return None
    unknown_keys(data, OPINION_KEYS, f, (), "舆情记录", "O102")
    not_text(data, OPINION_TEXT, f, (), "O116")
    oid = as_text(data.get("id"))
    if not ID_RE.match(oid):
        f.add("O105", f"编号“{oid}”无效", "编号只能含字母、数字、- 和 _。", ("id",))
        return None
    if oid != expected_id:
        f.add("O106", f"编号“{oid}”与文件名“{expected_id}.yaml”不一致", "文件名必须是“编号.yaml”；改正其中之一。", ("id",))
    kind = as_text(data.get("type"))
    if kind not in TYPES:
        f.add("O107", f"类型“{kind}”无效", "可选：" + "、".join(TYPES) + "。", ("type",) if "type" in data else ())
    for key, label in (("source", "发现的平台或媒体"), ("summary", "舆情摘要")):
        if not as_text(data.get(key)).strip():
            f.add("O108", f"缺少{label}（{key}）", f"补写 {key}。", (key,) if key in data else ())
    found = _time(data, "found", f, ("found",))
    history_raw = data.get("history") or []
    if not isinstance(history_raw, list) or not history_raw:
        f.add("O109", "缺少历史记录（history）", "每条记录至少要有一条 found 记录。", ("history",))
        history_raw = history_raw if isinstance(history_raw, list) else []
    events = tuple(e for e in (_build_event(r, i, f, found) for i, r in enumerate(history_raw)) if e)
    g = data.get
    return Opinion(id=oid, type=kind, found=found, source=as_text(g("source")), summary=as_text(g("summary")),
                   history=events, path=f.path, link=as_text(g("link")), level=as_text(g("level")),
                   department=as_text(g("department")), head=as_text(g("head")))
