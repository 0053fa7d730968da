"""信息处理费 (政府信息公开条例第四十二条; 国办函〔2020〕109号《政府信息公开信息处理费管理办法》).

Pure arithmetic: the fee is charged either per request (按件计收) or per page (按量计收),
never both for one request, and both scales are progressive (超额累进):

* 按件: within one natural month, the same applicant's 1st-10th request is free; the
  11th-30th cost 100元 each; from the 31st on, each further band of 10 requests costs 100元
  more per request (31st-40th 200元, 41st-50th 300元, …).
* 按量 (paper copies, e-mail, copied electronic data): pages 1-30 free; 31-100 at 10元;
  101-200 at 20元; 201 and above at 40元 — each band charged only for the pages inside it.

The applicant pays within ``PAYMENT_DAYS`` 工作日 of the notice, otherwise the request is
treated as abandoned (其他处理-逾期未缴费); the time between notice and payment is not
counted in the reply period. Profiles may override the period (``requests.rules[].fee_payment``).
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "国办函〔2020〕109号《政府信息公开信息处理费管理办法》"
PER_REQUEST, PER_PAGE = "按件", "按量"
MODES = (PER_REQUEST, PER_PAGE)
PAYMENT_DAYS = 20

FREE_REQUESTS = 10
FREE_PAGES = 30
# (first page, last page or None, 元 per page)
PAGE_BANDS = ((31, 100, 10), (101, 200, 20), (201, None, 40))


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
    mode: str  # 按件 | 按量
    quantity: int  # the request's ordinal in the month (按件) or the number of pages (按量)
    amount: int  # 元
    bands: tuple[Band, ...] = ()

    def describe(self) -> str:
        if self.mode == PER_REQUEST:
            if not self.amount:
                return f"按件计收：本月第 {self.quantity} 件申请，在 {FREE_REQUESTS} 件以内，不收费"
            return f"按件计收：本月第 {self.quantity} 件申请，{self.amount}元"
        if not self.amount:
            return f"按量计收：{self.quantity} 页，在 {FREE_PAGES} 页以内，不收费"
        return f"按量计收：{self.quantity} 页，" + "；".join(b.describe("页") for b in self.bands) \
            + f"；合计 {self.amount}元"


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


def compute(mode: str, quantity: int) -> Fee:
    if mode == PER_REQUEST:
        return per_request(quantity)
    if mode == PER_PAGE:
        return per_page(quantity)
    raise ValueError(f"unknown fee mode {mode!r}")
