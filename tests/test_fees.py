"""信息处理费 tiers (国办函〔2020〕109号): 按件 and 按量, both progressive."""

import pytest

from dwgk import fees


@pytest.mark.parametrize("ordinal, price", [
    (1, 0), (10, 0),            # 1st-10th request in a natural month: free
    (11, 100), (30, 100),       # 11th-30th: 100元 each
    (31, 200), (40, 200),       # then +100元 per band of 10
    (41, 300), (50, 300), (51, 400), (60, 400), (61, 500),
])
def test_per_request_price(ordinal, price):
    assert fees.per_request_price(ordinal) == price
    assert fees.per_request(ordinal).amount == price


@pytest.mark.parametrize("pages, amount", [
    (0, 0), (30, 0),
    (31, 10), (100, 700),                  # 70 pages × 10元
    (101, 720), (150, 1700), (200, 2700),  # 700 + pages over 100 × 20元
    (201, 2740), (250, 4700),              # 2700 + pages over 200 × 40元
])
def test_per_page_is_progressive(pages, amount):
    assert fees.per_page(pages).amount == amount


def test_bands_and_description():
    f = fees.per_page(150)
    assert [(b.first, b.last, b.price, b.amount) for b in f.bands] == [(31, 100, 10, 700), (101, 150, 20, 1000)]
    assert f.describe() == "按量计收：150 页，第31—100页：10元/页 × 70 = 700元；第101—150页：20元/页 × 50 = 1000元；合计 1700元"
    assert "不收费" in fees.per_page(12).describe()
    assert fees.per_request(12).describe() == "按件计收：本月第 12 件申请，100元"
    assert "不收费" in fees.per_request(3).describe()


def test_compute_and_bad_input():
    assert fees.compute("按件", 35).amount == 200
    assert fees.compute("按量", 31).amount == 10
    with pytest.raises(ValueError):
        fees.compute("按次", 1)
    with pytest.raises(ValueError):
        fees.per_request_price(0)
    with pytest.raises(ValueError):
        fees.per_page(-1)
