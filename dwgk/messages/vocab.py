"""The words of a 政民互动 message file: types, actions, stages and keys. Pure data."""

from __future__ import annotations

TYPES = ("咨询", "建议", "投诉")
ACTIONS = ("receive", "assign", "reply", "reopen")
ACTION_NAMES = {"receive": "收到留言", "assign": "分办", "reply": "答复", "reopen": "重新办理"}
STAGES = ("received", "assigned", "replied", "reopened")
STAGE_NAMES = {"received": "待分办", "assigned": "办理中", "replied": "已答复", "reopened": "重新办理中"}
MESSAGE_KEYS = frozenset({"id", "type", "received", "channel", "citizen", "contact", "subject", "content", "history"})
EVENT_KEYS = frozenset({"action", "date", "by", "role", "department", "handler", "text", "signed_by",
              "explanation", "reasons", "note", "source"})  # source: back-filled from a 台账 (dwgk import)
ID_PREFIX = "LY"
SIGNER_ROLE = "分管领导"
MESSAGE_TEXT = frozenset({"type", "citizen", "subject", "content", "channel", "contact"})
EVENT_TEXT = frozenset({"by", "role", "text", "signed_by", "department", "handler"})
