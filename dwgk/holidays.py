"""A register's ``holidays.yaml``, and importing the State Council's yearly holiday notice.

Pure domain code: callers hand in already-parsed data (``dwgk.yamlread.parse``) and the
file's text (for line numbers via ``dwgk.yamlread.locate``), or the notice's text.

``holidays.yaml`` format
------------------------

::

    # 法定节假日与调休上班日：本文件列出的年份优先于 chinesecalendar 库的数据。
    years:
      2027:
        notice: 国办发明电〔2026〕12号           # 文号 of the notice (recommended)
        title: 国务院办公厅关于2027年部分节假日安排的通知   # optional
        reason: ""     # needed only when the year deliberately differs from the library
        rest:          # statutory rest spans, inclusive; `to` may be left out for one day
        - name: 元旦
          from: 2027-01-01
          to: 2027-01-03
        - name: 端午节
          from: 2027-06-09
        workdays:      # 调休上班 weekend days (a bare date is accepted too)
        - date: 2027-02-07
          name: 春节

A year listed here replaces the library's data for that whole year. Spans may reach a few
days into the neighbouring year (the 2023 notice's 元旦 ran 2022-12-31 … 2023-01-02).

Findings (``H1xx``): ``build`` reports what cannot be read (structure, strict dates);
``check`` adds the rules — spans that do not overlap, every 调休上班 day on a weekend and
outside every span, agreement with the library for years it knows unless ``reason`` says why.

The notice importer (:func:`parse_notice`) reads the text of a 国务院办公厅关于YYYY年部分节假日
安排的通知 and refuses, with the line number, any line it cannot read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Callable, Mapping

from dwgk.dates import parse_date
from dwgk.diag import Diagnostic, Refused, diag
from dwgk.workdays import WEEKDAY_NAMES, Calendar, Span, YearData, library_data
from dwgk.yamlread import dump, locate

if TYPE_CHECKING:
    from dwgk.model import Register

FILE = "holidays.yaml"
YEAR_KEYS = {"notice", "title", "reason", "rest", "workdays", "published"}
SPAN_KEYS = {"name", "from", "to"}
WORKDAY_KEYS = {"date", "name"}

HEADER = ("# 法定节假日与调休上班日：本文件列出的年份优先于 chinesecalendar 库的数据。\n"
          "# 导入国务院办公厅的节假日安排通知：dwgk calendar import 通知.txt；检查：dwgk calendar check\n")

Locator = Callable[[tuple], tuple[int, int]]


# ---------------------------------------------------------------------------------------
# holidays.yaml → YearData


class _Findings:
    """Collects findings with a key path; line numbers are resolved once, at the end."""

    def __init__(self, path: str, text: str):
        self.path, self.text = path, text
        self.items: list[tuple[tuple, str, str, str, str]] = []

    def add(self, keypath: tuple, code: str, message: str, hint: str = "",
            severity: str = "error") -> None:
        self.items.append((keypath, code, message, hint, severity))

    def resolve(self) -> list[Diagnostic]:
        if not self.items:
            return []
        out = []
        for kp, code, msg, hint, sev in self.items:
            line, col = locate(self.text, kp) if self.text else (0, 0)
            out.append(diag(code, msg, hint, self.path, line, col, sev))
        return sorted(out)


def _year_key(k: Any) -> int | None:
    if isinstance(k, bool):
        return None
    if isinstance(k, int):
        return k if 1900 <= k <= 9998 else None
    if isinstance(k, str) and re.fullmatch(r"\d{4}", k.strip()):
        return _year_key(int(k))
    return None


def _yk(year_key: Any) -> str:
    """The key as ``locate`` sees it (scalar text)."""
    return str(year_key)


def build(data: Any, text: str = "", path: str = FILE) -> tuple[dict[int, YearData], list[Diagnostic]]:
    """Parsed holidays.yaml → {year: YearData} and findings. Never raises.

    Entries that cannot be read are left out (and reported); the rest is used.
    """
    f = _Findings(path, text)
    years: dict[int, YearData] = {}
    if data is None:
        return years, []
    if not isinstance(data, dict) or not isinstance(data.get("years"), dict):
        f.add((), "H101", "holidays.yaml 应以 years: 开头，按年份列出放假安排",
              "参照 README 中 holidays.yaml 的格式，或用 dwgk calendar import 通知.txt 生成。")
        return years, f.resolve()
    for k in data:
        if k != "years":
            f.add((k,), "H109", f"未知字段“{k}”", "holidays.yaml 顶层只有 years。", "warning")
    for ykey, body in data["years"].items():
        year = _year_key(ykey)
        kp = ("years", _yk(ykey))
        if year is None:
            f.add(kp, "H102", f"“{ykey}”不是年份", "年份写四位数字，如 2027:")
            continue
        if not isinstance(body, dict):
            f.add(kp, "H101", f"{year} 年的内容应为映射（notice、rest、workdays）",
                  "参照 README 中 holidays.yaml 的格式。")
            continue
        for k in body:
            if k not in YEAR_KEYS:
                f.add(kp + (k,), "H109", f"未知字段“{k}”",
                      "可用字段：" + "、".join(sorted(YEAR_KEYS)) + "。", "warning")
        spans: list[Span] = []
        rest = body.get("rest") or []
        if not isinstance(rest, list):
            f.add(kp + ("rest",), "H101", "rest 应为列表", "每项写 name、from、to。")
            rest = []
        for i, r in enumerate(rest):
            rkp = kp + ("rest", i)
            if not isinstance(r, dict):
                f.add(rkp, "H101", "rest 的每一项应为映射（name、from、to）",
                      "例如：- {name: 元旦, from: 2027-01-01, to: 2027-01-03}")
                continue
            for k in r:
                if k not in SPAN_KEYS:
                    f.add(rkp + (k,), "H109", f"未知字段“{k}”", "放假区间只有 name、from、to。", "warning")
            start = parse_date(r.get("from"))
            end = parse_date(r.get("to")) if r.get("to") is not None else start
            if start is None:
                f.add(rkp + ("from",) if "from" in r else rkp, "H103",
                      f"放假起始日期“{r.get('from', '')}”无效", "日期写成 YYYY-MM-DD，如 2027-01-01。")
                continue
            if end is None:
                f.add(rkp + ("to",), "H103", f"放假结束日期“{r.get('to')}”无效",
                      "日期写成 YYYY-MM-DD，如 2027-01-03。")
                continue
            if end < start:
                f.add(rkp + ("to",), "H104", f"放假结束日期 {end} 早于起始日期 {start}",
                      "检查 from 与 to 是否写反。")
                continue
            if not _near(start, year) or not _near(end, year):
                f.add(rkp + ("from",), "H110", f"放假区间 {start} 至 {end} 不在 {year} 年",
                      "把它移到所属年份下；只有跨年的元旦假期可以延伸到相邻年份。")
                continue
            spans.append(Span(start, end, str(r.get("name") or "")))
        wds: list[tuple[date, str]] = []
        work = body.get("workdays") or []
        if not isinstance(work, list):
            f.add(kp + ("workdays",), "H101", "workdays 应为列表", "每项写 date、name。")
            work = []
        for i, w in enumerate(work):
            wkp = kp + ("workdays", i)
            raw, name = (w.get("date"), str(w.get("name") or "")) if isinstance(w, dict) else (w, "")
            d = parse_date(raw)
            if d is None:
                f.add(wkp + ("date",) if isinstance(w, dict) else wkp, "H103",
                      f"调休上班日期“{raw}”无效", "日期写成 YYYY-MM-DD，如 2027-02-07。")
                continue
            if not _near(d, year):
                f.add(wkp, "H110", f"调休上班日 {d} 不在 {year} 年", "把它移到所属年份下。")
                continue
            wds.append((d, name))
        years[year] = YearData(year, tuple(spans), tuple(wds), notice=str(body.get("notice") or ""),
                               title=str(body.get("title") or ""),
                               reason=str(body.get("reason") or ""))
    return years, f.resolve()


def _near(d: date, year: int) -> bool:
    """In ``year``, or in the neighbouring December/January (a 元旦 span across the year end)."""
    return d.year == year or (d.year == year - 1 and d.month == 12) or (d.year == year + 1 and d.month == 1)


def check(data: Any, text: str = "", path: str = FILE, library: bool = True) -> list[Diagnostic]:
    """Everything ``dwgk calendar check`` reports about holidays.yaml."""
    years, out = build(data, text, path)
    f = _Findings(path, text)
    raw_years = {_year_key(k): k for k in (data.get("years") or {})} if isinstance(data, dict) \
        and isinstance(data.get("years"), dict) else {}
    for year, y in sorted(years.items()):
        kp = ("years", _yk(raw_years.get(year, year)))
        for problem in year_problems(y):
            f.add(kp + problem.keypath, problem.code, problem.message, problem.hint)
        if not y.notice:
            f.add(kp, "H112", f"{year} 年未注明依据的通知文号（notice）",
                  "写明通知文号，如 notice: 国办发明电〔2026〕12号。", "warning")
    # a date that is a rest day in one year's section and a 调休上班 day in another's
    rest_at = {d: yy for yy, y in years.items() for d in y.rest_days()}
    for year, y in sorted(years.items()):
        for i, (d, _) in enumerate(y.workdays):
            other = rest_at.get(d)
            if other is not None and other != year:
                f.add(("years", _yk(raw_years.get(year, year)), "workdays", i), "H113",
                      f"{d} 在 {year} 年是调休上班日，在 {other} 年却是放假日", "两处只能保留一处。")
    if library:
        for year, diff in disagreements(years).items():
            if years[year].reason:
                continue
            shown = "、".join(f"{d}（本文件：{'上班' if w else '休息'}）" for d, w in diff[:5])
            more = f" 等 {len(diff)} 天" if len(diff) > 5 else ""
            f.add(("years", _yk(raw_years.get(year, year))), "H108",
                  f"{year} 年与 chinesecalendar 库的数据不一致：{shown}{more}",
                  "核对通知原文；确属有意不同的，在该年下写 reason: 说明原因。")
    return sorted(out + f.resolve())


@dataclass(frozen=True)
class Problem:
    keypath: tuple
    code: str
    message: str
    hint: str = ""
    line: int = 0  # for notices: the line the offending date came from


def year_problems(y: YearData, lines: Mapping[Any, int] | None = None) -> list[Problem]:
    """Rules one year's data must follow: no overlapping spans, 调休上班 on weekends only and
    outside every span, no repeated 调休上班 day. ``lines`` maps ("rest", i)/("workdays", i) to
    notice lines (import) — ignored for holidays.yaml, where key paths are used."""
    lines = lines or {}
    out: list[Problem] = []
    order = sorted(range(len(y.rest)), key=lambda i: (y.rest[i].start, y.rest[i].end))
    for a, b in zip(order, order[1:]):
        sa, sb = y.rest[a], y.rest[b]
        if sb.start <= sa.end:
            out.append(Problem(("rest", b), "H105",
                               f"放假区间 {sb.start} 至 {sb.end}（{sb.name}）与 {sa.start} 至 {sa.end}"
                               f"（{sa.name}）重叠", "合并为一个区间，或改正日期。",
                               lines.get(("rest", b), 0)))
    rest_days = {d for s in y.rest for d in s.days()}
    seen: set[date] = set()
    for i, (d, _) in enumerate(y.workdays):
        line = lines.get(("workdays", i), 0)
        if d in seen:
            out.append(Problem(("workdays", i), "H111", f"调休上班日 {d} 重复", "删除重复的一项。", line))
            continue
        seen.add(d)
        if d.weekday() < 5:
            out.append(Problem(("workdays", i), "H106",
                               f"调休上班日 {d} 是{WEEKDAY_NAMES[d.weekday()]}，不是周末",
                               "调休上班日只能是周六或周日；核对通知原文。", line))
        if d in rest_days:
            out.append(Problem(("workdays", i), "H107", f"调休上班日 {d} 落在放假区间内",
                               "核对通知原文，改正放假区间或调休上班日。", line))
    return out


def disagreements(years: Mapping[int, YearData]) -> dict[int, list[tuple[date, bool]]]:
    """For each given year the library also knows: the days whose 工作日 status differs
    (date, is_workday according to the given data)."""
    lib_years = library_data()[2]
    mine = Calendar(years)
    lib = Calendar()
    out = {}
    for year in sorted(years):
        if year not in lib_years:
            continue
        diff = []
        d, end = date(year, 1, 1), date(year, 12, 31)
        while d <= end:
            w = mine.is_workday(d)
            if w != lib.is_workday(d):
                diff.append((d, w))
            d += timedelta(days=1)
        if diff:
            out[year] = diff
    return out


def calendar(data: Any, text: str = "", path: str = FILE) -> Calendar:
    """The register's calendar: holidays.yaml over the library. Unreadable entries are
    skipped here (``dwgk check`` / ``dwgk calendar check`` report them)."""
    years, _ = build(data, text, path)
    return Calendar(years)


def unusable(register: "Register") -> list[Diagnostic]:
    """Why the register's holidays.yaml cannot be counted on as it stands: it does not parse,
    or some of its entries are unreadable (and so silently left out of the calendar)."""
    bad = [d for d in register.diagnostics if d.path == FILE and d.severity == "error"]
    if not bad and register.holidays is not None:
        _, found = build(register.holidays, register.holidays_text or "", FILE)
        bad = [d for d in found if d.severity == "error"]
    return bad


def register_calendar(register: "Register") -> Calendar:
    """Calendar for a loaded ``dwgk.model.Register`` (or the library alone for None)."""
    if register is None:
        return Calendar()
    # A Register is immutable: build its calendar once, kept where its cached lookups live.
    cal = register.__dict__.get("_dwgk_calendar")
    if cal is None:
        cal = register.__dict__["_dwgk_calendar"] = calendar(register.holidays, register.holidays_text or "")
    return cal


# ---------------------------------------------------------------------------------------
# Writing: year data → holidays.yaml


def year_to_data(y: YearData) -> dict:
    body: dict[str, Any] = {}
    if y.notice:
        body["notice"] = y.notice
    if y.title:
        body["title"] = y.title
    if y.reason:
        body["reason"] = y.reason
    body["rest"] = [
        {"name": s.name, "from": s.start.isoformat(), **({"to": s.end.isoformat()} if s.end != s.start else {})}
        for s in sorted(y.rest, key=lambda s: s.start)
    ]
    body["workdays"] = [{"date": d.isoformat(), "name": n} for d, n in sorted(y.workdays)]
    return body


def merge(data: Any, y: YearData) -> dict:
    """Existing holidays.yaml data with year ``y`` added or replaced (years kept sorted)."""
    base = dict(data) if isinstance(data, dict) else {}
    years = dict(base.get("years") or {}) if isinstance(base.get("years"), dict) else {}
    years = {k: v for k, v in years.items() if _year_key(k) != y.year}
    years[y.year] = year_to_data(y)
    base["years"] = dict(sorted(years.items(), key=lambda kv: (_year_key(kv[0]) or 0, str(kv[0]))))
    return base


def render(data: dict) -> str:
    return HEADER + dump(data)


# ---------------------------------------------------------------------------------------
# The State Council notice


@dataclass(frozen=True)
class Notice:
    """What an imported notice says, with the notice line each fact came from."""

    data: YearData
    lines: Mapping[Any, int] = field(default_factory=dict)  # ("rest", i) / ("workdays", i) → line
    ignored: tuple[tuple[int, str], ...] = ()  # (line, sentence) read but not taken (鼓励…)

    def to_json(self) -> dict:
        return {"year": self.data.year, "notice": self.data.notice,
                "rest_days": [d.isoformat() for d in self.data.rest_days()],
                "workdays": [d.isoformat() for d in self.data.work_days()]}


_NUM = "一二三四五六七八九十"
_ITEM = re.compile(rf"^\s*[{_NUM}]+\s*[、.]\s*(?P<name>[^:]{{1,30}}?)\s*:\s*(?P<body>.*)$")
_DATE = re.compile(r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日"
                   r"(?:\s*\((?P<paren>[^)]*)\))?")
_WEEKDAY = re.compile(r"(?:星期|周)([一二三四五六日天])")
_WD_INDEX = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_TITLE_YEAR = re.compile(r"关于\s*(\d{4})\s*年\s*部分节假日安排|现将\s*(\d{4})\s*年")
_DOCNO = re.compile(r"国办发明电\s*〔\s*\d{4}\s*〕\s*\d+\s*号|国办发明电\s*\[\s*\d{4}\s*\]\s*\d+\s*号")
_COUNT = re.compile(r"(?:共|放假)\s*(\d+)\s*天")
_RANGE_SEP = re.compile(r"^\s*(至|到|—|－|-|~|～)\s*$")
_LIST_SEP = re.compile(r"^\s*(、|和|及|与|,)?\s*$")
# A date directly followed by 至 / 放假 / 上班 / 补班: a line that states a schedule.
_WORK = r"(需|要|照常|正常|调休)?\s*(上班|补班)"
_SCHEDULE = re.compile(rf"\d\s*日\s*(\([^)]*\))?\s*(至|到|放假|休息|{_WORK})")
_WORK_TAIL = re.compile(rf"^\s*{_WORK}\s*$")
# The notice's own date under the signature (2025年11月4日), alone on its line.
_SIGNED = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(\([^)]*\))?\s*$")
_ENCOURAGE = ("鼓励", "倡导", "提倡")
# A line that speaks of days off or work without any date ("2月某日放假") cannot be skipped.
_UNDATED = re.compile(r"放假|上班|补班")


def _refuse(line: int, message: str, text: str = "") -> Refused:
    shown = f"：“{text.strip()[:40]}”" if text.strip() else ""
    return Refused(f"通知第 {line} 行无法读取：{message}{shown}",
                   hint="核对通知原文（国务院办公厅关于YYYY年部分节假日安排的通知），改正该行后重新导入。",
                   code="H121", diagnostics=[diag("H121", f"{message}{shown}", path="<通知>",
                                                  line=line, col=1)])


def _dates(clause: str, year: int, lineno: int, raw: str) -> list[tuple[date, re.Match]]:
    """Every date in a clause, completing month/year from the previous date, checking any
    weekday stated in brackets."""
    out: list[tuple[date, re.Match]] = []
    prev: date | None = None
    for m in _DATE.finditer(clause):
        y = int(m["y"]) if m["y"] else None
        mo = int(m["m"]) if m["m"] else (prev.month if prev else None)
        if mo is None:
            raise _refuse(lineno, f"日期“{m.group(0)}”没有月份", raw)
        yy = y if y is not None else (prev.year if prev else year)
        try:
            d = date(yy, mo, int(m["d"]))
        except ValueError:
            raise _refuse(lineno, f"日期“{m.group(0)}”不存在", raw) from None
        if prev and y is None and d < prev:
            d = d.replace(year=d.year + 1)  # "12月31日至1月2日"
        wd = _WEEKDAY.search(m["paren"] or "")
        if wd and _WD_INDEX[wd.group(1)] != d.weekday():
            raise _refuse(lineno, f"{d} 是{WEEKDAY_NAMES[d.weekday()]}，通知写的是“{wd.group(0)}”", raw)
        out.append((d, m))
        prev = d
    return out


def _between(clause: str, a: re.Match, b: re.Match) -> str:
    return clause[a.end():b.start()]


def parse_notice(text: str) -> Notice:
    """Read a State Council holiday notice. Raises ``Refused`` (code H121/H122) naming the
    line it cannot read; never guesses.

    Understood: numbered festival lines (``一、元旦：…``) with sentences such as
    ``1月1日放假，与周末连休`` / ``1月1日（周三）放假1天，不调休`` /
    ``2月15日（农历腊月二十八、周日）至23日（…）放假调休，共9天`` / ``9月29日至10月6日放假调休`` /
    ``1月26日（周日）、2月8日（周六）上班`` (also 补班 / 需上班 / 照常上班), and lines
    continuing an item. Weekdays in brackets (周日 / 星期日) are checked against the date.
    Sentences that only encourage a day off (``鼓励各单位…``) are ignored. Once the items
    have begun, every line with a date must be read or the notice is refused; before them
    (title, preamble) and the signature's date line are not schedule.
    """
    raw_lines = text.splitlines()
    lines = [unicodedata.normalize("NFKC", ln) for ln in raw_lines]
    year = None
    docno = ""
    title = ""
    for ln in lines:
        if year is None:
            m = _TITLE_YEAR.search(ln)
            if m:
                year = int(m.group(1) or m.group(2))
                if "节假日安排" in ln and not title:
                    title = ln.strip()
        if not docno:
            m = _DOCNO.search(ln)
            if m:
                docno = re.sub(r"\s+", "", m.group(0)).replace("[", "〔").replace("]", "〕")
    if year is None:
        raise Refused("读不出通知是哪一年的安排",
                      hint="通知应含标题“国务院办公厅关于YYYY年部分节假日安排的通知”或“现将YYYY年…”一句。",
                      code="H122")

    spans: list[Span] = []
    workdays: list[tuple[date, str]] = []
    where: dict[Any, int] = {}
    ignored: list[tuple[int, str]] = []
    current = None  # festival name of the item being read
    items: list[tuple[int, int]] = []  # (line, dates read before it): each item must add some
    for no, ln in enumerate(lines, start=1):
        m = _ITEM.match(ln)
        if m:
            current = m["name"].strip()
            body = m["body"]
            items.append((no, len(spans) + len(workdays)))
        elif _SCHEDULE.search(ln) or (current is not None and _DATE.search(ln) and not _SIGNED.match(ln)):
            # once the items have begun, any line with a date is read (a wrapped continuation
            # of the item above) — and refused if it cannot be: nothing is skipped silently
            if current is None:
                raise _refuse(no, "放假安排不在编号的节日条目（如“一、元旦：”）中", raw_lines[no - 1])
            body = ln
        elif current is not None and _UNDATED.search(ln) and not any(w in ln for w in _ENCOURAGE):
            raise _refuse(no, "这一行说到放假或上班，却没有读到日期", raw_lines[no - 1])
        else:
            continue  # title, preamble (it may cite a date), closing paragraph, signature
        if not body.strip():
            continue
        # the body is a suffix of the line and NFKC keeps "。": sentences line up by position
        raw_sentences = raw_lines[no - 1].split("。")[-len(body.split("。")):]
        for sentence, raw_sentence in zip(body.split("。"), raw_sentences):
            if not sentence.strip():
                continue
            if any(w in sentence for w in _ENCOURAGE):
                ignored.append((no, raw_sentence.strip() + "。"))
                continue
            _read_sentence(sentence, current, year, no, raw_lines[no - 1], spans, workdays, where)

    counts = [n for _, n in items[1:]] + [len(spans) + len(workdays)]
    for (no, before), after in zip(items, counts):
        if after == before:
            raise _refuse(no, "这一条没有读到放假或上班的日期", raw_lines[no - 1])
    if not spans and not workdays:
        raise Refused("通知中没有读到任何放假安排",
                      hint="粘贴通知全文，保留“一、元旦：……”这样的编号条目。", code="H122")
    data = YearData(year, tuple(spans), tuple(workdays), notice=docno, title=title)
    for p in year_problems(data, where):
        raise _refuse(p.line or 1, p.message, raw_lines[(p.line or 1) - 1])
    for i, s in enumerate(spans):
        for d in (s.start, s.end):
            if not _near(d, year):
                raise _refuse(where[("rest", i)], f"{d} 不在 {year} 年", raw_lines[where[("rest", i)] - 1])
    for i, (d, _) in enumerate(workdays):
        if not _near(d, year):
            raise _refuse(where[("workdays", i)], f"{d} 不在 {year} 年",
                          raw_lines[where[("workdays", i)] - 1])
    return Notice(data, where, tuple(ignored))


def _read_sentence(sentence: str, name: str, year: int, no: int, raw: str,
                   spans: list[Span], workdays: list[tuple[date, str]], where: dict) -> None:
    rest_days_here = 0
    for clause in re.split(r"[,;；]", sentence):
        found = _dates(clause, year, no, raw)
        if not found:
            continue
        if "上班" in clause or "补班" in clause:
            for (_, a), (_, b) in zip(found, found[1:]):
                if not _LIST_SEP.match(_between(clause, a, b)):
                    raise _refuse(no, "调休上班日之间应以顿号分隔", raw)
            tail = clause[found[-1][1].end():]
            if not _WORK_TAIL.match(tail):
                raise _refuse(no, "读不懂这句调休上班安排", raw)
            for d, _ in found:
                where[("workdays", len(workdays))] = no
                workdays.append((d, name))
        elif "放假" in clause or "休息" in clause:
            tail = clause[found[-1][1].end():]
            if not re.match(r"^\s*(放假|休息)", tail):
                raise _refuse(no, "读不懂这句放假安排", raw)
            if len(found) == 2 and _RANGE_SEP.match(_between(clause, found[0][1], found[1][1])):
                a, b = found[0][0], found[1][0]
                if b < a:
                    raise _refuse(no, f"放假区间结束日 {b} 早于开始日 {a}", raw)
                runs = [(a, b)]
            else:
                for (_, a), (_, b) in zip(found, found[1:]):
                    if not _LIST_SEP.match(_between(clause, a, b)):
                        raise _refuse(no, "读不懂这句放假安排（日期之间应为“至”或顿号）", raw)
                runs = [(d, d) for d, _ in found]
            for a, b in runs:
                where[("rest", len(spans))] = no
                spans.append(Span(a, b, name))
                rest_days_here += (b - a).days + 1
        else:
            raise _refuse(no, "这句话中的日期既不是放假也不是上班", raw)
    m = _COUNT.search(sentence)
    if m and rest_days_here and int(m.group(1)) != rest_days_here:
        raise _refuse(no, f"通知写共 {m.group(1)} 天，日期算出来是 {rest_days_here} 天", raw)
