"""What every ``dwgk request …`` action shares: finding a request by ID, where its file lives,
appending one event, validating the new record, and the guards that refuse a step (Q2xx)
before anything is written."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from dwgk import records
from dwgk.diag import Refused
from dwgk.records import Change, append, event  # noqa: F401  (the requests package writes through these)
from dwgk.requests.build import build_request
from dwgk.roster.sign import guard_holder, signer_role
from dwgk.requests.clocks import title_of
from dwgk.requests.model import Progress, Request, progress
from dwgk.requests.rules import Rule, has_rules, rule_for, rules
from dwgk.requests.vocab import ACTION_NAMES, ID_PREFIX

if TYPE_CHECKING:
    from dwgk.model import Register

WARNING = "Dwgk-Warning"  # a Change.extra key: "Q304 text" — recorded as a trailer, printed by the cli


def request_path(request_id: str) -> str:
    return records.path_for("requests", request_id)


def new_request_id(received: date, token: str) -> str:
    return records.new_id(ID_PREFIX, received.year, token)


def office(register: "Register") -> str:
    return register.profile.office_role


def acting_role(register: "Register", by: str, role: str, when: date) -> str:
    """The role recorded for ``by`` acting on a request on ``when``: ``--role`` if given (one
    they hold), else the office's when they hold it (or there is no roster), else the first
    role they hold; refused (R020) when the roster does not have them that day."""
    p = register.profile
    return signer_role(register.roster, by, when, role, None, p.office_role, "依申请公开办理", p.role_names)


def guard_approver(register: "Register", name: str, role: str, when: date, what: str) -> None:
    """An approval named on a request (延期, 减免) is given by someone holding ``role`` that day."""
    guard_holder(register.roster, name.strip(), (role,), when, what)


def wait(register: "Register", req: Request) -> records.Wait | None:
    """What the request waits for from the office: its handler's reply, or the office's
    delivery and filing. (While the applicant or a consulted party holds it, nobody here.)"""
    p = progress(req)
    roles = register.profile.office_roles
    if p.stage == "processing":
        return records.Wait(req.id, title_of(req), p.next_action, () if req.handler else roles,
                            (req.handler,) if req.handler else (), department=req.department)
    if p.stage in ("replied", "lapsed", "delivered"):
        return records.Wait(req.id, title_of(req), p.next_action, roles, department=req.department)
    return None


def need_rule(register: "Register", received: date) -> Rule:
    if not has_rules(register.profile):
        raise Refused("本登记簿的配置方案没有依申请公开的办理规则（requests.rules）",
                      "在 dwgk.yaml 的 overrides 中加入 requests: {rules: [{since: 2019-05-15, reply: 20, "
                      "extension: 20, source: 政府信息公开条例第三十三条}]}，或改用 national 方案。", "Q203")
    r = rule_for(register.profile, received)
    if r is None:
        first = rules(register.profile)
        raise Refused(f"收到申请之日 {received} 早于配置方案中最早的办理规则（{first[0].since if first else '无'}）",
                      "核对收到日期，或在 requests.rules 中补充当时施行的规则。", "Q204")
    return r


def validate(new_raw: dict, request_id: str) -> Request:
    return records.rebuilt(build_request, new_raw, request_path(request_id), request_id, None, "Q205")


def change(req_id: str, action: str, summary: str, by: str, when: date, result: str = "",
           role: str = "", extra: dict | None = None, warning: str = "") -> Change:
    extra = dict(extra or {})
    if warning:
        extra[WARNING] = warning
    return Change(req_id, action, summary, by, when, result=result, role=role, extra=extra)


def record(register: "Register", req: Request, raw: dict, action: str, when: date, by: str, role: str,
           **kw: Any) -> tuple[dict, Request]:
    """The new raw record with one more event, validated; and the request it builds."""
    new_raw = append(raw, event(action, when, by, acting_role(register, by, role, when), **kw))
    return new_raw, validate(new_raw, req.id)


# ---------------------------------------------------------------------------------------
# guards


def guard_date(req: Request | None, when: date, today: date) -> None:
    records.guard_not_future(when, today, "Q206")
    if req is None:
        return
    if req.received is not None and when < req.received:
        raise Refused(f"日期 {when} 早于收到申请之日 {req.received}",
                      "办理步骤不能早于收到申请之日；检查 --date。", "Q207")
    if req.history and when < req.history[-1].date:
        last = req.history[-1]
        raise Refused(f"日期 {when} 早于上一步（{ACTION_NAMES.get(last.action, last.action)}）的日期 {last.date}",
                      "各步骤须按时间顺序登记；检查 --date。", "Q208")


def guard_later(what: str, option: str, day: date | None, when: date, today: date, code: str) -> date:
    """A second date of a step (the letter delivered, the party notified, the applicant told):
    on or after the step, not in the future; default the step's own date."""
    day = day or when
    if day < when:
        raise Refused(f"{what} {day} 早于登记日期 {when}", f"检查 {option}。", code)
    if day > today:
        raise Refused(f"{what} {day} 晚于今天（{today}）", f"登记已经发生的事；检查 {option}。", code)
    return day


def guard_open(p: Progress, what: str) -> None:
    if p.archived is not None:
        raise Refused(f"该申请已归档，不能再{what}", "如需重新处理，请登记一件新的申请。", "Q209")
    if p.lapse is not None:
        raise Refused(f"该申请已终止办理（{p.lapse.result}），不能再{what}", "申请人可以重新提出申请。", "Q210")
    if p.reply is not None:
        raise Refused(f"该申请已于 {p.reply.date} 答复（{p.reply.result}），不能再{what}",
                      "答复后只能送达、归档或登记复议诉讼。", "Q211")


def guard_not_waiting(p: Progress, what: str) -> None:
    if p.waiting_amend:
        raise Refused(f"该申请正在等待补正，不能{what}",
                      "收到补正后先登记 dwgk request amended；期满未补正则 dwgk request lapse。", "Q212")
    if p.waiting_fee:
        raise Refused(f"该申请正在等待缴费，不能{what}",
                      "缴费后先登记 dwgk request paid（或减免 dwgk request waive）；期满未缴则 dwgk request lapse。",
                      "Q213")
