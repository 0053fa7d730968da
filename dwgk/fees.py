"""Fees for 依申请公开 (requests): which fee rules were in force, and the arithmetic.

A request is charged by the fee rules in force on its date of receipt, exactly as it is
judged by the reply rules in force then. A profile lists them under ``requests.fees``,
each in force from ``since`` until the next entry::

    fees:
      - {since: 2008-05-01, scheme: 成本费, source: 条例（2007）第二十七条, waiver: 政府信息公开工作机构负责人}
      - {since: 2019-05-15, scheme: 不收费, source: 条例（2019）第四十二条}
      - {since: 2021-01-01, scheme: 信息处理费, source: 国办函〔2020〕109号…, payment: 20}

Schemes:

* ``信息处理费`` (国办函〔2020〕109号《政府信息公开信息处理费管理办法》, in force 2021-01-01)
  — charged per request (按件计收) or per page (按量计收), never both for one request, both
  progressive (超额累进):
  * 按件: within one natural month, the same applicant's 1st-10th request is free; the
    11th-30th cost 100元 each; from the 31st on, each further band of 10 requests costs
    100元 more per request (31st-40th 200元, 41st-50th 300元, …).
  * 按量: pages 1-30 free; 31-100 at 10元; 101-200 at 20元; 201 and above at 40元 — each
    band charged only for the pages inside it.
* ``成本费`` (检索、复制、邮寄等成本费用: 2007 条例第二十七条, seed 002 第四十条) — the actual
  cost, stated by the office on the notice.
* ``不收费`` — no fee may be charged (2019 条例第四十二条 before the 109号 rules existed).

The applicant pays within ``payment`` 工作日 of the notice, otherwise the request is treated
as abandoned (其他处理-逾期未缴费); the time between notice and payment is not counted in the
reply period. ``waiver`` names who approves a 减免 (fee waiver).

``fees: true`` (a register override written before fee rules were dated) means the 109号
rules from 2021-01-01; ``fees: false`` or no entry means no fees at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from dwgk.dates import parse_date

SOURCE = "国办函〔2020〕109号《政府信息公开信息处理费管理办法》"
SOURCE_IN_FORCE = date(2021, 1, 1)
PROCESSING, COST, FREE = "信息处理费", "成本费", "不收费"
SCHEMES = (PROCESSING, COST, FREE)
PER_REQUEST, PER_PAGE = "按件", "按量"
MODES = (PER_REQUEST, PER_PAGE, COST)  # how one notice computes its amount
PAYMENT_DAYS = 20
WAIVER_APPROVER = "政府信息公开工作机构负责人"

FREE_REQUESTS = 10
FREE_PAGES = 30
# (first page, last page or None, 元 per page)
PAGE_BANDS = ((31, 100, 10), (101, 200, 20), (201, None, 40))

# Sane bounds for what a clerk types: beyond them it is a typing error, not a request.
MAX_PAGES = 100_000
MAX_ORDINAL = 1_000
MAX_AMOUNT = 10_000_000  # 元 (above the fee for MAX_PAGES pages, 3,994,700元)


# ---------------------------------------------------------------------------------------
# the rules in force


@dataclass(frozen=True)
class Schedule:
    """One entry of ``requests.fees``: how requests received from ``since`` are charged."""

    since: date
    scheme: str  # 信息处理费 | 成本费 | 不收费
    source: str
    payment: int = PAYMENT_DAYS
    waiver: str = WAIVER_APPROVER

    @property
    def charges(self) -> bool:
        return self.scheme != FREE

    @property
    def modes(self) -> tuple[str, ...]:
        return {PROCESSING: (PER_REQUEST, PER_PAGE), COST: (COST,)}.get(self.scheme, ())

    @property
    def name(self) -> str:
        return "信息处理费" if self.scheme == PROCESSING else "检索、复制、邮寄等成本费用"

    def to_json(self) -> dict:
        return {"since": self.since.isoformat(), "scheme": self.scheme, "source": self.source,
                "payment": self.payment, "waiver": self.waiver}


LEGACY = (Schedule(SOURCE_IN_FORCE, PROCESSING, SOURCE),)


def schedules(raw: Any) -> tuple[Schedule, ...]:
    """The fee rules of a profile's ``requests.fees``, oldest first (malformed entries are
    skipped; ``true`` is the 109号 rules from 2021-01-01)."""
    if raw is True:
        return LEGACY
    out = []
    for r in raw if isinstance(raw, list) else ():
        if not isinstance(r, Mapping):
            continue
        since, scheme = parse_date(r.get("since")), str(r.get("scheme") or "")
        payment = r.get("payment", PAYMENT_DAYS)
        if since is None or scheme not in SCHEMES or isinstance(payment, bool) or not isinstance(payment, int) \
                or payment < 1:
            continue
        out.append(Schedule(since, scheme, str(r.get("source") or (SOURCE if scheme == PROCESSING else "")),
                            payment, str(r.get("waiver") or WAIVER_APPROVER)))
    return tuple(sorted(out, key=lambda s: s.since))


def schedule_for(table: tuple[Schedule, ...], received: date | None) -> Schedule | None:
    """The fee rule in force on the date of receipt (None: no fee rule covers that day)."""
    found = None
    for s in table:
        if received is not None and s.since <= received:
            found = s
    return found


# ---------------------------------------------------------------------------------------
# arithmetic


@dataclass(frozen=True)
class Band:
    """One line of a fee notice: ``count`` units from ``first`` to ``last`` at ``price`` 元."""

    first: int
    last: int
    price: int

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> int:
        return self.count * self.price

    def describe(self, unit: str) -> str:
        span = f"第{self.first}{unit}" if self.first == self.last else f"第{self.first}—{self.last}{unit}"
        return f"{span}：{self.price}元/{unit} × {self.count} = {self.amount}元"


@dataclass(frozen=True)
class Fee:
    mode: str  # 按件 | 按量 | 成本费
    quantity: int  # the request's ordinal in the month (按件), pages (按量), 0 (成本费)
    amount: int | float  # 元
    bands: tuple[Band, ...] = ()
    items: str = ""  # 成本费: what the cost is for (检索、复制、邮寄 …)

    def describe(self) -> str:
        if self.mode == COST:
            return f"成本费：{self.items + '，' if self.items else ''}{money(self.amount)}元"
        if self.mode == PER_REQUEST:
            if not self.amount:
                return f"按件计收：本月第 {self.quantity} 件申请，在 {FREE_REQUESTS} 件以内，不收费"
            return f"按件计收：本月第 {self.quantity} 件申请，{self.amount}元"
        if not self.amount:
            return f"按量计收：{self.quantity} 页，在 {FREE_PAGES} 页以内，不收费"
        return f"按量计收：{self.quantity} 页，" + "；".join(b.describe("页") for b in self.bands) \
            + f"；合计 {self.amount}元"


def money(v: int | float) -> str:
    """An amount in 元 as written on a notice: 1700, 12.5."""
    return str(int(v)) if float(v).is_integer() else f"{v:.2f}".rstrip("0")


def amount_value(v: Any) -> int | float | None:
    """A recorded or typed amount (元, at most 2 decimals, within bounds) or None if invalid."""
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        return None
    if v < 0 or v > MAX_AMOUNT or round(v, 2) != v:
        return None
    return int(v) if float(v).is_integer() else v


def per_request_price(ordinal: int) -> int:
    """Price in 元 of the applicant's ``ordinal``-th request within one natural month."""
    if ordinal < 1:
        raise ValueError("件数从 1 起算")
    if ordinal <= FREE_REQUESTS:
        return 0
    if ordinal <= 30:
        return 100
    return 100 + 100 * ((ordinal - 31) // 10 + 1)


def per_request(ordinal: int) -> Fee:
    price = per_request_price(ordinal)
    bands = (Band(ordinal, ordinal, price),) if price else ()
    return Fee(PER_REQUEST, ordinal, price, bands)


def per_page(pages: int) -> Fee:
    if pages < 0:
        raise ValueError("页数不能为负数")
    bands = []
    for first, last, price in PAGE_BANDS:
        if pages < first:
            break
        top = pages if last is None else min(pages, last)
        bands.append(Band(first, top, price))
    return Fee(PER_PAGE, pages, sum(b.amount for b in bands), tuple(bands))


def cost(amount: int | float, items: str = "") -> Fee:
    if amount_value(amount) is None:
        raise ValueError("成本费金额无效")
    return Fee(COST, 0, amount_value(amount), (), items)


def compute(mode: str, quantity: int) -> Fee:
    if mode == PER_REQUEST:
        return per_request(quantity)
    if mode == PER_PAGE:
        return per_page(quantity)
    raise ValueError(f"unknown fee mode {mode!r}")
