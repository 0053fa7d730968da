"""Building the ``Roster`` from ``people.yaml``, with findings (R00x).

The file::

    people:
    - name: 王建国
      department: 办公室
      roles:
      - {role: 分管领导, from: 2025-01-01}
      - {role: 主要负责人, from: 2026-03-01, to: 2026-12-31}   # to: the last day held

Like every builder, this never raises on bad data: it keeps what it can and reports the rest
with the key path of the offending value.
"""

from __future__ import annotations

from typing import Any

from dwgk.fields import Findings, as_text, date_field, person_problem, unknown_keys
from dwgk.profile import Profile
from dwgk.roster.model import FILE, Holding, Person, Roster

PERSON_KEYS = frozenset({"name", "department", "roles"})
HOLDING_KEYS = frozenset({"role", "from", "to"})


def build_roster(data: Any, f: Findings, profile: Profile | None = None) -> Roster:
    """``profile``: the roles a holding may name (others are R004); without one, any."""
    if data is None:
        return Roster(present=True, path=f.path)
    listed = data.get("people") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(listed if listed is not None else [], list):
        f.add("R001", "人员名册应为映射，其中 people 是人员列表", "写成 people: 后逐人列出；没有人员时写 people: []。")
        return Roster(present=True, path=f.path)
    unknown_keys(data, {"people"}, f, (), "人员名册", "R007")
    out: list[Person] = []
    seen: set[str] = set()
    for i, raw in enumerate(listed or []):
        kp = ("people", i)
        if not isinstance(raw, dict) or not as_text(raw.get("name")).strip():
            f.add("R002", f"人员名册第 {i + 1} 人缺少姓名（name）", "每人写 name: 姓名，roles: 所任角色。", kp)
            continue
        unknown_keys(raw, PERSON_KEYS, f, kp, "人员名册", "R007")
        name = as_text(raw["name"]).strip()
        problem = person_problem(name)
        if problem:
            f.add("R009", f"人员名册第 {i + 1} 人的姓名{problem}", "写明姓名，一行以内。", kp + ("name",))
            continue
        if name in seen:
            f.add("R003", f"人员名册中“{name}”出现了不止一次",
                  "同一人的各个角色写在同一条 roles 下；同名的两人在姓名后加区别（如 张伟（办公室））。", kp + ("name",))
            continue
        seen.add(name)
        out.append(Person(name, as_text(raw.get("department")).strip(), _holdings(raw, f, kp, name, profile), i))
    return Roster(tuple(out), present=True, path=f.path)


def _holdings(raw: dict, f: Findings, kp: tuple, name: str, profile: Profile | None) -> tuple[Holding, ...]:
    roles = raw.get("roles")
    if roles is None:
        return ()
    if not isinstance(roles, list):
        f.add("R008", f"“{name}”的 roles 应为列表", "写成 roles: 后逐项列出 {role: 角色, from: 起始日期}。", kp + ("roles",))
        return ()
    out: list[Holding] = []
    for j, h in enumerate(roles):
        hkp = kp + ("roles", j)
        if isinstance(h, str):  # a bare role: held throughout
            h = {"role": h}
        if not isinstance(h, dict) or not as_text(h.get("role")).strip():
            f.add("R008", f"“{name}”的第 {j + 1} 个角色缺少 role", "写成 {role: 角色, from: YYYY-MM-DD}。", hkp)
            continue
        unknown_keys(h, HOLDING_KEYS, f, hkp, "角色", "R007")
        role = as_text(h["role"]).strip()
        if profile is not None and role not in profile.role_names:
            f.add("R004", f"“{name}”的角色“{role}”不是本登记簿配置方案中的角色",
                  "可用：" + "、".join(profile.role_names) + "。", hkp + ("role",))
        start = date_field(h, "from", f, hkp + ("from",), ("R005", "R005"))
        end = date_field(h, "to", f, hkp + ("to",), ("R005", "R005"))
        if start is not None and end is not None and end < start:
            f.add("R006", f"“{name}”任{role}的截止日期 {end} 早于起始日期 {start}", "改正 from 或 to。", hkp + ("to",))
            continue
        held = Holding(role, start, end, j)
        for other in out:
            if other.role == role and _overlap(other, held):
                f.add("R010", f"“{name}”任{role}的两段时间重叠（{other.span()}；{held.span()}）",
                      "合并为一段，或改正日期。", hkp, severity="warning")
        out.append(held)
    return tuple(out)


def _overlap(a: Holding, b: Holding) -> bool:
    return ((a.end is None or b.start is None or b.start <= a.end)
            and (b.end is None or a.start is None or a.start <= b.end))


__all__ = ["FILE", "build_roster"]
