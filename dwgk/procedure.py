"""The procedure as data: one table of the kinds of review step.

A profile's steps (``dwgk/profiles/*.yaml``) each name a kind: ``secrecy`` (保密审查),
``risk`` (风险评估) or ``approve`` (审核、审批、三审 …). The table says, for each kind, the
results it accepts, their aliases (normalised once, when a file is built), which results pass,
which end in 不公开, which defer the item, what a decision must carry, and which form prints
it. Building, the workflow, checks, deadlines, forms and help text all ask this table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

EXEMPTIONS = ("国家秘密", "工作秘密", "商业秘密", "个人隐私", "三安全一稳定")
RISK_LEVELS = ("低", "中", "高")
RISK_DIMENSIONS = ("合法性", "合理性", "可行性", "可控性")


@dataclass(frozen=True)
class Level:
    """What a risk level allows (seed 000 风险评估机制第四条)."""

    allowed: tuple[str, ...]  # the decisions this level may take
    hint: str  # what to do, for a refused decision
    mitigation: bool = False  # 中: publish only once mitigation measures are on record
    blocks: bool = False  # 高: never passes; the plan is adjusted and assessed again


@dataclass(frozen=True)
class StepKind:
    name: str  # secrecy | risk | approve
    label: str
    results: tuple[str, ...]
    passing: tuple[str, ...]  # results that let the item go on
    refusing: tuple[str, ...] = ()  # results that end in 不公开 (the item is withheld)
    deferring: tuple[str, ...] = ()  # results that hold the item without refusing it
    returning: tuple[str, ...] = ()  # results that send the item back to its proposer
    aliases: Mapping[str, str] = field(default_factory=dict)
    # result → fields a decision with it must carry (besides its own checks, see items.procedure)
    requires: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    levels: Mapping[str, Level] = field(default_factory=dict)
    form: str = "审批表"  # the form that prints this step on its own
    help: str = ""  # the results, as ``dwgk review --help`` lists them

    def normalise(self, result: str) -> str:
        """The canonical result for a word a clerk (or an older file) used."""
        return self.aliases.get(result, result)

    def passed(self, result: str, level: str = "", mitigated: bool = False) -> bool:
        """Does a decision with ``result`` (normalised) let the item go on?

        For a risk assessment the level decides first: 高 never passes, 中 passes once
        mitigation measures are on record (``mitigated``), whatever the decision said.
        """
        lv = self.levels.get(level)
        if lv is not None and lv.blocks:
            return False
        if lv is not None and lv.mitigation:
            return mitigated
        return result in self.passing


SECRECY = StepKind(
    "secrecy", "保密审查",
    results=("可以公开", "部分公开", "不予公开", "提请审定"),
    passing=("可以公开", "部分公开"), refusing=("不予公开",), deferring=("提请审定",),
    aliases={"公开": "可以公开", "脱密处理后部分公开": "部分公开", "脱密处理": "部分公开",
             "不公开": "不予公开", "免予公开": "不予公开", "报请审定": "提请审定",
             "上报审定": "提请审定", "无法确定": "提请审定"},
    requires={"部分公开": ("exemption", "removed"), "不予公开": ("exemption",)},
    form="保密审查表",
    help="可以公开 / 部分公开 / 不予公开 / 提请审定",
)

RISK = StepKind(
    "risk", "风险评估",
    results=("可公开", "可部分公开", "暂缓公开", "不公开"),
    passing=("可公开", "可部分公开"), refusing=("不公开",), deferring=("暂缓公开",),
    requires={r: ("findings", "level") for r in ("可公开", "可部分公开", "暂缓公开", "不公开")},
    levels={
        "低": Level(("可公开", "可部分公开"), "低风险可以公开：--result 可公开。"),
        "中": Level(("暂缓公开", "可公开", "可部分公开"),
                   "中风险须待采取防范化解措施后再公开：--result 暂缓公开，或同时用 --measures 写明措施。",
                   mitigation=True),
        "高": Level(("不公开", "暂缓公开"), "高风险：--result 不公开，或 --result 暂缓公开 并调整方案后重新评估。",
                   blocks=True),
    },
    form="风险评估表",
    help="可公开 / 可部分公开 / 暂缓公开 / 不公开",
)

APPROVE = StepKind(
    "approve", "审核审批",
    results=("同意", "不同意"), passing=("同意",), returning=("不同意",),
    aliases={"通过": "同意", "批准": "同意", "退回": "不同意", "不通过": "不同意"},
    requires={"不同意": ("opinion",)},
    form="审批表",
    help="同意 / 不同意",
)

STEP_KINDS: Mapping[str, StepKind] = {k.name: k for k in (SECRECY, RISK, APPROVE)}


def step_kind(name: str) -> StepKind:
    return STEP_KINDS[name]
