"""The words of the 政府信息公开工作年度报告 around its tables: the opening paragraph (what the
report contains, the period, where to download it, whom to ask) and 一、总体情况 in the five
parts the national format asks for (主动公开, 依申请公开, 政府信息管理, 政府信息公开平台建设,
监督保障), each the office's own text from ``reports/<year>.yaml`` followed by what the
register counted for it.

The download address and the contact come from dwgk.yaml (``annual_report:``, see
:mod:`dwgk.office`); a final report is refused without them (T070), a draft shows 【待填写】.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from dwgk import office
from dwgk import report_input as ri
from dwgk.diag import Refused

FORMAT = "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）"


def opening(register: Any, year: int, section_titles: Sequence[str], draft: bool) -> tuple[str, list[str]]:
    """The opening paragraph, and what the terminal should be told (a draft's missing settings)."""
    o = office.of(register)
    parts = "、".join(t.replace("、", "和") for t in section_titles)  # no 、 inside a listed title
    lacking = [name for name, ok in (("下载地址（annual_report.download）", o.download),
                                     ("联系方式（annual_report.contact）", o.contact)) if not ok]
    if lacking and not draft:
        raise Refused(f"dwgk.yaml 没有写明年度报告的{'、'.join(lacking)}，报告开头须说明在哪里下载、向谁咨询",
                      "在 dwgk.yaml 中写 annual_report: {download: 门户网站名称和网址, contact: {office: 联系机构, "
                      "address: 地址, postcode: 邮编, phone: 电话}}（见 README“打印文书”）；先看草稿可加 --draft。",
                      "T070")
    download = o.download or ri.PLACEHOLDER
    contact = o.contact_text() or ri.PLACEHOLDER
    text = (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{FORMAT}编制，"
            f"全文包括{parts}，共六个部分。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
            f"本报告电子版可在{download}下载。如对本报告有疑问，请与{contact}联系。")
    notes = [f"dwgk.yaml 没有写明年度报告的{'、'.join(lacking)}：草稿中以“{ri.PLACEHOLDER}”代替。"] if lacking else []
    return text, notes


def _published(count: int, by_category: Sequence[tuple[str, int]]) -> str:
    if not count:
        return "本年度本登记簿没有向社会主动公开的政府信息。"
    kinds = "、".join(f"{k}{n}条" for k, n in by_category)
    return f"本年度经保密审查、审核审批后向社会主动公开政府信息{count}条，其中{kinds}。"


def _requests(rows: Mapping[str, Mapping[str, int]], total: str) -> str:
    n = {k: rows[k][total] for k in ("new", "carried_in", "result_total", "carried_out")}
    return (f"本年度新收政府信息公开申请{n['new']}件，上年结转{n['carried_in']}件，办结{n['result_total']}件，"
            f"结转下年度继续办理{n['carried_out']}件。")


def parts(data: Mapping[str, Any], published: tuple[int, Sequence[tuple[str, int]]],
          request_rows: Mapping[str, Mapping[str, int]], total: str) -> tuple[str, list[dict]]:
    """(开头段 or "", the five parts: title, the office's text or 【待填写】, what the register counted)."""
    texts = ri.overview_parts(data)
    facts = {"proactive": _published(*published), "requests": _requests(request_rows, total)}
    return texts["intro"], [{"key": k, "title": title, "text": texts[k] or ri.PLACEHOLDER, "facts": facts.get(k, "")}
                            for k, title in ri.OVERVIEW_PARTS]
