"""The articles of the 政府信息公开条例 (2019) a reply cites, chosen by the outcome and by the
facts of the request — never a list of every article that might apply.

Checked against the text of the 条例 (国务院令第711号, in force 2019-05-15):

* 第三十六条 lists the replies item by item: （一） already 主动公开 (tell where), （二） can be
  disclosed (provide it, or say how and when), （三） not disclosed (say why), （四） does not
  exist, （五） not this body's to disclose (name the body and its contact), （六） a repeated
  request, （七） special-law information (工商、不动产登记 …);
* 第三十七条 partial disclosure, with the exemption of the withheld part: 第十四条 (国家秘密,
  法律法规禁止, 三安全一稳定), 第十五条 (商业秘密、个人隐私 …), 第十六条第一款 (内部事务),
  第十六条第二款 (过程性信息, 行政执法案卷); a third party consulted: 第三十二条;
* 第三十条 补正, 第三十五条 excessive requests, 第三十八条 information to be made anew,
  第三十九条第一款 信访/投诉/举报, 第三十九条第二款 公开出版物;
* a request to confirm or re-issue information the applicant already holds asks for no
  政府信息 as 第二条 defines it (information the body made or obtained, recorded and kept),
  so it is not handled as an 依申请公开 request.
"""

from __future__ import annotations

import re

REG = "《中华人民共和国政府信息公开条例》"

# the category of what is withheld, and the article that exempts it
EXEMPTION_ARTICLES = {
    "国家秘密": "第十四条", "法律法规禁止": "第十四条", "三安全一稳定": "第十四条",
    "第三方权益": "第十五条", "内部事务": "第十六条第一款", "过程性信息": "第十六条第二款",
    "行政执法案卷": "第十六条第二款",
}
EXEMPTIONS = tuple(EXEMPTION_ARTICLES)
WITHHOLDING = {f"不予公开-{k}": k for k in EXEMPTIONS}  # the 不予公开 codes that name their exemption


def item(n: str) -> str:
    return f"第三十六条第（{n}）项"


FIXED = {
    "不予公开-行政查询事项": [item("七")],
    "无法提供-需另行制作": ["第三十八条"],
    "无法提供-补正后仍不明确": ["第二十九条第二款", "第三十条"],
    "不予处理-信访举报投诉": ["第三十九条第一款"],
    "不予处理-重复申请": [item("六")],
    "不予处理-公开出版物": ["第三十九条第二款"],
    "不予处理-大量反复申请": ["第三十五条"],
    "不予处理-确认或重新出具": ["第二条"],
    "其他处理-逾期不补正": ["第三十条"],
}
FEE_LAPSE = f"{REG}第四十二条、国办函〔2020〕109号《政府信息公开信息处理费管理办法》"

_NUM = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _number(cn: str) -> int:
    """二十九 → 29 (the article numbers of the 条例 are below one hundred)."""
    if "十" not in cn:
        return _NUM.get(cn, 0)
    tens, _, ones = cn.partition("十")
    return (_NUM.get(tens, 1) if tens else 1) * 10 + (_NUM.get(ones, 0) if ones else 0)


def _order(article: str) -> tuple:
    m = re.match(r"第([一二三四五六七八九十]+)条(?:第([一二三四五六七八九十]+)款)?(?:第（([一二三四五六七八九十]+)）项)?",
                 article)
    if not m:
        return (999, 0, 0)
    return tuple(_number(x) if x else 0 for x in m.groups())


def cite(articles: list[str]) -> str:
    """"《…条例》第十五条、第三十二条、第三十六条第（三）项", in article order, each once."""
    arts = sorted(dict.fromkeys(articles), key=_order)
    return REG + "、".join(arts) if arts else ""


def articles(code: str, *, already_public: bool = False, exemption: str = "", consulted: bool = False,
             override: bool = False, other_body: bool = False) -> list[str]:
    """The articles a reply with outcome ``code`` cites, given the facts:

    ``already_public`` — the information was 主动公开 before (予以公开: （一）, else （二））;
    ``exemption`` — the category of the withheld part (部分公开);
    ``consulted`` — a third party was consulted in writing (第三十二条);
    ``override`` — disclosed after a third party's refusal, in the public interest (第十五条、第三十二条);
    ``other_body`` — another body is responsible for the information (无法提供: （五）, else （四））.
    """
    if code == "予以公开":
        out = [item("一") if already_public else item("二")]
        return out + (["第十五条", "第三十二条"] if override else [])
    if code == "部分公开":
        out = ["第三十七条", item("三")]
        if exemption in EXEMPTION_ARTICLES:
            out.append(EXEMPTION_ARTICLES[exemption])
        if consulted:
            out.append("第三十二条")
        return out
    if code in WITHHOLDING:
        out = [EXEMPTION_ARTICLES[WITHHOLDING[code]], item("三")]
        return out + (["第三十二条"] if consulted and WITHHOLDING[code] == "第三方权益" else [])
    if code == "无法提供-不掌握":
        return [item("五") if other_body else item("四")]
    return list(FIXED.get(code, []))


def basis(code: str, **facts) -> str:
    """The legal basis as recorded and printed; "" when the outcome has no default (其他处理-其他:
    the office says what applies)."""
    if code == "其他处理-逾期未缴费":
        return FEE_LAPSE
    return cite(articles(code, **facts))


# The basis for each outcome when nothing more is known (dwgk request outcomes lists it).
DEFAULTS = {code: basis(code) for code in (
    "予以公开", "部分公开", *WITHHOLDING, "不予公开-行政查询事项", "无法提供-不掌握", "无法提供-需另行制作",
    "无法提供-补正后仍不明确", "不予处理-信访举报投诉", "不予处理-重复申请", "不予处理-公开出版物",
    "不予处理-大量反复申请", "不予处理-确认或重新出具", "其他处理-逾期不补正", "其他处理-逾期未缴费")}


def clause(text: str) -> str:
    """A basis as it sits inside a sentence ("依据……的规定"): no closing punctuation, no
    trailing note in brackets."""
    t = text.strip().rstrip("。；;，,、 ")
    # a note in brackets goes ("（申请人撤回申请）"); an item number ("第三十五条（五）") and a
    # document number ("（国办发〔2016〕80号）") stay
    return re.sub(r"（(?![一二三四五六七八九十\d]+）)[^（）]*[^号（）]）$", "", t).strip()
