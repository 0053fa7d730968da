"""The facts of a reply that decide what its letter says and cites, recorded on the reply
event beside its result:

* ``since`` — the day the information was 主动公开 (with ``where``: the 栏目 or place): the
  reply cites 第三十六条第（一）项 and tells where and since when;
* ``provide`` — how information disclosed now reaches the applicant (邮寄, 电子邮件,
  当面领取, 网站下载, 查阅, 传真): 第三十六条第（二）项 and 第三十七条 require saying so;
* ``exemption`` — the category of the part withheld in a 部分公开 (its article is cited);
* ``body_contact`` — the contact of the body responsible for the information when it is not
  this body's (第三十六条第（五）项: its name and contact).

:func:`prepare` checks them for ``dwgk request reply`` (Q400-Q406, refused before anything is
written); :func:`problems` checks them in a file (Q410-Q411).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from dwgk.citations import EXEMPTIONS, basis
from dwgk.dates import parse_date
from dwgk.diag import Refused

PROVIDE = ("邮寄", "电子邮件", "当面领取", "网站下载", "查阅", "传真")
DISCLOSING = ("予以公开", "部分公开")
# what a request's 形式要求 (``form``) says, as a way of providing
FORM_TO_PROVIDE = {"邮寄": "邮寄", "电子邮件": "电子邮件", "电子版": "电子邮件", "当面领取": "当面领取",
                   "现场领取": "当面领取", "查阅": "查阅", "现场查阅": "查阅", "传真": "传真"}


def default_provide(form: str) -> str:
    return FORM_TO_PROVIDE.get(form.strip(), "")


def prepare(code: str, *, request: Any, consults: list, when: date, since: date | None, where: str,
            provide: str, exemption: str, body: str, body_contact: str, edition: str) -> dict[str, Any]:
    """The reply's extra event fields, and its default basis (``basis``), or ``Refused``."""
    where, provide, exemption = where.strip(), provide.strip(), exemption.strip()
    body, body_contact = body.strip(), body_contact.strip()
    if provide and provide not in PROVIDE:
        raise Refused(f"提供方式“{provide}”无效", "可选：" + "、".join(PROVIDE) + "。", "Q401")
    if since is not None:
        if code != "予以公开":
            raise Refused("--since（已主动公开的日期）只适用于“予以公开”", "去掉 --since。", "Q402")
        if not where:
            raise Refused("已主动公开的信息须写明公开的途径", "用 --where 写明栏目或场所，例如 "
                          "--where 本局门户网站“通知公告”栏目。", "Q402")
        if since > when:
            raise Refused(f"主动公开日期 {since} 晚于答复日期 {when}",
                          "已主动公开的信息，公开日期不能晚于答复；检查 --since。", "Q402")
    if code in DISCLOSING and since is None:
        provide = provide or default_provide(request.form)
        if not provide:
            raise Refused(f"“{code}”须写明怎样向申请人提供信息",
                          "用 --provide 写明：" + "、".join(PROVIDE) + "；信息已主动公开的，用 --where 和 --since "
                          "写明公开的途径和日期。", "Q400")
    elif provide and code not in DISCLOSING:
        raise Refused(f"“{code}”不提供信息，不能写 --provide", "去掉 --provide。", "Q401")
    if provide == "网站下载" and not where:
        raise Refused("网站下载须写明下载地址", "用 --where 写明网址或栏目。", "Q406")
    refused_by_party = any(getattr(c, "blocks", False) for c in consults)
    if exemption and exemption not in EXEMPTIONS:
        raise Refused(f"不予公开部分的类别“{exemption}”无效", "可选：" + "、".join(EXEMPTIONS) + "。", "Q404")
    if exemption and code != "部分公开":
        raise Refused("--exemption 只适用于“部分公开”（不予公开的结果代码本身写明了类别）", "去掉 --exemption。", "Q404")
    if code == "部分公开" and not exemption:
        if not refused_by_party:
            raise Refused("部分公开须写明不予公开部分属于哪一类",
                          "用 --exemption 写明：" + "、".join(EXEMPTIONS) + "（据此援引条例第十四条、第十五条或第十六条）。",
                          "Q403")
        exemption = "第三方权益"
    if body_contact and not body:
        raise Refused("写了负责机关的联系方式，却没有写负责机关", "用 --body 写明负责公开该信息的行政机关。", "Q405")
    if body and code == "无法提供-不掌握" and not body_contact:
        raise Refused("不属于本机关负责公开的，须告知负责机关的名称和联系方式（条例第三十六条第（五）项）",
                      "用 --body-contact 写明该机关的电话或地址。", "Q405")
    fields: dict[str, Any] = {"since": since.isoformat() if since else None, "provide": provide or None,
                              "exemption": exemption or None, "body_contact": body_contact or None}
    default = ""
    if edition == "2019":
        default = basis(code, already_public=since is not None, exemption=exemption,
                        consulted=any(c.kind == "第三方" for c in consults),
                        override=any(getattr(c, "overridden", False) for c in consults), other_body=bool(body))
    return {"fields": fields, "basis": default}


def problems(raw: Mapping[str, Any]) -> list[tuple[str, str, str, str]]:
    """(key, code, message, hint) for each reply fact a file records wrongly."""
    out = []
    if raw.get("since") is not None and parse_date(raw.get("since")) is None:
        out.append(("since", "Q410", f"主动公开日期“{raw['since']}”无效", "写成 YYYY-MM-DD。"))
    if raw.get("provide") is not None and raw.get("provide") not in PROVIDE:
        out.append(("provide", "Q411", f"提供方式“{raw['provide']}”无效", "可选：" + "、".join(PROVIDE) + "。"))
    if raw.get("exemption") is not None and raw.get("exemption") not in EXEMPTIONS:
        out.append(("exemption", "Q411", f"不予公开部分的类别“{raw['exemption']}”无效",
                    "可选：" + "、".join(EXEMPTIONS) + "。"))
    return out
