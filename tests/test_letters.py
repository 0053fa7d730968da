"""The letters a request receives, rendered for every outcome code × channel × clock event (补正,
征求意见, 延期, 收费): each sentence ends, no word is doubled where the letter's own words meet what
the clerk typed, each cites the article its outcome and facts call for (checked against the text
of the 条例, written out here by hand), carries its 文号 and names the remedy bodies of dwgk.yaml.

Every value the clerk typed is remembered (``V``), so that each place where one meets the letter's
own words can be found in the text and looked at.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from dwgk import office, requests as rq
from dwgk.diag import Refused
from dwgk.model import Config, Register
from dwgk.profile import load_profile
from dwgk.reply_letter import amend_letter, clause, letter

D = date.fromisoformat
TODAY = D("2026-11-20")
R = "《中华人民共和国政府信息公开条例》"
OFFICE = office.parse({
    "remedies": {"review": ["东林市人民政府"], "court": "东林市东城区人民法院"},
    "doc_numbers": {"答复书": "东科信复〔{year}〕{n}号", "补正告知书": "东科信补〔{year}〕{n}号",
                    "终止办理告知书": "东科信终〔{year}〕{n}号"}}, lambda kp: (0, 0))[0]
EVENTS = ("无", "补正", "征求意见", "延期", "收费")
PROVIDE = ("邮寄", "电子邮件", "当面领取", "网站下载", "查阅")
TYPED: set[str] = set()


def V(text: str) -> str:
    """A value the clerk types (remembered to find where it meets the letter's words)."""
    TYPED.add(clause(text))
    return text

# what the clerk writes as the reasons: as offices write them (one starts with 经审查 and ends
# with a full stop, which the letter must not double)
REASONS = {
    "部分公开": "评审意见中专家个人信息不予公开",
    "不予公开-国家秘密": "经审查，所申请信息经定密程序确定为秘密级国家秘密。",
    "不予公开-法律法规禁止": "所申请信息属于统计调查中的单个调查对象资料",
    "不予公开-三安全一稳定": "所申请信息涉及在建重大项目安保方案",
    "不予公开-第三方权益": "所申请信息涉及第三方商业秘密",
    "不予公开-内部事务": "所申请信息为本机关内部人事管理信息",
    "不予公开-过程性信息": "所申请信息为尚在讨论中的方案征求意见稿",
    "不予公开-行政执法案卷": "所申请信息为行政处罚案卷材料",
    "不予公开-行政查询事项": "所申请信息为企业登记档案",
    "无法提供-不掌握": "本机关未制作或获取该信息",
    "无法提供-需另行制作": "所申请的分区县统计汇总需对现有信息加工分析",
    "无法提供-补正后仍不明确": "补正后仍未能指明所需信息的名称、文号或其他特征",
    "不予处理-信访举报投诉": "申请实为对企业违规用工的投诉",
    "不予处理-重复申请": "您已就相同信息提出申请并获答复",
    "不予处理-公开出版物": "所申请的是已公开发行的统计年鉴",
    "不予处理-大量反复申请": "您一个月内提出同类申请四十余件，未说明合理理由",
    "不予处理-确认或重新出具": "您要求确认已获取文件的真伪",
    "其他处理-其他": "您于2026年3月20日书面撤回申请",
}


def expected_basis(code: str, *, since: bool, refused: bool, body: bool) -> str:
    """The articles each outcome cites (条例 2019, 第三十六条至第三十九条 and the exemptions)."""
    if code == "予以公开":
        item = "第三十六条第（一）项" if since else "第三十六条第（二）项"
        return R + ("第十五条、第三十二条、" if refused else "") + item  # a refusal was overridden
    if code == "部分公开":
        return R + ("第十五条、第三十二条、" if refused else "第十六条第一款、") + "第三十六条第（三）项、第三十七条"
    fixed = {
        "不予公开-国家秘密": "第十四条、第三十六条第（三）项",
        "不予公开-法律法规禁止": "第十四条、第三十六条第（三）项",
        "不予公开-三安全一稳定": "第十四条、第三十六条第（三）项",
        "不予公开-第三方权益": ("第十五条、第三十二条、第三十六条第（三）项" if refused
                          else "第十五条、第三十六条第（三）项"),
        "不予公开-内部事务": "第十六条第一款、第三十六条第（三）项",
        "不予公开-过程性信息": "第十六条第二款、第三十六条第（三）项",
        "不予公开-行政执法案卷": "第十六条第二款、第三十六条第（三）项",
        "不予公开-行政查询事项": "第三十六条第（七）项",
        "无法提供-不掌握": "第三十六条第（五）项" if body else "第三十六条第（四）项",
        "无法提供-需另行制作": "第三十八条",
        "无法提供-补正后仍不明确": "第二十九条第二款、第三十条",
        "不予处理-信访举报投诉": "第三十九条第一款",
        "不予处理-重复申请": "第三十六条第（六）项",
        "不予处理-公开出版物": "第三十九条第二款",
        "不予处理-大量反复申请": "第三十五条",
        "不予处理-确认或重新出具": "第二条",
        "其他处理-逾期不补正": "第三十条",
        "其他处理-其他": "第二十七条",
    }
    if code == "其他处理-逾期未缴费":
        return R + "第四十二条、国办函〔2020〕109号《政府信息公开信息处理费管理办法》"
    return R + fixed[code]


class Flow:
    def __init__(self, channel: str):
        self.id = "YS-2026-0a0001"
        self.raw, _ = rq.new(self.reg0(), request_id=self.id, received=D("2026-03-02"), channel=channel,
                             applicant=V("东林正言律师事务所"), applicant_type="法律服务机构",
                             content=V("2025年度市级科技计划项目立项清单"), by="沈红", role="", when=None,
                             today=TODAY, form="")

    @staticmethod
    def reg0(requests=()):
        return Register(root="/x", config=Config(org="东林市科学技术局", office=OFFICE),
                        profile=load_profile("national"), records={"requests": tuple(requests)})

    @property
    def req(self):
        return rq.validate(self.raw, self.id)

    def do(self, action: str, when: str, **kw) -> "Flow":
        self.raw, _ = getattr(rq, action)(self.reg0([self.req]), self.req, self.raw, by="沈红", role="",
                                          when=D(when), today=TODAY, **kw)
        return self


def build(code: str, channel: str, event: str, variant: int):
    """One request concluded with ``code`` after ``event``; (flow, facts for the expected basis)."""
    f = Flow(channel)
    third_party = code in ("部分公开", "不予公开-第三方权益", "予以公开")
    refused = False
    if event == "补正" or code in ("无法提供-补正后仍不明确", "其他处理-逾期不补正"):
        f.do("amend", "2026-03-03", points=[V("请写明所需信息的名称或文号")], period=10)
        if code == "其他处理-逾期不补正":
            return f.do("lapse", "2026-03-18", reasons=""), {}
        f.do("amended", "2026-03-06", content=V("2025年度市级科技计划项目立项清单及资金安排"))
    if event == "征求意见":
        f.do("consult", "2026-03-09", party=V("东林精密仪器有限公司"), party_kind="第三方", delivered=None)
        if third_party:
            f.do("consulted", "2026-03-16", party="", opinion="不同意", reasons=V("涉及本公司核心技术参数"))
            refused = True
            if code == "予以公开":  # disclosed in the public interest, the party told in writing
                f.do("override", "2026-03-17", party="", reasons=V("该信息关系周边居民环境安全，不公开会对公共利益造成重大影响"),
                     notified=D("2026-03-18"))
        else:
            f.do("consulted", "2026-03-16", party="", opinion="同意", reasons="")
    if event == "延期":
        f.do("extend", "2026-03-20", days=10, approved_by="周建军", reasons=V("需调取历年档案逐项核对"), told=None)
    if event == "收费" or code == "其他处理-逾期未缴费":
        f.do("fee", "2026-03-23" if code == "其他处理-逾期未缴费" else "2026-03-09", pages=150, count=None,
             amount=None, items="")
        if code == "其他处理-逾期未缴费":
            return f.do("lapse", "2026-04-30", reasons=""), {}
        f.do("paid", "2026-03-12", amount=None)
    since = code == "予以公开" and variant % 2 == 0
    body = code == "无法提供-不掌握" and variant % 2 == 1
    provide = PROVIDE[variant % len(PROVIDE)] if code in ("予以公开", "部分公开") and not since else ""
    where = {"不予公开-行政查询事项": V("请到企业登记机关的档案查询窗口办理查询"), "不予处理-公开出版物": V("东林市图书馆")}.get(code, "")
    if since or provide == "网站下载":
        where = V("东林市科学技术局门户网站“政府信息公开”专栏。")
    f.do("reply", "2026-03-27", result=code, basis=R + "第二十七条" if code == "其他处理-其他" else "",
         reasons=V(REASONS[code]) if code in REASONS else "", where=where,
         body=V("东林市统计局") if body else "", withheld=V("评审专家姓名") if code == "部分公开" else "",
         since=D("2026-01-05") if since else None, provide=provide,
         exemption="内部事务" if code == "部分公开" and not refused else "",
         body_contact=V("电话 0000-6123456") if body else "")
    return f, {"since": since, "refused": refused, "body": body}


_CJK = re.compile(r"[\u4e00-\u9fff]{2}")


def doubled_at_joins(text: str) -> list[str]:
    """Where a typed value meets the letter's words, a two-character word on both sides ("因该申请
    涉及|被申请信息涉及"). A quoted value ("…申请获取“|…”") is the applicant's own words: not looked at."""
    bad = []
    for value in TYPED:
        for m in re.finditer(re.escape(value), text):
            for p, inside_first in ((m.start(), False), (m.end(), True)):
                left, right = text[max(0, p - 4):p], text[p:p + 4]
                if left.endswith(("“", "”")) or right.startswith(("“", "”")):
                    continue
                words = {left[i:i + 2] for i in range(len(left) - 1) if _CJK.fullmatch(left[i:i + 2])}
                hits = [right[i:i + 2] for i in range(len(right) - 1) if right[i:i + 2] in words]
                if hits:
                    bad.append(f"{left}|{right}（{hits[0]}）")
    return bad


def plain(text: str) -> str:
    return text


@pytest.mark.parametrize("code", rq.OUTCOMES)
def test_every_letter_reads_as_one_letter_and_cites_its_article(code):
    seen = 0
    for ci, channel in enumerate(rq.CHANNELS):
        for ei, event in enumerate(EVENTS):
            f, facts = build(code, channel, event, ci + ei)
            req = f.req
            reg = Flow.reg0([req])
            assert rq.outcome(req) == code
            text = letter(reg, req)
            where = f"{code}/{channel}/{event}"
            for para in text["paragraphs"]:
                assert not doubled_at_joins(para), (where, doubled_at_joins(para), plain(para))
                p = plain(para)
                assert p.endswith("。"), (where, p)
                for wrong in ("。。", "，。", "：。", "；。", "经审查，经审查", "经审查，经", "理由：", "依据："):
                    assert wrong not in p, (where, wrong, p)
            body = plain("".join(text["paragraphs"]))
            # the article its outcome and facts call for, inside the sentence that decides
            basis = expected_basis(code, **facts) if code not in rq.LAPSES else expected_basis(code, since=False,
                                                                                              refused=False, body=False)
            assert f"现依据{basis}的规定，" in body, (where, body)
            assert plain(text["basis"]).startswith(basis), (where, text["basis"])
            # the 文号 given when it was issued; remedies naming the bodies of dwgk.yaml
            lapsed = code in rq.LAPSES
            assert re.fullmatch(r"东科信" + ("终" if lapsed else "复") + r"〔2026〕\d+号", text["number"]), where
            assert "向东林市人民政府申请行政复议" in body and "向东林市东城区人民法院提起行政诉讼" in body
            assert text["closing"] == ("特此告知。" if lapsed else "特此答复。")
            assert text["title"] == "政府信息公开申请" + ("终止办理告知书" if lapsed else "答复书")
            if code in ("予以公开", "部分公开") and not facts.get("since"):  # how it is provided
                assert re.search("现(以邮寄方式|通过电子邮件|请您持本答复书|请您通过)", body), (where, body)
            if event == "征求意见" and not lapsed:  # (a lapse ends the request before any consultation)
                assert "书面征求了东林精密仪器有限公司的意见" in body
            if event == "延期" and not lapsed:
                assert "因需调取历年档案逐项核对，经政府信息公开工作机构负责人同意，本机关将答复期限延长10个工作日" in body
            if event == "收费" and not lapsed:
                assert "信息处理费" in body and "您已于2026年3月12日缴纳" in body
            seen += 1
    assert seen == len(rq.CHANNELS) * len(EVENTS)


def test_what_each_reply_cites_as_the_issue_lists_it():
    def basis(code, channel="网络", event="无", variant=1):
        f, _ = build(code, channel, event, variant)
        return plain(letter(Flow.reg0([f.req]), f.req)["basis"])
    # 予以公开: （一） when already 主动公开 (where and since when), （二） when provided now — never both
    assert basis("予以公开", variant=0).endswith("第三十六条第（一）项")
    assert basis("予以公开", variant=1).endswith("第三十六条第（二）项")
    text = "".join(letter(Flow.reg0([build("予以公开", "网络", "无", 0)[0].req]),
                          build("予以公开", "网络", "无", 0)[0].req)["paragraphs"])
    assert "已于2026年1月5日在东林市科学技术局门户网站“政府信息公开”专栏主动公开" in text
    # 部分公开: 第三十七条, the exemption of the withheld part and 第三十六条第（三）项
    assert basis("部分公开") == R + "第十六条第一款、第三十六条第（三）项、第三十七条"
    # after a third party's refusal, disclosure in the public interest cites 第十五条 and 第三十二条
    assert basis("予以公开", event="征求意见") == R + "第十五条、第三十二条、第三十六条第（二）项"
    # 不掌握: （四） the information does not exist, （五） another body is responsible
    assert basis("无法提供-不掌握", variant=0) == R + "第三十六条第（四）项"
    assert basis("无法提供-不掌握", variant=1) == R + "第三十六条第（五）项"
    # confirming or re-issuing information already held is not 第三十九条第二款 (公开出版物)
    assert basis("不予处理-确认或重新出具") == R + "第二条"
    assert basis("不予公开-行政查询事项") == R + "第三十六条第（七）项"


def test_a_body_responsible_needs_its_contact_and_the_letter_gives_both():
    f, _ = build("无法提供-不掌握", "网络", "无", 1)
    body = plain("".join(letter(Flow.reg0([f.req]), f.req)["paragraphs"]))
    assert "负责公开该政府信息的行政机关为东林市统计局，联系方式：电话 0000-6123456，您可以向其提出申请。" in body
    g = Flow("网络")
    with pytest.raises(Refused) as e:
        g.do("reply", "2026-03-27", result="无法提供-不掌握", basis="", reasons="本机关未制作", where="",
             body="东林市统计局", withheld="")
    assert e.value.code == "Q405"


def test_numbers_run_per_year_and_are_never_reused():
    a, _ = build("予以公开", "网络", "无", 1)
    first = letter(Flow.reg0([a.req]), a.req)["number"]
    assert first == "东科信复〔2026〕1号"
    # a second letter of the year takes the next number after every one already recorded
    b = Flow("当面")
    b.id = "YS-2026-0a0002"
    b.raw = dict(b.raw, id=b.id)
    reg = Flow.reg0([a.req])
    b.raw, _ = rq.reply(reg, b.req, b.raw, result="不予处理-重复申请", basis="", reasons="已答复", where="", body="",
                        withheld="", by="沈红", role="", when=D("2026-03-30"), today=TODAY)
    assert b.raw["history"][-1]["doc_number"] == "东科信复〔2026〕2号"
    # a number recorded twice (a hand edit) is a finding of dwgk check
    twice = dict(b.raw, history=[*b.raw["history"][:-1], dict(b.raw["history"][-1], doc_number=first)])
    reg = Flow.reg0([a.req, rq.validate(twice, b.id)])
    found = [d for d in office.findings(reg, lambda path, kp: (1, 1)) if d.severity == "error"]
    assert [(d.code, d.path) for d in found] == [("Q420", "requests/2026/YS-2026-0a0002.yaml")]


def test_the_amend_notice_opens_with_what_is_missing():
    f = Flow("网络")
    f.do("amend", "2026-03-03", points=["请写明所需文件的名称或文号", "请提供联系电话或邮寄地址"], period=10)
    text = amend_letter(Flow.reg0([f.req]), f.req)
    lead = plain(text["paragraphs"][1])
    assert lead.startswith("经审查，您的申请缺少申请人的身份证明或者联系方式，且未写明所需政府信息的名称、文号或者便于查询的"
                           "其他特征性描述。")
    assert "不够明确" not in lead and text["number"] == "东科信补〔2026〕1号"
    assert text["points"] == ["请写明所需文件的名称或文号。", "请提供联系电话或邮寄地址。"]
