"""``dwgk people add`` and ``dwgk people end``: the roster's new file contents, computed
purely, or a refusal (R01x) before anything is written."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any, Sequence

from dwgk.diag import ExitCode, Refused
from dwgk.fields import person_problem
from dwgk.profile import Profile
from dwgk.records import Change
from dwgk.roster.model import FILE, Roster
from dwgk.yamlread import dump

HEADER = ("# 人员名册：每人的姓名、部门和所任角色（from 起、to 止，含当日）。\n"
          "# 用 dwgk people add / dwgk people end 登记；集体机构（党组等）的成员是担任该角色的人。\n")


def text(raw: dict) -> str:
    """people.yaml as dwgk writes it."""
    return HEADER + dump(raw)


def empty() -> str:
    return text({"people": []})


def _people(raw: Any) -> list:
    if raw is None:
        return []
    if not isinstance(raw, dict) or not isinstance(raw.get("people") or [], list):
        raise Refused(f"人员名册 {FILE} 有错误，不能修改", "先修正 people.yaml 中标出的问题（dwgk check 可列出全部）。", "R017")
    return raw.get("people") or []


def add(roster: Roster, raw: Any, profile: Profile, departments: Sequence[str], *, name: str,
        roles: Sequence[str], department: str, start: date) -> tuple[dict, Change]:
    """Put ``name`` on the roster with ``roles`` held from ``start`` (a new person, or new
    roles of one already on it)."""
    name, department = name.strip(), department.strip()
    problem = person_problem(name)
    if problem:
        raise Refused(f"姓名{problem}", "写明姓名，一行以内。", "R009", exit_code=ExitCode.USAGE)
    roles = list(dict.fromkeys(r.strip() for r in roles if r.strip()))
    if not roles:
        raise Refused("须写明所任角色", "用 --role 指定（可重复）：" + "、".join(profile.role_names) + "。", "R011",
                      exit_code=ExitCode.USAGE)
    for r in roles:
        if r not in profile.role_names:
            raise Refused(f"“{r}”不是本登记簿配置方案（{profile.title}）中的角色",
                          "可用：" + "、".join(profile.role_names) + "。", "R004")
    if department and departments and department not in departments:
        raise Refused(f"部门“{department}”不在本登记簿的部门中",
                      "可用：" + "、".join(departments) + "；新部门请加入 dwgk.yaml 的 departments。", "R016")
    people = copy.deepcopy(_people(raw))
    person = roster.person(name)
    for r in roles:
        for h in person.holdings if person is not None else ():
            if h.role == r and (h.end is None or h.end >= start):
                raise Refused(f"{name}已担任{r}（{h.span()}）",
                              f"如是新的任期，先用 dwgk people end {name} --role {r} --date 日期 结束上一任期。", "R012")
    entries = [{"role": r, "from": start.isoformat()} for r in roles]
    row = next((p for p in people if isinstance(p, dict) and str(p.get("name", "")).strip() == name), None)
    if row is None:
        row = {"name": name}
        if department:
            row["department"] = department
        row["roles"] = entries
        people.append(row)
    else:
        if department:
            row["department"] = department
        row["roles"] = [*(row.get("roles") or []), *entries]
    what = "、".join(roles)
    return {"people": people}, Change("", "people-add", f"人员名册：{name}任{what}（自 {start}）", "", start,
                                      role=what, extra={"Dwgk-Person": name})


def end(roster: Roster, raw: Any, *, name: str, role: str, when: date) -> tuple[dict, Change]:
    """``name`` stops holding ``role`` (every role, when ``role`` is empty) after ``when``."""
    name, role = name.strip(), role.strip()
    person = roster.person(name)
    if person is None:
        names = "、".join(p.name for p in roster.people[:20])
        raise Refused(f"人员名册中没有“{name}”", ("名册中有：" + names + "。") if names else "名册为空。", "R013")
    open_ = [h for h in person.holdings if (not role or h.role == role) and (h.end is None or h.end > when)]
    if not open_:
        held = "、".join(f"{h.role}（{h.span()}）" for h in person.holdings) or "无"
        raise Refused(f"{name}在 {when} 之后没有正在担任的{role or '角色'}", f"{name}的任职：{held}。", "R014")
    early = [h for h in open_ if h.start is not None and when < h.start]
    if early:
        raise Refused(f"{name}任{early[0].role}自 {early[0].start} 起，截止日期 {when} 不能早于它",
                      "--date 写任职的最后一天。", "R015")
    people = copy.deepcopy(_people(raw))
    row = next(p for p in people if isinstance(p, dict) and str(p.get("name", "")).strip() == name)
    for h in open_:
        held = row["roles"][h.index]
        row["roles"][h.index] = {**(held if isinstance(held, dict) else {"role": held}), "to": when.isoformat()}
    what = "、".join(dict.fromkeys(h.role for h in open_))
    return {"people": people}, Change("", "people-end", f"人员名册：{name}不再担任{what}（任至 {when}）", "", when,
                                      role=what, extra={"Dwgk-Person": name})
