"""舆情 and 应急 records (seed 000 舆论引导机制、应急处置机制; seed 001 §6 i-k; seed 002 第十章),
one file each under ``opinions/<year>/``, with hour clocks (国办发〔2016〕61号、80号).

==============  =====================================================================
``vocab``       types, actions, stages, the file's keys
``model``       ``Opinion`` and its typed ``OpinionEvent`` (moments to the minute)
``rules``       the profile's ``opinions:`` rules: levels and their hour limits, channels,
                report targets, the first responsible person's role
``build``       the record file → ``Opinion``, with findings (O1xx)
``procedure``   stage, level in force, responses (首发, 续报), reports
``deadlines``   the response and press-conference hour clocks; the period summary
``actions``     new, assess, report, coordinate, respond, follow, close (O2xx)
``checks``      ``dwgk check`` for these records (O3xx)
==============  =====================================================================
"""

from dwgk.opinions.actions import (assess, close, coordinate, enabled, follow, new, new_opinion_id, opinion_path,
                                   report, respond, validate)
from dwgk.opinions.build import build_opinion
from dwgk.opinions.checks import check
from dwgk.opinions.deadlines import UNASSESSED, clock_of, deadlines, opinion_deadlines, opinions_of, summary, title_of
from dwgk.opinions.model import Opinion, OpinionEvent
from dwgk.opinions.procedure import OState, release_name, state
from dwgk.opinions.rules import HourRule, Rules, response_channels, rules
from dwgk.opinions.vocab import ACTION_NAMES, ACTIONS, FOLDER, HELD, ID_PREFIX, STAGE_NAMES, STAGES, TYPES
from dwgk.records import Kind

KIND = Kind(name=FOLDER, prefix=ID_PREFIX, label="舆情记录", several="多条舆情记录", missing="舆情或应急记录",
            list_hint="用 dwgk opinion list 查看编号。", codes=("O223", "O224"), build=build_opinion,
            deadlines=deadlines, check=check)


def resolve(register, ref: str) -> Opinion:
    return KIND.resolve(register, ref)


__all__ = ["KIND", "Opinion", "OpinionEvent", "OState", "Rules", "HourRule", "TYPES", "ACTIONS", "ACTION_NAMES",
           "STAGES", "STAGE_NAMES", "HELD", "ID_PREFIX", "FOLDER", "UNASSESSED", "build_opinion", "state",
           "release_name", "rules", "response_channels", "deadlines", "opinion_deadlines", "opinions_of", "clock_of",
           "summary", "title_of", "check", "resolve", "opinion_path", "new_opinion_id", "enabled", "validate", "new",
           "assess", "report", "coordinate", "respond", "follow", "close"]
