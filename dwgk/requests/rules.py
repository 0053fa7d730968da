"""The rules in force for a request: the profile's ``requests.rules`` entry with the latest
``since`` on or before the date of receipt, with the fee rules in force that day attached.

A request is judged by these rules throughout, and every text that cites a rule (the clock's
steps, warnings, the letters) takes its article from here, so a request received under the
2007 条例 is never told about a 2019 article::

    requests:
      rules:
        - {since: 2019-05-15, reply: 20, extension: 20, source: 政府信息公开条例（2019）第三十条至第三十三条}
        - {since: 2008-05-01, reply: 15, extension: 15, amend_notice: null, consult: null,
           articles: {amend: 第三十五条（五）}}

``amend_notice`` (补正告知 within N 工作日 of receipt) and ``consult`` (the consulted party's
N 工作日) default to the 2019 条例's 7 and 15; the 2007 条例 fixed neither, so for rules in
force before 2019-05-15 they default to none. ``articles`` overrides the article cited for
one step (receipt, amend, consult, override, reply, extend).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, Mapping

from dwgk import fees as F
from dwgk.dates import parse_date
from dwgk.requests.vocab import RECEIPT_RULES, RECEIPT_TEXT

if TYPE_CHECKING:
    from dwgk.profile import Profile

EDITION_2019 = date(2019, 5, 15)  # the revised 条例 took effect
STEPS = ("receipt", "amend", "consult", "override", "reply", "extend")
ARTICLES = {
    "2019": {"receipt": "条例第三十一条", "amend": "条例第三十条", "consult": "条例第三十二条、第三十四条",
             "override": "条例第三十二条", "reply": "条例第三十三条", "extend": "条例第三十三条第二款"},
    "2008": {"receipt": "条例（2007）第二十四条", "amend": "条例（2007）第二十一条第（四）项",
             "consult": "条例（2007）第二十三条、第二十四条第三款", "override": "条例（2007）第二十三条",
             "reply": "条例（2007）第二十四条第二款", "extend": "条例（2007）第二十四条第二款"},
}
DEFAULT_APPROVER = "政府信息公开工作机构负责人"


@dataclass(frozen=True)
class Rule:
    """The limits for requests received on or after ``since`` (until the next entry)."""

    since: date
    reply: int
    extension: int
    source: str = ""
    amend_notice: int | None = 7  # 补正告知 within N 工作日 of receipt (None: no limit)
    amend_period: int = 15  # the applicant's period to amend (条例第三十条: 合理的补正期限)
    consult: int | None = 15  # the consulted party's period (None: until they answer)
    extensions: int = 1  # how many extensions are allowed
    extension_approver: str = DEFAULT_APPROVER
    overrides: Mapping[str, str] = field(default_factory=dict)  # step → article
    fees: F.Schedule | None = None  # the fee rule in force on the same date of receipt

    @property
    def edition(self) -> str:
        """Which 条例 the rule follows: "2019" (in force 2019-05-15) or "2008"."""
        return "2019" if self.since >= EDITION_2019 else "2008"

    @cached_property
    def articles(self) -> Mapping[str, str]:
        """The article cited for each step (and ``fee`` from the fee rule)."""
        arts = dict(ARTICLES[self.edition])
        if self.source:
            arts["reply"] = self.source
            if self.edition == "2008":  # the office's own rule counts from receipt too
                arts["receipt"] = self.source
        arts.update(self.overrides)
        arts["fee"] = self.fees.source if self.fees else ""
        return arts

    def receipt_rule(self, channel: str) -> str:
        """How the date of receipt is fixed for ``channel``, citing the rule in force."""
        if self.edition == "2019":
            return RECEIPT_RULES.get(channel, "")
        text = RECEIPT_TEXT.get(channel, "")
        return (f"{text}（{self.articles['receipt']}自收到申请之日起计算；该条例未规定各提交方式的收到之日，"
                "本登记簿参照现行条例第三十一条确定）") if text else ""

    @property
    def amend_consequence(self) -> str:
        if self.edition == "2019":
            return "申请人无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"
        return "逾期未补正的，本机关将不再处理该政府信息公开申请。"

    def to_json(self) -> dict:
        return {"since": self.since.isoformat(), "reply": self.reply, "extension": self.extension,
                "extensions": self.extensions, "amend_notice": self.amend_notice,
                "amend_period": self.amend_period, "consult": self.consult,
                "extension_approver": self.extension_approver, "source": self.source,
                "edition": self.edition, "articles": dict(self.articles),
                "fees": self.fees.to_json() if self.fees else None}


@dataclass(frozen=True)
class Book:
    """Every rule of a profile, parsed once (many requests are judged in one command)."""

    rules: tuple[Rule, ...]
    fees: tuple[F.Schedule, ...]


_INTS = ("reply", "extension", "amend_period", "extensions")
_OPTIONAL = ("amend_notice", "consult")


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else None


def _rule(r: Mapping) -> Rule | None:
    since = parse_date(r.get("since"))
    if since is None:
        return None
    ints = {k: _int(r[k]) for k in _INTS if r.get(k) is not None}
    if None in ints.values() or "reply" not in ints or "extension" not in ints:
        return None
    later = since >= EDITION_2019
    for k in _OPTIONAL:  # absent: the 条例 in force decides; null: none
        if k in r:
            if r[k] is not None and not _int(r[k]):
                return None
            ints[k] = r[k]
        elif not later:
            ints[k] = None
    arts = r.get("articles") or {}
    overrides = {k: str(v) for k, v in arts.items() if k in STEPS and v} if isinstance(arts, Mapping) else {}
    return Rule(since=since, source=str(r.get("source") or ""),
                extension_approver=str(r.get("extension_approver") or DEFAULT_APPROVER),
                overrides=overrides, **ints)


def book(profile: "Profile") -> Book:
    conf = profile.requests or {}
    raw = conf.get("rules") or []
    parsed = [_rule(r) for r in raw if isinstance(r, Mapping)] if isinstance(raw, list) else []
    return Book(tuple(sorted((r for r in parsed if r), key=lambda x: x.since)), F.schedules(conf.get("fees")))


def rules(profile: "Profile") -> tuple[Rule, ...]:
    """The profile's request rules, oldest first. Malformed entries are skipped."""
    return book(profile).rules


def rule_for(profile: "Profile", received: date | None, table: Book | None = None) -> Rule | None:
    """The rule in force on the date of receipt, with that day's fee rule. ``table`` is
    ``book(profile)`` when the caller has it already."""
    if received is None:
        return None
    b = table if table is not None else book(profile)
    found = None
    for r in b.rules:
        if r.since <= received:
            found = r
    return replace(found, fees=F.schedule_for(b.fees, received)) if found else None


def has_rules(profile: "Profile") -> bool:
    return bool((profile.requests or {}).get("rules"))
