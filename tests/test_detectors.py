"""The scan's detectors (dwgk.detectors): each on valid inputs and on near misses, and the
excerpts never show a number whole."""

from __future__ import annotations

import pytest

from dwgk import detectors as d


def id18(first17: str) -> str:
    return first17 + d.id_check_char(first17)


VALID_ID = id18("11010519491231002")  # 11010519491231002X


def kinds(text: str) -> list[str]:
    return [f.kind for f in d.scan(text, "正文")]


def test_id_check_digit_per_gb_11643():
    assert VALID_ID == "11010519491231002X"  # the standard's own worked example
    assert d.is_id18(VALID_ID) and not d.is_id18(VALID_ID[:-1] + "1")
    assert not d.is_id18("123456789012345678")  # 18 random digits are not an ID
    assert not d.is_id18(id18("11010519490231002"))  # 1949-02-31 is no day
    assert not d.is_id18(id18("99010519491231002"))  # 99: no province
    assert d.is_id15("110105491231002") and not d.is_id15("110105491331002")  # month 13


@pytest.mark.parametrize("text,expected", [
    (f"身份证号：{VALID_ID}。", ["身份证号"]),
    (f"身份证号：{VALID_ID[:-1]}1。", []),
    ("旧证 110105491231002 号", ["身份证号"]),
    ("电话 13812345678", ["手机号"]), ("电话 138\u30001234\u30005678", ["手机号"]), ("电话 138 1234 5678", ["手机号"]), ("电话 +86 138-1234-5678", ["手机号"]),
    ("电话 12812345678", []), ("编号 1381234567890", []),  # 12…: no mobile; 13 digits: part of a longer number
    ("卡号 6222 0202 0011 2233 4", []),
    ("联系 zhang.san@example.com。", ["电子邮箱"]), ("用户名 zhang@localhost", []),
    ("机密★1年", ["密级标志"]), ("秘 密 ★", ["密级标志"]), ("绝密★启用前", ["密级标志"]),
    ("机密（保密期限：10年）", ["密级标志"]), ("保守机密是每个人的责任", []),
    ("本件为内部资料，注意保密", ["内部标志", "内部标志"]), ("不 得 外 传", ["内部标志"]), ("工作秘密", ["内部标志"]),
    ("公开内容：联系电话 0951-1234567", []),
])
def test_each_detector_and_its_near_misses(text, expected):
    assert kinds(text) == expected


def test_bank_cards_pass_luhn():
    card = "6222020200112233"
    digit = next(str(n) for n in range(10) if d.luhn(card + str(n)))
    assert d.luhn(card + digit) and not d.luhn(card + str((int(digit) + 1) % 10))
    assert kinds(f"卡号 {card}{digit}") == ["银行卡号"]
    assert kinds(f"卡号 {card}{(int(digit) + 1) % 10}") == []


def test_full_width_digits_are_read():
    wide = VALID_ID.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    assert kinds(f"号码 {wide}") == ["身份证号"]


def test_position_and_masked_excerpt():
    text = f"第一行\n联系人 张三，身份证 {VALID_ID}，手机 13812345678，邮箱 ab@cd.com"
    found = d.scan(text, "内容")
    assert [(f.kind, f.line, f.col) for f in found] == [("身份证号", 2, 12), ("手机号", 2, 34), ("电子邮箱", 2, 49)]
    for f in found:
        assert VALID_ID not in f.excerpt and "13812345678" not in f.excerpt and "ab@cd.com" not in f.excerpt
    assert "110*************2X" in found[0].excerpt and "138****5678" in found[1].excerpt
    assert d.describe(found[0]).startswith("内容第 2 行第 12 列 身份证号：")
