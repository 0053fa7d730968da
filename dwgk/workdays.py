"""The 工作日 calendar: which days are working days, and period arithmetic over them.

Pure domain code: no I/O, no environment, no clock. ``chinese_calendar`` is imported lazily,
the first time a calendar actually needs the library's data.

Counting convention (domain.md §10; 民法典 art. 201, 203):

* the day a period starts is **not counted**; counting begins the next day;
* ``N 工作日`` after a day is the N-th 工作日 after it (:meth:`Calendar.add_workdays`);
* a period of N calendar days that ends on a rest day ends on the next 工作日
  (:meth:`Calendar.add_days`);
* a 工作日 is a Monday-Friday that is not a statutory rest day, plus every weekend day the
  State Council's notice declares a working day (调休上班).

Where the data come from, per year (:meth:`Calendar.year_source`):

1. the register's ``holidays.yaml`` for the years it names (see ``dwgk.holidays``);
2. otherwise the ``chinesecalendar`` library (2004 up to the last year it knows);
3. otherwise nothing: the year is **provisional** — weekends and the fixed-date statutory
   holidays of 全国年节及纪念日放假办法 (元旦 1-1, 劳动节 5-1/5-2, 国庆节 10-1..10-3; the lunar
   festivals and 清明 cannot be placed without the notice) are rest days, and every result
   that touches such a year says so (``provisional``), so that the user imports the notice
   (``dwgk calendar import 通知.txt``).

We never call chinese_calendar's helper functions (some mis-handle a start on a rest day);
we read its ``constants.holidays`` / ``constants.workdays`` dicts once and build our own sets.
Counting uses a prefix-sum array over ordinals, so ``add_workdays`` and
``workdays_between`` cost O(log n) / O(1) whatever the distance.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Iterable, Mapping

# Kinds of day, as returned by Calendar.kind().
WORKDAY = "workday"  # an ordinary Monday-Friday
WEEKEND = "weekend"  # an ordinary Saturday/Sunday
HOLIDAY = "holiday"  # a statutory rest day (法定节假日 / 调休休息)
ADJUSTED = "adjusted"  # a weekend day declared a working day (调休上班)

SOURCE_LIBRARY = "library"
SOURCE_FILE = "holidays.yaml"
SOURCE_PROVISIONAL = "provisional"

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")

# The library names festivals in English; users read Chinese.
LIBRARY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

IMPORT_HINT = "导入该年的国务院节假日安排通知：dwgk calendar import 通知.txt"

# Rest days a provisional year certainly has: the fixed-date holidays of 全国年节及纪念日放假办法
# (2024 revision). The notice later adds the lunar festivals, 清明 and the 调休 days.
FIXED_HOLIDAYS = {(1, 1): "元旦", (5, 1): "劳动节", (5, 2): "劳动节",
                  (10, 1): "国庆节", (10, 2): "国庆节", (10, 3): "国庆节"}


@dataclass(frozen=True)
class Span:
    """A run of statutory rest days, ``start``..``end`` inclusive."""

    start: date
    end: date
    name: str = ""

    def days(self) -> Iterable[date]:
        d = self.start
        while d <= self.end:
            yield d
            d += timedelta(days=1)


@dataclass(frozen=True)
class YearData:
    """One year's rest days and 调休上班 days, as one notice states them.

    ``rest`` spans may reach into the neighbouring year (the 2023 notice's 元旦 runs
    2022-12-31 … 2023-01-02); those dates are applied too.
    """

    year: int
    rest: tuple[Span, ...] = ()
    workdays: tuple[tuple[date, str], ...] = ()  # (调休上班 date, festival name)
    notice: str = ""  # 文号, e.g. 国办发明电〔2025〕7号
    title: str = ""
    reason: str = ""  # why it deliberately differs from the library, if it does
    source: str = SOURCE_FILE

    def rest_days(self) -> list[date]:
        return sorted({d for s in self.rest for d in s.days()})

    def work_days(self) -> list[date]:
        return sorted({d for d, _ in self.workdays})


@dataclass(frozen=True)
class YearSource:
    year: int
    kind: str  # library | holidays.yaml | provisional
    notice: str = ""

    def describe(self) -> str:
        if self.kind == SOURCE_LIBRARY:
            return "chinesecalendar 库"
        if self.kind == SOURCE_FILE:
            return f"holidays.yaml（{self.notice}）" if self.notice else "holidays.yaml"
        return "暂定（无节假日数据，按周末和固定日期的节日计算）"


@dataclass(frozen=True)
class Day:
    """A day a period stepped over or counted that is not an ordinary weekday."""

    date: date
    kind: str  # WEEKEND | HOLIDAY | ADJUSTED
    name: str  # 周六 / 春节 / …

    def to_json(self) -> dict:
        return {"date": self.date.isoformat(), "kind": self.kind, "name": self.name}


@lru_cache(maxsize=1)
def library_data() -> tuple[dict[date, str], dict[date, str], frozenset[int]]:
    """(rest days, 调休上班 days, years covered) from chinesecalendar, read once."""
    from chinese_calendar import constants  # lazy: only when a calendar is first needed

    rest = {d: LIBRARY_NAMES.get(n, n) for d, n in constants.holidays.items()}
    work = {d: LIBRARY_NAMES.get(n, n) for d, n in constants.workdays.items()}
    years = frozenset(range(min(rest).year, max(rest).year + 1))
    return rest, work, years


def library_year(year: int) -> YearData | None:
    """The library's data for one year, as YearData (one single-day span per rest day)."""
    rest, work, years = library_data()
    if year not in years:
        return None
    spans = tuple(Span(d, d, n) for d, n in sorted(rest.items()) if d.year == year)
    wd = tuple((d, n) for d, n in sorted(work.items()) if d.year == year)
    return YearData(year, spans, wd, source=SOURCE_LIBRARY)


class Calendar:
    """The 工作日 calendar of a register (or of the library alone).

    ``years`` maps a year to the data a register's ``holidays.yaml`` gives for it; those years
    take precedence over the library. ``library=False`` uses the given years only (tests).
    Instances are immutable from the outside; lookup tables are built on first use.
    """

    def __init__(self, years: Mapping[int, YearData] | None = None, *, library: bool = True):
        self._years = dict(years or {})
        self._use_library = library
        self._built = False
        self._rest: dict[date, str] = {}
        self._work: dict[date, str] = {}
        self._covered: dict[int, YearSource] = {}
        self._lo = 0  # ordinal of the first day in the prefix array
        self._cum: list[int] = []  # _cum[i] = number of 工作日 in [lo, lo + i)

    # -- construction -------------------------------------------------------------------

    @property
    def years(self) -> Mapping[int, YearData]:
        """The register-supplied years (holidays.yaml)."""
        return self._years

    def _build(self) -> None:
        if self._built:
            return
        rest: dict[date, str] = {}
        work: dict[date, str] = {}
        covered: dict[int, YearSource] = {}
        if self._use_library:
            lrest, lwork, lyears = library_data()
            for y in lyears:
                if y not in self._years:
                    covered[y] = YearSource(y, SOURCE_LIBRARY)
            for d, n in lrest.items():
                if d.year not in self._years:
                    rest[d] = n
            for d, n in lwork.items():
                if d.year not in self._years:
                    work[d] = n
        for y, data in sorted(self._years.items()):
            covered[y] = YearSource(y, SOURCE_FILE, data.notice)
            for s in data.rest:
                for d in s.days():
                    rest[d] = s.name
                    work.pop(d, None)
        for y, data in sorted(self._years.items()):
            for d, n in data.workdays:
                work[d] = n
                rest.pop(d, None)
        self._rest, self._work, self._covered = rest, work, covered
        self._built = True
        years = set(covered) or {2026}
        self._index(min(years), max(years))

    def _index(self, first_year: int, last_year: int) -> None:
        """(Re)build the prefix array to cover first_year..last_year (whole years)."""
        if self._cum:
            first_year = min(first_year, date.fromordinal(self._lo).year)
            last_year = max(last_year, date.fromordinal(self._lo + len(self._cum) - 2).year)
        first_year = max(first_year, 1)
        last_year = min(last_year, 9998)
        lo = date(first_year, 1, 1).toordinal()
        hi = date(last_year, 12, 31).toordinal()
        cum = [0] * (hi - lo + 2)
        n = 0
        work = self._work
        is_rest = self._is_rest
        d = date.fromordinal(lo)
        one = timedelta(days=1)
        for i in range(hi - lo + 1):
            if d in work or (d.weekday() < 5 and not is_rest(d)):
                n += 1
            cum[i + 1] = n
            d += one
        self._lo, self._cum = lo, cum

    def _ensure(self, o1: int, o2: int) -> None:
        """Make the prefix array cover ordinals o1..o2 (prefix positions, see ``_cum``)."""
        lo, n = self._lo, len(self._cum)
        if not (0 <= o1 - lo < n and 0 <= o2 - lo < n):
            self._build()
            self._index(date.fromordinal(min(o1, o2)).year, date.fromordinal(max(o1, o2)).year)

    # -- single days --------------------------------------------------------------------

    def _is_rest(self, d: date) -> bool:
        """A statutory rest day: from the data, or a fixed-date holiday of a provisional year."""
        return d in self._rest or ((d.month, d.day) in FIXED_HOLIDAYS and d.year not in self._covered)

    def is_workday(self, d: date) -> bool:
        self._build()
        return d in self._work or (d.weekday() < 5 and not self._is_rest(d))

    def kind(self, d: date) -> str:
        self._build()
        if d in self._work:
            return ADJUSTED
        if self._is_rest(d):
            return HOLIDAY
        return WEEKEND if d.weekday() >= 5 else WORKDAY

    def day_name(self, d: date) -> str:
        """Festival name for holidays and 调休上班 days, else the weekday (周六)."""
        self._build()
        name = self._rest.get(d) or self._work.get(d)
        if name:
            return name
        if d.year not in self._covered and (d.month, d.day) in FIXED_HOLIDAYS:
            return FIXED_HOLIDAYS[(d.month, d.day)] + "（暂定）"
        return WEEKDAY_NAMES[d.weekday()]

    def day(self, d: date) -> Day:
        return Day(d, self.kind(d), self.day_name(d))

    # -- where the data come from ------------------------------------------------------

    def year_source(self, year: int) -> YearSource:
        self._build()
        return self._covered.get(year) or YearSource(year, SOURCE_PROVISIONAL)

    def is_provisional(self, year: int) -> bool:
        self._build()
        return year not in self._covered

    def provisional_years(self, a: date, b: date) -> tuple[int, ...]:
        """Years in [a, b] (either order) with no holiday data."""
        self._build()
        lo, hi = a.year, b.year
        if lo == hi:  # the common case, kept cheap
            return () if lo in self._covered else (lo,)
        if lo > hi:
            lo, hi = hi, lo
        return tuple(y for y in range(lo, hi + 1) if y not in self._covered)

    def known_years(self) -> list[int]:
        self._build()
        return sorted(self._covered)

    # -- arithmetic ---------------------------------------------------------------------

    def roll_forward(self, d: date) -> date:
        """``d`` if it is a 工作日, else the next 工作日 after it."""
        if self.is_workday(d):
            return d
        return self.add_workdays(d, 1)

    def add_workdays(self, start: date, n: int) -> date:
        """The N-th 工作日 after ``start`` (start not counted). ``n == 0`` → roll_forward."""
        if n < 0:
            raise ValueError("工作日数不能为负数")
        if n == 0:
            return self.roll_forward(start)
        o = start.toordinal() + 1
        self._ensure(o, o)
        target = self._cum[o - self._lo] + n
        while self._cum[-1] < target:  # extending upwards keeps _lo, so target stays valid
            last = date.fromordinal(self._lo + len(self._cum) - 2)
            if last.year >= 9998:
                raise ValueError("日期超出可计算范围")
            self._index(last.year, last.year + max(1, n // 200 + 1))
        return date.fromordinal(self._lo + bisect_left(self._cum, target) - 1)

    def workdays_before(self, end: date, n: int) -> date:
        """The N-th 工作日 before ``end`` (end not counted), e.g. the last day a notice may go
        out to be "at least N 工作日" ahead of a meeting on ``end``. ``n >= 1``."""
        if n < 1:
            raise ValueError("工作日数须为正数")
        o = end.toordinal()
        self._ensure(o, o)
        target = self._cum[o - self._lo] - n + 1  # the wanted day is the target-th 工作日 from lo
        while target < 1:  # extend downwards: rebuilding moves _lo, so recompute the target
            first = date.fromordinal(self._lo).year
            if first <= 1:
                raise ValueError("日期超出可计算范围")
            self._index(max(1, first - max(1, n // 200 + 1)), first)
            target = self._cum[o - self._lo] - n + 1
        return date.fromordinal(self._lo + bisect_left(self._cum, target) - 1)

    def add_days(self, start: date, n: int) -> date:
        """``n`` calendar days after ``start``; ending on a rest day moves to the next 工作日."""
        if n < 0:
            raise ValueError("天数不能为负数")
        return self.roll_forward(start + timedelta(days=n))

    def add(self, start: date, n: int, unit: str) -> date:
        """``add_workdays`` for unit ``workdays``, ``add_days`` for unit ``days``."""
        return self.add_workdays(start, n) if unit == WORKDAYS else self.add_days(start, n)

    def workdays_between(self, a: date, b: date) -> int:
        """Number of 工作日 in (a, b]; negative (−count in (b, a]) when b < a."""
        if b < a:
            return -self.workdays_between(b, a)
        if a == b:
            return 0
        oa, ob = a.toordinal() + 1, b.toordinal() + 1
        self._ensure(oa, ob)
        return self._cum[ob - self._lo] - self._cum[oa - self._lo]

    def count(self, a: date, b: date, unit: str) -> int:
        """Elapsed units in (a, b]: 工作日 for ``workdays``, calendar days for ``days``."""
        return self.workdays_between(a, b) if unit == WORKDAYS else (b - a).days

    def notable_days(self, a: date, b: date) -> list[Day]:
        """Days in (a, b] that are rest days or 调休上班 days, in order (for traces)."""
        out = []
        d = a + timedelta(days=1)
        one = timedelta(days=1)
        while d <= b:
            k = self.kind(d)
            if k != WORKDAY:
                out.append(Day(d, k, self.day_name(d)))
            d += one
        return out


WORKDAYS = "workdays"
DAYS = "days"
UNITS = (WORKDAYS, DAYS)
UNIT_NAMES = {WORKDAYS: "个工作日", DAYS: "日"}


def describe_length(n: int, unit: str) -> str:
    """``20 个工作日`` / ``7 日``."""
    return f"{n} {UNIT_NAMES.get(unit, unit)}"


@dataclass(frozen=True)
class Step:
    """The result of one period computed with its explanation."""

    start: date
    length: int
    unit: str
    due: date
    skipped: tuple[Day, ...] = ()  # rest days stepped over
    counted: tuple[Day, ...] = ()  # 调休上班 days counted
    rolled_from: date | None = None  # calendar-day period that ended on a rest day
    provisional_years: tuple[int, ...] = field(default=())

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)


def step(calendar: Calendar, start: date, n: int, unit: str = WORKDAYS) -> Step:
    """Compute one period with everything it stepped over (for ``calendar add`` and traces).

    工作日 periods list every rest day skipped and every 调休上班 day counted; calendar-day
    periods count rest days, so they list only the rest days the end was moved over (and the
    due day itself when it is a 调休上班 day).
    """
    due = calendar.add(start, n, unit)
    if unit == DAYS:
        plain_end = start + timedelta(days=n)
        rolled = plain_end if plain_end != due else None
        skipped = tuple(calendar.notable_days(plain_end - timedelta(days=1), due - timedelta(days=1)))
        counted = (calendar.day(due),) if due > start and calendar.kind(due) == ADJUSTED else ()
    else:
        days = calendar.notable_days(start, due)
        skipped = tuple(d for d in days if d.kind in (WEEKEND, HOLIDAY))
        counted = tuple(d for d in days if d.kind == ADJUSTED)
        rolled = None
    first = start + timedelta(days=1) if due > start else start
    return Step(start, n, unit, due, skipped, counted, rolled, calendar.provisional_years(first, due))
