"""Registers written straight from data, for the document tests (no git, fixed IDs).

``gov_register`` (national profile, a 政务 office with items, requests and
reports/2025.yaml) and ``party_register`` (s000_kejiju, a 党务 office) are small but
cover every branch the documents care about: public and non-public items, withheld
items, a correction awaiting review, requests concluded in and across years, appeals
decided after the year's end.
"""

from __future__ import annotations

import hashlib

from pathlib import Path
from typing import Any

import yaml

from dwgk.profile import load_profile
from dwgk.items.procedure import raw_fields_text

TODAY = "2026-11-20"


def ev(action: str, day: str, by: str, **kw: Any) -> dict:
    out = {"action": action, "date": day, "by": by}
    out.update({k: v for k, v in kw.items() if v is not None})
    return out


def item(item_id: str, title: str, *, scope: str, channels: list[str], entry: str | None = None,
         reason: str = "", department: str = "办公室", timing: str = "及时", content: str = "正文。",
         history: list[dict], **extra: Any) -> dict:
    raw: dict[str, Any] = {"id": item_id, "title": title}
    if entry:
        raw["entry"] = entry
    else:
        raw["reason"] = reason or "目录外事项"
    raw.update(scope=scope, channels=channels, timing=timing, department=department,
               proposer=history[0]["by"])
    raw.update(extra)
    raw["content"] = content
    # the hash recorded before hashes covered the decisions (the fields alone): still accepted
    h = hashlib.sha256(raw_fields_text(raw).encode("utf-8")).hexdigest()[:16]
    raw["history"] = [dict(e, content_hash=h) if e["action"] == "review" or "content_hash" in e else e
                      for e in history]
    return raw


def request(req_id: str, received: str, applicant_type: str, *, channel: str = "当面",
            applicant: str = "申请人", content: str = "申请获取的信息", history: list[dict]) -> dict:
    fact = {"当面": "arrived", "邮寄": "signed"}.get(channel, "confirmed")
    return {"id": req_id, "received": received, "channel": channel, fact: received,
            "applicant": applicant, "applicant_type": applicant_type, "content": content,
            "history": [ev("receive", received, "李四", role="政府信息公开工作机构"), *history]}


def write_register(root: Path, *, org: str, code: str, profile: str, items: list[dict],
                   requests: list[dict] = (), reports: dict[int, dict] | None = None,
                   start: str = "2024-01-02", catalogue_meta: dict | None = None,
                   config: dict | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    dump = lambda d: yaml.safe_dump(d, allow_unicode=True, sort_keys=False)  # noqa: E731
    (root / "dwgk.yaml").write_text(dump({"org": org, "code": code, "profile": profile, "start": start,
                                          "overrides": {}, **(config or {})}), encoding="utf-8")
    p = load_profile(profile)
    cat = dict(catalogue_meta or {})
    cat["entries"] = [dict(e) for e in p.catalogue]
    (root / "catalogue.yaml").write_text(dump(cat), encoding="utf-8")
    for it in items:
        year = it["id"].split("-")[1]
        (root / "items" / year).mkdir(parents=True, exist_ok=True)
        (root / "items" / year / f"{it['id']}.yaml").write_text(dump(it), encoding="utf-8")
    for rq in requests:
        year = rq["id"].split("-")[1]
        (root / "requests" / year).mkdir(parents=True, exist_ok=True)
        (root / "requests" / year / f"{rq['id']}.yaml").write_text(dump(rq), encoding="utf-8")
    for year, data in (reports or {}).items():
        (root / "reports").mkdir(exist_ok=True)
        (root / "reports" / f"{year}.yaml").write_text(dump(data), encoding="utf-8")
    return root


# what dwgk.yaml says for the 政务 test register's letters and annual report (dwgk.office)
GOV_OFFICE = {
    "remedies": {"review": ["青河市人民政府"], "court": "青河市东城区人民法院"},
    "doc_numbers": {"答复书": "青科信复〔{year}〕{n}号", "补正告知书": "青科信补〔{year}〕{n}号",
                    "终止办理告知书": "青科信终〔{year}〕{n}号"},
    "annual_report": {"download": "青河市人民政府门户网站（www.qinghe.gov.cn）“政府信息公开”专栏",
                      "contact": {"office": "青河市科学技术局办公室", "address": "青河市人民路8号",
                                  "postcode": "100001", "phone": "0000-12345678"}},
}

REPORT_2025 = {
    "overview": {
        "intro": "2025年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，推进政务公开标准化规范化。",
        "proactive": "全年主动公开各类政府信息，及时回应社会关切。",
        "requests": "严格按照法定时限答复政府信息公开申请，答复书经法制审核后送达。",
        "management": "落实公文公开属性源头认定和保密审查，对不予公开的信息每年复核。",
        "platforms": "在门户网站“政府信息公开”专栏集中发布主动公开的政府信息。",
        "supervision": "将政务公开纳入年度绩效考核，全年开展业务培训2次。",
    },
    "proactive": {"rules": {"issued": 0, "repealed": 0, "in_force": 0},
                  "normative": {"issued": 2, "repealed": 1, "in_force": 15},
                  "licensing": 120, "penalty": 8, "coercion": 0, "fees": 0.35},
    "problems": "一是政策解读形式较为单一；二是依申请公开答复的规范化水平有待提高。\n下一步，本局将丰富解读形式，加强业务培训。",
    "other": "本年度未收取信息处理费。",
}


def gov_items() -> list[dict]:
    s, a, b = "王五", "李四", "陈局长"
    web = ["政府网站"]

    def approved(d1: str, d2: str, d3: str) -> list[dict]:
        return [ev("review", d1, s, role="政府信息公开工作机构", step="保密审查", result="可以公开"),
                ev("review", d2, a, role="分管领导", step="审核", result="同意", opinion="同意公开"),
                ev("review", d3, b, role="主要负责人", step="审批", result="同意")]

    return [
        item("GK-2025-000001", "关于印发《青河市科技计划项目管理办法》的通知", entry="Z02", scope="向社会公开",
             channels=["政府网站", "政府公报"], department="政策法规科", kind="政务", attribute="主动公开",
             doc_number="青科发〔2025〕3号", doc_date="2025-02-20",
             history=[ev("submit", "2025-02-21", "张三", role="承办人"), *approved("2025-02-24", "2025-02-25", "2025-02-26"),
                      ev("publish", "2025-02-27", "赵六", role="政府信息公开工作机构", channel="政府网站",
                         scope="向社会公开", index_no="00817525-1/2025-00001")]),
        item("GK-2025-000002", "2025年部门预算（含内部测算表）", entry="Z05", scope="向社会公开", channels=web,
             department="财务科", kind="政务",
             history=[ev("submit", "2025-03-05", "钱七", role="承办人"),
                      ev("review", "2025-03-10", s, role="政府信息公开工作机构", step="保密审查", result="不予公开",
                         exemption="工作秘密"),
                      ev("withhold", "2025-03-12", "赵六", role="政府信息公开工作机构", reasons="含内部测算数据",
                         basis="保密审查意见")]),
        item("GK-2025-000003", "机关内部值班安排", reason="内部事务，党内知悉", scope="党内公开", channels=["公开栏"],
             kind="政务",
             history=[ev("submit", "2025-03-20", "张三", role="承办人"), *approved("2025-03-21", "2025-03-24", "2025-03-25"),
                      ev("publish", "2025-04-01", "赵六", channel="公开栏", scope="党内公开")]),
        item("GK-2025-000004", "科技型企业研发补助资金兑付进展（第三季度）", entry="Z08", scope="向社会公开",
             channels=["政府网站", "政务新媒体"], department="业务科", kind="政务", timing="定期",
             history=[ev("submit", "2025-10-09", "孙八", role="承办人"),
                      ev("review", "2025-10-10", s, role="政府信息公开工作机构", step="保密审查", result="可以公开"),
                      ev("review", "2025-10-11", a, role="分管领导", step="审核", result="同意")]),
        item("GK-2025-000005", "2024年度工作总结", entry="Z04", scope="向社会公开", channels=web, kind="政务",
             timing="定期",
             history=[ev("submit", "2025-01-10", "张三", role="承办人"), *approved("2025-01-13", "2025-01-14", "2025-01-15"),
                      ev("publish", "2025-01-20", "赵六", channel="政府网站", scope="向社会公开",
                         index_no="00817525-1/2025-00002"),
                      ev("revise", "2025-05-06", "张三", kind="更正", reasons="数据有误",
                         content_hash="")],
             content="更正后的正文。"),
        item("GK-2024-000006", "机构职能、内设机构及联系方式", entry="Z01", scope="向社会公开", channels=web,
             kind="政务", timing="长期",
             history=[ev("submit", "2024-05-20", "张三", role="承办人"), *approved("2024-05-21", "2024-05-22", "2024-05-23"),
                      ev("publish", "2024-06-03", "赵六", channel="政府网站", scope="向社会公开",
                         index_no="00817525-1/2024-00001")]),
        item("GK-2025-000007", "<b>科技成果</b>转化奖励 & 资金 | 公示", entry="Z06", scope="向社会公开",
             channels=web, department="业务科", kind="政务",
             history=[ev("submit", "2025-08-25", "孙八", role="承办人"), *approved("2025-08-26", "2025-08-27", "2025-08-28"),
                      ev("publish", "2025-09-01", "赵六", channel="政府网站", scope="向社会公开",
                         index_no="00817525-1/2025-00003")]),
    ]


def gov_requests() -> list[dict]:
    R = "李四"
    return [
        request("YS-2024-00a001", "2024-12-20", "自然人", applicant="王某", content="2024年科技项目立项清单",
                history=[ev("reply", "2025-01-10", R, result="予以公开", basis="条例第三十六条第（二）项")]),
        request("YS-2024-00a002", "2024-11-01", "商业企业", applicant="甲公司",
                history=[ev("reply", "2024-11-20", R, result="予以公开", basis="条例第三十六条")]),
        request("YS-2025-00b001", "2025-03-03", "商业企业", channel="网络", applicant="某科技有限公司",
                content="高新技术企业认定名单",
                history=[ev("reply", "2025-03-20", R, result="部分公开",
                            basis="《中华人民共和国政府信息公开条例》第十六条第一款、第三十六条第（三）项、第三十七条",
                            withheld="企业联系方式", exemption="内部事务", provide="电子邮件",
                            reasons="企业联系方式属于本机关内部工作联络信息", doc_number="青科信复〔2025〕2号"),
                         ev("appeal", "2025-05-01", R, kind="行政复议", result="未审结"),
                         ev("appeal", "2025-07-01", R, kind="行政复议", result="维持")]),
        request("YS-2025-00b002", "2025-04-01", "科研机构", applicant="某研究院", content="某企业的研发投入明细",
                history=[ev("consult", "2025-04-03", R, party="某企业", party_kind="第三方"),
                         ev("consulted", "2025-04-15", R, party="某企业", result="不同意", reasons="涉及商业秘密"),
                         ev("reply", "2025-04-25", R, result="不予公开-第三方权益", basis="条例第十五条")]),
        request("YS-2025-00b003", "2025-05-05", "自然人", applicant="赵某", content="有关文件",
                history=[ev("amend", "2025-05-08", R, points=["写明所需文件的名称或文号", "写明所需信息的时间范围"],
                            period=15),
                         ev("lapse", "2025-06-10", R, result="其他处理-逾期不补正")]),
        request("YS-2025-00b004", "2025-06-02", "法律服务机构", applicant="某律师事务所", content="某企业登记档案",
                history=[ev("reply", "2025-06-20", R, result="无法提供-不掌握", basis="条例第三十六条第（五）项",
                            body="市市场监督管理局"),
                         ev("appeal", "2025-08-01", R, kind="行政诉讼", result="未审结"),
                         ev("appeal", "2026-02-01", R, kind="行政诉讼", result="纠正")]),
        request("YS-2025-00b005", "2025-10-10", "社会公益组织", applicant="某基金会", content="同上次申请",
                history=[ev("reply", "2025-10-20", R, result="不予处理-重复申请", basis="条例第三十六条第（六）项")]),
        request("YS-2025-00b006", "2025-12-22", "其他", applicant="某协会", content="年度科技统计数据",
                history=[]),
        request("YS-2025-00b007", "2025-12-15", "自然人", applicant="钱某", content="科技奖励名单",
                history=[ev("reply", "2026-01-08", R, result="予以公开", basis="条例第三十六条")]),
        request("YS-2026-00c001", "2026-02-02", "自然人", applicant="孙某", content="2026年工作要点",
                history=[ev("reply", "2026-02-20", R, result="予以公开", basis="条例第三十六条")]),
    ]


def gov_register(root: Path, reports: dict | None = None) -> Path:
    return write_register(root, org="青河市科学技术局", code="00817525-1", profile="national",
                          items=gov_items(), requests=gov_requests(),
                          reports={2025: REPORT_2025} if reports is None else reports,
                          catalogue_meta={"version": 2, "filed": "2025-01-15", "filed_with": "市政务公开办"},
                          config=GOV_OFFICE)


def party_items() -> list[dict]:
    s, lead, boss = "周办公室", "吴分管", "郑书记"
    risk_low = {"合法性": "符合党内法规", "合理性": "合理", "可行性": "可行", "可控性": "风险可控"}

    def full(d: str, web: bool, level: str = "低") -> list[dict]:
        y, m, dd = d.split("-")
        day = lambda n: f"{y}-{m}-{int(dd) + n:02d}"  # noqa: E731
        out = [ev("review", day(1), s, role="办公室", step="保密审查", result="可以公开"),
               ev("review", day(2), lead, role="分管领导", step="风险评估",
                  result="可公开" if level == "低" else "暂缓公开", findings=risk_low, level=level)]
        if level == "中":
            out.append(ev("mitigate", day(3), lead, role="分管领导", step="风险评估",
                          opinion="提前准备解释口径，安排专人答复咨询"))
        out += [ev("review", day(4), lead, role="分管领导", step="审核", result="同意", opinion="符合公开目录"),
                ev("review", day(5), boss, role="主要负责人", step="审批", result="同意")]
        if web:
            out += [ev("review", day(6), "冯编辑", role="信息稿件编辑", step="初审", result="同意"),
                    ev("review", day(6), "陈科长", role="科室负责人", step="复审", result="同意"),
                    ev("review", day(7), lead, role="分管领导", step="终审", result="同意")]
        return out

    return [
        item("GK-2025-100001", "青河经开区科技局党组2025年党建工作要点", entry="A02", scope="向社会公开",
             channels=["门户网站"], timing="定期",
             history=[ev("submit", "2025-02-10", "张三", role="相关工作责任人"), *full("2025-02-10", True),
                      ev("publish", "2025-02-20", "周办公室", role="党务公开工作领导小组办公室", channel="门户网站",
                         scope="向社会公开", index_no="00817525-1/2025-00001"),
                      ev("feedback", "2025-03-01", "周办公室", opinion="建议增加基层党建联系点安排",
                         handling="已在第二季度工作安排中补充", result_published=True)]),
        item("GK-2025-100002", "2025年第一季度中心组理论学习计划落实情况", entry="B01", scope="党内公开",
             channels=["简报"], timing="定期", department="组织人事股",
             history=[ev("submit", "2025-03-20", "李组织", role="相关工作责任人"), *full("2025-03-20", False),
                      ev("publish", "2025-03-31", "周办公室", channel="简报", scope="党内公开")]),
        item("GK-2025-100003", "干部年度考核初步意见", entry="A01", scope="党内公开", channels=["会议"],
             history=[ev("submit", "2025-04-08", "李组织", role="相关工作责任人"),
                      ev("review", "2025-04-10", s, role="办公室", step="保密审查", result="不予公开", exemption="工作秘密"),
                      ev("withhold", "2025-04-11", "周办公室", reasons="考核尚未定稿，属于工作秘密",
                         basis="保密审查意见")]),
        item("GK-2025-100004", "2025年发展对象公示", entry="C02", scope="对特定对象公开", channels=["党务公开栏"],
             department="组织人事股",
             history=[ev("submit", "2025-04-25", "李组织", role="相关工作责任人"), *full("2025-04-25", False),
                      ev("publish", "2025-05-06", "周办公室", channel="党务公开栏", scope="对特定对象公开")]),
        item("GK-2025-100005", "2025年科技特派员服务企业为民办实事项目", entry="E01", scope="向社会公开",
             channels=["门户网站", "政务微博"], department="科技发展股",
             history=[ev("submit", "2025-06-03", "王科技", role="相关工作责任人"), *full("2025-06-03", True, level="中"),
                      ev("publish", "2025-06-20", "周办公室", channel="门户网站", scope="向社会公开",
                         index_no="00817525-1/2025-00002"),
                      ev("feedback", "2025-07-02", "周办公室", opinion="希望扩大服务企业范围")]),
        item("GK-2025-100006", "2025年上半年党费收缴、使用和管理情况", entry="C01", scope="党内公开",
             channels=["党务公开栏"], timing="定期", department="组织人事股",
             history=[ev("submit", "2025-07-01", "李组织", role="相关工作责任人")]),
    ]


PARTY_REPORT_2025 = {
    "overview": "2025年，局党组坚持以公开促落实、以公开促规范，按照公开目录及时公开党务。",
    "problems": "个别事项公开不够及时；下一步将加强时限管理。",
}


def party_register(root: Path, reports: dict | None = None) -> Path:
    return write_register(root, org="青河经济技术开发区科学技术局机关党委", code="00817525-1",
                          profile="s000_kejiju", items=party_items(),
                          reports={2025: PARTY_REPORT_2025} if reports is None else reports)


# ---------------------------------------------------------------- reading outputs back

def html_cells(html: str) -> list[str]:
    from lxml import html as lh
    root = lh.document_fromstring(html)
    return [" ".join(td.text_content().split()) for td in root.iter("td", "th")]


def docx_cells(path) -> list[str]:
    import docx
    d = docx.Document(str(path))
    out = []
    for t in d.tables:
        seen: list = []  # keep the elements alive: lxml proxies are only stable while referenced
        for row in t.rows:
            for cell in row.cells:
                if any(tc is cell._tc for tc in seen):
                    continue
                seen.append(cell._tc)
                out.append(" ".join(cell.text.split()))
    return out
