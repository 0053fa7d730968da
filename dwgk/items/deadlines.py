"""An item's time limits, and those of the catalogue entries its items serve (定期公开).

Every rule of domain.md §5 that the register's profile enables (``limits:``, validated when
the profile is loaded, see ``dwgk.profile.Limit``) becomes a :class:`dwgk.deadline.Deadline`::

    limits:
      publish_after_secrecy: {days: 10, unit: workday, urgent_days: 0, source: 第六条}
          # 主动公开 within N after the item's secrecy review passed (seed 002); an item whose
          # timing is 随时 (时效性较强) within ``urgent_days`` (0: the same 工作日)
      publish_after_formed:  {days: 20, unit: workday, source: 政府信息公开条例第二十六条}
          # 主动公开 within N after the information was formed or changed: the item's
          # doc_date (成文日期), else its submission date; after a 更正 the revision date.
          # Applies to 政务 items. Neither rule applies to an item classified 依申请公开 /
          # 不予公开, withheld, or refused by its secrecy review (不予公开) or risk assessment
          # (不公开). A referral upwards (提请审定), a 暂缓公开 or a return for revision does not
          # stop the statutory clock: the item stays late until it is published (or withheld);
          # a 修改后重新提交 (dwgk correct) is a change and restarts it.
      periodic_grace:        {days: 10, unit: workday, source: …}
          # 定期公开 catalogue entries (timing 定期, cadence 每季度/每半年/每年): each period,
          # counted from max(dwgk.yaml start, entry since), needs one publication of an item
          # under the entry, at the latest N after the period ends. An item reports on the
          # period it names (``period: 2026Q3``, dwgk submit --period); otherwise on the period
          # in which it was formed (doc_date, else submission) — or on the period before, when
          # it was formed within that period's grace and that period has no publication yet.
      policy_interpretation: {days: 3, unit: day, source: 第十五条}
          # a 政策解读 item (``interprets: ID``) published within N after its document's
          # doc_date (else the document's first publication, else its submission).
      prepublish_min:        {days: 7, unit: day, source: 第二十一条}
          # a 预公开/公示 must stay open at least N before it is closed (a minimum period;
          # closing earlier is a finding, never "overdue"). Falls back to
          # ``prepublish: {min_days}`` when the profile enables 预公开.
      meeting_notice:        {days: 2, unit: workday, source: 第三十条（三）}
          # the notice of a decision meeting goes out at least N 工作日 before it: each
          # ``meeting`` record (dwgk meeting ID --on 会议日期, dated the day of the notice).
      rereview:              {month_day: "03-31", source: 第五十五条}
          # an item classified 依申请公开/不予公开, withheld or refused in year Y is reviewed
          # again every year from Y+1, by that year's month_day; done by a ``rereview``
          # record dated in that year or later (dwgk rereview), or by its publication.
      transfer_electronic:   {days: 20, unit: workday, source: 第六十一条}
          # electronic copy to the reading room within N after the item was published to
          # society (移送 concerns 主动公开 information: it becomes that when published;
          # a 更正 is a change and needs a new 移送)
      transfer_paper:        {day_of_month: 10, source: 第六十一条}
          # paper copies by the 10th of the month after the month of publication
          # (both done by a ``transfer`` record with ``medium: 电子|纸质`` — dwgk transfer —
          # or a publication through a channel whose name contains 查阅场所)

The register's own duties (the annual report) are gathered in ``dwgk.deadlines``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Iterator, Mapping

from dwgk.clock import Clock
from dwgk.dates import parse_period
from dwgk.deadline import RULE_NAMES, Deadline, by_month_day, clock_for, month_end
from dwgk.diag import Diagnostic, diag
from dwgk.items.model import Item, ItemEvent
from dwgk.items.vocab import NOT_PROACTIVE
from dwgk.profile import Limit, Profile, Step
from dwgk.records import Memo, afresh
from dwgk.vocab import PERIOD_MONTHS, SCOPE_PUBLIC
from dwgk.workdays import DAYS, WORKDAYS, Calendar

if TYPE_CHECKING:
    from dwgk.model import Register

ITEM_RULES = ("publish_after_secrecy", "publish_after_formed", "policy_interpretation", "prepublish_min",
              "meeting_notice", "rereview", "transfer_electronic", "transfer_paper")


def deadlines(register: "Register", cal: Calendar, today: date) -> Iterator[Deadline]:
    """Every item's deadlines, then the 定期公开 periods of the catalogue entries, one at a time
    (``dwgk check`` looks at each once: 50,000 items' are 30 MB). One pass over the items
    (O(N)); nothing here looks at another item except an interpreted document."""
    lim, steps = _limits(register.profile)
    pubs_by_entry: dict[str, list[tuple[Item, date]]] = {}
    for item in register.items:
        facts = item_facts(item, steps)
        if item.entry and facts.first_publish is not None:
            pubs_by_entry.setdefault(item.entry, []).append((item, facts.first_publish))
        yield from _own_deadlines(item, facts, lim, today.year)
        yield from _linked_deadlines(register, item, facts, lim, cal)
    yield from _periodic_of(register, today, pubs_by_entry, cal)


def open_deadlines(register: "Register", cal: Calendar, today: date, memo: Memo = afresh) -> list[Deadline]:
    """``deadlines`` not done yet. What depends on an item's file alone — when it was first
    published, its own deadlines still open — is asked of ``memo`` (the cache remembers it):
    on a warm run most items need nothing worked out, as most of their deadlines are done."""
    lim, steps = _limits(register.profile)
    key = ("open_deadlines", register.profile.digest, today.year)
    out: list[Deadline] = []
    pubs_by_entry: dict[str, list[tuple[Item, date]]] = {}
    for item in register.items:
        first, own, facts = memo(item, key, lambda item=item: _own_open(item, lim, steps, today.year))
        if item.entry and first is not None:
            pubs_by_entry.setdefault(item.entry, []).append((item, first))
        out += own
        if facts is not None:
            out += [d for d in _linked_deadlines(register, item, facts, lim, cal) if d.pending]
    return out + [d for d in _periodic_of(register, today, pubs_by_entry, cal) if d.pending]


def _own_open(item: Item, lim: Mapping[str, Limit | None], steps: tuple[Step, ...], year: int) -> tuple:
    """(first publication, own deadlines not done, the facts if a linked rule may apply)."""
    facts = item_facts(item, steps)
    linked = bool(item.interprets or facts.meetings)  # the gates of _linked_deadlines' rules
    return (facts.first_publish, tuple(d for d in _own_deadlines(item, facts, lim, year) if d.pending),
            facts if linked else None)


def _limits(p: Profile) -> tuple[dict[str, Limit | None], tuple[Step, ...]]:
    """The item rules' limits, and the steps whose decisions the facts read (secrecy, risk)."""
    lim = {k: p.limit(k) for k in ITEM_RULES}
    if lim["prepublish_min"] is None and p.prepublish:
        lim["prepublish_min"] = Limit(p.prepublish_days, DAYS, "配置方案：预公开")
    return lim, tuple(s for s in p.steps if s.kind in ("secrecy", "risk"))


def _periodic_of(register: "Register", today: date, pubs_by_entry, cal: Calendar) -> list[Deadline]:
    grace = register.profile.limit("periodic_grace")
    return _periodic(register, today, pubs_by_entry, grace, cal) if grace is not None else []


@dataclass
class Facts:
    """What the rules need to know about one item, read from its history once."""

    first_publish: date | None = None  # any revision
    publish: date | None = None  # first publication in the current revision
    publish_public: date | None = None  # … the first one 向社会公开 (what 移送 concerns)
    revised: date | None = None  # start of the current revision (更正/修改), if any
    secrecy_passed: date | None = None
    refused: date | None = None  # secrecy review 不予公开 / risk assessment 不公开
    withheld: date | None = None
    archived: bool = False
    withdrawn: bool = False  # taken back before publication: no duty is left
    prepublish: list = field(default_factory=list)  # [(opened, closed or None)]
    rereviews: list = field(default_factory=list)  # dates, in order
    transfers: dict = field(default_factory=dict)  # medium → first date ("" = both)
    meetings: list = field(default_factory=list)  # [(notice sent, meeting day)]

    @property
    def classified(self) -> date | None:
        """When the item was held back from 主动公开 by a decision on it, if it was."""
        return self.withheld or self.refused


def item_facts(item: Item, steps: tuple[Step, ...] = ()) -> Facts:
    """``steps``: the profile's secrecy and risk steps (their decisions pass or refuse)."""
    f = Facts()
    start = 0
    for i, e in enumerate(item.history):
        if e.action == "revise":
            start = i
    decisions: dict[str, ItemEvent] = {}
    for i, e in enumerate(item.history):
        a = e.action
        current = i >= start
        if a == "publish":
            if f.first_publish is None:
                f.first_publish = e.date
            if current:
                if f.publish is None:
                    f.publish = e.date
                if f.publish_public is None and (e.scope or item.scope) == SCOPE_PUBLIC:
                    f.publish_public = e.date
                    if "查阅场所" in e.channel:
                        f.transfers.setdefault("", e.date)
        elif a == "revise" and i == start:
            f.revised = e.date
        elif a == "review" and current:
            decisions[e.step] = e
        elif a == "withhold" and current:
            f.withheld = f.withheld or e.date
        elif a == "archive" and current:
            f.archived = True
        elif a == "withdraw" and current:
            f.withdrawn = True
        elif a == "prepublish":
            if e.result == "结束":
                if f.prepublish and f.prepublish[-1][1] is None:
                    f.prepublish[-1] = (f.prepublish[-1][0], e.date)
            else:
                f.prepublish.append((e.date, None))
        elif a == "rereview":
            f.rereviews.append(e.date)
        elif a == "transfer" and current and f.publish_public is not None:
            f.transfers.setdefault(e.medium, e.date)
        elif a == "meeting":
            if e.meeting_date is not None:
                f.meetings.append((e.date, e.meeting_date))
    for s in steps:
        d = decisions.get(s.name)
        if d is not None and d.result in s.spec.refusing:
            f.refused = d.date
    secrecy = [(s, decisions.get(s.name)) for s in steps if s.kind == "secrecy"]
    if secrecy and all(d is not None and s.spec.passed(d.result) for s, d in secrecy):
        f.secrecy_passed = max(d.date for _, d in secrecy)
    return f


def transferred(f: Facts, medium: str) -> date | None:
    """When the current publication went to the reading room in ``medium``, if it did."""
    return f.transfers.get(medium) or f.transfers.get("")


def _formed(item: Item, facts: Facts) -> tuple[date | None, str]:
    if facts.revised is not None:
        return facts.revised, "信息变更（更正）"
    if item.doc_date is not None:
        return item.doc_date, "成文日期"
    return item.submitted, "提出日期"


def _add(out: list[Deadline], item: Item):
    def add(rule: str, clock: Clock, done: date | None, **kw) -> None:
        out.append(Deadline(item.id, "item", item.title, clock, done, item.department,
                            item.proposer, item.path, **kw))
    return add


def _classified(item: Item, f: Facts) -> bool:
    """Held back from 主动公开: by its 公文属性, or by a decision on it."""
    return item.attribute in NOT_PROACTIVE or f.classified is not None


def _closed_unpublished(f: Facts) -> bool:
    return f.archived and f.publish is None


def _own_deadlines(item: Item, f: Facts, lim: Mapping[str, Limit | None], year: int) -> list[Deadline]:
    """The deadlines that depend on the item alone, the profile and this year (the yearly
    复核 runs to next year's): not on the calendar or another item — what the cache may
    remember."""
    out: list[Deadline] = []
    if not item.history or f.withdrawn:
        return out
    add = _add(out, item)
    gov = item.kind == "政务"

    if not _classified(item, f) and not _closed_unpublished(f):
        L = lim.get("publish_after_secrecy")
        if L is not None and f.secrecy_passed is not None:
            if item.timing == "随时" and L.urgent is not None:  # 时效性较强的，应立即予以公开
                clock = clock_for("publish_after_secrecy", L, f.secrecy_passed,
                               "保密审查通过；时效性较强（随时公开），应立即公开", L.urgent)
            else:
                clock = clock_for("publish_after_secrecy", L, f.secrecy_passed, "保密审查通过")
            add("publish_after_secrecy", clock, f.publish)
        L = lim.get("publish_after_formed")
        start, what = _formed(item, f)
        if L is not None and gov and start is not None:
            add("publish_after_formed", clock_for("publish_after_formed", L, start, what), f.publish)
        if gov and f.publish_public is not None:
            # 移送 concerns 主动公开 information, which it becomes when published: count from then.
            pub = f.publish_public
            L = lim.get("transfer_electronic")
            if L is not None:
                add("transfer_electronic", clock_for("transfer_electronic", L, pub, "向社会公开"),
                    transferred(f, "电子"))
            L = lim.get("transfer_paper")
            if L is not None and L.day_of_month:
                add("transfer_paper",
                    clock_for("transfer_paper", L, month_end(pub), f"{pub.year}年{pub.month}月公开的信息，"
                           f"次月{L.day_of_month}日前移送（自月末起算）", L.day_of_month, DAYS),
                    transferred(f, "纸质"))

    L = lim.get("prepublish_min")
    if L is not None:
        for opened, closed in f.prepublish:
            clock = replace(clock_for("prepublish_min", L, opened, "预公开（公示）开始"), roll=False)
            add("prepublish_min", clock, closed, minimum=True)

    L = lim.get("rereview")
    if L is not None and L.month_day and _classified(item, f):
        since = f.classified or item.doc_date or item.submitted
        # the obligation ends once the item is published (reclassified as 主动公开)
        public = f.publish if f.publish is not None and f.publish > since else None
        for y in range(since.year + 1, year + 2):  # and next year's, open, as for the annual report
            begin = date(y - 1, 12, 31)
            if public is not None and public <= begin:
                break
            done = next((d for d in f.rereviews if d > begin), None)
            if public is not None and (done is None or public < done):
                done = public
            clock = by_month_day(begin, L.month_day, "rereview", L,
                                  f"{since.year} 年确定为{item.attribute if item.attribute in NOT_PROACTIVE else '不公开'}，"
                                  f"{y} 年 {L.month_day[0]} 月 {L.month_day[1]} 日前复核（自上年末起算）")
            add("rereview", clock, done, period=f"{y}年")
    return out


def _linked_deadlines(register: "Register", item: Item, f: Facts, lim: Mapping[str, Limit | None],
                      cal: Calendar) -> list[Deadline]:
    """The deadlines that depend on another item (a 政策解读's document) or the calendar (a
    meeting's notice)."""
    out: list[Deadline] = []
    if not item.history or f.withdrawn:
        return out
    add = _add(out, item)

    L = lim.get("policy_interpretation")
    if L is not None and item.interprets and f.classified is None and not _closed_unpublished(f):
        doc = register.item(item.interprets)
        if doc is not None:
            if doc.doc_date is not None:
                start, what = doc.doc_date, f"被解读文件 {doc.id} 印发（成文日期）"
            else:
                first = item_facts(doc).first_publish
                if first is not None:
                    start, what = first, f"被解读文件 {doc.id} 公开"
                else:
                    start, what = doc.submitted, f"被解读文件 {doc.id} 提出"
            if start is not None:
                add("policy_interpretation", clock_for("policy_interpretation", L, start, what), f.publish)

    L = lim.get("meeting_notice")
    if L is not None and L.days > 0:
        for notified, meeting in f.meetings:
            latest = (cal.workdays_before(meeting, L.days) if L.unit == WORKDAYS
                      else meeting - timedelta(days=L.days))
            what = f"会议 {meeting} 召开，至少提前 {L.days} {'个工作日' if L.unit == WORKDAYS else '日'}通知，最迟 {latest}"
            add("meeting_notice", clock_for("meeting_notice", L, latest, what, 0, DAYS), notified)

    return out


def _period_label(start: date, months: int) -> str:
    if months == 12:
        return f"{start.year}年"
    if months == 6:
        return f"{start.year}年{'上' if start.month == 1 else '下'}半年"
    return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"


def _period_of(d: date, months: int) -> date:
    return date(d.year, ((d.month - 1) // months) * months + 1, 1)


def _next_period(start: date, months: int) -> date:
    m = start.month - 1 + months
    return date(start.year + m // 12, m % 12 + 1, 1)


def _prev_period(start: date, months: int) -> date:
    m = start.month - 1 - months
    return date(start.year + m // 12, m % 12 + 1, 1)


def _periods(first: date, last: date, months: int) -> list[tuple[date, date]]:
    """Periods (start, end) of ``months`` length from the one holding ``first`` to the one
    holding ``last``."""
    cur = _period_of(first, months)
    out = []
    while cur <= last:
        nxt = _next_period(cur, months)
        out.append((cur, nxt - timedelta(days=1)))
        cur = nxt
    return out


def register_start(register: "Register") -> date | None:
    """The register's first day: dwgk.yaml ``start``, else the first submission."""
    if register.config.start is not None:
        return register.config.start
    dates = [i.submitted for i in register.items if i.submitted is not None]
    return min(dates) if dates else None


def _periodic(register: "Register", today: date, pubs: Mapping[str, list[tuple[Item, date]]], L: Limit,
              cal: Calendar) -> list[Deadline]:
    out: list[Deadline] = []
    reg_start = register_start(register)
    for e in register.catalogue:
        months = PERIOD_MONTHS.get(e.cadence)
        if e.timing != "定期" or months is None:
            continue
        starts = [d for d in (reg_start, e.since) if d is not None]
        first = max(starts) if starts else today
        if first > today:
            continue
        periods = _periods(first, today, months)
        grace = {ps: cal.add(pe, L.days, L.unit) for ps, pe in periods}
        covered = _match_periods(pubs.get(e.code, ()), months, grace)
        for ps, pe in periods:
            label = _period_label(ps, months)
            clock = Clock("periodic", RULE_NAMES["periodic"], L.source, pe, L.days, L.unit,
                          start_event=f"{label}结束（{e.cadence}公开）")
            out.append(Deadline(e.code, "entry", f"{e.name}（{label}）", clock, covered.get(ps),
                                e.department, "", e.path, period=label))
    return out


def _match_periods(pubs, months: int, grace: Mapping[date, date]) -> dict[date, date]:
    """Period start → its earliest publication. An item reports on the period it states;
    otherwise on the period in which it was formed, or on the one before when it was formed
    within that period's grace and that period has nothing yet (a Q1 report written in
    early April). One missing period therefore stays missing instead of taking the next
    period's publication."""
    covered: dict[date, date] = {}
    guessed = []
    for item, published in pubs:
        stated = parse_period(item.period) if item.period else None
        if stated is not None and stated[1] == months:
            ps = stated[0]
            covered[ps] = min(published, covered.get(ps, published))
        else:
            formed = item.doc_date or item.submitted or published
            guessed.append((formed, published))
    for formed, published in sorted(guessed):
        ps = _period_of(formed, months)
        prev = _prev_period(ps, months)
        if prev in grace and prev not in covered and formed <= grace[prev]:
            ps = prev
        covered[ps] = min(published, covered.get(ps, published))
    return covered


def check_periods(register: "Register") -> list[Diagnostic]:
    """D011: an item's stated period must fit its 定期公开 entry (else it is ignored)."""
    out = []
    for item in register.items:
        if not item.period:
            continue
        parsed = parse_period(item.period)
        e = register.entry(item.entry) if item.entry else None
        months = PERIOD_MONTHS.get(e.cadence) if e is not None and e.timing == "定期" else None
        if parsed is None:
            continue  # D010, reported when the item was read
        if months is None:
            out.append(diag("D011", f"{item.id}《{item.title}》写了报告期 {item.period}，但所属目录条目不是定期公开",
                            "删去 period，或把事项归入定期公开的目录条目。", path=item.path,
                            severity="warning"))
        elif parsed[1] != months:
            out.append(diag("D011", f"{item.id}《{item.title}》的报告期 {item.period} 与目录条目的周期“{e.cadence}”不符",
                            {3: "季度写成 2026Q3。", 6: "半年写成 2026H1 或 2026H2。", 12: "年度写成 2026。"}[months],
                            path=item.path, severity="warning"))
    return out
