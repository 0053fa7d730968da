"""The words of an item file: its keys, its history's actions and their names, the 公文属性,
and the fields approval covers. Pure data."""

from __future__ import annotations

ITEM_KEYS = frozenset({"id", "title", "content", "entry", "reason", "scope", "channels", "department",
                       "proposer", "timing", "kind", "attribute", "doc_number", "doc_date", "first_inner",
                       "major", "interprets", "attachments", "history", "scope_reason",
                       "period"})  # 定期公开: the period an item reports on
EVENT_KEYS = frozenset({"action", "date", "by", "role", "step", "result", "opinion",
                        # review details
                        "exemption", "removed", "redact", "findings", "level", "measures", "content_hash",
                        "referred_to", "adjustment", "meeting", "participants",
                        # publication / prepublication
                        "channel", "scope", "index_no", "until", "opinions", "adjustments",
                        # feedback, withhold, revise
                        "handling", "result_published", "reasons", "basis", "ruling", "kind", "previous",
                        "entry",  # handle: the number of the feedback entry it completes
                        "accepted",  # publish: scan findings accepted (dwgk.items.scan)
                        # transfer (移送), meeting notice
                        "medium", "meeting_date",
                        "source"})  # back-filled from a 台账 (dwgk import)
ACTIONS = ("submit", "review", "mitigate", "prepublish", "publish", "feedback", "handle", "archive",
           "withhold", "revise", "withdraw",
           "transfer", "rereview", "meeting")  # beside the procedure: they close deadlines
ACTION_NAMES = {"submit": "提出", "review": "审核", "mitigate": "防范措施", "prepublish": "预公开",
                "publish": "公开", "feedback": "反馈", "handle": "反馈处理", "archive": "归档", "withhold": "不公开",
                "withdraw": "撤回",
                "revise": "新版本", "transfer": "移送", "rereview": "年度复核", "meeting": "会议通知"}
ATTRIBUTES = ("主动公开", "依申请公开", "不予公开")
NOT_PROACTIVE = ("依申请公开", "不予公开")
MEDIA = ("电子", "纸质")  # 移送 media (seed 002 第六十一条)
REREVIEW_RESULTS = ("维持", "调整为主动公开")
REREVIEW_OPEN = "调整为主动公开"  # the re-review's decision that leads to a new version and its publication
PREPUBLISH = "预公开"

ITEM_TEXT = frozenset({"title", "content", "entry", "reason", "scope", "department", "proposer", "timing",
                       "kind", "attribute", "doc_number", "interprets", "period", "scope_reason"})
EVENT_TEXT = frozenset({"by", "role", "step", "result", "opinion"})

# Everything the reviewers saw and approved: editing any of these afterwards must show.
APPROVED_FIELDS = ("title", "content", "entry", "reason", "scope", "channels", "timing", "department",
                   "proposer", "kind", "attribute", "doc_number", "doc_date", "first_inner", "major",
                   "interprets", "attachments", "scope_reason")
REVISABLE = ("title", "content", "scope", "channels", "attribute")  # what dwgk correct changes
FIELD_NAMES = {"title": "标题", "content": "内容", "scope": "公开范围", "channels": "公开形式",
               "attribute": "公文属性"}
