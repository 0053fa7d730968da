"""依申请公开 requests (政府信息公开条例; seed 002 第八章).

The package's modules, in import order (each imports only those above it):

==============  =====================================================================
``vocab``       channels, applicant types, the 21 outcome codes, wording, actions, stages
``rules``       the rules in force on the date of receipt (reply, 补正, 征求意见, fees)
``model``       ``Request``, ``Consultation``, ``Appeal``; ``progress`` reads a history
``build``       the request file → ``Request``, with findings (Q1xx); the file format
``clocks``      the reply clock and its stops; every deadline (the ``dwgk due`` hook)
``letters``     what the 答复书 and the 补正告知书 say (``reply_context``)
``records``     IDs, paths, appending an event, the guards shared by the actions
``intake``      actions: new, assign, amend, amended
``stops``       actions: consult, consulted, override, extend, fee, paid, waive
``closing``     actions: reply, lapse, deliver, archive, appeal
``checks``      ``dwgk check`` (Q3xx): a replay of each history
==============  =====================================================================

Everything other code uses is re-exported here (``from dwgk import requests as rq``);
``dwgk.reports`` relies on ``OUTCOMES``, ``outcome``, ``closed_on`` and ``appeals``, and
``dwgk.forms`` on ``reply_context``.
"""

from dwgk.requests.vocab import (ACTION_NAMES, ACTIONS, APPEAL_KINDS, APPEAL_RESULTS, APPLICANT_TYPES,
                                 BASIS_2019, CHANNELS, CONSULT_KINDS, DECISIONS, DELIVERY_METHODS, FACT_NAMES,
                                 ID_PATTERN, ID_PREFIX, LAPSE_AMEND, LAPSE_FEE, LAPSES, OPEN_STAGES, OPINIONS,
                                 OTHER, OUTCOME_ROWS, OUTCOMES, RECEIPT_FACT, RECEIPT_RULES, RECEIPT_TEXT,
                                 STAGE_NAMES, STAGES)
from dwgk.requests.rules import Book, Rule, book, rule_for
from dwgk.requests.model import (Appeal, Consultation, Progress, Request, RequestEvent, appeals, closed_on, cn_date,
                                 outcome, progress)
from dwgk.requests.build import build_request
from dwgk.requests.clocks import (amend_notice_due, amend_period, amend_until, calendar_of, clock_json,
                                  consult_due, deadlines, due_on, fee_until, pause_reason, reply_clock,
                                  request_deadlines, title_of)
from dwgk.requests.letters import remedies, reply_context, review_basis
from dwgk.requests.records import WARNING, new_request_id, request_path, validate, wait
from dwgk.requests.intake import amend, amended, assign, new
from dwgk.requests.stops import consult, consulted, extend, fee, monthly_ordinal, override, paid, waive
from dwgk.requests.closing import appeal, archive, deliver, lapse, reply, suggest_codes
from dwgk.requests.checks import check
from dwgk.records import Kind

KIND = Kind(name="requests", prefix=ID_PREFIX, label="申请", several="多件申请", missing="依申请公开记录",
            list_hint="用 dwgk request list 查看编号。", codes=("Q201", "Q202"), build=build_request,
            deadlines=deadlines, check=check, waits=lambda register, req, memo: wait(register, req))


def resolve(register, ref: str) -> Request:
    """Full ID, or a unique head/tail of one (the hex part is enough)."""
    return KIND.resolve(register, ref)


__all__ = [
    "ACTION_NAMES", "ACTIONS", "APPEAL_KINDS", "APPEAL_RESULTS", "APPLICANT_TYPES", "BASIS_2019", "CHANNELS",
    "CONSULT_KINDS", "DECISIONS", "DELIVERY_METHODS", "FACT_NAMES", "ID_PATTERN", "ID_PREFIX", "LAPSE_AMEND",
    "LAPSE_FEE", "LAPSES", "OPEN_STAGES", "OPINIONS", "OTHER", "OUTCOME_ROWS", "OUTCOMES", "RECEIPT_FACT",
    "RECEIPT_RULES", "RECEIPT_TEXT", "STAGE_NAMES", "STAGES",
    "Book", "Rule", "book", "rule_for",
    "KIND", "Appeal", "Consultation", "Progress", "Request", "RequestEvent", "appeals", "closed_on", "cn_date", "outcome", "progress",
    "build_request",
    "amend_notice_due", "amend_period", "amend_until", "calendar_of", "clock_json", "consult_due", "deadlines",
    "due_on", "fee_until", "pause_reason", "reply_clock", "request_deadlines", "title_of",
    "remedies", "reply_context", "review_basis",
    "WARNING", "new_request_id", "request_path", "resolve", "validate",
    "amend", "amended", "assign", "new",
    "consult", "consulted", "extend", "fee", "monthly_ordinal", "override", "paid", "waive",
    "appeal", "archive", "deliver", "lapse", "reply", "suggest_codes",
    "check",
]
