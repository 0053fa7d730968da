"""Profiles: an organisation's procedure as data (dwgk/profiles/*.yaml).

A register names a profile in dwgk.yaml and may override single rules; overrides are
merged key by key into the profile (lists are replaced whole).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cached_property
from datetime import date
from importlib import resources
from typing import Any, Mapping

from dwgk.diag import CannotRun
from dwgk.procedure import STEP_KINDS, StepKind
from dwgk.workdays import DAYS, WORKDAYS
from dwgk.yamlread import parse


@dataclass(frozen=True)
class Step:
    name: str
    kind: str  # secrecy | risk | approve
    role: str
    final: bool = False  # the approval that closes 审批
    collective: bool = False  # decided collectively (党组): ``role`` is the body
    when: str = ""  # "" always | "web" item has a web channel | "major" item is 重大事项
    source: str = ""
    also: tuple[str, ...] = ()  # other roles that may sign this step (``roles:`` beyond the first)

    @property
    def roles(self) -> tuple[str, ...]:
        """The roles that may sign this step, the default first."""
        return (self.role, *(r for r in self.also if r != self.role)) if self.role else self.also

    @property
    def spec(self) -> StepKind:
        """This step's kind in the procedure table (what it accepts, what passes)."""
        return STEP_KINDS[self.kind]

    def results(self) -> tuple[str, ...]:
        return self.spec.results

    def normalise(self, result: str) -> str:
        return self.spec.normalise(result)


@dataclass(frozen=True)
class Channel:
    name: str
    web: bool = False  # a website or new-media account: web posts need 初审/复审/终审
    public: bool = False  # reaches society: only 向社会公开 items may go through it


@dataclass(frozen=True)
class Limit:
    """One time limit of ``limits:``, as validated when the profile was loaded."""

    days: int = 0
    unit: str = WORKDAYS
    source: str = ""
    month_day: tuple[int, int] | None = None
    day_of_month: int | None = None
    urgent: int | None = None  # length for items to publish immediately (timing 随时)


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    source: str
    kind: str  # 党务 | 政务 | 党政务
    org_type: str  # 部门 | 政府
    steps: tuple[Step, ...]
    channels: tuple[Channel, ...]
    scopes: tuple[str, ...]
    departments: tuple[str, ...] = ()
    roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # proposer / office / signer → roles
    separate: bool = True  # separation of duties: proposer, reviewers and approver are different people
    shared: tuple[frozenset[str], ...] = ()  # groups of steps (and 提出) one person may sign together
    prepublish: bool = False
    prepublish_days: int = 7
    first_inner: bool = False
    attribute_required: bool = False  # 公文属性 decided at drafting (seed 002 第四条)
    limits: Mapping[str, Limit] = field(default_factory=dict)  # only the rules enabled
    requests: Mapping[str, Any] = field(default_factory=dict)
    messages: Mapping[str, Any] = field(default_factory=dict)
    opinions: Mapping[str, Any] = field(default_factory=dict)  # 舆情/应急: read by dwgk.opinions.rules
    catalogue: tuple[Mapping[str, Any], ...] = ()
    form_titles: Mapping[str, str] = field(default_factory=dict)  # 审批表 → 公文呈批表 (the seed's own name)

    def step(self, name: str) -> Step | None:
        return self._by_name[0].get(name)

    def limit(self, key: str) -> Limit | None:
        """The time limit ``key`` (``publish_after_secrecy`` …), or None when the rule is off."""
        return self.limits.get(key)

    def channel(self, name: str) -> Channel | None:
        return self._by_name[1].get(name)

    @cached_property
    def _by_name(self) -> tuple[dict[str, Step], dict[str, Channel]]:
        # check looks a step or channel up for every event of every item; the first of a name wins
        steps: dict[str, Step] = {}
        channels: dict[str, Channel] = {}
        for st in self.steps:
            steps.setdefault(st.name, st)
        for c in self.channels:
            channels.setdefault(c.name, c)
        return steps, channels

    def is_public(self, channel: str) -> bool:
        """Does ``channel`` reach society (only 向社会公开 items may go through it)?"""
        c = self.channel(channel)
        return c is not None and c.public

    def is_web(self, channel: str) -> bool:
        c = self.channel(channel)
        return c is not None and c.web

    def inner_channels(self) -> tuple[str, ...]:
        """Channels that stay inside the party or the organisation."""
        return tuple(c.name for c in self.channels if not c.public)

    @property
    def proposer_role(self) -> str:
        return self.proposer_roles[0]

    @property
    def office_role(self) -> str:
        return self.office_roles[0]

    @property
    def proposer_roles(self) -> tuple[str, ...]:
        """Who may propose an item (the default first)."""
        return self.roles.get("proposer") or ("承办人",)

    @property
    def office_roles(self) -> tuple[str, ...]:
        """Who publishes, collects feedback, archives and records the office's decisions."""
        return self.roles.get("office") or ("办公室",)

    @property
    def signer_roles(self) -> tuple[str, ...]:
        """Who signs off a reply to a 政民互动 message (seed 002 第四十五条: 分管领导)."""
        return self.roles.get("signer") or ("分管领导",)

    def may_share(self, a: str, b: str) -> bool:
        """May one person sign both ``a`` and ``b`` of one item (step names; 提出 is proposing)?"""
        return a == b or not self.separate or any(a in g and b in g for g in self.shared)

    @cached_property
    def digest(self) -> str:
        """The whole profile as a digest: part of the key of every value the parse cache keeps
        derived with it (``cache.Session.memo``), so that any change of the profile forgets them.
        The same in every process: sets are taken in sorted order (``repr`` of a frozenset
        follows the process's hash seed)."""
        return hashlib.sha256(repr(_canonical(self)).encode("utf-8")).hexdigest()

    @cached_property
    def role_names(self) -> tuple[str, ...]:
        """Every role this profile names: its steps', the proposer's, the office's, the
        signer's, the approvers its 依申请公开 rules name, and the 舆情 first responsible person's
        role when it keeps 舆情 records. A roster holds only these."""
        names = [r for s in self.steps for r in s.roles]
        names += [*self.proposer_roles, *self.office_roles, *self.signer_roles]
        if isinstance(self.opinions, Mapping) and self.opinions:
            names.append(str(self.opinions.get("head") or "主要负责人"))
        for key, field_ in (("rules", "extension_approver"), ("fees", "waiver")):
            for r in self.requests.get(key) or () if isinstance(self.requests, Mapping) else ():
                if isinstance(r, Mapping) and r.get(field_):
                    names.append(str(r[field_]))
        return tuple(dict.fromkeys(n for n in names if n))

    def bodies(self) -> tuple[str, ...]:
        """The collective bodies (党组 …) whose members decide a collective step together."""
        return tuple(dict.fromkeys(s.role for s in self.steps if s.collective and s.role))


def _canonical(value: Any) -> Any:
    """``value`` with every set as a sorted tuple, for a ``repr`` that does not vary by process."""
    if is_dataclass(value) and not isinstance(value, type):
        return type(value).__name__, tuple((f.name, _canonical(getattr(value, f.name))) for f in fields(value))
    if isinstance(value, (set, frozenset)):
        return "set", tuple(sorted((_canonical(v) for v in value), key=repr))
    if isinstance(value, Mapping):
        return "map", tuple((_canonical(k), _canonical(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_canonical(v) for v in value)
    return value


def available() -> list[str]:
    folder = resources.files("dwgk.profiles")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def resolve(name: str) -> str | None:
    """A profile's full name from the name or its seed number (``s000`` → ``s000_kejiju``)."""
    names = available()
    if name in names:
        return name
    hits = [n for n in names if n.startswith(name + "_")]
    return hits[0] if len(hits) == 1 else None


def _merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = _merge(base.get(k), v) if k in base else v
        return out
    return over


def load_profile(name: str, overrides: Mapping[str, Any] | None = None) -> Profile:
    """Load a shipped profile and apply overrides; CannotRun if it is unknown or broken."""
    if name not in available():
        raise CannotRun(f"未知的配置方案（profile）“{name}”",
                        hint="可用的方案：" + "、".join(available()) + "。请修改 dwgk.yaml 的 profile。",
                        code="C002")
    text = resources.files("dwgk.profiles").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    data, diags = parse(text, f"profiles/{name}.yaml")
    if diags:
        raise CannotRun(f"配置方案“{name}”无法读取", code="C003", diagnostics=diags)
    return build_profile(_merge(data, dict(overrides or {})))


class _Bad(ValueError):
    pass


def _seq(d: Mapping[str, Any], key: str) -> list:
    v = d.get(key) or []
    if not isinstance(v, list):
        raise _Bad(f"{key} 应为列表")
    return v


def _map(d: Mapping[str, Any], key: str) -> dict:
    v = d.get(key) or {}
    if not isinstance(v, dict):
        raise _Bad(f"{key} 应为映射（键: 值）")
    return dict(v)


# What a profile (and so dwgk.yaml's ``overrides:``) may set.
PROFILE_KEYS = frozenset({"name", "title", "source", "kind", "org_type", "steps", "web_steps", "channels",
                          "scopes", "departments", "roles", "separation", "prepublish", "first_inner",
                          "attribute_required", "limits", "requests", "messages", "opinions", "catalogue",
                          "form_titles"})
ORG_TYPES = ("部门", "政府")  # which annual-report deadline applies (条例第四十九条、第五十条)

# The limits deadlines.py reads, and what each may say. A typo or a bad value would otherwise
# switch a legal time limit off without a word, or stop every command.
LIMIT_KEYS = ("publish_after_secrecy", "publish_after_formed", "periodic_grace", "policy_interpretation",
              "prepublish_min", "meeting_notice", "rereview", "annual_report", "transfer_electronic",
              "transfer_paper")
_LIMIT_FIELDS = {"days", "unit", "source", "month_day", "day_of_month", "urgent_days"}
_DAY_UNITS = ("day", "days", "日", "天", "自然日")
_UNITS = ("workday", "workdays", "工作日", *_DAY_UNITS)
MAX_LIMIT_DAYS = 3660


def _count(v: Any, top: int = MAX_LIMIT_DAYS) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= top


def _limits(d: Mapping[str, Any]) -> dict[str, Limit]:
    limits = _map(d, "limits")
    out: dict[str, Limit] = {}
    for key, raw in limits.items():
        where = f"limits.{key}"
        if key not in LIMIT_KEYS:
            raise _Bad(f"{where} 不是 dwgk 认识的时限（可用：" + "、".join(LIMIT_KEYS) + "）")
        if raw is None or raw is False:
            continue  # the rule is switched off
        if _count(raw):
            raw = {"days": raw}
        if not isinstance(raw, dict):
            raise _Bad(f"{where} 应为天数、false（不适用）或 {{days: 天数, unit: workday|day}}")
        unknown = set(raw) - _LIMIT_FIELDS
        if unknown:
            raise _Bad(f"{where} 中有未知字段“{sorted(unknown, key=str)[0]}”（可用：" + "、".join(sorted(_LIMIT_FIELDS)) + "）")
        for f, top in (("days", MAX_LIMIT_DAYS), ("urgent_days", MAX_LIMIT_DAYS), ("day_of_month", 28)):
            if raw.get(f) is not None and not _count(raw[f], top):
                raise _Bad(f"{where}.{f} 应为 0 到 {top} 之间的整数，现为“{raw[f]}”")
        unit = raw.get("unit")
        if unit is not None and str(unit) not in _UNITS:
            raise _Bad(f"{where}.unit 应为 workday（工作日）或 day（自然日），现为“{raw['unit']}”")
        md = raw.get("month_day")
        month_day = None
        if md is not None:
            try:
                m, dd = (int(x) for x in str(md).split("-"))
                date(2001, m, dd)
            except ValueError:
                raise _Bad(f"{where}.month_day 应写成 \"MM-DD\"（如 \"03-31\"），现为“{md}”") from None
            month_day = (m, dd)
        out[key] = Limit(days=raw.get("days") or 0, unit=DAYS if str(unit) in _DAY_UNITS else WORKDAYS,
                         source=str(raw.get("source") or ""), month_day=month_day,
                         day_of_month=raw.get("day_of_month"), urgent=raw.get("urgent_days"))
    return out


def _names(v: Any, where: str) -> tuple[str, ...]:
    """A role or a list of roles."""
    if v is None or v == "":
        return ()
    if isinstance(v, (str, int)):
        return (str(v),)
    if isinstance(v, list) and all(isinstance(x, (str, int)) and str(x) for x in v):
        return tuple(str(x) for x in v)
    raise _Bad(f"{where} 应为角色名称或角色名称的列表")


def _step(s: Any) -> Step:
    if not isinstance(s, dict) or not s.get("name") or not s.get("kind"):
        raise _Bad("steps 的每一项都须有 name 和 kind")
    roles = _names(s.get("roles"), f"步骤“{s['name']}”的 roles")
    role = str(s.get("role") or (roles[0] if roles else ""))
    step = Step(name=str(s["name"]), kind=str(s["kind"]), role=role,
                final=bool(s.get("final")), collective=bool(s.get("collective")),
                when=str(s.get("when") or ""), source=str(s.get("source") or ""),
                also=tuple(r for r in roles if r != role))
    if step.kind not in STEP_KINDS:
        raise _Bad(f"步骤“{step.name}”的 kind 须为 " + "、".join(STEP_KINDS))
    if step.when not in ("", "web", "major"):
        raise _Bad(f"步骤“{step.name}”的 when 须为 web 或 major")
    return step


def _channel(c: Any) -> Channel:
    if isinstance(c, str):
        return Channel(c)
    if not isinstance(c, dict) or not c.get("name"):
        raise _Bad("channels 的每一项都须有 name")
    web = bool(c.get("web"))
    # A website not marked either way is taken to face the public (the safe guess).
    return Channel(str(c["name"]), web, bool(c.get("public", web)))


PROPOSE = "提出"  # proposing, as a separation rule names it beside the steps


def _separation(d: Mapping[str, Any], steps: tuple[Step, ...]) -> tuple[bool, tuple[frozenset[str], ...]]:
    """``separation: {shared: [[风险评估, 审核]]}`` (on, with groups one person may sign),
    ``separation: false`` (off); on by default."""
    v = d.get("separation", True)
    if isinstance(v, bool):
        return v, ()
    if not isinstance(v, dict):
        raise _Bad("separation 应为 false 或 {shared: [[步骤, 步骤], …]}")
    unknown = set(v) - {"enabled", "shared", "source"}
    if unknown:
        raise _Bad(f"separation 中有未知字段“{sorted(unknown, key=str)[0]}”（可用：enabled、shared、source）")
    names = {s.name for s in steps} | {PROPOSE}
    groups = []
    for g in v.get("shared") or []:
        group = _names(g, "separation.shared 的每一项")
        bad = [x for x in group if x not in names]
        if bad:
            raise _Bad(f"separation.shared 中的“{bad[0]}”不是本方案的步骤（可用：" + "、".join(sorted(names)) + "）")
        groups.append(frozenset(group))
    return bool(v.get("enabled", True)), tuple(groups)


def build_profile(d: Mapping[str, Any]) -> Profile:
    name = str(d.get("name", "?")) if isinstance(d, dict) else "?"
    try:
        if not isinstance(d, dict) or not d.get("name"):
            raise _Bad("缺少 name")
        pre = _map(d, "prepublish")
        scopes = _seq(d, "scopes")
        if not all(isinstance(x, str) for x in scopes):
            raise _Bad("scopes 应为文字列表")
        days = pre.get("min_days", 7)
        if not isinstance(days, int) or isinstance(days, bool) or days < 0:
            raise _Bad("prepublish.min_days 应为非负整数")
        steps = tuple(_step(s) for s in _seq(d, "steps"))
        separate, shared = _separation(d, steps)
        return Profile(
            name=str(d["name"]), title=str(d.get("title") or d["name"]), source=str(d.get("source") or ""),
            kind=str(d.get("kind") or "政务"), org_type=str(d.get("org_type") or "部门"),
            steps=steps, separate=separate, shared=shared,
            channels=tuple(_channel(c) for c in _seq(d, "channels")),
            scopes=tuple(scopes), departments=tuple(str(x) for x in _seq(d, "departments")),
            roles={str(k): _names(v, f"roles.{k}") for k, v in _map(d, "roles").items()},
            prepublish=bool(pre.get("enabled")), prepublish_days=days,
            first_inner=bool(d.get("first_inner")), attribute_required=bool(d.get("attribute_required")),
            limits=_limits(d), requests=_map(d, "requests"), messages=_map(d, "messages"),
            opinions=_map(d, "opinions"),
            catalogue=tuple(_seq(d, "catalogue")),
            form_titles={str(k): str(v) for k, v in _map(d, "form_titles").items()},
        )
    except _Bad as e:
        raise CannotRun(f"配置方案“{name}”格式有误：{e}",
                        hint="检查 dwgk.yaml 中 overrides 的写法，或删去该项恢复方案的默认值。",
                        code="C004") from None
