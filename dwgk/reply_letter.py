"""The text of the letters a request receives, as one letter reads: the 政府信息公开申请答复书,
the 终止办理告知书 of a request that lapsed, and the 补正告知书.

A letter is a list of paragraphs of prose ("本机关于……收到您……提出的政府信息公开申请……"，
"……现依据……的规定，答复如下：……"，"特此答复。"), built here from the request's history so
that every template (HTML, Markdown, Word) prints the same words. Each sentence ends with its
punctuation; what the clerk typed (reasons, the withheld part, a body's name) is fitted into a
sentence as a clause (:func:`clause`), never pasted after a label.

The facts come from :func:`dwgk.requests.reply_context` (dates, periods, consultations,
fees, remedies) and from the reply event (what :mod:`dwgk.reply_facts` records); the
articles cited are the ones recorded on the reply (chosen by :mod:`dwgk.citations`).
"""

from __future__ import annotations

import re
from typing import Any

from dwgk import office
from dwgk.citations import clause as basis_clause
from dwgk.render import cn_date, number as num
from dwgk.requests import LAPSES, progress, reply_context

CHANNEL_PHRASES = {"当面": "当面", "邮寄": "以邮寄方式", "平邮": "以平常信函方式", "网络": "通过互联网",
                   "传真": "通过传真"}
WITHHELD_PHRASES = {  # what the withheld part is, in the words of 条例第十四条至第十六条
    "国家秘密": "依法确定为国家秘密的政府信息",
    "法律法规禁止": "法律、行政法规禁止公开的政府信息",
    "三安全一稳定": "公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息",
    "第三方权益": "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息",
    "内部事务": "行政机关的内部事务信息",
    "过程性信息": "行政机关在履行行政管理职能过程中形成的过程性信息",
    "行政执法案卷": "行政执法案卷信息",
}
NOT_DISCLOSED = {  # 不予公开-X: the information, then "本机关不予公开"
    "国家秘密": "属于依法确定为国家秘密的政府信息",
    "法律法规禁止": "属于法律、行政法规禁止公开的政府信息",
    "三安全一稳定": "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
    "第三方权益": "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
    "内部事务": "属于行政机关的内部事务信息",
    "过程性信息": "属于行政机关在履行行政管理职能过程中形成的过程性信息",
    "行政执法案卷": "属于行政执法案卷信息",
}
FIXED_DECISIONS = {
    "无法提供-需另行制作": "您申请获取的信息需要本机关对现有政府信息进行加工、分析才能形成，本机关不予提供。",
    "无法提供-补正后仍不明确": "您的申请经补正后内容仍不明确，本机关无法确定您所需的政府信息，无法提供。",
    "不予处理-重复申请": "本机关已就您提出的相同政府信息公开申请作出答复，对本次重复申请不予重复处理。",
    "不予处理-大量反复申请": "您申请公开政府信息的数量、频次明显超过合理范围，且未能说明合理理由，本机关不予处理。",
    "不予处理-确认或重新出具": "您的申请是要求本机关确认或者重新出具您已经获取的信息，不是申请获取本机关制作或者获取的"
                          "政府信息，本机关不作为政府信息公开申请处理。",
    "其他处理-其他": "本机关终止办理您的政府信息公开申请。",
}
_END = "。！？…"
_TRIM = "。！？；;，,、：: \u3000"


# ---------------------------------------------------------------- wording helpers

def clause(text: Any) -> str:
    """Clerk-written text as part of a sentence: no closing punctuation, no doubled “经审查”."""
    t = str(text or "").strip().strip(_TRIM)
    return re.sub(r"^(经审查|经查)[，,]?", "", t).strip()


def sentence(text: str) -> str:
    """``text`` ending as a sentence (a closing quote or bracket after the full stop counts)."""
    t = text.strip().rstrip("，,；;、：: ")
    if not t or t[-1] in _END or (t[-1] in "”）" and t[-2:-1] in tuple(_END)):
        return t
    return t + "。"


def cn(d: Any) -> str:
    return cn_date(d, "") if d else ""


def provision(method: str, where: str) -> str:
    """How the information reaches the applicant, after "现"."""
    return {
        "邮寄": "以邮寄方式向您提供",
        "电子邮件": "通过电子邮件向您提供",
        "传真": "以传真方式向您提供",
        "当面领取": "请您持本答复书于工作时间到本机关领取",
        "查阅": "请您持本答复书于工作时间到本机关查阅",
        "网站下载": f"请您通过{clause(where)}下载",
    }.get(method, "")


# ---------------------------------------------------------------- the facts before the decision

def _receipt(r: dict) -> str:
    when = r["received_cn"] or "　　年　　月　　日"
    how = CHANNEL_PHRASES.get(r["channel"], "")
    return f"本机关于{when}收到您{how}提出的政府信息公开申请，申请获取“{clause(r['content'])}”。"


def _amended(r: dict, p: Any) -> list[str]:
    a = r["amend"]
    if not a or not a["amended"]:
        return []
    content = clause(p.amended.content) if p.amended is not None else ""
    what = f"，申请获取“{content}”" if content else ""
    return [f"本机关于{a['date_cn']}向您发出补正告知书，您于{cn(a['amended'])}提交了补正后的申请{what}。"]


def _opinion(c: dict, kind: str) -> str:
    party = c["party"]
    if not c["opinion"]:
        return f"截至本答复作出之日，{party}尚未答复。"
    if c["opinion"] == "同意":
        return f"{party}同意公开。"
    if c["opinion"] == "未答复":
        if kind == "其他机关":
            return f"{party}逾期未提出意见，视为同意公开。"
        return f"{party}在规定期限内未提出意见，由本机关依法决定是否公开。"
    out = f"{party}不同意公开" + (f"，理由是{clause(c['reasons'])}。" if c["reasons"] else "。")
    if c["override"]:
        out += (f"本机关认为{clause(c['override'])}，决定予以公开，并于{cn(c['notified'])}将决定公开的政府信息内容和理由"
                f"书面告知{party}。")
    return out


def _consultations(r: dict) -> list[str]:
    out = []
    for c in r["consultations"]:
        why = ("您申请公开的信息涉及第三方合法权益" if c["kind"] == "第三方"
               else f"您申请公开的信息由本机关与{c['party']}共同制作")
        out.append(f"因{why}，本机关于{cn(c['sent'])}书面征求了{c['party']}的意见（征求意见所需时间不计算在答复期限内）。"
                   + _opinion(c, c["kind"]))
    return out


def _extension(r: dict) -> list[str]:
    e = r["extension"]
    if not e:
        return []
    approver = (r["rule"] or {}).get("extension_approver") or "政府信息公开工作机构负责人"
    why = f"因{clause(e['reasons'])}，" if clause(e["reasons"]) else ""
    return [f"{why}经{approver}同意，本机关将答复期限延长{e['days']}个工作日，并于{e['told_cn']}告知您。"]


def _fee(r: dict, lapsed: bool) -> list[str]:
    f = r["fee"]
    if not f or lapsed:
        return []
    text = f"本机关于{cn(f['date'])}向您发出收费通知，{f['name']}{num(f['amount'])}元。"
    if f["paid"]:
        text += f"您已于{cn(f['paid'])}缴纳。"
    elif f["waived"]:
        text += "经批准，该费用予以减免。"
    return [text]


# ---------------------------------------------------------------- the decision

def decision_text(code: str, ev: dict) -> str:
    """What the office decided, as the letter says it (after "答复如下：")."""
    where, provide = clause(ev.get("where")), str(ev.get("provide") or "")
    if code == "予以公开":
        if ev.get("since"):
            text = f"您申请获取的政府信息已于{cn(ev['since'])}在{where}主动公开，您可以通过该途径获取。"
            return text + (f"现一并{provision(provide, where)}。" if provide else "")
        how = provision(provide, where)
        return "您申请获取的政府信息属于可以公开的政府信息，本机关予以公开" + (f"，现{how}。" if how else "。")
    if code == "部分公开":
        part = clause(ev.get("withheld")) or "部分内容"
        what = WITHHELD_PHRASES.get(str(ev.get("exemption") or ""), "")
        how = provision(provide, where)
        return (f"您申请获取的政府信息中，{part}" + (f"属于{what}，" if what else "") + "本机关不予公开；其余部分予以公开"
                + (f"，现{how}。" if how else "。"))
    if code.startswith("不予公开-") and code[5:] in NOT_DISCLOSED:
        return f"您申请获取的政府信息{NOT_DISCLOSED[code[5:]]}，本机关不予公开。"
    if code == "不予公开-行政查询事项":
        text = "您申请获取的信息，有关法律、行政法规对信息的获取有特别规定，请您依照有关法律、行政法规的规定办理。"
        return text + (sentence(where) if where else "")
    if code == "无法提供-不掌握":
        body, contact = clause(ev.get("body")), clause(ev.get("body_contact"))
        if body:
            return (f"您申请获取的政府信息不属于本机关负责公开。负责公开该政府信息的行政机关为{body}"
                    + (f"，联系方式：{contact}" if contact else "") + "，您可以向其提出申请。")
        return "本机关没有检索到您申请公开的信息，该政府信息不存在。"
    if code == "不予处理-信访举报投诉":
        how = where or "信访、投诉、举报的相应渠道"
        return ("您的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，"
                f"请您通过{how}提出。")
    if code == "不予处理-公开出版物":
        text = "您申请获取的是公开出版物，本机关不作为政府信息公开申请处理。"
        return text + (f"您可以通过{where}获取。" if where else "")
    return FIXED_DECISIONS.get(code, "")


def _lapse_facts(r: dict, code: str) -> str:
    if code == "其他处理-逾期不补正" and r["amend"]:
        a = r["amend"]
        return (f"本机关于{a['date_cn']}向您发出补正告知书，请您在{a['period']}个工作日内（至{a['until_cn']}止）作出补正。"
                "补正期限届满，您未补正，也未说明正当理由。")
    f = r["fee"]
    if f:
        return (f"本机关于{cn(f['date'])}向您发出收费通知，请您在规定期限内（至{cn(f['pay_by'])}止）缴纳{f['name']}"
                f"{num(f['amount'])}元。缴费期限届满，您未缴纳。")
    return ""


def _lapse_decision(r: dict) -> str:
    gone = "您的申请视为放弃，" if (r["rule"] or {}).get("edition") == "2019" else ""
    return f"{gone}本机关不再处理该政府信息公开申请。"


# ---------------------------------------------------------------- the letters

def letter(register: Any, req: Any) -> dict:
    """The 答复书 (or 终止办理告知书): title, 文号, salutation, paragraphs, closing line, date."""
    r = reply_context(register, req)
    p = progress(req)
    ev = p.concluded
    data = ev.to_json() if ev else {}  # the recorded facts, as decision_text reads them
    code = r["result"]
    lapsed = code in LAPSES
    kind = "终止办理告知书" if lapsed else "答复书"
    paras = [_receipt(r), *_amended(r, p), *_consultations(r), *_extension(r), *_fee(r, lapsed)]
    basis = r["basis"]
    intro = f"现依据{basis_clause(basis)}的规定，" if basis_clause(basis) else "现"
    decision = ""
    if code and lapsed:
        decision = _lapse_decision(r)
        facts = _lapse_facts(r, code)
        paras.append((facts + intro + "告知如下：" + decision).strip())
    elif code:
        decision = decision_text(code, data)
        finding = clause(r["reasons"]) if code != "予以公开" else ""
        lead = f"经审查，{finding}。" if finding else "经审查，"
        paras.append(lead + intro + "答复如下：" + decision)
    remedies = ("如对本" + ("告知" if lapsed else "答复") + "不服，可以" + r["remedies"][0]["text"] + "；也可以"
                + r["remedies"][1]["text"] + "。")
    if code:
        paras.append(remedies)
    return {"kind": kind, "title": r["title"], "number": str(data.get(office.NUMBER_FIELD) or ""),
            "id": req.id, "salutation": f"{clause(r['applicant'])}：", "paragraphs": paras,
            "decided": bool(code), "decision": decision, "basis": basis, "remedies": remedies,
            "closing": "特此告知。" if lapsed else "特此答复。", "org": r["org"], "date_cn": r["replied_cn"]}


AMEND_ASPECTS = (  # (words in a point, what the applicant left out)
    (("身份", "证件", "证明", "姓名", "名称和", "联系", "地址", "电话", "邮箱"), "缺少申请人的身份证明或者联系方式"),
    (("名称", "文号", "特征", "时间", "年度", "范围", "哪", "具体", "内容"),
     "未写明所需政府信息的名称、文号或者便于查询的其他特征性描述"),
    (("形式", "方式", "途径", "邮寄", "电子邮件", "纸质"), "未写明获取信息的方式、途径"),
)


def amend_aspects(points: list[str]) -> list[str]:
    """What the 补正 points say is missing, as 条例第二十九条第二款's three items: each point counts
    for the first item whose words it uses ("联系电话或邮寄地址" is the applicant's contact, not a
    way of providing); listed in the order of the 条例."""
    hit = set()
    for p in points:
        for n, (words, _) in enumerate(AMEND_ASPECTS):
            if any(w in p for w in words):
                hit.add(n)
                break
    return [what for n, (_, what) in enumerate(AMEND_ASPECTS) if n in hit]


def amend_letter(register: Any, req: Any) -> dict:
    """The 补正告知书: what needs completing, the period, what happens without it."""
    r = reply_context(register, req)
    a = r["amend"]
    p = progress(req)
    points = [sentence(clause(x)) for x in (a["points"] if a else [])]
    aspects = amend_aspects(points)
    basis = a["basis"] if a else "《中华人民共和国政府信息公开条例》第三十条"
    lead = ("经审查，您的申请" + "，且".join(aspects) + "。" if aspects
            else "经审查，您的申请中有以下事项需要补正后方能办理。")
    paras = [_receipt(r), f"{lead}根据{basis_clause(basis)}的规定，请您对下列事项作出补正："]
    tail = ""
    if a:
        tail = a["deadline_text"] + a["restart"] + a["consequence"]
    number = p.amend.doc_number if p.amend is not None else ""
    return {"kind": "补正告知书", "title": "政府信息公开申请补正告知书", "number": number, "id": req.id,
            "salutation": f"{clause(r['applicant'])}：", "paragraphs": paras, "points": points, "tail": tail,
            "decided": bool(a), "closing": "特此告知。", "org": r["org"], "date_cn": a["date_cn"] if a else ""}
