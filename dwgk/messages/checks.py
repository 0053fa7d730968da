"""``dwgk check`` for messages (M3xx): dates in order, replies and reopenings in turn, no ID twice."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from dwgk.diag import Diagnostic, diag
from dwgk.messages.model import Message
from dwgk.messages.vocab import ACTION_NAMES
from dwgk.records import Locator, Memo
from dwgk.roster.sign import record_findings

if TYPE_CHECKING:
    from dwgk.model import Register


def check(register: "Register", today: date, locate: Locator, memo: Memo | None = None) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: dict[str, list[Message]] = {}
    for msg in register.messages:
        seen.setdefault(msg.id, []).append(msg)
        prev = None
        replied = False
        for e in msg.history:
            if prev is not None and e.date < prev:
                line, col = locate(msg.path, ("history", e.index, "date"))
                out.append(diag("M301", f"历史记录第 {e.index + 1} 条的日期 {e.date} 早于上一条（{prev}）",
                                "各步骤须按时间顺序记录。", msg.path, line, col))
            prev = e.date
            bad = ""
            if e.action == "reply" and replied:
                bad = "已答复后又记录答复，中间没有重新办理（reopen）"
            elif e.action == "reopen" and not replied:
                bad = "尚未答复就记录了重新办理"
            if bad:
                line, col = locate(msg.path, ("history", e.index, "action"))
                out.append(diag("M302", f"历史记录第 {e.index + 1} 条不符合程序：{bad}", "核对办理记录。",
                                msg.path, line, col))
            if e.action == "reply":
                replied = True
            elif e.action == "reopen":
                replied = False
        out += _signers(register, msg, locate)
    for mid, msgs in seen.items():
        if len(msgs) > 1:
            for m in msgs:
                line, col = locate(m.path, ("id",))
                out.append(diag("M303", f"编号“{mid}”在多个文件中重复：" + "、".join(x.path for x in msgs),
                                "为其中一条留言改用新编号（文件名同步修改）。", m.path, line, col))
    return out


def _signers(register: "Register", msg: Message, locate: Locator) -> list[Diagnostic]:
    """R02x as warnings: who recorded each step, and who signed off each reply."""
    p = register.profile

    def signer(e):
        if e.action == "reply" and e.signed_by:
            yield "signed_by", e.signed_by, p.signer_roles, "签字确认答复"
    out = []
    for e, field, why in record_findings(register.roster, p.role_names, p.office_role, msg.history, signer):
        line, col = locate(msg.path, ("history", e.index, field))
        out.append(diag(why.code, f"历史记录第 {e.index + 1} 条（{ACTION_NAMES.get(e.action, e.action)}）：{why.message}",
                        why.hint, msg.path, line, col, "warning"))
    return out
