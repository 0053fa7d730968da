"""依申请公开 requests (政府信息公开条例 2019; seed 002 第八章): model, build, state, clocks,
deadlines, the reply letter's data, and the pure actions behind ``dwgk request …``.

Request file ``requests/<year>/<ID>.yaml`` (ID ``YS-<year>-<6 hex>``, year of receipt)::

    id: YS-2026-3fa9c1
    received: 2026-09-15        # legal date of receipt (条例第三十一条), fixed by the channel's fact:
    channel: 邮寄               # 当面 | 邮寄 (挂号/EMS) | 平邮 | 网络 | 传真
    arrived: 2026-09-14         # the day it reached the office (any channel, optional)
    signed: 2026-09-15          # 邮寄: the day the office signed for it
    confirmed: 2026-09-15       # 平邮/网络/传真: the day both sides confirmed it
    applicant: 张三
    applicant_type: 自然人      # 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他
    contact: 联系地址或电话      # optional
    content: 申请公开……          # the information asked for
    form: 纸质                  # the form asked for (纸质, 电子邮件 …), optional
    history:                    # every act, in date order, each with action/date/by/role
    - {action: receive, date: 2026-09-15, by: 李四, role: 政府信息公开工作机构}
    - {action: amend, date: 2026-09-18, by: 李四, points: [写明文件名称], period: 15}
    - {action: amended, date: 2026-09-25, by: 李四}
    - {action: consult, date: 2026-09-28, by: 李四, party: 某公司, party_kind: 第三方}
    - {action: consulted, date: 2026-10-12, by: 李四, party: 某公司, result: 不同意, reasons: …}
    - {action: extend, date: 2026-10-20, by: 李四, days: 20, approved_by: 王主任, reasons: …, told: 2026-10-20}
    - {action: fee, date: …, mode: 按量, quantity: 150, amount: 1700}
    - {action: paid, date: …, amount: 1700}          # or waive (减免) with approved_by, reasons
    - {action: reply, date: …, result: 部分公开, basis: …, reasons: …}
    - {action: deliver, date: …, method: 邮寄}
    - {action: archive, date: …}
    - {action: appeal, date: …, kind: 行政复议, result: 未审结, case: …}
    # also: assign (拟办: department, handler) and lapse (result 其他处理-逾期不补正 / -逾期未缴费)

Nothing derived is stored: the stage, the rules in force (the profile's ``requests.rules``
entry with the latest ``since`` on or before the date of receipt), every due date and the
lateness of a 补正 notice are computed from these facts each time.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Iterable, Mapping

from dwgk.dates import parse_date
from dwgk.diag import Diagnostic, Refused, diag
from dwgk.items import ID_RE, Findings
from dwgk.model import Event

# ---------------------------------------------------------------------------------------
# vocabulary

CHANNELS = ("当面", "邮寄", "平邮", "网络", "传真")
# Which recorded fact fixes the legal date of receipt (条例第三十一条).
RECEIPT_FACT = {"当面": "arrived", "邮寄": "signed", "平邮": "confirmed", "网络": "confirmed",
                "传真": "confirmed"}
FACT_NAMES = {"arrived": "提交/到达日期", "signed": "签收日期", "confirmed": "确认日期"}
FACT_OPTIONS = {"arrived": "--arrived", "signed": "--signed", "confirmed": "--confirmed"}
RECEIPT_RULES = {
    "当面": "当面提交的，以提交之日为收到申请之日（条例第三十一条第一项）",
    "邮寄": "以邮寄方式提交的，以行政机关签收之日为收到申请之日（条例第三十一条第二项）",
    "平邮": "以平常信函等无需签收的方式邮寄的，政府信息公开工作机构于收到当日与申请人确认，"
            "以确认之日为收到申请之日（条例第三十一条第二项）",
    "网络": "通过互联网渠道提交的，以双方确认之日为收到申请之日（条例第三十一条第三项）",
    "传真": "通过传真提交的，以双方确认之日为收到申请之日（条例第三十一条第三项）",
}
APPLICANT_TYPES = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")

# The 21 outcome codes, in the order of the national annual report's rows (domain.md §10).
OUTCOMES = (
    "予以公开", "部分公开",
    "不予公开-国家秘密", "不予公开-法律法规禁止", "不予公开-三安全一稳定", "不予公开-第三方权益",
    "不予公开-内部事务", "不予公开-过程性信息", "不予公开-行政执法案卷", "不予公开-行政查询事项",
    "无法提供-不掌握", "无法提供-需另行制作", "无法提供-补正后仍不明确",
    "不予处理-信访举报投诉", "不予处理-重复申请", "不予处理-公开出版物", "不予处理-大量反复申请",
    "不予处理-确认或重新出具",
    "其他处理-逾期不补正", "其他处理-逾期未缴费", "其他处理-其他",
)
LAPSE_AMEND, LAPSE_FEE, OTHER = "其他处理-逾期不补正", "其他处理-逾期未缴费", "其他处理-其他"
LAPSES = (LAPSE_AMEND, LAPSE_FEE)

# code → (group row of the annual report's table 三, numbered sub-row or "")
OUTCOME_ROWS = {
    "予以公开": ("（一）予以公开", ""),
    "部分公开": ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
    "不予公开-国家秘密": ("（三）不予公开", "1.属于国家秘密"),
    "不予公开-法律法规禁止": ("（三）不予公开", "2.其他法律行政法规禁止公开"),
    "不予公开-三安全一稳定": ("（三）不予公开", "3.危及“三安全一稳定”"),
    "不予公开-第三方权益": ("（三）不予公开", "4.保护第三方合法权益"),
    "不予公开-内部事务": ("（三）不予公开", "5.属于三类内部事务信息"),
    "不予公开-过程性信息": ("（三）不予公开", "6.属于四类过程性信息"),
    "不予公开-行政执法案卷": ("（三）不予公开", "7.属于行政执法案卷"),
    "不予公开-行政查询事项": ("（三）不予公开", "8.属于行政查询事项"),
    "无法提供-不掌握": ("（四）无法提供", "1.本机关不掌握相关政府信息"),
    "无法提供-需另行制作": ("（四）无法提供", "2.没有现成信息需要另行制作"),
    "无法提供-补正后仍不明确": ("（四）无法提供", "3.补正后申请内容仍不明确"),
    "不予处理-信访举报投诉": ("（五）不予处理", "1.信访举报投诉类申请"),
    "不予处理-重复申请": ("（五）不予处理", "2.重复申请"),
    "不予处理-公开出版物": ("（五）不予处理", "3.要求提供公开出版物"),
    "不予处理-大量反复申请": ("（五）不予处理", "4.无正当理由大量反复申请"),
    "不予处理-确认或重新出具": ("（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    "其他处理-逾期不补正": ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    "其他处理-逾期未缴费": ("（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    "其他处理-其他": ("（六）其他处理", "3.其他"),
}

_REG = "《中华人民共和国政府信息公开条例》"
# Suggested legal basis per outcome under the 2019 条例 (used when --basis is left out).
BASIS_2019 = {
    "予以公开": f"{_REG}第三十六条第（一）项、第（二）项",
    "部分公开": f"{_REG}第三十七条",
    "不予公开-国家秘密": f"{_REG}第十四条、第三十六条第（三）项",
    "不予公开-法律法规禁止": f"{_REG}第十四条、第三十六条第（三）项",
    "不予公开-三安全一稳定": f"{_REG}第十四条、第三十六条第（三）项",
    "不予公开-第三方权益": f"{_REG}第十五条、第三十二条、第三十六条第（三）项",
    "不予公开-内部事务": f"{_REG}第十六条第一款、第三十六条第（三）项",
    "不予公开-过程性信息": f"{_REG}第十六条第二款、第三十六条第（三）项",
    "不予公开-行政执法案卷": f"{_REG}第十六条第二款、第三十六条第（三）项",
    "不予公开-行政查询事项": f"{_REG}第三十六条第（七）项",
    "无法提供-不掌握": f"{_REG}第三十六条第（四）项、第（五）项",
    "无法提供-需另行制作": f"{_REG}第三十八条",
    "无法提供-补正后仍不明确": f"{_REG}第二十九条、第三十条",
    "不予处理-信访举报投诉": f"{_REG}第三十九条第一款",
    "不予处理-重复申请": f"{_REG}第三十六条第（六）项",
    "不予处理-公开出版物": f"{_REG}第三十九条第二款",
    "不予处理-大量反复申请": f"{_REG}第三十五条",
    "不予处理-确认或重新出具": f"{_REG}第三十九条第二款",
    "其他处理-逾期不补正": f"{_REG}第三十条",
    "其他处理-逾期未缴费": f"{_REG}第四十二条、国办函〔2020〕109号《政府信息公开信息处理费管理办法》",
}

# The decision, in the words of the reply letter (our own wording of the 条例's reply types).
DECISIONS = {
    "予以公开": "经审查，您申请获取的政府信息属于公开范围，本机关予以公开。",
    "部分公开": "经审查，您申请获取的政府信息中部分内容属于不予公开的范围，本机关对可以公开的部分予以提供，"
              "对不予公开的部分说明理由。",
    "不予公开-国家秘密": "经审查，您申请获取的政府信息依法确定为国家秘密，本机关不予公开。",
    "不予公开-法律法规禁止": "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息，本机关不予公开。",
    "不予公开-三安全一稳定": "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，"
                       "本机关不予公开。",
    "不予公开-第三方权益": "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开后会对第三方合法权益造成损害，"
                     "本机关不予公开。",
    "不予公开-内部事务": "经审查，您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，"
                    "本机关不予公开。",
    "不予公开-过程性信息": "经审查，您申请获取的政府信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，"
                     "本机关不予公开。",
    "不予公开-行政执法案卷": "经审查，您申请获取的政府信息属于行政执法案卷信息，本机关不予公开。",
    "不予公开-行政查询事项": "经审查，法律、行政法规对您申请获取的信息的查询另有规定，请依照有关规定办理查询。",
    "无法提供-不掌握": "经检索，本机关未制作或者获取您申请获取的政府信息，无法提供。",
    "无法提供-需另行制作": "您申请获取的政府信息需要本机关对现有政府信息进行加工、分析或者重新制作，本机关无法提供。",
    "无法提供-补正后仍不明确": "您的申请经补正后内容仍不明确，本机关无法确定您所需的政府信息，无法提供。",
    "不予处理-信访举报投诉": "您以政府信息公开申请的形式提出信访、投诉、举报等诉求，本机关不作为政府信息公开申请处理，"
                       "请通过相应渠道提出。",
    "不予处理-重复申请": "您已就相同政府信息提出过申请，本机关已作出答复，对本次重复申请不予重复处理。",
    "不予处理-公开出版物": "您申请获取的是公开出版物，本机关不作为政府信息公开申请处理，您可以通过公开发行渠道获取。",
    "不予处理-大量反复申请": "您申请公开政府信息的数量、频次明显超过合理范围，且未能说明理由或者理由不合理，本机关不予处理。",
    "不予处理-确认或重新出具": "您要求本机关确认或者重新出具已经获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。",
    "其他处理-逾期不补正": "您未在补正期限内补正申请，且无正当理由，视为放弃申请，本机关不再处理该政府信息公开申请。",
    "其他处理-逾期未缴费": "您未在收费通知规定的期限内缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。",
    "其他处理-其他": "本机关对您的申请作如下处理。",
}

CONSULT_KINDS = ("第三方", "其他机关")
OPINIONS = ("同意", "不同意", "未答复")
APPEAL_KINDS = ("行政复议", "行政诉讼")
APPEAL_RESULTS = ("维持", "纠正", "其他", "未审结")
DELIVERY_METHODS = ("当面", "邮寄", "电子邮件", "网络", "传真", "短信", "其他")

ACTIONS = ("receive", "assign", "amend", "amended", "consult", "consulted", "extend", "fee",
           "paid", "waive", "lapse", "reply", "deliver", "archive", "appeal")
ACTION_NAMES = {"receive": "收到申请", "assign": "拟办", "amend": "补正告知", "amended": "收到补正",
                "consult": "征求意见", "consulted": "意见答复", "extend": "延长答复期限",
                "fee": "收费通知", "paid": "缴费", "waive": "减免费用", "lapse": "终止办理",
                "reply": "答复", "deliver": "送达", "archive": "归档", "appeal": "复议诉讼"}
STAGES = ("processing", "amending", "consulting", "awaiting_fee", "replied", "lapsed",
          "delivered", "archived")
STAGE_NAMES = {"processing": "办理中", "amending": "待补正", "consulting": "征求意见中",
               "awaiting_fee": "待缴费", "replied": "已答复", "lapsed": "已终止",
               "delivered": "已送达", "archived": "已归档"}
OPEN_STAGES = ("processing", "amending", "consulting", "awaiting_fee")

REQUEST_KEYS = {"id", "received", "channel", "arrived", "signed", "confirmed", "applicant",
                "applicant_type", "contact", "content", "form", "history"}
EVENT_KEYS = {"action", "date", "by", "role", "result", "opinion",
              "department", "handler", "points", "period", "content", "party", "party_kind",
              "reasons", "override", "days", "approved_by", "told", "mode", "quantity", "amount",
              "basis", "where", "body", "withheld", "method", "kind", "after_review", "case", "note"}

ID_PREFIX = "YS"
ID_PATTERN = re.compile(r"^YS-\d{4}-[0-9a-f]{6}$")

# Remedies stated in every reply (条例第五十一条; seed 002 第三十九条).
REVIEW_DAYS = 60
LAWSUIT_MONTHS = 6
LAWSUIT_BASIS = "《中华人民共和国行政诉讼法》第四十六条"


def review_basis(on: date | None) -> str:
    """The article giving the 60-day limit for 行政复议, by the law in force on the reply date."""
    if on is not None and on < date(2024, 1, 1):
        return "《中华人民共和国行政复议法》第九条"
    return "《中华人民共和国行政复议法》第二十条"


# ---------------------------------------------------------------------------------------
# rules in force


@dataclass(frozen=True)
class Rule:
    """One entry of the profile's ``requests.rules``: the limits for requests received on or
    after ``since`` (until the next entry's ``since``)."""

    since: date
    reply: int
    extension: int
    source: str = ""
    amend_notice: int = 7
    amend_period: int = 15  # the applicant's period to amend (条例第三十条: 合理的补正期限)
    consult: int = 15
    fee_payment: int = 20
    extensions: int = 1  # how many extensions are allowed
    extension_approver: str = "政府信息公开工作机构负责人"

    @property
    def edition(self) -> str:
        """Which 条例 the rule follows: "2019" (in force 2019-05-15) or "2008"."""
        return "2019" if self.since >= date(2019, 5, 15) else "2008"

    @cached_property
    def articles(self) -> Mapping[str, str]:
        if self.edition == "2019":
            return {"receipt": "条例第三十一条", "amend": "条例第三十条",
                    "consult": "条例第三十二条、第三十四条", "reply": self.source or "条例第三十三条",
                    "extend": "条例第三十三条第二款", "fee": "条例第四十二条、国办函〔2020〕109号"}
        src = self.source or "条例（2007）第二十四条"
        return {"receipt": src, "amend": "条例（2007）第二十一条第（四）项", "consult": "条例（2007）第二十三条",
                "reply": src, "extend": src, "fee": "条例（2007）第二十七条"}

    def to_json(self) -> dict:
        return {"since": self.since.isoformat(), "reply": self.reply, "extension": self.extension,
                "extensions": self.extensions, "amend_notice": self.amend_notice,
                "amend_period": self.amend_period, "consult": self.consult,
                "fee_payment": self.fee_payment, "extension_approver": self.extension_approver,
                "source": self.source, "edition": self.edition}


_RULE_INTS = ("reply", "extension", "amend_notice", "amend_period", "consult", "fee_payment",
              "extensions")


def rules(profile: Any) -> tuple[Rule, ...]:
    """The profile's request rules, oldest first. Malformed entries are skipped (and
    reported by ``check``)."""
    raw = (getattr(profile, "requests", None) or {}).get("rules") or []
    out = []
    for r in raw if isinstance(raw, list) else []:
        if not isinstance(r, Mapping):
            continue
        since = parse_date(r.get("since"))
        try:
            ints = {k: int(r[k]) for k in _RULE_INTS if r.get(k) is not None}
        except (TypeError, ValueError):
            continue
        if since is None or "reply" not in ints or "extension" not in ints:
            continue
        out.append(Rule(since=since, source=str(r.get("source") or ""),
                        extension_approver=str(r.get("extension_approver") or "政府信息公开工作机构负责人"),
                        **ints))
    return tuple(sorted(out, key=lambda x: x.since))


def rule_for(profile: Any, received: date | None, table: tuple[Rule, ...] | None = None) -> Rule | None:
    """The rule in force on the date of receipt: a request is judged by it throughout.
    ``table`` is ``rules(profile)`` when the caller has it already (many requests)."""
    if received is None:
        return None
    found = None
    for r in (rules(profile) if table is None else table):
        if r.since <= received:
            found = r
    return found


def fees_enabled(profile: Any) -> bool:
    return bool((getattr(profile, "requests", None) or {}).get("fees"))


# ---------------------------------------------------------------------------------------
# records


@dataclass(frozen=True)
class Appeal:
    """A 行政复议 or 行政诉讼 arising from a request (seed 002 第四十一条), as it stands after
    every record about it. ``date`` is the day it was filed (its first record): the annual
    report counts appeals by that year; ``result_on`` gives the result as of a day."""

    kind: str  # 行政复议 | 行政诉讼
    after_review: bool  # 行政诉讼 filed after a 行政复议 (复议后起诉)
    result: str  # 维持 | 纠正 | 其他 | 未审结 (the latest record)
    date: date  # filed (first record)
    decided: date | None = None  # the latest record's date, once the result is not 未审结
    case: str = ""
    records: tuple[tuple[date, str], ...] = ()  # (date, result) in order

    def result_on(self, day: date) -> str | None:
        """The result as it stood on ``day`` (None: not yet filed) — for year-end counts."""
        res = None
        for d, r in self.records:
            if d <= day:
                res = r
        return res

    def to_json(self) -> dict:
        return {"kind": self.kind, "after_review": self.after_review, "result": self.result,
                "date": self.date.isoformat(), "decided": self.decided.isoformat() if self.decided else None,
                "case": self.case or None}


@dataclass(frozen=True)
class Request:
    """A 政府信息公开申请."""

    id: str
    received: date | None
    channel: str
    applicant: str
    applicant_type: str
    content: str
    history: tuple[Event, ...] = ()
    path: str = ""
    arrived: date | None = None
    signed: date | None = None
    confirmed: date | None = None
    contact: str = ""
    form: str = ""

    @property
    def department(self) -> str:
        """承办科室 from the latest 拟办 (assign) or the receipt record."""
        for e in reversed(self.history):
            if e.action in ("assign", "receive") and e.data.get("department"):
                return str(e.data["department"])
        return ""

    @property
    def handler(self) -> str:
        for e in reversed(self.history):
            if e.action in ("assign", "receive") and e.data.get("handler"):
                return str(e.data["handler"])
        return ""


@dataclass(frozen=True)
class Consultation:
    party: str
    kind: str  # 第三方 | 其他机关
    sent: Event
    answer: Event | None = None

    @property
    def open(self) -> bool:
        return self.answer is None

    @property
    def opinion(self) -> str:
        return self.answer.result if self.answer else ""

    @property
    def reasons(self) -> str:
        return str(self.answer.data.get("reasons") or "") if self.answer else ""

    @property
    def overridden(self) -> bool:
        return bool(self.answer and self.answer.data.get("override"))

    @property
    def blocks(self) -> bool:
        """A third party's reasoned refusal blocks disclosure of its part (条例第三十二条),
        unless the public-interest override is recorded."""
        return (self.kind == "第三方" and self.opinion == "不同意" and bool(self.reasons)
                and not self.overridden)

    def describe_opinion(self) -> str:
        """The answer as one sentence naming the party (used in traces and the reply letter)."""
        if not self.answer:
            return f"{self.party}尚未答复"
        if self.opinion == "未答复":
            if self.kind == "其他机关":
                return f"{self.party}逾期未提出意见，视为同意公开"
            return f"{self.party}逾期未提出意见，由本机关依法决定是否公开"
        if self.opinion == "同意":
            return f"{self.party}同意公开"
        text = f"{self.party}不同意公开" + (f"，理由是{self.reasons}" if self.reasons else "")
        if self.overridden:
            text += (f"；本机关认为不公开可能对公共利益造成重大影响，决定予以公开"
                     f"（{self.answer.data.get('override')}），并将决定公开的内容和理由书面告知{self.party}")
        return text


@dataclass
class Progress:
    """What has happened to a request, read from its history once."""

    stage: str = "processing"
    receive: Event | None = None
    assign: Event | None = None
    amend: Event | None = None
    amended: Event | None = None
    consults: list[Consultation] = field(default_factory=list)
    extensions: list[Event] = field(default_factory=list)
    fee: Event | None = None
    fee_end: Event | None = None  # paid or waive
    reply: Event | None = None
    lapse: Event | None = None
    delivered: Event | None = None
    archived: Event | None = None
    appeals: list[Event] = field(default_factory=list)
    next_action: str = ""

    @property
    def concluded(self) -> Event | None:
        return self.reply or self.lapse

    @property
    def waiting_amend(self) -> bool:
        return self.amend is not None and self.amended is None and self.concluded is None

    @property
    def waiting_fee(self) -> bool:
        return self.fee is not None and self.fee_end is None and self.concluded is None

    @property
    def open_consults(self) -> list[Consultation]:
        return [c for c in self.consults if c.open] if self.concluded is None else []


def progress(req: Request) -> Progress:
    p = Progress()
    for e in req.history:
        a = e.action
        if a == "receive":
            p.receive = p.receive or e
        elif a == "assign":
            p.assign = e
        elif a == "amend" and p.amend is None:
            p.amend = e
        elif a == "amended" and p.amend is not None and p.amended is None:
            p.amended = e
        elif a == "consult":
            p.consults.append(Consultation(str(e.data.get("party") or ""),
                                           str(e.data.get("party_kind") or "第三方"), e))
        elif a == "consulted":
            party = str(e.data.get("party") or "")
            for i, c in enumerate(p.consults):
                if c.open and (not party or c.party == party):
                    p.consults[i] = Consultation(c.party, c.kind, c.sent, e)
                    break
        elif a == "extend":
            p.extensions.append(e)
        elif a == "fee" and p.fee is None:
            p.fee = e
        elif a in ("paid", "waive") and p.fee is not None and p.fee_end is None:
            p.fee_end = e
        elif a == "reply" and p.concluded is None:
            p.reply = e
        elif a == "lapse" and p.concluded is None:
            p.lapse = e
        elif a == "deliver" and p.delivered is None:
            p.delivered = e
        elif a == "archive":
            p.archived = e
        elif a == "appeal":
            p.appeals.append(e)
    if p.archived:
        p.stage, p.next_action = "archived", "已归档"
    elif p.lapse:
        p.stage, p.next_action = "lapsed", "已终止办理：可归档（dwgk request archive）"
    elif p.delivered:
        p.stage, p.next_action = "delivered", "已送达：可归档（dwgk request archive）"
    elif p.reply:
        p.stage, p.next_action = "replied", "已答复：送达申请人（dwgk request deliver）"
    elif p.waiting_amend:
        p.stage = "amending"
        p.next_action = ("等待申请人补正：收到后登记（dwgk request amended），"
                         "期满未补正则终止（dwgk request lapse）")
    elif p.waiting_fee:
        p.stage = "awaiting_fee"
        p.next_action = ("等待申请人缴费：缴费后登记（dwgk request paid），"
                         "期满未缴则终止（dwgk request lapse）")
    elif p.open_consults:
        p.stage = "consulting"
        p.next_action = "等待" + "、".join(c.party for c in p.open_consults) + "的意见（dwgk request consulted）"
    else:
        p.stage, p.next_action = "processing", "办理中：作出答复（dwgk request reply）"
    return p


def outcome(req: Request) -> str | None:
    """The request's outcome code: the reply's result, or the 其他处理 code of a lapse."""
    p = progress(req)
    if p.reply is not None:
        return p.reply.result or None
    if p.lapse is not None:
        return p.lapse.result or None
    return None


def closed_on(req: Request) -> date | None:
    """The day the request was concluded: the reply date or the lapse date."""
    c = progress(req).concluded
    return c.date if c else None


def appeals(req: Request) -> list[Appeal]:
    """Appeals and lawsuits, one per case. A record with the same kind (and 复议后起诉 flag)
    and case number as an undecided appeal — or, without a case number, the only undecided one
    of that kind — updates it; any other record is a new appeal."""
    cases: list[dict] = []
    for e in req.history:
        if e.action != "appeal":
            continue
        kind = str(e.data.get("kind") or "")
        after = bool(e.data.get("after_review"))
        case = str(e.data.get("case") or "")
        open_ = [c for c in cases if c["kind"] == kind and c["after"] == after and c["records"][-1][1] == "未审结"
                 and (c["case"] == case or not case)]
        target = open_[0] if len(open_) == 1 or (open_ and case) else None
        if target is None:
            cases.append({"kind": kind, "after": after, "case": case, "records": [(e.date, e.result)]})
        else:
            target["records"].append((e.date, e.result))
    return [Appeal(c["kind"], c["after"], c["records"][-1][1], c["records"][0][0],
                   c["records"][-1][0] if c["records"][-1][1] != "未审结" else None, c["case"],
                   tuple(c["records"])) for c in cases]


# ---------------------------------------------------------------------------------------
# building from YAML (findings Q1xx)


def _text(v: Any) -> str:
    return "" if v is None else str(v)


def _date(raw: Mapping, key: str, f: Findings, keypath: tuple, required: bool = False) -> date | None:
    v = raw.get(key)
    if v is None or v == "":
        if required:
            f.add("Q103", f"缺少日期字段“{key}”", "按 YYYY-MM-DD 填写，例如 2026-03-01。",
                  keypath[:-1] or keypath)
        return None
    d = parse_date(v)
    if d is None:
        f.add("Q104", f"日期“{v}”无效", "日期须为 YYYY-MM-DD 格式的真实日期，例如 2026-03-01。", keypath)
    return d


def _unknown(raw: Mapping, allowed: set, f: Findings, keypath: tuple, what: str, code: str) -> None:
    for k in raw:
        if k not in allowed:
            f.add(code, f"{what}中有未知字段“{k}”",
                  "检查拼写；可用字段：" + "、".join(sorted(allowed)) + "。", keypath + (k,))


def _positive_int(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    try:
        n = int(v)
    except (TypeError, ValueError):
        return None
    return n if n > 0 and str(v).strip().lstrip("+").isdigit() else None


def _build_event(raw: Any, i: int, f: Findings, received: date | None) -> Event | None:
    kp = ("history", i)
    n = i + 1
    if not isinstance(raw, dict):
        f.add("Q114", f"历史记录第 {n} 条格式有误", "每条记录应为包含 action、date、by 的映射。", kp)
        return None
    _unknown(raw, EVENT_KEYS, f, kp, f"历史记录第 {n} 条", "Q102")
    action = _text(raw.get("action"))
    if action not in ACTIONS:
        f.add("Q115", f"历史记录第 {n} 条的动作“{action}”无效", "可选：" + "、".join(ACTIONS) + "。",
              kp + ("action",))
        return None
    d = _date(raw, "date", f, kp + ("date",), required=True)
    if not raw.get("by"):
        f.add("Q116", f"历史记录第 {n} 条没有记录经办人（by）", "写明由谁办理，例如 by: 张三。", kp)
    if d is None:
        return None
    if received is not None and d < received and action != "receive":
        f.add("Q122", f"历史记录第 {n} 条（{ACTION_NAMES[action]}）的日期 {d} 早于收到申请之日 {received}",
              "办理步骤不能早于收到申请之日；核对日期。", kp + ("date",))
    result = _text(raw.get("result"))
    if action in ("reply", "lapse") and result not in OUTCOMES:
        f.add("Q117", f"历史记录第 {n} 条的办理结果“{result}”不是有效的结果代码",
              "可选：" + "、".join(OUTCOMES) + "。", kp + ("result",))
    if action == "lapse" and result in OUTCOMES and result not in LAPSES:
        f.add("Q117", f"终止办理（lapse）的结果只能是 {LAPSE_AMEND} 或 {LAPSE_FEE}",
              "其他结果用 reply 记录。", kp + ("result",))
    if action == "consult" and _text(raw.get("party_kind") or "第三方") not in CONSULT_KINDS:
        f.add("Q118", f"历史记录第 {n} 条的被征求意见方类型“{raw.get('party_kind')}”无效",
              "可选：" + "、".join(CONSULT_KINDS) + "。", kp + ("party_kind",))
    if action == "consult" and not raw.get("party"):
        f.add("Q118", f"历史记录第 {n} 条没有写明被征求意见方（party）", "写明第三方或其他机关的名称。", kp)
    if action == "consulted" and result not in OPINIONS:
        f.add("Q118", f"历史记录第 {n} 条的意见“{result}”无效", "可选：" + "、".join(OPINIONS) + "。",
              kp + ("result",))
    if action == "appeal":
        if _text(raw.get("kind")) not in APPEAL_KINDS:
            f.add("Q119", f"历史记录第 {n} 条的类型“{raw.get('kind')}”无效",
                  "可选：" + "、".join(APPEAL_KINDS) + "。", kp + ("kind",))
        if result not in APPEAL_RESULTS:
            f.add("Q119", f"历史记录第 {n} 条的复议/诉讼结果“{result}”无效",
                  "可选：" + "、".join(APPEAL_RESULTS) + "。", kp + ("result",))
    if action == "extend" and _positive_int(raw.get("days")) is None:
        f.add("Q120", f"历史记录第 {n} 条的延长天数“{raw.get('days')}”无效", "写正整数（工作日）。",
              kp + ("days",))
    if action == "amend":
        if raw.get("period") is not None and _positive_int(raw.get("period")) is None:
            f.add("Q120", f"历史记录第 {n} 条的补正期限“{raw.get('period')}”无效", "写正整数（工作日）。",
                  kp + ("period",))
        pts = raw.get("points")
        if not pts or not isinstance(pts, (list, str)):
            f.add("Q121", f"历史记录第 {n} 条（补正告知）没有写明需要补正的事项（points）",
                  "补正告知须一次性写明全部需要补正的事项。", kp)
    if action == "fee":
        from dwgk.fees import MODES
        if _text(raw.get("mode")) not in MODES:
            f.add("Q121", f"历史记录第 {n} 条的计费方式“{raw.get('mode')}”无效", "可选：按件、按量。",
                  kp + ("mode",))
        amount = raw.get("amount")
        if isinstance(amount, bool) or not isinstance(amount, (int, float)) or amount < 0:
            f.add("Q121", f"历史记录第 {n} 条的收费金额“{amount}”无效", "写不小于 0 的金额（元）。",
                  kp + ("amount",))
    data = {k: v for k, v in raw.items() if k not in ("action", "date", "by", "role", "result", "opinion")}
    return Event(action=action, date=d, by=_text(raw.get("by")), role=_text(raw.get("role")),
                 result=result, opinion=_text(raw.get("opinion")), data=data, index=i)


def build_request(data: Any, f: Findings, expected_id: str) -> Request | None:
    if not isinstance(data, dict):
        f.add("Q101", "依申请公开文件内容应为映射（键: 值）", "参照 dwgk request new 生成的文件格式。")
        return None
    _unknown(data, REQUEST_KEYS, f, (), "依申请公开记录", "Q102")
    rid = _text(data.get("id"))
    if not ID_RE.match(rid):
        f.add("Q105", f"编号“{rid}”无效", "编号只能含字母、数字、- 和 _。", ("id",))
        return None
    if rid != expected_id:
        f.add("Q106", f"编号“{rid}”与文件名“{expected_id}.yaml”不一致", "文件名必须是“编号.yaml”；改正其中之一。",
              ("id",))
    for key, label in (("applicant", "申请人"), ("content", "申请内容"), ("channel", "提交方式"),
                       ("applicant_type", "申请人类型")):
        if not data.get(key):
            f.add("Q107", f"缺少{label}（{key}）", f"补写 {key}。", (key,) if key in data else ())
    channel = _text(data.get("channel"))
    if channel and channel not in CHANNELS:
        f.add("Q108", f"提交方式“{channel}”无效", "可选：" + "、".join(CHANNELS) + "。", ("channel",))
    atype = _text(data.get("applicant_type"))
    if atype and atype not in APPLICANT_TYPES:
        f.add("Q109", f"申请人类型“{atype}”无效", "可选：" + "、".join(APPLICANT_TYPES) + "。",
              ("applicant_type",))
    received = _date(data, "received", f, ("received",), required=True)
    facts = {k: _date(data, k, f, (k,)) for k in ("arrived", "signed", "confirmed")}
    fact = RECEIPT_FACT.get(channel)
    if received is not None and fact is not None:
        fixed = facts[fact] or (facts["arrived"] if fact == "arrived" else None)
        if fixed is not None and fixed != received:
            f.add("Q110", f"收到申请之日 {received} 与{FACT_NAMES[fact]} {fixed} 不一致",
                  RECEIPT_RULES[channel] + "。", ("received",))
    arrived = facts["arrived"]
    for k in ("signed", "confirmed"):
        if arrived is not None and facts[k] is not None and facts[k] < arrived:
            f.add("Q111", f"{FACT_NAMES[k]} {facts[k]} 早于到达日期 {arrived}", "核对日期。", (k,))
    if (channel == "平邮" and arrived is not None and facts["confirmed"] is not None
            and facts["confirmed"] > arrived):
        f.add("Q112", f"平常信函于 {arrived} 收到，{facts['confirmed']} 才与申请人确认",
              "条例第三十一条：平常信函应于收到申请的当日与申请人确认。", ("confirmed",), severity="warning")
    history_raw = data.get("history") or []
    if not isinstance(history_raw, list) or not history_raw:
        f.add("Q113", "缺少历史记录（history）", "每件申请至少要有一条 receive 记录。", ("history",))
        history_raw = history_raw if isinstance(history_raw, list) else []
    events = tuple(e for e in (_build_event(r, i, f, received) for i, r in enumerate(history_raw)) if e)
    return Request(id=rid, received=received, channel=channel, applicant=_text(data.get("applicant")),
                   applicant_type=atype, content=_text(data.get("content")), history=events,
                   path=f.path, arrived=arrived, signed=facts["signed"], confirmed=facts["confirmed"],
                   contact=_text(data.get("contact")), form=_text(data.get("form")))


# ---------------------------------------------------------------------------------------
# clocks


def _calendar(register: Any):
    from dwgk.holidays import register_calendar
    return register_calendar(register)


def consult_due(c: Consultation, rule: Rule, cal) -> date:
    return cal.add_workdays(c.sent.date, rule.consult)


def amend_period(p: Progress, rule: Rule) -> int:
    return _positive_int(p.amend.data.get("period")) or rule.amend_period if p.amend else rule.amend_period


def amend_until(p: Progress, rule: Rule, cal) -> date | None:
    return cal.add_workdays(p.amend.date, amend_period(p, rule)) if p.amend else None


def amend_notice_due(req: Request, rule: Rule, cal) -> date | None:
    return cal.add_workdays(req.received, rule.amend_notice) if req.received else None


def fee_until(p: Progress, rule: Rule, cal) -> date | None:
    return cal.add_workdays(p.fee.date, rule.fee_payment) if p.fee else None


def _waits(p: Progress, rule: Rule, cal) -> list[tuple[date, date | None, list[str], list[str]]]:
    """Periods the reply clock stands still (征求意见, 收费), merged where they overlap:
    (from, until or None, why it stopped, why it ran again)."""
    spans: list[tuple[date, date | None, str, str]] = []
    for c in p.consults:
        limit = consult_due(c, rule, cal)
        who = f"征求{c.party}意见" if c.kind == "第三方" else f"征求{c.party}（其他机关）意见"
        if c.answer is not None and c.answer.date <= limit:
            spans.append((c.sent.date, c.answer.date, who, c.describe_opinion()))
        else:
            spans.append((c.sent.date, limit, who,
                          f"征求{c.party}意见满 {rule.consult} 个工作日，此后的时间计入答复期限"))
    if p.fee is not None:
        end = p.fee_end.date if p.fee_end is not None else None
        why = ("申请人缴费" if p.fee_end is not None and p.fee_end.action == "paid" else "减免信息处理费")
        spans.append((p.fee.date, end, f"发出收费通知（{p.fee.data.get('amount', '')}元）", why))
    spans.sort(key=lambda s: s[0])
    merged: list[tuple[date, date | None, list[str], list[str]]] = []
    for a, b, w1, w2 in spans:
        if merged:
            ma, mb, n1, n2 = merged[-1]
            if mb is None or a <= mb:
                end = None if (mb is None or b is None) else max(mb, b)
                merged[-1] = (ma, end, n1 + [w1], n2 + [w2])
                continue
        merged.append((a, b, [w1], [w2]))
    return merged


def reply_clock(req: Request, rule: Rule, cal, p: Progress | None = None):
    """The reply clock: received → (补正: pause, then restart on the amended request) →
    (征求意见 / 收费: pause, resume with the days left) → (extension) → due."""
    from dwgk.clock import EXTEND, PAUSE, RESTART, RESUME, Clock, ClockEvent
    p = p or progress(req)
    art = rule.articles
    events: list = []
    if p.amend is not None:
        events.append(ClockEvent(PAUSE, p.amend.date, note="发出补正告知，等待申请人补正", source=art["amend"]))
        if p.amended is not None:
            events.append(ClockEvent(RESTART, p.amended.date, note="收到补正后的申请，答复期限重新计算",
                                     source=art["amend"]))
    for a, b, why, again in _waits(p, rule, cal):
        src = art["fee"] if any("收费" in w for w in why) and not any("征求" in w for w in why) else art["consult"]
        events.append(ClockEvent(PAUSE, a, note="；".join(why) + "，期间不计入答复期限", source=src))
        if b is not None:
            events.append(ClockEvent(RESUME, b, note="；".join(again), source=src))
    for e in p.extensions:
        events.append(ClockEvent(EXTEND, e.date, days=_positive_int(e.data.get("days")) or 0,
                                 by=str(e.data.get("approved_by") or e.by),
                                 note=str(e.data.get("reasons") or ""), source=art["extend"]))
    fact = RECEIPT_FACT.get(req.channel)
    how = f"{req.channel}提交，以{FACT_NAMES[fact].replace('日期', '之日')}为收到之日" if fact else req.channel
    return Clock(rule="request_reply", label="答复政府信息公开申请", source=art["reply"],
                 start=req.received, length=rule.reply, start_event=f"收到申请：{how}，{art['receipt']}",
                 events=tuple(events), extension_cap=rule.extension)


def _deadline(register: Any, req: Request, clock, done: date | None, title: str, person: str = ""):
    from dwgk.deadlines import Deadline
    return Deadline(subject=req.id, kind="request", title=title, clock=clock, done=done,
                    department=req.department or _office(register),
                    person=person or req.handler, path=req.path)


def title_of(req: Request) -> str:
    text = " ".join(req.content.split())
    return f"{req.applicant}申请：{text[:24]}{'…' if len(text) > 24 else ''}"


def request_deadlines(register: Any, req: Request, cal, table: tuple[Rule, ...] | None = None) -> list:
    """Every deadline of one request: the reply (always), the 补正 notice and the applicant's
    补正 period (when a notice was sent), each consultation, and the fee payment."""
    from dwgk.clock import Clock
    rule = rule_for(register.profile, req.received, table)
    if rule is None or req.received is None:
        return []
    p = progress(req)
    art = rule.articles
    done = p.concluded.date if p.concluded else None
    title = title_of(req)
    out = [_deadline(register, req, reply_clock(req, rule, cal, p), done, title)]
    if p.amend is not None:
        out.append(_deadline(register, req, Clock("request_amend_notice", "补正告知（收到申请后）", art["amend"],
                                        req.received, rule.amend_notice, start_event="收到申请"),
                             p.amend.date, title))
        ended = p.amended or p.lapse or p.reply
        out.append(_deadline(register, req, Clock("request_amend_period", "申请人补正期限", art["amend"],
                                        p.amend.date, amend_period(p, rule),
                                        start_event="发出补正告知（期满未补正的，登记终止办理）"),
                             ended.date if ended else None, title, person=req.applicant))
    for c in p.consults:
        ended = c.answer or p.concluded
        out.append(_deadline(register, req, Clock("request_consult", f"征求意见（{c.party}）", art["consult"],
                                        c.sent.date, rule.consult,
                                        start_event=f"书面征求{c.party}（{c.kind}）意见"),
                             ended.date if ended else None, title, person=c.party))
    if p.fee is not None:
        ended = p.fee_end or p.concluded
        out.append(_deadline(register, req, Clock("request_fee", "缴纳信息处理费", art["fee"], p.fee.date,
                                        rule.fee_payment,
                                        start_event=f"发出收费通知（{p.fee.data.get('amount', '')}元；期满未缴的，登记终止办理）"),
                             ended.date if ended else None, title, person=req.applicant))
    return out


def deadlines(register: Any, calendar: Any, today: date) -> Iterable:
    """Hook for ``dwgk.deadlines.all_deadlines``: every request's deadlines (subject = ID)."""
    table = rules(register.profile)
    for req in register.requests:
        yield from request_deadlines(register, req, calendar, table)


def clock_json(register: Any, req: Request, today: date, trace: bool = False) -> dict:
    """The reply clock as data: due, provisional, status and the clock events."""
    from dwgk.clock import run, state
    rule = rule_for(register.profile, req.received)
    if rule is None or req.received is None:
        return {"due": None, "provisional": False, "status": None, "events": []}
    cal = _calendar(register)
    p = progress(req)
    clock = reply_clock(req, rule, cal, p)
    r = run(clock, cal, trace=trace)
    done = p.concluded.date if p.concluded else None
    s = state(r, cal, today, done)
    out = {
        "start": clock.start.isoformat(), "length": clock.length, "unit": clock.unit,
        "source": clock.source, "extended": r.extended, "extension_cap": clock.extension_cap,
        "due": r.due.isoformat() if r.due else None, "provisional": r.provisional,
        "status": s.status, "status_text": s.describe(), "days_left": s.days_left,
        "days_late": s.days_late, "paused_since": r.paused_since.isoformat() if r.paused_since else None,
        "done": done.isoformat() if done else None,
        "events": [{"kind": e.kind, "date": e.on.isoformat(), "days": e.days, "by": e.by or None,
                    "note": e.note, "source": e.source} for e in clock.events],
    }
    if r.problems:
        out["problems"] = list(r.problems)
    if trace:
        out["trace"] = [t.to_json() for t in r.trace]
    return out


# ---------------------------------------------------------------------------------------
# the reply letter and the 补正 notice


def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def remedies(register: Any, replied: date | None) -> list[dict]:
    conf = getattr(register.profile, "requests", None) or {}
    review_body = str(conf.get("review_body") or "")
    court = str(conf.get("court") or "")
    rb = review_basis(replied)
    return [
        {"kind": "行政复议", "days": REVIEW_DAYS, "limit": f"{REVIEW_DAYS}日", "basis": rb,
         "body": review_body,
         "text": f"自收到本答复书之日起{REVIEW_DAYS}日内，依照{rb}向{review_body or '行政复议机关'}申请行政复议"},
        {"kind": "行政诉讼", "months": LAWSUIT_MONTHS, "limit": f"{LAWSUIT_MONTHS}个月", "basis": LAWSUIT_BASIS,
         "body": court,
         "text": f"自收到本答复书之日起{LAWSUIT_MONTHS}个月内，依照{LAWSUIT_BASIS}向{court or '人民法院'}提起行政诉讼"},
    ]


def reply_context(register: Any, req: Request) -> dict:
    """Everything a 政府信息公开申请答复书 and a 补正告知书 need, as plain data.

    Keys: org, org_code, id, applicant, applicant_type, contact, channel, received
    (ISO) / received_cn, receipt_rule, content, form, rule, stage, result, result_group,
    report_row, decision, basis, reasons, where, body, withheld, replied / replied_cn, by,
    role, extension, consultations, fee, remedies (list) and remedies_text, amend (or None:
    date, points, period, unit, until, notice_due, late, basis, consequence)."""
    p = progress(req)
    rule = rule_for(register.profile, req.received)
    cal = _calendar(register)
    code = outcome(req)
    ev = p.reply or p.lapse
    data = ev.data if ev else {}
    decision = DECISIONS.get(code or "", "")
    where, body = str(data.get("where") or ""), str(data.get("body") or "")
    if code == "予以公开" and where:
        decision += f"该信息已经主动公开，您可以通过{where}获取。"
    if code == "无法提供-不掌握" and body:
        decision += f"经了解，该政府信息由{body}负责公开，您可以向其提出申请。"
    replied = ev.date if ev else None
    rem = remedies(register, replied)
    ctx: dict[str, Any] = {
        "title": "政府信息公开申请答复书",
        "org": register.config.org, "org_code": register.config.code,
        "id": req.id, "applicant": req.applicant, "applicant_type": req.applicant_type,
        "contact": req.contact, "channel": req.channel,
        "received": req.received.isoformat() if req.received else None,
        "received_cn": cn_date(req.received), "receipt_rule": RECEIPT_RULES.get(req.channel, ""),
        "content": req.content, "form": req.form,
        "rule": rule.to_json() if rule else None,
        "stage": p.stage, "stage_name": STAGE_NAMES[p.stage],
        "result": code, "result_group": OUTCOME_ROWS[code][0] if code else None,
        "report_row": (OUTCOME_ROWS[code][1] or OUTCOME_ROWS[code][0]) if code else None,
        "decision": decision, "basis": str(data.get("basis") or ""),
        "reasons": str(data.get("reasons") or ""), "where": where, "body": body,
        "withheld": str(data.get("withheld") or ""),
        "replied": replied.isoformat() if replied else None, "replied_cn": cn_date(replied),
        "by": ev.by if ev else "", "role": ev.role if ev else "",
        "delivered": p.delivered.date.isoformat() if p.delivered else None,
        "delivery_method": str(p.delivered.data.get("method") or "") if p.delivered else "",
        "extension": None, "consultations": [], "fee": None,
        "remedies": rem,
        "remedies_text": ("如对本答复不服，可以" + rem[0]["text"] + "；也可以" + rem[1]["text"] + "。"),
        "amend": None,
    }
    if p.extensions:
        e = p.extensions[0]
        told = parse_date(e.data.get("told")) or e.date
        ctx["extension"] = {"date": e.date.isoformat(), "days": sum(_positive_int(x.data.get("days")) or 0
                                                                    for x in p.extensions),
                            "approved_by": str(e.data.get("approved_by") or ""),
                            "reasons": str(e.data.get("reasons") or ""), "told": told.isoformat(),
                            "told_cn": cn_date(told)}
    for c in p.consults:
        ctx["consultations"].append({"party": c.party, "kind": c.kind, "sent": c.sent.date.isoformat(),
                                     "due": consult_due(c, rule, cal).isoformat() if rule else None,
                                     "opinion": c.opinion or None, "reasons": c.reasons,
                                     "override": str(c.answer.data.get("override") or "") if c.answer else "",
                                     "text": c.describe_opinion(), "blocks": c.blocks})
    if p.fee is not None:
        f = p.fee.data
        ctx["fee"] = {"date": p.fee.date.isoformat(), "mode": f.get("mode"), "quantity": f.get("quantity"),
                      "amount": f.get("amount"),
                      "pay_by": fee_until(p, rule, cal).isoformat() if rule else None,
                      "paid": p.fee_end.date.isoformat() if p.fee_end and p.fee_end.action == "paid" else None,
                      "waived": p.fee_end.date.isoformat() if p.fee_end and p.fee_end.action == "waive" else None}
    if p.amend is not None and rule is not None:
        pts = p.amend.data.get("points")
        points = [str(x) for x in pts] if isinstance(pts, list) else [str(pts)] if pts else []
        until = amend_until(p, rule, cal)
        due = amend_notice_due(req, rule, cal)
        ctx["amend"] = {
            "title": "政府信息公开申请补正告知书",
            "date": p.amend.date.isoformat(), "date_cn": cn_date(p.amend.date), "by": p.amend.by,
            "points": points, "period": amend_period(p, rule), "unit": "个工作日",
            "until": until.isoformat() if until else None, "until_cn": cn_date(until),
            "notice_due": due.isoformat() if due else None,
            "late": bool(due and p.amend.date > due),
            "basis": f"{_REG}第三十条" if rule.edition == "2019" else rule.articles["amend"],
            "consequence": "申请人无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
            "restart": "答复期限自本机关收到补正后的申请之日起计算。",
            "amended": p.amended.date.isoformat() if p.amended else None,
        }
    return ctx


# ---------------------------------------------------------------------------------------
# actions (pure: compute the new record, refuse before anything is written; codes Q2xx)


def request_path(request_id: str) -> str:
    year = request_id.split("-")[1] if request_id.count("-") >= 2 else "other"
    return f"requests/{year}/{request_id}.yaml"


def new_request_id(received: date, token: str) -> str:
    return f"{ID_PREFIX}-{received.year}-{token[:6]}"


def resolve(register: Any, ref: str) -> Request:
    """Full ID, or a unique head/tail of one (the hex part is enough)."""
    exact = [r for r in register.requests if r.id == ref]
    if exact:
        return exact[0]
    hits = [r for r in register.requests if r.id.endswith(ref) or r.id.startswith(ref)] if len(ref) >= 4 else []
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise Refused(f"“{ref}”对应多件申请：" + "、".join(r.id for r in hits[:5]), "请写完整编号。", "Q201")
    raise Refused(f"登记簿中没有编号为“{ref}”的依申请公开记录", "用 dwgk request list 查看编号。", "Q202")


def _office(register: Any) -> str:
    return register.profile.office_role


def _need_rule(register: Any, received: date) -> Rule:
    if not (getattr(register.profile, "requests", None) or {}).get("rules"):
        raise Refused("本登记簿的配置方案没有依申请公开的办理规则（requests.rules）",
                      "在 dwgk.yaml 的 overrides 中加入 requests: {rules: [{since: 2019-05-15, reply: 20, "
                      "extension: 20, source: 政府信息公开条例第三十三条}]}，或改用 national 方案。", "Q203")
    r = rule_for(register.profile, received)
    if r is None:
        first = rules(register.profile)
        raise Refused(f"收到申请之日 {received} 早于配置方案中最早的办理规则（{first[0].since if first else '无'}）",
                      "核对收到日期，或在 requests.rules 中补充当时施行的规则。", "Q204")
    return r


def _event(action: str, when: date, by: str, role: str, **kw: Any) -> dict:
    ev: dict[str, Any] = {"action": action, "date": when.isoformat(), "by": by}
    if role:
        ev["role"] = role
    ev.update({k: v for k, v in kw.items() if v not in (None, "", [], {})})
    return ev


def _append(raw: dict, event: dict) -> dict:
    new = copy.deepcopy(raw)
    new.setdefault("history", []).append(event)
    return new


def validate(new_raw: dict, request_id: str) -> Request:
    f = Findings(request_path(request_id))
    req = build_request(new_raw, f, request_id)
    errors = [d.message for _, d in f.pending if d.severity == "error"]
    if req is None or errors:
        raise Refused("新记录不完整：" + "；".join(errors), "补全所缺内容后重试。", "Q205")
    return req


def _change(req_id: str, action: str, summary: str, by: str, when: date, result: str = "",
            role: str = "", extra: dict | None = None):
    from dwgk.actions import Change
    return Change(req_id, action, summary, by, when, result=result, role=role, extra=extra or {})


def _guard_date(req: Request | None, when: date, today: date) -> None:
    if when > today:
        raise Refused(f"日期 {when} 晚于今天（{today}）", "登记已经发生的事，日期不能是将来；检查 --date。", "Q206")
    if req is None:
        return
    if req.received is not None and when < req.received:
        raise Refused(f"日期 {when} 早于收到申请之日 {req.received}",
                      "办理步骤不能早于收到申请之日；检查 --date。", "Q207")
    if req.history and when < req.history[-1].date:
        last = req.history[-1]
        raise Refused(f"日期 {when} 早于上一步（{ACTION_NAMES.get(last.action, last.action)}）的日期 {last.date}",
                      "各步骤须按时间顺序登记；检查 --date。", "Q208")


def _guard_open(p: Progress, what: str) -> None:
    if p.archived is not None:
        raise Refused(f"该申请已归档，不能再{what}", "如需重新处理，请登记一件新的申请。", "Q209")
    if p.lapse is not None:
        raise Refused(f"该申请已终止办理（{p.lapse.result}），不能再{what}", "申请人可以重新提出申请。", "Q210")
    if p.reply is not None:
        raise Refused(f"该申请已于 {p.reply.date} 答复（{p.reply.result}），不能再{what}",
                      "答复后只能送达、归档或登记复议诉讼。", "Q211")


def _guard_not_waiting(p: Progress, what: str) -> None:
    if p.waiting_amend:
        raise Refused(f"该申请正在等待补正，不能{what}",
                      "收到补正后先登记 dwgk request amended；期满未补正则 dwgk request lapse。", "Q212")
    if p.waiting_fee:
        raise Refused(f"该申请正在等待缴费，不能{what}",
                      "缴费后先登记 dwgk request paid（或减免 dwgk request waive）；期满未缴则 dwgk request lapse。",
                      "Q213")


def new(register: Any, *, request_id: str, received: date | None, channel: str, applicant: str,
        applicant_type: str, content: str, by: str, role: str, when: date | None, today: date,
        arrived: date | None = None, signed: date | None = None, confirmed: date | None = None,
        contact: str = "", form: str = "", department: str = "", handler: str = ""):
    """``dwgk request new``: register a request. The date of receipt is the channel's fixing
    fact (当面 arrival, 邮寄 signature, 平邮/网络/传真 confirmation); give either."""
    if channel not in CHANNELS:
        raise Refused(f"提交方式“{channel}”无效", "可选：" + "、".join(CHANNELS) + "。", "Q214")
    if applicant_type not in APPLICANT_TYPES:
        raise Refused(f"申请人类型“{applicant_type}”无效", "可选：" + "、".join(APPLICANT_TYPES) + "。", "Q215")
    if not applicant.strip():
        raise Refused("申请人不能为空", "用 --applicant 写申请人姓名或名称。", "Q216")
    if not content.strip():
        raise Refused("申请内容不能为空", "用 --content 写明所需政府信息的名称、文号或便于查询的特征。", "Q217")
    facts = {"arrived": arrived, "signed": signed, "confirmed": confirmed}
    fact = RECEIPT_FACT[channel]
    fixed = facts[fact] or (arrived if fact == "arrived" else None)
    if received is None and fixed is None:
        raise Refused("须写明收到申请之日",
                      f"用 --received 写明；{RECEIPT_RULES[channel]}（也可用 {FACT_OPTIONS[fact]}）。", "Q218")
    if received is not None and fixed is not None and received != fixed:
        raise Refused(f"收到申请之日 {received} 与{FACT_NAMES[fact]} {fixed} 不一致",
                      RECEIPT_RULES[channel] + "。", "Q219")
    received = received or fixed
    facts[fact] = received
    for k in ("signed", "confirmed"):
        if arrived is not None and facts[k] is not None and facts[k] < arrived:
            raise Refused(f"{FACT_NAMES[k]} {facts[k]} 早于到达日期 {arrived}", "核对日期。", "Q220")
    if received > today:
        raise Refused(f"收到申请之日 {received} 晚于今天（{today}）", "检查 --received。", "Q206")
    rule = _need_rule(register, received)
    when = when or received
    if when < received:
        raise Refused(f"登记日期 {when} 早于收到申请之日 {received}", "检查 --date。", "Q207")
    if when > today:
        raise Refused(f"日期 {when} 晚于今天（{today}）", "检查 --date。", "Q206")
    raw: dict[str, Any] = {"id": request_id, "received": received.isoformat(), "channel": channel}
    for k in ("arrived", "signed", "confirmed"):
        if facts[k] is not None:
            raw[k] = facts[k].isoformat()
    raw.update({"applicant": applicant.strip(), "applicant_type": applicant_type})
    if contact.strip():
        raw["contact"] = contact.strip()
    raw["content"] = content.strip()
    if form.strip():
        raw["form"] = form.strip()
    raw["history"] = [_event("receive", when, by, role or _office(register), department=department.strip(),
                             handler=handler.strip())]
    validate(raw, request_id)
    return raw, _change(request_id, "request-new",
                        f"收到政府信息公开申请 {request_id}（{applicant.strip()}，{received}，"
                        f"答复期限 {rule.reply} 个工作日）", by, when, role=role or _office(register),
                        extra={"Dwgk-Received": received.isoformat()})


def assign(register: Any, req: Request, raw: dict, *, department: str, handler: str, by: str,
           role: str, when: date, today: date):
    _guard_date(req, when, today)
    _guard_open(progress(req), "拟办")
    if not department.strip() and not handler.strip():
        raise Refused("须写明承办科室或承办人", "用 --department 和/或 --handler。", "Q221")
    new_raw = _append(raw, _event("assign", when, by, role or _office(register),
                                  department=department.strip(), handler=handler.strip()))
    validate(new_raw, req.id)
    who = "、".join(x for x in (department.strip(), handler.strip()) if x)
    return new_raw, _change(req.id, "request-assign", f"拟办：交{who}承办（{req.id}）", by, when,
                            role=role or _office(register))


def amend(register: Any, req: Request, raw: dict, *, points: list[str], period: int | None, by: str,
          role: str, when: date, today: date):
    """补正告知: all points at once, within 7 工作日 of receipt (a late notice is allowed and
    flagged); the reply clock stops until the amended request arrives, then restarts."""
    _guard_date(req, when, today)
    p = progress(req)
    _guard_open(p, "发出补正告知")
    rule = _need_rule(register, req.received)
    if p.amend is not None:
        raise Refused(f"该申请已于 {p.amend.date} 发出补正告知",
                      "补正告知须一次性告知全部需要补正的事项，不能再次告知；补正后仍不明确的，"
                      "答复“无法提供-补正后仍不明确”。", "Q222")
    if p.consults or p.extensions or p.fee:
        raise Refused("已征求意见、延期或收费的申请不能再要求补正",
                      "补正应在收到申请后尽早（7 个工作日内）一次性告知。", "Q223")
    points = [x.strip() for x in points if x and x.strip()]
    if not points:
        raise Refused("须写明需要补正的事项", "用 --reason 逐项写明（可重复，须一次性告知全部事项）。", "Q224")
    period = period if period is not None else rule.amend_period
    if period < 1:
        raise Refused("补正期限须至少 1 个工作日", "用 --period 给出合理的补正期限（工作日）。", "Q225")
    cal = _calendar(register)
    due = amend_notice_due(req, rule, cal)
    new_raw = _append(raw, _event("amend", when, by, role or _office(register), points=points, period=period))
    validate(new_raw, req.id)
    late = when > due
    until = cal.add_workdays(when, period)
    extra = {"Dwgk-Until": until.isoformat()}
    if late:
        extra["Dwgk-Late"] = f"补正告知应于 {due} 前发出"
    return new_raw, _change(req.id, "request-amend",
                            f"补正告知：{len(points)} 项，期限 {period} 个工作日，至 {until}（{req.id}）",
                            by, when, role=role or _office(register), extra=extra)


def amended(register: Any, req: Request, raw: dict, *, content: str, by: str, role: str, when: date,
            today: date):
    _guard_date(req, when, today)
    p = progress(req)
    _guard_open(p, "登记补正")
    if p.amend is None:
        raise Refused("该申请没有发出过补正告知", "先用 dwgk request amend 发出补正告知。", "Q226")
    if p.amended is not None:
        raise Refused(f"已于 {p.amended.date} 登记过补正", "补正只登记一次。", "Q227")
    new_raw = _append(raw, _event("amended", when, by, role or _office(register), content=content.strip()))
    validate(new_raw, req.id)
    rule = _need_rule(register, req.received)
    cal = _calendar(register)
    until = amend_until(p, rule, cal)
    note = f"（补正期限至 {until}，已逾期）" if until and when > until else ""
    due = cal.add_workdays(when, rule.reply)
    return new_raw, _change(req.id, "request-amended",
                            f"收到补正后的申请，答复期限重新计算，至 {due}{note}（{req.id}）", by, when,
                            role=role or _office(register))


def consult(register: Any, req: Request, raw: dict, *, party: str, party_kind: str, by: str, role: str,
            when: date, today: date):
    _guard_date(req, when, today)
    p = progress(req)
    _guard_open(p, "征求意见")
    _guard_not_waiting(p, "征求意见")
    rule = _need_rule(register, req.received)
    if not party.strip():
        raise Refused("须写明被征求意见的第三方或机关", "用 --party 写名称。", "Q228")
    if party_kind not in CONSULT_KINDS:
        raise Refused(f"被征求意见方类型“{party_kind}”无效", "可选：" + "、".join(CONSULT_KINDS) + "。", "Q229")
    if any(c.open and c.party == party.strip() for c in p.consults):
        raise Refused(f"正在征求{party.strip()}的意见", "收到答复后用 dwgk request consulted 登记。", "Q230")
    cal = _calendar(register)
    from dwgk.clock import run
    r = run(reply_clock(req, rule, cal, p), cal)
    if r.due is not None and when > r.due:
        raise Refused(f"答复期限已于 {r.due} 届满，不能再以征求意见暂停计时",
                      "征求意见应在答复期限内进行；请尽快答复。", "Q231")
    new_raw = _append(raw, _event("consult", when, by, role or _office(register), party=party.strip(),
                                  party_kind=party_kind))
    validate(new_raw, req.id)
    due = cal.add_workdays(when, rule.consult)
    return new_raw, _change(req.id, "request-consult",
                            f"书面征求{party.strip()}意见，应于 {due} 前答复，期间答复期限暂停计算（{req.id}）",
                            by, when, role=role or _office(register))


def consulted(register: Any, req: Request, raw: dict, *, party: str, opinion: str, reasons: str,
              override: str, by: str, role: str, when: date, today: date):
    _guard_date(req, when, today)
    p = progress(req)
    _guard_open(p, "登记意见")
    if opinion not in OPINIONS:
        raise Refused(f"意见“{opinion}”无效", "可选：" + "、".join(OPINIONS) + "。", "Q232")
    open_ = p.open_consults
    if not open_:
        raise Refused("该申请没有正在进行的征求意见（恢复计时须先有暂停）",
                      "先用 dwgk request consult 登记征求意见。", "Q233")
    if party.strip():
        match = [c for c in open_ if c.party == party.strip()]
        if not match:
            raise Refused(f"没有正在征求{party.strip()}的意见",
                          "正在征求意见的有：" + "、".join(c.party for c in open_) + "。", "Q234")
        c = match[0]
    elif len(open_) == 1:
        c = open_[0]
    else:
        raise Refused("同时在征求多方意见，须指明是哪一方的答复",
                      "用 --party 指定：" + "、".join(c.party for c in open_) + "。", "Q234")
    rule = _need_rule(register, req.received)
    cal = _calendar(register)
    limit = consult_due(c, rule, cal)
    if opinion == "未答复" and when <= limit:
        raise Refused(f"征求意见期限至 {limit}，期满前不能登记为逾期未答复",
                      f"{limit} 之后再登记，或登记对方的实际意见。", "Q235")
    if override.strip() and not (opinion == "不同意" and c.kind == "第三方"):
        raise Refused("只有第三方不同意公开时才需要以公共利益为由决定公开", "去掉 --override。", "Q236")
    new_raw = _append(raw, _event("consulted", when, by, role or _office(register), party=c.party,
                                  result=opinion, reasons=reasons.strip(), override=override.strip()))
    validate(new_raw, req.id)
    notes = []
    if when > limit and opinion != "未答复":
        notes.append(f"答复晚于期限 {limit}，超出部分计入答复期限")
    if opinion == "不同意" and c.kind == "第三方" and not reasons.strip():
        notes.append("第三方未说明理由的不同意意见不当然阻止公开")
    if opinion == "不同意" and c.kind == "第三方" and reasons.strip() and not override.strip():
        notes.append("第三方有理由不同意：涉及其权益的部分不得公开")
    if override.strip():
        notes.append("决定公开的，应将决定公开的内容和理由书面告知第三方")
    if opinion == "未答复" and c.kind == "其他机关":
        notes.append("其他机关逾期未提出意见，视为同意公开")
    return new_raw, _change(req.id, "request-consulted",
                            f"{c.party}意见：{opinion}，答复期限恢复计算（{req.id}）"
                            + ("；" + "；".join(notes) if notes else ""), by, when, result=opinion,
                            role=role or _office(register))


def extend(register: Any, req: Request, raw: dict, *, days: int, approved_by: str, reasons: str,
           told: date | None, by: str, role: str, when: date, today: date):
    _guard_date(req, when, today)
    p = progress(req)
    _guard_open(p, "延长答复期限")
    _guard_not_waiting(p, "延长答复期限")
    rule = _need_rule(register, req.received)
    if days < 1:
        raise Refused("延长天数须至少 1 个工作日", "用 --days 写明延长的工作日数。", "Q237")
    if len(p.extensions) >= rule.extensions:
        raise Refused(f"答复期限只能延长 {rule.extensions} 次，已于 {p.extensions[-1].date} 延长过",
                      f"{rule.articles['extend']}：延长答复期限最长不得超过 {rule.extension} 个工作日。", "Q238")
    used = sum(_positive_int(e.data.get("days")) or 0 for e in p.extensions)
    if used + days > rule.extension:
        raise Refused(f"延长 {days} 个工作日超过上限：最长可延长 {rule.extension} 个工作日"
                      + (f"（已延长 {used} 个）" if used else ""),
                      f"依据{rule.articles['extend']}；用 --days 写 {rule.extension - used} 以内。", "Q239")
    if not approved_by.strip():
        raise Refused("延长答复期限须经批准", f"用 --approved-by 写明批准人（{rule.extension_approver}）。", "Q240")
    if not reasons.strip():
        raise Refused("须写明延长答复期限的理由", "用 --reason 写明。", "Q241")
    told = told or when
    if told < when:
        raise Refused(f"告知申请人的日期 {told} 早于延期日期 {when}", "检查 --told。", "Q242")
    cal = _calendar(register)
    from dwgk.clock import run
    r = run(reply_clock(req, rule, cal, p), cal)
    if r.due is not None and when > r.due:
        raise Refused(f"答复期限已于 {r.due} 届满，不能再延长", "延长须在答复期限届满前决定并告知申请人。", "Q243")
    new_raw = _append(raw, _event("extend", when, by, role or _office(register), days=days,
                                  approved_by=approved_by.strip(), reasons=reasons.strip(),
                                  told=told.isoformat()))
    new_req = validate(new_raw, req.id)
    due = run(reply_clock(new_req, rule, cal), cal).due
    return new_raw, _change(req.id, "request-extend",
                            f"延长答复期限 {days} 个工作日（{approved_by.strip()}批准），"
                            + (f"至 {due}" if due else "暂停计时中") + f"（{req.id}）", by, when,
                            role=role or _office(register), extra={"Dwgk-Approved-By": approved_by.strip()})


def monthly_ordinal(register: Any, req: Request) -> int:
    """The request's position among the same applicant's requests received in its month."""
    same = sorted((r for r in register.requests if r.applicant == req.applicant and r.received
                   and req.received and (r.received.year, r.received.month)
                   == (req.received.year, req.received.month)),
                  key=lambda r: (r.received, r.history[0].date if r.history else r.received, r.id))
    ids = [r.id for r in same]
    return ids.index(req.id) + 1 if req.id in ids else len(ids) + 1


def fee(register: Any, req: Request, raw: dict, *, mode: str, quantity: int | None, by: str, role: str,
        when: date, today: date):
    from dwgk import fees as F
    _guard_date(req, when, today)
    p = progress(req)
    _guard_open(p, "收费")
    _guard_not_waiting(p, "再次收费")
    if not fees_enabled(register.profile):
        raise Refused("本登记簿的配置方案不收取信息处理费", "配置方案的 requests.fees 为 false。", "Q244")
    if p.fee is not None:
        raise Refused(f"已于 {p.fee.date} 发出收费通知", "一件申请只发一次收费通知。", "Q245")
    if mode not in F.MODES:
        raise Refused(f"计费方式“{mode}”无效", "可选：按件（按申请件数）、按量（按页数），二者不得同时适用。", "Q246")
    if quantity is None:
        if mode == F.PER_PAGE:
            raise Refused("按量计收须写明页数", "用 --pages 写明。", "Q247")
        quantity = monthly_ordinal(register, req)
    if quantity < 1:
        raise Refused("件数或页数须为正整数", "检查 --count / --pages。", "Q247")
    f = F.compute(mode, quantity)
    if f.amount == 0:
        raise Refused(f"无需收费：{f.describe()}", f"依据{F.SOURCE}。", "Q248")
    rule = _need_rule(register, req.received)
    new_raw = _append(raw, _event("fee", when, by, role or _office(register), mode=mode, quantity=quantity,
                                  amount=f.amount))
    validate(new_raw, req.id)
    cal = _calendar(register)
    until = cal.add_workdays(when, rule.fee_payment)
    return new_raw, _change(req.id, "request-fee",
                            f"收费通知：{f.describe()}，应于 {until} 前缴纳，期间答复期限暂停计算（{req.id}）",
                            by, when, role=role or _office(register), extra={"Dwgk-Amount": str(f.amount)})


def paid(register: Any, req: Request, raw: dict, *, amount: float | None, by: str, role: str,
         when: date, today: date):
    _guard_date(req, when, today)
    p = progress(req)
    _guard_open(p, "登记缴费")
    if not p.waiting_fee:
        raise Refused("该申请没有待缴的信息处理费（恢复计时须先有暂停）", "先用 dwgk request fee 发出收费通知。", "Q249")
    due_amount = p.fee.data.get("amount")
    amount = due_amount if amount is None else amount
    if amount is None or amount < 0:
        raise Refused("缴费金额无效", "用 --amount 写明金额（元）。", "Q250")
    rule = _need_rule(register, req.received)
    cal = _calendar(register)
    until = fee_until(p, rule, cal)
    new_raw = _append(raw, _event("paid", when, by, role or _office(register), amount=amount))
    validate(new_raw, req.id)
    note = f"（缴费期限至 {until}，已逾期）" if until and when > until else ""
    return new_raw, _change(req.id, "request-paid", f"申请人缴费 {amount} 元，答复期限恢复计算{note}（{req.id}）",
                            by, when, role=role or _office(register))


def waive(register: Any, req: Request, raw: dict, *, approved_by: str, reasons: str, by: str, role: str,
          when: date, today: date):
    _guard_date(req, when, today)
    p = progress(req)
    _guard_open(p, "减免费用")
    if not p.waiting_fee:
        raise Refused("该申请没有待缴的信息处理费", "先用 dwgk request fee 发出收费通知。", "Q249")
    if not approved_by.strip() or not reasons.strip():
        raise Refused("减免信息处理费须写明理由和批准人", "用 --reason 和 --approved-by。", "Q251")
    new_raw = _append(raw, _event("waive", when, by, role or _office(register), approved_by=approved_by.strip(),
                                  reasons=reasons.strip()))
    validate(new_raw, req.id)
    return new_raw, _change(req.id, "request-waive", f"减免信息处理费（{approved_by.strip()}批准），答复期限恢复计算（{req.id}）",
                            by, when, role=role or _office(register))


def lapse(register: Any, req: Request, raw: dict, *, reasons: str, by: str, role: str, when: date,
          today: date):
    """End a request the applicant let lapse: no amendment (其他处理-逾期不补正) or no payment
    (其他处理-逾期未缴费) within the period — only once the period has run out."""
    _guard_date(req, when, today)
    p = progress(req)
    _guard_open(p, "终止办理")
    rule = _need_rule(register, req.received)
    cal = _calendar(register)
    if p.waiting_amend:
        code, until, what = LAPSE_AMEND, amend_until(p, rule, cal), "补正"
    elif p.waiting_fee:
        code, until, what = LAPSE_FEE, fee_until(p, rule, cal), "缴费"
    else:
        raise Refused("该申请没有在等待申请人补正或缴费，不能以逾期为由终止",
                      "其他情形用 dwgk request reply --result 其他处理-其他。", "Q252")
    if when <= until:
        raise Refused(f"{what}期限至 {until}，期满前不能终止办理", f"{until} 之后再登记。", "Q253")
    basis = BASIS_2019[code] if rule.edition == "2019" else rule.articles["amend" if code == LAPSE_AMEND else "fee"]
    new_raw = _append(raw, _event("lapse", when, by, role or _office(register), result=code, basis=basis,
                                  reasons=reasons.strip() or f"申请人未在{what}期限（至 {until}）内{what}，且无正当理由"))
    validate(new_raw, req.id)
    return new_raw, _change(req.id, "request-lapse", f"终止办理：{code}（{req.id}）", by, when, result=code,
                            role=role or _office(register))


def suggest_codes(code: str) -> list[str]:
    head = code.split("-")[0]
    hits = [c for c in OUTCOMES if c.startswith(head) or (code and code in c)]
    return hits or list(OUTCOMES)


def reply(register: Any, req: Request, raw: dict, *, result: str, basis: str, reasons: str, where: str,
          body: str, withheld: str, by: str, role: str, when: date, today: date):
    if req.received is not None and when < req.received:
        raise Refused(f"答复日期 {when} 早于收到申请之日 {req.received}",
                      "不能在收到申请之前答复；检查 --date。", "Q207")
    _guard_date(req, when, today)
    p = progress(req)
    _guard_open(p, "答复")
    if result not in OUTCOMES:
        raise Refused(f"办理结果“{result}”不是有效的结果代码",
                      "可选：" + "、".join(suggest_codes(result)) + "。", "Q254")
    if result in LAPSES:
        raise Refused(f"“{result}”是申请人逾期时的终止办理，不作答复",
                      "期满后用 dwgk request lapse 登记。", "Q255")
    _guard_not_waiting(p, "答复")
    if p.open_consults:
        raise Refused("征求意见尚未结束：" + "、".join(c.party for c in p.open_consults),
                      "先用 dwgk request consulted 登记对方意见（期满未答复的登记 --opinion 未答复）。", "Q256")
    if result == "无法提供-补正后仍不明确" and p.amended is None:
        raise Refused("“无法提供-补正后仍不明确”只适用于已经补正的申请",
                      "申请内容不明确的，先用 dwgk request amend 一次性告知补正。", "Q257")
    blocking = [c for c in p.consults if c.blocks]
    if result == "予以公开" and blocking:
        raise Refused("第三方有理由不同意公开：" + "、".join(f"{c.party}（{c.reasons}）" for c in blocking),
                      "涉及第三方权益的部分不得公开：答复“部分公开”或“不予公开-第三方权益”；"
                      "如认为不公开会对公共利益造成重大影响，须先登记 consulted --override 理由。", "Q258")
    rule = _need_rule(register, req.received)
    if not basis.strip():
        suggestion = BASIS_2019.get(result, "") if rule.edition == "2019" else ""
        if not suggestion:
            raise Refused("答复须援引法律依据", "用 --basis 写明依据的条款。", "Q259")
        basis = suggestion
    if result != "予以公开" and not reasons.strip():
        raise Refused(f"“{result}”须说明理由", "用 --reason 写明理由（答复书将写明）。", "Q260")
    if result == "部分公开" and not (withheld.strip() or reasons.strip()):
        raise Refused("部分公开须写明不予公开的部分", "用 --withheld 写明。", "Q261")
    new_raw = _append(raw, _event("reply", when, by, role or _office(register), result=result,
                                  basis=basis.strip(), reasons=reasons.strip(), where=where.strip(),
                                  body=body.strip(), withheld=withheld.strip()))
    new_req = validate(new_raw, req.id)
    cal = _calendar(register)
    from dwgk.clock import run, state
    r = run(reply_clock(new_req, rule, cal), cal)
    st = state(r, cal, today, when)
    late = f"，{st.describe()}" if r.due is not None else ""
    return new_raw, _change(req.id, "request-reply", f"答复：{result}（期限 {r.due}{late}）（{req.id}）",
                            by, when, result=result, role=role or _office(register))


def deliver(register: Any, req: Request, raw: dict, *, method: str, by: str, role: str, when: date,
            today: date):
    _guard_date(req, when, today)
    p = progress(req)
    if p.reply is None:
        raise Refused("该申请尚未答复，不能送达", "先用 dwgk request reply 答复。", "Q262")
    if p.delivered is not None:
        raise Refused(f"已于 {p.delivered.date} 送达", "无需重复登记。", "Q263")
    if p.archived is not None:
        raise Refused("该申请已归档", "无需再登记送达。", "Q209")
    if method not in DELIVERY_METHODS:
        raise Refused(f"送达方式“{method}”无效", "可选：" + "、".join(DELIVERY_METHODS) + "。", "Q264")
    new_raw = _append(raw, _event("deliver", when, by, role or _office(register), method=method))
    validate(new_raw, req.id)
    return new_raw, _change(req.id, "request-deliver", f"送达答复书（{method}）（{req.id}）", by, when,
                            role=role or _office(register))


def archive(register: Any, req: Request, raw: dict, *, note: str, by: str, role: str, when: date,
            today: date):
    _guard_date(req, when, today)
    p = progress(req)
    if p.archived is not None:
        raise Refused("该申请已归档", "无需重复归档。", "Q209")
    if p.lapse is None and p.delivered is None:
        raise Refused("只有已送达答复书或已终止办理的申请才能归档",
                      p.next_action, "Q265")
    new_raw = _append(raw, _event("archive", when, by, role or _office(register), note=note.strip()))
    validate(new_raw, req.id)
    return new_raw, _change(req.id, "request-archive", f"存档（{req.id}）", by, when, role=role or _office(register))


def appeal(register: Any, req: Request, raw: dict, *, kind: str, after_review: bool, result: str,
           case: str, note: str, by: str, role: str, when: date, today: date):
    if when > today:
        raise Refused(f"日期 {when} 晚于今天（{today}）", "检查 --date。", "Q206")
    p = progress(req)
    if p.concluded is None:
        raise Refused("该申请尚未答复或终止，不能登记复议诉讼", p.next_action, "Q266")
    if when < p.concluded.date:
        raise Refused(f"日期 {when} 早于答复（终止）日期 {p.concluded.date}", "检查 --date。", "Q207")
    if req.history and when < req.history[-1].date:
        raise Refused(f"日期 {when} 早于上一步的日期 {req.history[-1].date}", "各步骤须按时间顺序登记。", "Q208")
    if kind not in APPEAL_KINDS:
        raise Refused(f"类型“{kind}”无效", "可选：" + "、".join(APPEAL_KINDS) + "。", "Q267")
    if after_review and kind != "行政诉讼":
        raise Refused("“复议后起诉”只适用于行政诉讼", "去掉 --after-review，或改为 --kind 行政诉讼。", "Q268")
    if result not in APPEAL_RESULTS:
        raise Refused(f"结果“{result}”无效", "可选：" + "、".join(APPEAL_RESULTS) + "。", "Q269")
    new_raw = _append(raw, _event("appeal", when, by, role or _office(register), kind=kind,
                                  after_review=True if after_review else None, result=result,
                                  case=case.strip(), note=note.strip()))
    validate(new_raw, req.id)
    what = "复议后提起行政诉讼" if after_review else kind
    return new_raw, _change(req.id, "request-appeal", f"{what}：{result}（{req.id}）", by, when, result=result,
                            role=role or _office(register), extra={"Dwgk-Kind": kind})


# ---------------------------------------------------------------------------------------
# check (Q3xx): cross-record findings and a replay of each history


def check(register: Any, today: date, locate) -> list[Diagnostic]:
    """Findings ``dwgk check`` adds for requests (the builders' Q1xx come with the load)."""
    out: list[Diagnostic] = []

    def at(req: Request, keypath: tuple, code: str, message: str, hint: str = "",
           severity: str = "error") -> None:
        line, col = locate(req.path, keypath)
        out.append(diag(code, message, hint, path=req.path, line=line, col=col, severity=severity))

    seen: dict[str, list[Request]] = {}
    cal = _calendar(register) if register.requests else None
    for req in register.requests:
        seen.setdefault(req.id, []).append(req)
        if req.received is None:
            continue
        rule = rule_for(register.profile, req.received)
        if rule is None:
            at(req, ("received",), "Q301", f"收到申请之日 {req.received} 没有适用的办理规则",
               "在配置方案的 requests.rules 中补充当时施行的规则。")
            continue
        prev: date | None = None
        for e in req.history:
            if prev is not None and e.date < prev:
                at(req, ("history", e.index, "date"), "Q302",
                   f"历史记录第 {e.index + 1} 条的日期 {e.date} 早于上一条（{prev}）", "各步骤须按时间顺序记录。")
            prev = e.date
        _replay(req, rule, cal, at)
    for rid, reqs in seen.items():
        if len(reqs) > 1:
            for r in reqs:
                at(r, ("id",), "Q303", f"编号“{rid}”在多个文件中重复：" + "、".join(x.path for x in reqs),
                   "为其中一件申请改用新编号（文件名同步修改）。")
    return out


def _replay(req: Request, rule: Rule, cal, at) -> None:
    """Walk the history as the commands would have, reporting what they would have refused."""
    p = Progress()
    seen_amend = seen_fee = False
    for i, e in enumerate(req.history):
        sub = Request(**{**req.__dict__, "history": req.history[:i]})
        p = progress(sub)
        kp = ("history", e.index, "action")
        n = e.index + 1
        a = e.action
        closed = p.concluded is not None
        problem = ""
        if a in ("amend", "consult", "extend", "fee", "reply", "assign") and (closed or p.archived):
            problem = f"申请已答复或终止后又记录了{ACTION_NAMES[a]}"
        elif a == "amend":
            if seen_amend:
                problem = "补正告知只能一次性发出，不能再次告知"
            seen_amend = True
            due = amend_notice_due(req, rule, cal)
            if due and e.date > due:
                at(req, ("history", e.index, "date"), "Q304",
                   f"补正告知于 {e.date} 发出，晚于收到申请后 {rule.amend_notice} 个工作日（{due}）",
                   f"依据{rule.articles['amend']}：应在收到申请之日起 {rule.amend_notice} 个工作日内一次性告知。",
                   severity="warning")
        elif a == "amended" and p.amend is None:
            problem = "没有补正告知却记录了收到补正"
        elif a == "consulted" and not p.open_consults:
            problem = "没有正在进行的征求意见却记录了意见答复（恢复计时须先有暂停）"
        elif a == "extend":
            used = sum(_positive_int(x.data.get("days")) or 0 for x in p.extensions)
            if len(p.extensions) >= rule.extensions:
                problem = f"答复期限只能延长 {rule.extensions} 次"
            elif used + (_positive_int(e.data.get("days")) or 0) > rule.extension:
                problem = f"延长超过上限 {rule.extension} 个工作日"
        elif a == "fee":
            if seen_fee:
                problem = "一件申请只发一次收费通知"
            seen_fee = True
        elif a in ("paid", "waive") and not p.waiting_fee:
            problem = f"没有待缴费用却记录了{ACTION_NAMES[a]}"
        elif a == "reply":
            if p.waiting_amend or p.waiting_fee:
                problem = "等待补正或缴费期间记录了答复"
            elif p.open_consults:
                problem = "征求意见尚未结束就记录了答复"
            elif e.result in LAPSES:
                problem = f"“{e.result}”应记为终止办理（lapse），不是答复"
            elif e.result == "予以公开" and any(c.blocks for c in p.consults):
                problem = "第三方有理由不同意公开，却答复予以公开"
            elif e.result == "无法提供-补正后仍不明确" and p.amended is None:
                problem = "未经补正却答复“补正后仍不明确”"
        elif a == "lapse":
            if closed:
                problem = "申请已答复或终止后又记录了终止办理"
            elif e.result == LAPSE_AMEND and not p.waiting_amend:
                problem = "没有待补正却以逾期不补正终止"
            elif e.result == LAPSE_FEE and not p.waiting_fee:
                problem = "没有待缴费却以逾期未缴费终止"
        elif a == "deliver" and p.reply is None:
            problem = "未答复却记录了送达"
        elif a == "archive" and p.lapse is None and p.delivered is None:
            problem = "未送达或终止就记录了归档"
        elif a == "appeal" and not closed:
            problem = "未答复或终止就记录了复议诉讼"
        if problem:
            at(req, kp, "Q305", f"历史记录第 {n} 条（{ACTION_NAMES.get(a, a)}）不符合程序：{problem}",
               "核对该申请的办理记录；手工修改后运行 dwgk check。")


__all__ = ["Request", "Appeal", "Rule", "Consultation", "Progress", "OUTCOMES", "OUTCOME_ROWS",
           "DECISIONS", "BASIS_2019", "CHANNELS", "APPLICANT_TYPES", "STAGES", "STAGE_NAMES",
           "build_request", "outcome", "closed_on", "appeals", "progress", "rule_for", "rules",
           "reply_clock", "request_deadlines", "deadlines", "reply_context", "clock_json", "check",
           "resolve", "request_path", "new_request_id"]
