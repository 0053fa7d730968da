"""A year of 依申请公开 requests (and a few 政民互动 messages) made through the real CLI,
exercising every one of the 21 outcome codes, every clock stop, appeals and a carry-over.

For the example registers (examples/build.py) and the tests::

    spec = importlib.util.spec_from_file_location("requests_year", "tests/data/requests_year.py")
    ...
    made = build_year(r.cli, year=2025, fees=True)     # r.cli(*args, on=date) -> stdout

``cli(*args, on=DATE)`` must run one ``dwgk`` command with ``--date DATE`` appended and
return its stdout (``examples/build.py``'s ``Register.cli`` does exactly that). Every date is
computed from the official calendar so each command is accepted; ``today`` must be after
the year (the last steps fall in January of the following year). Without fees (``fees=False``, a
profile that charges none) the 其他处理-逾期未缴费 case is left out; under the 2008 rules
(seed 002) the fee is the stated cost (成本费, ``--amount``), not the 109号 tiers.

Returns ``{outcome code: request ID}`` plus the IDs of the extra cases under
``"carried_over"``, ``"appeal_review"``, ``"appeal_direct"`` and ``"appeal_after_review"``;
``"carried_over"`` is answered in January only when ``today`` allows. ``edition="2008"``
(seed 002's rules) adds an explicit ``--basis`` to every reply: only the 2019 条例 has default
articles per outcome. ``only`` limits the run to some outcome codes (no appeals, no
carry-over).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Callable

from dwgk.workdays import Calendar

CAL = Calendar()
TYPES = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
NAMES = {"自然人": "张明", "商业企业": "东林精密仪器有限公司", "科研机构": "东林工业技术研究院",
         "社会公益组织": "东林市环保志愿者协会", "法律服务机构": "东林正言律师事务所", "其他": "东林市某业主委员会"}
CLERK = "沈红"
HEAD = "周建军"  # 政府信息公开工作机构负责人

REASONS = {
    "部分公开": "评审意见中专家个人信息和第三方技术参数不予公开，其余部分予以公开",
    "不予公开-国家秘密": "所申请信息经定密程序确定为秘密级国家秘密",
    "不予公开-法律法规禁止": "所申请信息属于统计调查中的单个调查对象资料，统计法禁止公开",
    "不予公开-三安全一稳定": "所申请信息涉及在建重大项目安保方案，公开后可能危及公共安全",
    "不予公开-第三方权益": "所申请信息涉及第三方商业秘密，第三方有理由不同意公开",
    "不予公开-内部事务": "所申请信息为本机关内部人事管理信息",
    "不予公开-过程性信息": "所申请信息为尚在讨论中的方案征求意见稿",
    "不予公开-行政执法案卷": "所申请信息为行政处罚案卷材料",
    "不予公开-行政查询事项": "所申请信息为企业登记档案，应按登记档案查询规定办理",
    "无法提供-不掌握": "经检索本机关未制作或获取该信息",
    "无法提供-需另行制作": "所申请的分区县统计汇总需对现有信息加工分析",
    "无法提供-补正后仍不明确": "补正后仍未能指明所需信息的名称、文号或其他特征",
    "不予处理-信访举报投诉": "申请实为对企业违规用工的投诉",
    "不予处理-重复申请": "申请人已就相同信息提出申请并获答复",
    "不予处理-公开出版物": "所申请的是已公开发行的统计年鉴",
    "不予处理-大量反复申请": "申请人一个月内提出同类申请四十余件，未说明合理理由",
    "不予处理-确认或重新出具": "申请人要求确认其已获取的文件真伪",
    "其他处理-其他": "申请人于答复前书面撤回申请",
}
CONTENT = {
    "予以公开": "申请公开2025年度市级科技计划项目立项清单",
    "部分公开": "申请公开某研发费用后补助项目的评审意见",
    "无法提供-不掌握": "申请公开全市规模以上工业企业能耗数据",
    "不予处理-重复申请": "再次申请公开2025年度市级科技计划项目立项清单",
}


def _wd(d: date) -> date:
    return CAL.roll_forward(d)


def _after(d: date, n: int) -> date:
    return CAL.add_workdays(d, n)


def build_year(cli: Callable[..., str], year: int = 2025, fees: bool = True,
               today: date | None = None, edition: str = "2019", only: set[str] | None = None) -> dict:
    from dwgk.requests import OUTCOMES

    made: dict = {}

    def new(code: str, received: date, i: int, channel: str = "当面", *extra: str) -> str:
        atype = TYPES[i % len(TYPES)]
        applicant = NAMES[atype] if code != "不予处理-重复申请" else NAMES["自然人"]
        if code == "不予处理-重复申请":
            atype = "自然人"
        fact = {"邮寄": ("--signed", "--arrived"), "平邮": ("--confirmed", "--arrived"),
                "网络": ("--confirmed",), "传真": ("--confirmed",), "当面": ()}[channel]
        facts: list[str] = []
        for opt in fact:
            facts += [opt, (received if opt != "--arrived" else received - timedelta(days=1 if channel == "邮寄" else 0)).isoformat()]
        content = CONTENT.get(code, f"申请公开与“{code.split('-')[-1]}”情形相关的政府信息（第 {i + 1} 件）")
        return cli("request", "new", "--received", received.isoformat(), "--channel", channel,
                   "--applicant", applicant, "--applicant-type", atype, "--content", content,
                   "--form", "电子邮件" if i % 2 else "纸质", *facts, *extra, "--by", CLERK, on=received)

    def reply(rid: str, code: str, on: date, *extra: str) -> None:
        args = ["request", "reply", rid, "--result", code, "--by", CLERK, *extra]
        if code != "予以公开":
            args += ["--reason", REASONS[code]]
        if code == "其他处理-其他":
            args += ["--basis", "《中华人民共和国政府信息公开条例》第三十六条"]
        elif edition != "2019":  # no default basis under the 2008 rules: cite them
            args += ["--basis", "《中华人民共和国政府信息公开条例》（2007年）第二十一条、第二十四条"]
        cli(*args, on=on)

    def deliver_archive(rid: str, replied: date, archive: bool = True) -> None:
        cli("request", "deliver", rid, "--method", "邮寄", "--by", CLERK, on=_after(replied, 1))
        if archive:
            cli("request", "archive", rid, "--by", CLERK, "--note", f"{year}年依申请公开档案", on=_after(replied, 3))

    channels = ("当面", "邮寄", "网络", "平邮", "传真")
    for i, code in enumerate(OUTCOMES):
        if (code == "其他处理-逾期未缴费" and not fees) or (only is not None and code not in only):
            continue
        received = _wd(date(year, 1, 6) + timedelta(days=16 * i))
        channel = channels[i % len(channels)]
        rid = new(code, received, i, channel)
        made[code] = rid
        if code == "其他处理-逾期不补正":
            amend = _after(received, 4)
            cli("request", "amend", rid, "--reason", "写明所需信息的名称或文号", "--reason", "写明信息的大致形成时间",
                "--by", CLERK, on=amend)
            cli("request", "lapse", rid, "--by", CLERK, on=_after(amend, 16))
            cli("request", "deliver", rid, "--method", "邮寄", "--by", CLERK, on=_after(amend, 17))  # the lapse notice
            cli("request", "archive", rid, "--by", CLERK, on=_after(amend, 18))
            continue
        if code == "其他处理-逾期未缴费":
            notice = _after(received, 5)
            charge = ("--pages", "150") if edition == "2019" else ("--amount", "85", "--items", "复制费150页、邮寄费10元")
            cli("request", "fee", rid, *charge, "--by", CLERK, on=notice)
            cli("request", "lapse", rid, "--by", CLERK, on=_after(notice, 21))
            continue
        when = _after(received, 6)
        if code == "无法提供-补正后仍不明确":
            amend = _after(received, 3)
            cli("request", "amend", rid, "--reason", "写明所需信息的名称、文号或其他特征", "--by", CLERK, on=amend)
            amended = _after(amend, 6)
            cli("request", "amended", rid, "--content", "需要有关科技项目的全部材料", "--by", CLERK, on=amended)
            when = _after(amended, 10)
        elif code in ("部分公开", "不予公开-第三方权益"):
            sent = _after(received, 2)
            cli("request", "consult", rid, "--party", "东林精密仪器有限公司", "--by", CLERK, on=sent)
            cli("request", "consulted", rid, "--opinion", "不同意", "--reason", "涉及本公司核心技术参数，属于商业秘密",
                "--by", CLERK, on=_after(sent, 8))
            when = _after(sent, 12)
        elif code == "不予公开-内部事务":
            cli("request", "consult", rid, "--party", "东林市人力资源和社会保障局", "--party-kind", "其他机关",
                "--by", CLERK, on=_after(received, 3))
            cli("request", "consulted", rid, "--opinion", "未答复", "--by", CLERK, on=_after(received, 19))
            cli("request", "extend", rid, "--days", "15", "--approved-by", HEAD, "--reason", "需调取历年人事档案核对",
                "--by", CLERK, on=_after(received, 25))
            when = _after(received, 40)
        elif code == "不予公开-过程性信息":
            when = _after(received, 24)  # late: 20 工作日 allowed
        extra: tuple[str, ...] = ()
        if code == "予以公开":  # already 主动公开: where and since when
            extra = ("--where", "东林市科学技术局门户网站“政府信息公开—法定主动公开内容”栏目",
                     "--since", _wd(date(year, 1, 2)).isoformat())
        elif code == "部分公开":  # the withheld part is the third party's (it refused): provided by post
            extra = ("--withheld", "评审专家姓名及第三方技术参数", "--provide", "邮寄")
        elif code == "无法提供-不掌握":
            extra = ("--body", "东林市统计局", "--body-contact", "电话 0000-6123456")
        reply(rid, code, when, *extra)
        deliver_archive(rid, when, archive=code not in ("不予公开-过程性信息",))

    if only is not None:
        return made
    # appeals: a 行政复议 (维持), a lawsuit without review (未审结), a lawsuit after review (纠正)
    rid = made["不予公开-过程性信息"]
    filed = date(year, 11, 3)
    cli("request", "appeal", rid, "--kind", "行政复议", "--result", "未审结", "--case", f"东政复〔{year}〕31号",
        "--by", CLERK, on=_wd(filed))
    cli("request", "appeal", rid, "--kind", "行政复议", "--result", "维持", "--case", f"东政复〔{year}〕31号",
        "--by", CLERK, on=_wd(date(year, 12, 22)))
    made["appeal_review"] = rid
    rid = made["不予公开-内部事务"]
    cli("request", "appeal", rid, "--kind", "行政诉讼", "--result", "未审结", "--case", f"（{year}）东行初字第8号",
        "--by", CLERK, on=_wd(date(year, 12, 1)))
    made["appeal_direct"] = rid
    rid = made["无法提供-不掌握"]
    cli("request", "appeal", rid, "--kind", "行政诉讼", "--after-review", "--result", "纠正",
        "--case", f"（{year}）东行初字第5号", "--by", CLERK, on=_wd(date(year, 12, 10)))
    made["appeal_after_review"] = rid

    # carried over: received in late December, answered in January
    received = _wd(date(year, 12, 22))
    rid = new("予以公开", received, 2, "网络")
    if today is None or _after(received, 12) <= today:
        on = _after(received, 12)
        reply(rid, "予以公开", on, "--provide", "电子邮件")
        deliver_archive(rid, on)
    made["carried_over"] = rid
    return made


def build_messages(cli: Callable[..., str], year: int = 2025) -> list[str]:
    """Six 政民互动 messages: each type on time, one late, one reopened."""
    out = []
    rows = (("咨询", "1月", 3, 2, False), ("咨询", "4月", 3, 5, False), ("建议", "6月", 15, 10, True),
            ("投诉", "9月", 15, 12, False), ("建议", "10月", 15, 9, False), ("咨询", "12月", 3, 1, False))
    for i, (kind, month, _limit, after, reopen) in enumerate(rows):
        received = _wd(date(year, int(month[:-1]), 8))
        mid = cli("message", "new", "--type", kind, "--received", received.isoformat(), "--citizen", f"留言人{i + 1}",
                  "--subject", f"{month}{kind}", "--content", f"关于科技项目申报的{kind}", "--channel", "网站留言",
                  "--department", "业务科", "--handler", "赵强", "--by", CLERK, on=received)
        replied = _after(received, after)
        cli("message", "reply", mid, "--text", "已按政策答复", "--signed-by", HEAD, "--by", "赵强", on=replied)
        if reopen:
            again = _after(replied, 2)
            cli("message", "reopen", mid, "--reason", "留言人认为答复未说明具体时间", "--by", CLERK, on=again)
            cli("message", "reply", mid, "--text", "补充说明具体时间安排", "--signed-by", HEAD,
                "--explanation", "受预算批复时间影响，暂难确定，已说明原因", "--by", "赵强", on=_after(again, 6))
        out.append(mid)
    return out
