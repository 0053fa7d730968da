"""Profiles: an organisation's procedure as data (dwgk/profiles/*.yaml).

A register names a profile in dwgk.yaml and may override single rules; overrides are
merged key by key into the profile (lists are replaced whole).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Mapping

from dwgk.diag import CannotRun
from dwgk.yamlread import parse

STEP_KINDS = ("secrecy", "risk", "approve")
SECRECY_RESULTS = ("可以公开", "部分公开", "不予公开", "提请审定")
SECRECY_ALIASES = {"公开": "可以公开", "脱密处理后部分公开": "部分公开", "脱密处理": "部分公开",
                   "不公开": "不予公开", "免予公开": "不予公开", "报请审定": "提请审定",
                   "上报审定": "提请审定", "无法确定": "提请审定"}
EXEMPTIONS = ("国家秘密", "工作秘密", "商业秘密", "个人隐私", "三安全一稳定")
RISK_RESULTS = ("可公开", "可部分公开", "暂缓公开", "不公开")
RISK_LEVELS = ("低", "中", "高")
RISK_DIMENSIONS = ("合法性", "合理性", "可行性", "可控性")
APPROVE_RESULTS = ("同意", "不同意")
APPROVE_ALIASES = {"通过": "同意", "批准": "同意", "退回": "不同意", "不通过": "不同意"}


@dataclass(frozen=True)
class Step:
    name: str
    kind: str  # secrecy | risk | approve
    role: str
    final: bool = False  # the approval that closes 审批
    collective: bool = False  # decided collectively (党组)
    when: str = ""  # "" always | "web" item has a web channel | "major" item is 重大事项
    source: str = ""

    def results(self) -> tuple[str, ...]:
        return {"secrecy": SECRECY_RESULTS, "risk": RISK_RESULTS}.get(self.kind, APPROVE_RESULTS)

    def normalise(self, result: str) -> str:
        aliases = {"secrecy": SECRECY_ALIASES, "risk": {}}.get(self.kind, APPROVE_ALIASES)
        return aliases.get(result, result)


@dataclass(frozen=True)
class Channel:
    name: str
    web: bool = False


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
    roles: Mapping[str, str] = field(default_factory=dict)
    prepublish: bool = False
    prepublish_days: int = 7
    first_inner: bool = False
    limits: Mapping[str, Any] = field(default_factory=dict)
    requests: Mapping[str, Any] = field(default_factory=dict)
    messages: Mapping[str, Any] = field(default_factory=dict)
    catalogue: tuple[Mapping[str, Any], ...] = ()

    def step(self, name: str) -> Step | None:
        return next((s for s in self.steps if s.name == name), None)

    def channel(self, name: str) -> Channel | None:
        return next((c for c in self.channels if c.name == name), None)

    @property
    def proposer_role(self) -> str:
        return self.roles.get("proposer", "承办人")

    @property
    def office_role(self) -> str:
        return self.roles.get("office", "办公室")


def available() -> list[str]:
    folder = resources.files("dwgk.profiles")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


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


def build_profile(d: Mapping[str, Any]) -> Profile:
    try:
        steps = tuple(Step(name=s["name"], kind=s["kind"], role=s.get("role", ""),
                           final=bool(s.get("final")), collective=bool(s.get("collective")),
                           when=s.get("when", ""), source=s.get("source", ""))
                      for s in d.get("steps", []))
        bad = [s.name for s in steps if s.kind not in STEP_KINDS or s.when not in ("", "web", "major")]
        if bad:
            raise ValueError("步骤定义有误：" + "、".join(bad))
        pre = d.get("prepublish") or {}
        return Profile(
            name=d["name"], title=d.get("title", d["name"]), source=d.get("source", ""),
            kind=d.get("kind", "政务"), org_type=d.get("org_type", "部门"), steps=steps,
            channels=tuple(Channel(c["name"], bool(c.get("web"))) if isinstance(c, dict)
                           else Channel(str(c)) for c in d.get("channels", [])),
            scopes=tuple(d.get("scopes", [])), departments=tuple(d.get("departments", [])),
            roles=dict(d.get("roles", {})), prepublish=bool(pre.get("enabled")),
            prepublish_days=int(pre.get("min_days", 7)), first_inner=bool(d.get("first_inner")),
            limits=dict(d.get("limits") or {}), requests=dict(d.get("requests") or {}),
            messages=dict(d.get("messages") or {}), catalogue=tuple(d.get("catalogue") or ()),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise CannotRun(f"配置方案“{d.get('name', '?') if isinstance(d, dict) else '?'}”格式有误：{e}",
                        hint="检查 dwgk.yaml 中 overrides 的写法，或恢复为方案的默认值。",
                        code="C004") from None
