"""Each ``dwgk opinion …`` command's pure computation (O2xx): the new record and its
``Change``, or a refusal before anything is written. Times are moments to the minute
(Beijing time); ``now`` is the cli's ``--now`` (or the clock), never read here."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from typing import Any

from dwgk import records
from dwgk.clock import run, state as cstate
from dwgk.dates import duration_text, minute
from dwgk.diag import Refused
from dwgk.holidays import register_calendar
from dwgk.model import Register
from dwgk.opinions.build import build_opinion
from dwgk.opinions.deadlines import clock_of
from dwgk.opinions.model import Opinion
from dwgk.opinions.procedure import release_name, state
from dwgk.opinions.rules import Rules, read, response_channels
from dwgk.opinions.vocab import FOLDER, HELD, ID_PREFIX, TYPES
from dwgk.records import Change


def opinion_path(opinion_id: str) -> str:
    return records.path_for(FOLDER, opinion_id)


def new_opinion_id(found: datetime, token: str) -> str:
    return records.new_id(ID_PREFIX, found.year, token)


def validate(new_raw: dict, opinion_id: str) -> Opinion:
    return records.rebuilt(build_opinion, new_raw, opinion_path(opinion_id), opinion_id, None, "O202")


def enabled(register: Register) -> Rules:
    """The register's rules, or a refusal saying how to enable the kind."""
    r, problem = read(register.profile)
    if r is None:
        if problem:
            raise Refused(f"配置方案的舆情规则（opinions）有误：{problem}", "修正 dwgk.yaml 的 overrides 中的 opinions 后重试。",
                          "O203")
        raise Refused("本登记簿的配置方案没有舆情和应急处置的规则（opinions）",
                      "选用启用了舆情处置的配置方案（national、s000、s001、s002），或在 dwgk.yaml 的 overrides 中加入 opinions。",
                      "O203")
    return r


def _event(action: str, at: datetime, by: str, role: str, **kw: Any) -> dict:
    """One history entry as it is written: only the fields that say something."""
    ev: dict[str, Any] = {"action": action, "at": minute(at), "by": by}
    if role:
        ev["role"] = role
    ev.update({k: v.strip() if isinstance(v, str) else v for k, v in kw.items() if v not in (None, "", [], {})})
    return ev


def _append(raw: dict, *events: dict) -> dict:
    new = copy.deepcopy(raw)
    new.setdefault("history", []).extend(events)
    return new


def _change(oid: str, action: str, summary: str, by: str, at: datetime, role: str, result: str = "") -> Change:
    return Change(oid, action, summary, by, at.date(), result=result, role=role, extra={"Dwgk-Time": minute(at)})


def _record(op: Opinion, raw: dict, events: list[dict], action: str, summary: str, by: str, at: datetime,
            role: str, result: str = "") -> tuple[dict, Change]:
    """``raw`` with ``events`` appended, built back as the loader would (refused if incomplete),
    and the change to commit."""
    new_raw = _append(raw, *events)
    validate(new_raw, op.id)
    return new_raw, _change(op.id, action, f"{summary}（{op.id}）", by, at, role, result)


def _not_future(at: datetime, now: datetime, what: str = "时间", option: str = "--at") -> None:
    if at > now:
        raise Refused(f"{what} {minute(at)} 晚于现在（{minute(now)}）", f"登记已经发生的事，时间不能是将来；检查 {option}。",
                      "O201")


def _guard(op: Opinion, at: datetime, now: datetime) -> None:
    _not_future(at, now)
    st = state(op)
    if st.closed is not None:
        raise Refused(f"该{op.type}已于 {minute(st.closed.at)} 办结", "办结后不再登记；新的情况请另行登记（dwgk opinion new）。",
                      "O207")
    if op.found is not None and at < op.found:
        what = "获知突发事件" if op.emergency else "发现舆情"
        raise Refused(f"时间 {minute(at)} 早于{what}的时间 {minute(op.found)}", "检查 --at。", "O205")
    last = max((e.at for e in op.history if e.at is not None), default=None)
    if last is not None and at < last:
        raise Refused(f"时间 {minute(at)} 早于上一步的时间 {minute(last)}", "各步骤须按时间顺序登记；检查 --at。", "O206")


def _level(r: Rules, level: str, option: str = "--level") -> str:
    level = level.strip()
    if level and level not in r.levels:
        raise Refused(f"等级“{level}”不是本配置方案规定的等级", "可选：" + "、".join(r.levels) + f"（{option}）。", "O204")
    return level


def _required(value: str, message: str, hint: str, code: str) -> str:
    if not value.strip():
        raise Refused(message, hint, code)
    return value.strip()


def _head(register: Register, r: Rules, head: str, day: date) -> str:
    """The 第一责任人: named, else the one person the roster (people.yaml) has in the head role on
    ``day``, else the one dwgk.yaml's ``people`` gives that role."""
    if head.strip():
        return head.strip()
    named = list(register.roster.holders(r.head_role, day))
    if not named:
        named = [name for name, role in register.config.people.items() if role == r.head_role]
    if len(named) == 1:
        return named[0]
    raise Refused(f"须写明舆情处置第一责任人（{r.head_role}）",
                  f"用 --head 写姓名，或用 dwgk people add 姓名 --role {r.head_role} 登记（只登记一位时自动采用）。",
                  "O222")


def new(register: Register, *, opinion_id: str, kind: str, found: datetime, source: str, summary: str,
        link: str, level: str, department: str, head: str, by: str, role: str, now: datetime):
    r = enabled(register)
    if kind not in TYPES:
        raise Refused(f"类型“{kind}”无效", "可选：" + "、".join(TYPES) + "（--type）。", "O221")
    _not_future(found, now, "发现时间", "--found")
    source = _required(source, "须写明在哪个平台或媒体发现（--source）", "例如 --source 微博。", "O208")
    summary = _required(summary, "舆情摘要不能为空", "用 --summary 写明舆情的主要内容。", "O209")
    level = _level(r, level)
    role = role or register.profile.office_role
    raw: dict[str, Any] = {"id": opinion_id, "type": kind, "found": minute(found), "source": source,
                           "summary": summary}
    if link.strip():
        raw["link"] = link.strip()
    if level:
        raw["level"] = level
    if department.strip():
        raw["department"] = department.strip()
    raw["head"] = _head(register, r, head, found.date())
    raw["history"] = [_event("found", found, by, role)]
    op = validate(raw, opinion_id)
    clock = clock_of(op, state(op), r, "respond")
    due = (f"，应于 {minute(found + timedelta(hours=clock.length))} 前{'首发权威信息' if op.emergency else '回应'}"
           if clock else "")
    what = f"突发事件（{level}）" if op.emergency and level else kind
    return raw, _change(opinion_id, "opinion-new", f"登记{what} {opinion_id}：{source}{due}", by, found, role)


def assess(register: Register, op: Opinion, raw: dict, *, value: str, level: str, plan: str, by: str, role: str,
           at: datetime, now: datetime):
    r = enabled(register)
    _guard(op, at, now)
    value = _required(value, "须写明回应价值的判断（--value）", "根据舆情内容、公众反应、媒体介入程度判断，例如 --value 有回应价值。", "O210")
    level = _level(r, _required(level, "须确定风险等级（--level）", "可选：" + "、".join(r.levels) + "。", "O204"))
    plan = _required(plan, "须制定相应的处置预案（--plan）", "写明处置预案的要点或文号。", "O211")
    rule = r.rule(level, "respond")
    press = r.rule(level, "press")
    limit = f"；{rule.hours} 小时内发布权威信息" + (f"，{press.hours} 小时内举行新闻发布会" if press else "")
    return _record(op, raw, [_event("assess", at, by, role, value=value, level=level, plan=plan)], "opinion-assess",
                   f"研判：{level}，{value}{limit}", by, at, role, level)


def report(register: Register, op: Opinion, raw: dict, *, to: list[str], by: str, role: str, at: datetime,
           now: datetime):
    r = enabled(register)
    _guard(op, at, now)
    targets = [t.strip() for t in to if t.strip()]
    if not targets:
        raise Refused("须写明报告对象（--to）", "可选：" + "、".join(r.report_to) + "。" if r.report_to else "例如 --to 领导小组。",
                      "O212")
    for t in targets:
        if r.report_to and t not in r.report_to:
            raise Refused(f"报告对象“{t}”不在本配置方案的报告对象中", "可选：" + "、".join(r.report_to) + "（--to，可重复）。",
                          "O212")
    return _record(op, raw, [_event("report", at, by, role, to=t) for t in targets], "opinion-report",
                   f"报告{'、'.join(targets)}", by, at, role)


def coordinate(register: Register, op: Opinion, raw: dict, *, unit: str, statement: str, by: str, role: str,
               at: datetime, now: datetime):
    enabled(register)
    _guard(op, at, now)
    unit = _required(unit, "须写明沟通确认的单位（--unit）", "谁主管谁发声：写明涉及的单位。", "O213")
    statement = _required(statement, "须写明与该单位商定的发布口径（--statement）", "确保发布信息准确一致（第五十三条）。",
                          "O214")
    return _record(op, raw, [_event("coordinate", at, by, role, unit=unit, statement=statement)],
                   "opinion-coordinate", f"与{unit}沟通确认发布口径", by, at, role)


def _linked_item(register: Register, ref: str, at: datetime) -> str:
    """The published item a response went out as (it must be in the register, published by then)."""
    ref = ref.strip()
    if not ref:
        return ""
    item = register.item(ref)
    if item is None:
        raise Refused(f"登记簿中没有编号为“{ref}”的公开事项", "--item 写经本登记簿公开的事项的完整编号（dwgk list 查看）。", "O216")
    pubs = [e.date for e in item.history if e.action == "publish"]
    if not pubs or min(pubs) > at.date():
        raise Refused(f"事项 {ref} 在 {minute(at)} 前尚未公开", "先公开该事项（dwgk publish），或不写 --item、用 --link 写发布地址。",
                      "O216")
    return ref


def respond(register: Register, op: Opinion, raw: dict, *, channel: str, text: str, item: str, link: str, by: str,
            role: str, at: datetime, now: datetime):
    r = enabled(register)
    _guard(op, at, now)
    channel = _required(channel, "须写明发布渠道（--channel）", "例如 --channel 新闻发布会。", "O215")
    allowed = response_channels(register.profile, r)
    if channel not in allowed:
        raise Refused(f"发布渠道“{channel}”不在本配置方案中", "可选：" + "、".join(allowed) + "。", "O215")
    text = _required(text, "须写明发布的权威信息（--text）", "写明回应的要点。", "O217")
    item = _linked_item(register, item, at)
    new_raw = _append(raw, _event("respond", at, by, role, channel=channel, text=text, item=item, link=link))
    new_op = validate(new_raw, op.id)
    st = state(new_op)
    name = release_name(op, len(st.responses))
    note = ""
    cal = register_calendar(register)
    for key in ("respond", "press"):
        clock = clock_of(new_op, st, r, key)
        done = st.first_response if key == "respond" else st.press(r.press_channels)
        if clock is not None and done is not None and done.at == at:
            res = run(clock, cal)
            s = cstate(res, cal, at.date(), done_at=at)
            note += f"；{clock.label}用时 {duration_text(int((at - op.found).total_seconds() // 60))}，" \
                    f"时限 {clock.length} 小时，{'按时' if s.status == 'met' else '逾期 ' + s.late_text()}"
    return new_raw, _change(op.id, "opinion-respond", f"{name}：{channel}{note}（{op.id}）", by, at, role)


def follow(register: Register, op: Opinion, raw: dict, *, note: str, by: str, role: str, at: datetime,
           now: datetime):
    enabled(register)
    _guard(op, at, now)
    note = _required(note, "须写明后续情况（--note）", "例如舆情走势、新的报道、群众反应。", "O218")
    return _record(op, raw, [_event("follow", at, by, role, note=note)], "opinion-follow", f"跟踪：{note[:30]}", by,
                   at, role)


def close(register: Register, op: Opinion, raw: dict, *, outcome: str, held: str, by: str, role: str,
          at: datetime, now: datetime):
    enabled(register)
    _guard(op, at, now)
    if not state(op).responses:
        raise Refused(f"该{op.type}尚未发布任何回应，不能办结", "先发布权威信息（dwgk opinion respond），再办结。", "O219")
    outcome = _required(outcome, "须写明处置结果（--outcome）", "例如舆情平息、谣言已澄清。", "O220")
    if held not in HELD:
        raise Refused(f"--held“{held}”无效", "写 是（回应站得住）或 否（回应被推翻、需更正）。", "O220")
    return _record(op, raw, [_event("close", at, by, role, outcome=outcome, held=held)], "opinion-close",
                   f"办结：{outcome}（回应{'站得住' if held == '是' else '未站住'}）", by, at, role, held)
