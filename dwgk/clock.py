"""Deadline clocks: a start event, a length, and what happened to the clock since.

Pure domain code. A :class:`Clock` is the *specification* of one time limit — when it
started, how long it is (工作日 or calendar days), which rule and article set it, and the
clock events recorded against it. :func:`run` computes it over a
:class:`dwgk.workdays.Calendar` into a :class:`Result`: the due date, whether it is
provisional (it touches a year without holiday data), and — when asked — an explanation
trace. :func:`state` then says, for a given ``today`` and completion date, whether the
deadline is open, met on a date, or missed by N 工作日.

Clock events (``ClockEvent.kind``), applied in date order (ties keep the given order):

``pause``    the clock stops at the end of that day (e.g. 征求第三方意见: 条例 art. 32-34,
             the consultation time is not counted). The pause day itself is counted as used.
``resume``   the clock runs again from the next day. ``days`` may state the remaining length
             explicitly; otherwise remaining = length − used. The resume day is not counted
             (like a start day).
``restart``  counting starts again from the event day with the full length (``days`` may
             give a new length), dropping earlier use and extensions (补正: 条例 art. 30).
``extend``   adds ``days`` to the length, with the approver in ``by`` (条例 art. 33). The
             clock's ``extension_cap`` bounds the total; days above it are not granted and
             the trace says so. An extension made after the period already ran out does not
             revive it (recorded as a problem).

A pause recorded after the period already ran out does not rescue it either: the due date
stays where it fell, and the trace says why. While paused (no resume yet) there is no due
date and the state is ``paused``.

**Hour clocks** (``unit=HOURS``: 舆情 and 应急, 国办发〔2016〕61号/80号) run on moments, not
days: ``start_at`` (a naive datetime, Beijing time) plus ``length`` hours, without stopping
at weekends or holidays, so the calendar plays no part in their due moment (``Result.due_at``;
``due`` is its day, so everything that sorts or lists by day keeps working). They take no
clock events. :func:`state` then compares ``now`` (default: the end of ``today``) and the
moment the duty was done (``done_at``) with it, to the minute. Every 工作日/日 clock runs
exactly as before.

Example (requests.py builds its reply clocks like this)::

    from dwgk.clock import Clock, ClockEvent, run, state
    c = Clock(rule="reply", label="答复申请", source="条例第三十三条",
              start=received, start_event="收到申请", length=20, unit="workdays",
              extension_cap=20,
              events=(ClockEvent("pause", consult_sent, note="征求第三方意见"),
                      ClockEvent("resume", consult_back, note="第三方答复"),
                      ClockEvent("extend", ext_day, days=20, by="办公室主任")))
    r = run(c, calendar, trace=True)     # r.due, r.provisional, r.trace
    s = state(r, calendar, today, done=replied_on)   # s.status, s.days_late
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dwgk.dates import duration_text, minute
from dwgk.workdays import (ADJUSTED, DAYS, HOLIDAY, IMPORT_HINT, UNITS, WORKDAYS, Calendar,
                           describe_length)

HOURS = "hours"  # an hour clock: runs on through weekends and holidays
END_OF_DAY = time(23, 59)  # "as of today" for an hour clock when no moment is given

PAUSE, RESUME, RESTART, EXTEND = "pause", "resume", "restart", "extend"
WAITING = "waiting"  # trace only: the clock stands still at the end (dropped once the duty ended)
EVENT_KINDS = (PAUSE, RESUME, RESTART, EXTEND)
EVENT_NAMES = {PAUSE: "暂停计时", RESUME: "恢复计时", RESTART: "重新计时", EXTEND: "延长期限"}

OPEN, MET, MISSED, PAUSED = "open", "met", "missed", "paused"
STATUS_NAMES = {OPEN: "未到期", MET: "按时完成", MISSED: "逾期", PAUSED: "暂停计时"}


@dataclass(frozen=True)
class ClockEvent:
    kind: str  # pause | resume | restart | extend
    on: date
    days: int | None = None  # extend: days asked; resume: remaining (optional); restart: new length
    by: str = ""  # who decided (the approver of an extension)
    note: str = ""  # why (征求第三方意见, 补正 …)
    source: str = ""  # article that allows it


@dataclass(frozen=True)
class Clock:
    """One time limit. ``length`` is counted in ``unit`` after ``start`` (start not counted)."""

    rule: str  # stable rule key, e.g. "publish", "reply"
    label: str  # Chinese name of the duty, e.g. "主动公开"
    source: str  # rule/article, e.g. "002 第六条" / "条例第二十六条"
    start: date
    length: int
    unit: str = WORKDAYS  # workdays | days
    start_event: str = ""  # what happened on the start day, e.g. "保密审查通过"
    events: tuple[ClockEvent, ...] = ()
    extension_cap: int | None = None  # total extension allowed (None: no cap)
    roll: bool = True  # calendar-day period ending on a rest day moves to the next 工作日;
    # False for a minimum period (预公开/公示 "at least 7 days"), which simply ends on its day
    start_at: datetime | None = None  # an hour clock's start moment (``start`` is its day)

    def __post_init__(self):
        if self.unit not in UNITS and self.unit != HOURS:
            raise ValueError(f"unknown unit {self.unit!r}")
        if self.length < 0:
            raise ValueError("length must be >= 0")
        if self.unit == HOURS and (self.start_at is None or self.events):
            raise ValueError("an hour clock needs start_at and takes no clock events")


@dataclass(frozen=True)
class TraceStep:
    """One line of an explanation."""

    on: date
    kind: str  # start | skip | adjusted | pause | waiting | resume | restart | extend | roll | due | provisional | problem
    text: str
    name: str = ""  # skip/adjusted: the day's name (周六 / 春节 …)
    day_kind: str = ""  # skip/adjusted: weekend | holiday | adjusted (dwgk.workdays kinds)

    def to_json(self) -> dict:
        out = {"date": self.on.isoformat(), "kind": self.kind, "text": self.text}
        if self.name:
            out["name"], out["day_kind"] = self.name, self.day_kind
        return out


@dataclass(frozen=True)
class Result:
    clock: Clock
    due: date | None  # None while paused
    provisional_years: tuple[int, ...] = ()
    paused_since: date | None = None
    extended: int = 0  # extension days granted
    problems: tuple[str, ...] = ()
    trace: tuple[TraceStep, ...] = ()
    due_at: datetime | None = None  # an hour clock's due moment

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)


@dataclass(frozen=True)
class State:
    status: str  # open | met | missed | paused
    due: date | None
    done: date | None = None
    days_late: int = 0  # 工作日 after due: until done (met late) or until today (outstanding)
    days_left: int = 0  # 工作日 from today to due (open)
    calendar_days_late: int = 0
    provisional_years: tuple[int, ...] = ()  # years without holiday data the late count crossed
    # an hour clock: the moments, and the minutes late (done or outstanding) or left (open)
    due_at: datetime | None = None
    done_at: datetime | None = None
    minutes_late: int = 0
    minutes_left: int = 0

    @property
    def hourly(self) -> bool:
        return self.due_at is not None

    @property
    def outstanding(self) -> bool:
        return self.done is None

    @property
    def overdue(self) -> bool:
        """Not done and past due: what ``dwgk overdue`` lists."""
        return self.status == MISSED and self.done is None

    def late_text(self) -> str:
        """How late, in the clock's own terms: ``3 小时 20 分钟`` or ``2 个工作日``."""
        return duration_text(self.minutes_late) if self.hourly else f"{self.days_late} 个工作日"

    def describe(self) -> str:
        if self.hourly:
            return self._describe_hours()
        if self.status == PAUSED:
            return "暂停计时中"
        if self.status == MET and self.due is None:  # ended while the clock stood still
            return f"已于 {self.done.isoformat()} 结束（计时暂停期间，不计逾期）"
        if self.status == MET:
            return f"已于 {self.done.isoformat()} 按时完成"
        mark = "（暂定）" if self.provisional_years else ""
        if self.status == MISSED:
            if self.done:
                return f"已于 {self.done.isoformat()} 完成，逾期 {self.days_late} 个工作日{mark}"
            return f"已逾期 {self.days_late} 个工作日{mark}"
        if self.days_left == 0:
            return "今日到期"
        return f"未到期，还剩 {self.days_left} 个工作日"

    def _describe_hours(self) -> str:
        if self.status == MET:
            return f"已于 {minute(self.done_at)} 按时完成"
        if self.status == MISSED:
            if self.done_at is not None:
                return f"已于 {minute(self.done_at)} 完成，逾期 {duration_text(self.minutes_late)}"
            return f"已逾期 {duration_text(self.minutes_late)}（{minute(self.due_at)} 到期）"
        return f"未到期，还剩 {duration_text(self.minutes_left)}（{minute(self.due_at)} 到期）"


def _day_phrase(d) -> str:
    if d.kind == ADJUSTED:
        return f"{d.date.isoformat()} {d.name}调休上班，计入"
    if d.kind == HOLIDAY:
        return f"{d.date.isoformat()} {d.name}放假，跳过"
    return f"{d.date.isoformat()} {d.name}休息，跳过"


def _walk(cal: Calendar, a: date, b: date, out: list[TraceStep]) -> None:
    """Trace every rest day skipped and 调休上班 day counted in (a, b] (工作日 periods only:
    a calendar-day period counts rest days and only moves its end, see ``roll``)."""
    for d in cal.notable_days(a, b):
        out.append(TraceStep(d.date, "adjusted" if d.kind == ADJUSTED else "skip", _day_phrase(d),
                             d.name, d.kind))


def _run_hours(clock: Clock, cal: Calendar, trace: bool) -> Result:
    """An hour clock: ``start_at`` + ``length`` hours, straight through rest days."""
    start = clock.start_at
    due = start + timedelta(hours=clock.length)
    out: list[TraceStep] = []
    if trace:
        ev = f"（{clock.start_event}）" if clock.start_event else ""
        out.append(TraceStep(start.date(), "start", f"{start:%H:%M} 起算{ev}；期限 {clock.length} 小时，"
                             "按小时连续计算，休息日和节假日照常计时"))
        rest = [d for d in cal.notable_days(start.date() - timedelta(days=1), due.date()) if d.kind != ADJUSTED]
        if rest:
            days = "、".join(f"{d.date.isoformat()} {d.name}" for d in rest)
            out.append(TraceStep(rest[0].date, "through", f"期间 {days} 为休息日，照常计时（按小时计算的时限不因休息日停止）"))
        basis = f"；依据：{clock.source}" if clock.source else ""
        out.append(TraceStep(due.date(), "due", f"{due:%H:%M} 到期（到期时间 {minute(due)}，"
                             f"{cal.day_name(due.date())}）{basis}"))
    return Result(clock, due.date(), trace=tuple(out), due_at=due)


def run(clock: Clock, cal: Calendar, trace: bool = False) -> Result:
    """Compute a clock's due date (and, with ``trace``, how it was reached)."""
    if clock.unit == HOURS:
        return _run_hours(clock, cal, trace)
    unit = clock.unit
    out: list[TraceStep] = []
    problems: list[str] = []
    seg_start = clock.start
    total = clock.length
    used = 0  # units used before seg_start (in earlier segments)
    extended = 0
    paused_on: date | None = None
    span_from = clock.start  # earliest day whose calendar matters

    if trace:
        ev = f"（{clock.start_event}）" if clock.start_event else ""
        if clock.length == 0:  # due on the day itself (立即公开, the last day for a notice)
            out.append(TraceStep(clock.start, "start", f"期限日{ev}，当日到期"))
        else:
            out.append(TraceStep(clock.start, "start",
                                 f"起算日{ev}，当日不计入；期限 {describe_length(clock.length, unit)}"))

    def end(start: date, n: int) -> date:
        if unit == DAYS and not clock.roll:
            return start + timedelta(days=n)
        return cal.add(start, n, unit)

    def due_now() -> date:
        return end(seg_start, max(total - used, 0))

    for e in sorted(clock.events, key=lambda e: e.on):
        who = f"，{e.by}" if e.by else ""
        why = f"（{e.note}）" if e.note else ""
        src = f"；依据：{e.source}" if e.source else ""
        if e.kind == PAUSE:
            if paused_on is not None:
                problems.append(f"{e.on.isoformat()} 重复暂停：计时已于 {paused_on.isoformat()} 暂停")
                continue
            d = due_now()
            if e.on > d:
                problems.append(f"{e.on.isoformat()} 暂停时期限已于 {d.isoformat()} 届满，暂停不影响到期日")
                if trace:
                    out.append(TraceStep(e.on, "problem", problems[-1]))
                continue
            if trace and unit == WORKDAYS:
                _walk(cal, seg_start, e.on, out)
            used += cal.count(seg_start, e.on, unit)
            paused_on = e.on
            if trace:
                out.append(TraceStep(e.on, PAUSE, f"暂停计时{why}{who}；已用 "
                                     f"{describe_length(used, unit)}，当日计入{src}"))
        elif e.kind == RESUME:
            if paused_on is None:
                problems.append(f"{e.on.isoformat()} 恢复计时，但计时并未暂停")
                continue
            remaining = total - used
            if e.days is not None and e.days != remaining:
                problems.append(f"{e.on.isoformat()} 记录的剩余期限 {e.days} 与计算值 {remaining} 不符，按记录计算")
                remaining = e.days
            stopped = cal.count(paused_on, e.on, unit)
            seg_start = e.on
            used = total - remaining
            paused_on = None
            if trace:
                out.append(TraceStep(e.on, RESUME, f"恢复计时{why}{who}；暂停期间 "
                                     f"{describe_length(stopped, unit)}不计入；剩余 "
                                     f"{describe_length(remaining, unit)}，当日不计入{src}"))
        elif e.kind == RESTART:
            seg_start = e.on
            total = e.days if e.days is not None else clock.length
            used = 0
            extended = 0
            paused_on = None
            span_from = e.on
            if trace:
                out.append(TraceStep(e.on, RESTART, f"重新计时{why}{who}；期限 "
                                     f"{describe_length(total, unit)}，当日不计入{src}"))
        elif e.kind == EXTEND:
            asked = e.days or 0
            if paused_on is None:
                d = due_now()
                if e.on > d:
                    problems.append(f"{e.on.isoformat()} 延期时期限已于 {d.isoformat()} 届满，延期无效")
                    if trace:
                        out.append(TraceStep(e.on, "problem", problems[-1]))
                    continue
            granted = asked
            if clock.extension_cap is not None:
                granted = max(0, min(asked, clock.extension_cap - extended))
                if granted < asked:
                    problems.append(f"{e.on.isoformat()} 延长 {asked} 超过上限 "
                                    f"{describe_length(clock.extension_cap, unit)}，只计 {granted}")
            total += granted
            extended += granted
            if trace:
                cap = (f"，上限 {describe_length(clock.extension_cap, unit)}"
                       if clock.extension_cap is not None else "")
                note = f"；{problems[-1]}" if granted < asked else ""
                out.append(TraceStep(e.on, EXTEND, f"延长期限 {describe_length(granted, unit)}"
                                     f"{why}，批准人：{e.by or '未记录'}{cap}{note}{src}"))
        else:
            problems.append(f"未知的计时事件：{e.kind}")

    if paused_on is not None:
        if trace:
            out.append(TraceStep(paused_on, WAITING, "计时暂停中，恢复后再计算到期日"))
        return Result(clock, None, cal.provisional_years(span_from, paused_on), paused_on,
                      extended, tuple(problems), tuple(out))

    remaining = max(total - used, 0)
    due = end(seg_start, remaining)
    prov = cal.provisional_years(span_from + timedelta(days=1) if due > span_from else span_from, due)
    if trace:
        if unit == WORKDAYS:
            _walk(cal, seg_start, due, out)
        else:
            plain = seg_start + timedelta(days=remaining)
            if plain != due:
                out.append(TraceStep(due, "roll", f"{plain.isoformat()} 为休息日，顺延至下一个工作日"))
        basis = f"；依据：{clock.source}" if clock.source else ""
        mark = "，暂定" if prov else ""
        out.append(TraceStep(due, "due", f"到期日 {due.isoformat()}"
                             f"（{cal.day_name(due)}{mark}）{basis}"))
        for y in prov:  # after the due line it qualifies, not at 1 January
            out.append(TraceStep(due, "provisional",
                                 f"{y} 年尚无节假日数据，暂按周末和固定日期的节日计算（暂定）；{IMPORT_HINT}"))
    # Keep the trace in date order; start first, due and notes last within their day.
    out.sort(key=lambda s: (s.on, _ORDER.get(s.kind, 5)))
    return Result(clock, due, prov, None, extended, tuple(problems), tuple(out))


_ORDER = {"start": 0, RESTART: 1, RESUME: 2, "skip": 3, "adjusted": 3, PAUSE: 4, EXTEND: 4,
          "problem": 6, "roll": 7, "due": 8, "provisional": 9}


def late_by(cal: Calendar, due: date, until: date) -> tuple[int, tuple[int, ...]]:
    """工作日 late when done (or still outstanding) on ``until`` > ``due``: the 工作日 after the
    due date up to ``until``, and at least 1 — a deadline missed on Friday is late on
    Saturday too, not "0 days late". Also the years without holiday data that count
    crossed (the count is then provisional)."""
    return (max(1, cal.workdays_between(due, until)),
            cal.provisional_years(due + timedelta(days=1), until))


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def _hour_state(result: Result, cal: Calendar, today: date, now: datetime | None,
                done_at: datetime | None) -> State:
    """An hour clock, to the minute: met at ``done_at``, missed by N minutes, or open with N left."""
    due_at = result.due_at
    due = due_at.date()
    now = now or datetime.combine(today, END_OF_DAY)
    if done_at is not None:
        done = done_at.date()
        if done_at <= due_at:
            return State(MET, due, done, due_at=due_at, done_at=done_at)
        return State(MISSED, due, done, late_by(cal, due, done)[0], 0, (done - due).days, (),
                     due_at, done_at, _minutes(done_at - due_at))
    if now > due_at:
        return State(MISSED, due, None, late_by(cal, due, now.date())[0], 0, (now.date() - due).days, (),
                     due_at, None, max(1, _minutes(now - due_at)))
    return State(OPEN, due, None, 0, cal.workdays_between(now.date(), due) if due > now.date() else 0,
                 due_at=due_at, minutes_left=_minutes(due_at - now))


def state(result: Result, cal: Calendar, today: date, done: date | None = None, *,
          now: datetime | None = None, done_at: datetime | None = None) -> State:
    """Open, met on ``done``, or missed by N 工作日 (as of ``today`` when not done). An hour
    clock counts minutes, from ``done_at`` (or the end of ``done``) and ``now``."""
    if result.due_at is not None:
        if done_at is None and done is not None:
            done_at = datetime.combine(done, END_OF_DAY)
        return _hour_state(result, cal, today, now, done_at)
    due = result.due
    if due is None:
        if done is not None:
            return State(MET, None, done)
        return State(PAUSED, None)
    if done is not None:
        if done <= due:
            return State(MET, due, done)
        late, prov = late_by(cal, due, done)
        return State(MISSED, due, done, late, 0, (done - due).days, prov)
    if today > due:
        late, prov = late_by(cal, due, today)
        return State(MISSED, due, None, late, 0, (today - due).days, prov)
    return State(OPEN, due, None, 0, cal.workdays_between(today, due))


def serious(result: Result, st: State) -> bool:
    """Seriously late: more than twice the limit late (in the clock's own unit)."""
    if st.status != MISSED:
        return False
    if st.hourly:
        return result.clock.length > 0 and st.minutes_late > 2 * 60 * result.clock.length
    limit = result.clock.length + result.extended
    late = st.days_late if result.clock.unit == WORKDAYS else st.calendar_days_late
    return limit > 0 and late > 2 * limit


__all__ = ["Clock", "ClockEvent", "Result", "State", "TraceStep", "run", "state", "serious", "late_by",
           "PAUSE", "WAITING", "RESUME", "RESTART", "EXTEND", "OPEN", "MET", "MISSED", "PAUSED",
           "STATUS_NAMES", "EVENT_NAMES", "DAYS", "WORKDAYS", "HOURS", "END_OF_DAY"]
