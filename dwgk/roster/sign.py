"""Who may sign: a decision's ``--by`` against the roster on the decision date (R02x).

With an empty roster nothing is checked (a register made before rosters existed keeps
working; ``dwgk check`` warns, W100). With one, the person must be on it and hold, that day,
a role allowed for what they sign; ``--role`` only chooses among the roles they hold. Every
refusal says who may do it instead, from the roster.

Record kinds call these from their pure actions (refusing before anything is written), and
their checks call them again on what the files say, as warnings: those records were made
before the roster said otherwise.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable, Iterable, Sequence

from dwgk.diag import Refused
from dwgk.roster.model import Roster


def who_may(roster: Roster, roles: Sequence[str], day: date, exclude: Iterable[str] = ()) -> str:
    """可由：王建国（分管领导）、赵志强（主要负责人）办理 — or how to put someone on the roster."""
    skip = set(exclude)
    names: dict[str, list[str]] = {}
    for role in roles:
        for name in roster.holders(role, day):
            if name not in skip:
                names.setdefault(name, []).append(role)
    if names:
        return "可由" + "、".join(f"{n}（{'、'.join(rs)}）" for n, rs in names.items()) + "办理。"
    what = "、".join(roles)
    return (f"人员名册中 {day} 没有{'其他' if skip else ''}担任{what}的人："
            f"先用 dwgk people add 姓名 --role {roles[0] if roles else '角色'} --from 日期 登记。")


def signer_role(roster: Roster, by: str, day: date, role: str, allowed: Sequence[str] | None,
                default: str, what: str, known: Sequence[str] = ()) -> str:
    """The role ``by`` signs ``what`` in on ``day``, to be recorded with the decision.

    ``allowed``: the roles that may sign it (None: anyone on the roster, as for the steps of a
    request or a message); ``role``: the one asked for (``--role``), else the first allowed
    role the person holds; ``default``: what is recorded when the roster is empty (or, with
    ``allowed`` None, when the person holds it or it is not a role of the profile — e.g.
    承办科室); ``known``: the roles the profile names. Refused (R020, R021) otherwise.
    """
    if role and allowed and role not in allowed:  # the profile's word, roster or not
        raise Refused(f"“{what}”须由{'或'.join(allowed)}办理，不能以“{role}”的身份办理",
                      who_may(roster, allowed, day) if not roster.empty else f"--role 写 {'、'.join(allowed)} 之一，或不写。",
                      "R021")
    if roster.empty:
        return role or default
    held = roster.roles_of(by, day)
    wanted = list(allowed) if allowed else ([default] if default in known else [])
    if not held:
        on = roster.person(by) is not None
        raise Refused(f"“{by}”于 {day} 不在人员名册的任职人员中" if on else f"“{by}”不在人员名册中",
                      (who_may(roster, wanted, day) if wanted else "")
                      + (f"如{by}确已任职，用 dwgk people add {by} --role 角色 --from 日期 登记。"), "R020")
    if allowed is None:
        if role:
            if role in known and role not in held:
                raise Refused(f"{by}于 {day} 不担任{role}（担任：{'、'.join(held)}）",
                              f"用 --role 写{by}当日担任的角色，或不写。", "R021")
            return role
        return default if default in held or default not in known else held[0]
    if role:
        if role not in held:
            raise Refused(f"{by}于 {day} 不担任{role}（担任：{'、'.join(held)}）", who_may(roster, [role], day), "R021")
        return role
    mine = [r for r in allowed if r in held]
    if not mine:
        raise Refused(f"{by}于 {day} 担任{'、'.join(held)}，不能办理“{what}”（须由{'或'.join(allowed)}办理）",
                      who_may(roster, allowed, day), "R021")
    return mine[0]


def guard_quorum(roster: Roster, body: str, participants: Sequence[str], day: date, step: str) -> None:
    """A collective decision (``body``: 局党组 …): every participant is a member that day, and
    more than half of the members took part (R023, R024). Nothing is checked without a roster.
    (The signer must hold the body's role — ``signer_role`` — so the body has members.)"""
    if roster.empty:
        return
    members = roster.holders(body, day)  # never empty here: the signer is one of them
    outside = [p for p in participants if p not in members]
    if outside:
        raise Refused(f"{'、'.join(outside)}于 {day} 不是{body}成员，不能作为“{step}”的参加人员",
                      f"{body}成员：{'、'.join(members)}。", "R023")
    present = len(set(participants))
    if present * 2 <= len(members):
        raise Refused(f"{body}共有 {len(members)} 名成员，“{step}”只有 {present} 人参加，未超过半数",
                      f"须至少 {len(members) // 2 + 1} 人参加（成员：{'、'.join(members)}）；"
                      "用 --participant 写明全部参加人员（可用顿号分隔）。", "R024")


def guard_holder(roster: Roster, name: str, roles: Sequence[str], day: date, what: str) -> None:
    """A person named as approving or signing off (``--approved-by``, ``--signed-by``) holds
    one of ``roles`` that day (R020, R021). Nothing is checked without a roster."""
    if roster.empty or any(roster.holds(name, r, day) for r in roles):
        return
    held = roster.roles_of(name, day)
    need = "或".join(roles)
    if not held:
        raise Refused(f"“{name}”不在人员名册中" if roster.person(name) is None else f"“{name}”于 {day} 未在任",
                      f"{what}须由{need}签署。" + who_may(roster, roles, day), "R020")
    raise Refused(f"{name}于 {day} 担任{'、'.join(held)}，不是{need}，不能{what}", who_may(roster, roles, day), "R021")


Named = Callable[[Any], Iterable[tuple[str, str, Sequence[str], str]]]


def record_findings(roster: Roster, known: Sequence[str], default: str, events: Iterable[Any],
                    named: Named = lambda e: ()) -> list[tuple[Any, str, Refused]]:
    """What the roster says of a history's signers, for ``dwgk check`` (as warnings: the
    records were made before the roster said otherwise): each event's ``by`` in the role it
    recorded, and each person ``named(event)`` gives as (field, name, roles, what) — an
    approver, a signer. (event, field, why) for each that could not have signed."""
    if roster.empty:
        return []
    out = []
    for e in events:
        try:
            signer_role(roster, e.by, e.date, e.role, None, default, "", known)
        except Refused as r:
            out.append((e, "by", r))
        for field, name, roles, what in named(e):
            try:
                guard_holder(roster, name, roles, e.date, what)
            except Refused as r:
                out.append((e, field, r))
    return out
