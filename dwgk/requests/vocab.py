"""The vocabulary of 依申请公开 requests: channels, applicant types, the 21 outcome codes and
their rows in the annual report, the reply letter's wording per outcome, actions and stages.

Pure data; every other module of ``dwgk.requests`` imports from here.
"""

from __future__ import annotations

import re

CHANNELS = ("当面", "邮寄", "平邮", "网络", "传真")
# Which recorded fact fixes the legal date of receipt (条例第三十一条).
RECEIPT_FACT = {"当面": "arrived", "邮寄": "signed", "平邮": "confirmed", "网络": "confirmed",
                "传真": "confirmed"}
FACT_NAMES = {"arrived": "提交/到达日期", "signed": "签收日期", "confirmed": "确认日期"}
FACT_OPTIONS = {"arrived": "--arrived", "signed": "--signed", "confirmed": "--confirmed"}
# How each channel's date of receipt is fixed, in the words of 条例（2019）第三十一条; the
# 2007 条例 only counted "from the day of receipt", so rules.Rule.receipt_rule cites by edition.
RECEIPT_TEXT = {
    "当面": "当面提交的，以提交之日为收到申请之日",
    "邮寄": "以邮寄方式提交的，以行政机关签收之日为收到申请之日",
    "平邮": "以平常信函等无需签收的方式邮寄的，政府信息公开工作机构于收到当日与申请人确认，以确认之日为收到申请之日",
    "网络": "通过互联网渠道提交的，以双方确认之日为收到申请之日",
    "传真": "通过传真提交的，以双方确认之日为收到申请之日",
}
RECEIPT_ITEM = {"当面": "第一项", "邮寄": "第二项", "平邮": "第二项", "网络": "第三项", "传真": "第三项"}
RECEIPT_RULES = {ch: f"{t}（条例第三十一条{RECEIPT_ITEM[ch]}）" for ch, t in RECEIPT_TEXT.items()}  # 2019
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

REG = "《中华人民共和国政府信息公开条例》"
# Suggested legal basis per outcome under the 2019 条例 (used when --basis is left out); the
# reply itself cites by the facts of the request (dwgk.citations.basis).
from dwgk.citations import DEFAULTS as BASIS_2019  # noqa: E402

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

ACTIONS = ("receive", "assign", "amend", "amended", "consult", "consulted", "override", "extend", "fee",
           "paid", "waive", "lapse", "reply", "deliver", "archive", "appeal")
ACTION_NAMES = {"receive": "收到申请", "assign": "拟办", "amend": "补正告知", "amended": "收到补正",
                "consult": "征求意见", "consulted": "意见答复", "override": "决定公开", "extend": "延长答复期限",
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
              "since", "exemption", "provide", "body_contact", "doc_number",  # dwgk.reply_facts
              "department", "handler", "points", "period", "content", "party", "party_kind",
              "reasons", "override", "notified", "delivered", "days", "approved_by", "told", "mode",
              "quantity", "amount", "items",
              "basis", "where", "body", "withheld", "method", "kind", "after_review", "case", "note"}

ID_PREFIX = "YS"
ID_PATTERN = re.compile(r"^YS-\d{4}-[0-9a-f]{6}$")
