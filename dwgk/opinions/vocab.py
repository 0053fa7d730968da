"""The words of a 舆情/应急 record file: types, actions, stages and keys. Pure data."""

from __future__ import annotations

TYPES = ("舆情", "应急")  # a public-opinion event; an emergency (突发事件) with its 级别 and releases
ACTIONS = ("found", "assess", "report", "coordinate", "respond", "follow", "close")
ACTION_NAMES = {"found": "发现", "assess": "研判", "report": "报告", "coordinate": "沟通协调",
                "respond": "发布回应", "follow": "跟踪", "close": "办结"}
STAGES = ("found", "assessed", "responded", "closed")
STAGE_NAMES = {"found": "待研判", "assessed": "待回应", "responded": "已回应", "closed": "已办结"}
HELD = ("是", "否")  # did the response hold (close)
OPINION_KEYS = frozenset({"id", "type", "found", "source", "summary", "link", "level", "department", "head",
                          "history"})
EVENT_KEYS = frozenset({"action", "at", "by", "role", "value", "level", "plan", "to", "unit", "statement",
                        "channel", "text", "item", "link", "note", "outcome", "held"})
OPINION_TEXT = frozenset({"type", "source", "summary", "link", "level", "department", "head"})
EVENT_TEXT = frozenset({"by", "role", "value", "level", "plan", "to", "unit", "statement", "channel", "text",
                        "item", "link", "note", "outcome", "held"})
ID_PREFIX = "YQ"
FOLDER = "opinions"
