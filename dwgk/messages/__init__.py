"""政民互动 messages (seed 002 第九章), one file each under ``messages/<year>/``.

==============  =====================================================================
``vocab``       types, actions, stages, the file's keys
``model``       ``Message`` and its typed ``MessageEvent``
``build``       the message file → ``Message``, with findings (M1xx)
``procedure``   handling rounds and the stage
``deadlines``   the reply clock of each round; the period summary
``actions``     new, assign, reply, reopen (M2xx)
``checks``      ``dwgk check`` for messages (M3xx)
==============  =====================================================================
"""

from dwgk.messages.build import build_message
from dwgk.messages.checks import check
from dwgk.messages.deadlines import Limits, deadlines, limits, message_deadlines, round_clock, summary, title_of
from dwgk.messages.model import Message, MessageEvent
from dwgk.messages.procedure import MState, Round, state, wait
from dwgk.messages.vocab import ACTION_NAMES, ACTIONS, ID_PREFIX, SIGNER_ROLE, STAGE_NAMES, STAGES, TYPES
from dwgk.messages.actions import assign, message_path, new, new_message_id, reopen, reply, validate
from dwgk.records import Kind

KIND = Kind(name="messages", prefix=ID_PREFIX, label="留言", several="多条留言", missing="政民互动留言",
            list_hint="用 dwgk message list 查看编号。", codes=("M201", "M202"), build=build_message,
            deadlines=deadlines, check=check, waits=lambda register, msg, memo: wait(register.profile.office_roles, msg))


def resolve(register, ref: str) -> Message:
    return KIND.resolve(register, ref)


__all__ = ["KIND", "Message", "MessageEvent", "Round", "MState", "Limits", "TYPES", "ACTIONS", "ACTION_NAMES",
           "STAGES", "STAGE_NAMES", "ID_PREFIX", "SIGNER_ROLE", "build_message", "state", "limits", "deadlines",
           "message_deadlines", "round_clock", "title_of", "summary", "check", "resolve", "message_path",
           "new_message_id", "new", "assign", "reply", "reopen", "validate"]
