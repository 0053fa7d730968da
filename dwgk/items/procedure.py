"""An item's review procedure as pure functions: stage, what it waits for, what may happen.

Nothing here is remembered in the files: stage and waiting steps are derived from the
history every time, so a hand edit can never leave them out of step. What each kind of step
accepts and which results pass is the procedure table's (``dwgk.procedure``); this module
applies it to an item's history.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Iterator

from dwgk.diag import Refused
from dwgk.fields import Findings
from dwgk.items.build import build_item
from dwgk.items.model import Item, ItemEvent
from dwgk.items.vocab import PREPUBLISH, REREVIEW_OPEN
from dwgk.procedure import EXEMPTIONS, RISK_DIMENSIONS
from dwgk.profile import Channel, Profile, Step
from dwgk.records import Memo, Wait, afresh, guard_not_future, until
from dwgk.redaction import redact
from dwgk.vocab import SCOPE_INNER, SCOPE_PUBLIC


def approved_fields(item: Item) -> dict:
    """The approved fields of ``item`` as plain values (what ``item_hash`` covers with the
    decisions). A field added later is covered only when set, so older approvals keep their hashes."""
    extra = {"scope_reason": item.scope_reason} if item.scope_reason else {}
    return {**extra, "title": item.title, "content": item.content, "entry": item.entry or "",
            "reason": item.reason, "scope": item.scope, "channels": list(item.channels),
            "timing": item.timing, "department": item.department, "proposer": item.proposer,
            "kind": item.kind, "attribute": item.attribute, "doc_number": item.doc_number,
            "doc_date": item.doc_date.isoformat() if item.doc_date else "",
            "first_inner": item.first_inner, "major": item.major, "interprets": item.interprets,
            "attachments": [a.approved() for a in item.attachments]}


HASH_PREFIX = "2-"  # a hash that covers the decisions too; one without it (recorded before) the fields only


def latest_decisions(item: Item) -> dict[str, ItemEvent]:
    """Each step's latest decision in the current revision (the one that counts)."""
    return {e.step: e for e in current_revision(item) if e.action == "review"}


def decision_entry(step: str, result: str, level: str, redact) -> list:
    """What the hash covers of a step's decision: whether it passed (its result, a risk level)
    and the passages a 部分公开 removes — the public text depends on them as much as on the
    content."""
    return [step, result, level, list(redact)]


def item_hash(item: Item, keep: bool = True) -> str:
    """The hash a review records (``content_hash``): every approved field and the decision of
    each step so far (a review records it with its own decision included). A hand edit of a
    decision — 部分公开 made 可以公开, a passage deleted, a decision added — then shows as a
    change after approval, like an edit of the text (W057). ``keep``: see ``_fields_digest``."""
    return _with_decisions(_fields_digest(item, keep), decisions(item))


def decisions(item: Item) -> list:
    """``decision_entry`` of each step's latest decision in the current revision."""
    return [decision_entry(n, d.result, d.level, d.redact) for n, d in latest_decisions(item).items()]


def hash_of(fields_text: str, decisions: list) -> str:
    """``item_hash`` from the item's ``fields_text`` and its decisions (``decision_entry``)."""
    return _with_decisions(hashlib.sha256(fields_text.encode("utf-8")), decisions)


def _with_decisions(fields: "hashlib._Hash", decisions: list) -> str:
    h = fields.copy()
    h.update(("\n" + json.dumps(decisions, ensure_ascii=False, separators=(",", ":"))).encode("utf-8"))
    return HASH_PREFIX + h.hexdigest()[:16]


def fields_text(item: Item) -> str:
    """``approved_fields`` as canonical JSON: what every approval hash covers first."""
    return json.dumps(approved_fields(item), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _fields_digest(item: Item, keep: bool = True) -> "hashlib._Hash":
    """SHA-256 fed with ``fields_text``, worked out once per item: ``dwgk check`` asks for it at
    every step of a replayed history. Kept in the item's ``__dict__`` (the digest's state, not
    the text: a copy of every item's contents would stay in memory), which ``Item.with_history``
    copies — the one way an item is made without ``__init__`` and with the same approved
    fields; a ``dataclasses.replace`` builds a new item, without it. Not ``keep``: not kept (a
    view of every item asks once per item: 50,000 digests are tens of MB)."""
    known = item.__dict__.get(_FIELDS)
    if known is None:
        known = hashlib.sha256(fields_text(item).encode("utf-8"))
        if keep:
            item.__dict__[_FIELDS] = known
    return known


_FIELDS = "_approved_fields"


def matches(item: Item, recorded: str, keep: bool = True) -> bool:
    """Does the hash a decision recorded fit ``item``? One recorded before hashes covered the
    decisions (no ``HASH_PREFIX``) is checked against the fields alone."""
    return recorded == (item_hash(item, keep) if recorded.startswith(HASH_PREFIX) else legacy_hash(item, keep))


def legacy_hash(item: Item, keep: bool = True) -> str:
    """The hash recorded before hashes covered the decisions: the approved fields alone."""
    return _fields_digest(item, keep).hexdigest()[:16]


def approved_unchanged(item: Item, keep: bool = True) -> bool:
    """Is ``item`` as its latest decision approved it? Not when a decision of the current
    revision lacks its hash (W080: removed by hand, it would hide any edit). ``keep``: see
    ``_fields_digest``."""
    events = current_revision(item)
    if any(e.action == "review" and not e.content_hash for e in events):
        return False
    h = approval_hash(item)
    return h is None or matches(item, h, keep)


def hash_with(item: Item, decision: ItemEvent) -> str:
    """``item_hash`` of ``item`` once ``decision`` is recorded: what that decision records."""
    return item_hash(item.with_history((*item.history, decision)))


def raw_fields_text(raw: dict) -> str:
    """``fields_text`` of an item record given as its YAML mapping (for writers of raw records)."""
    item = build_item(raw, Findings(""), str(raw.get("id", "")))
    if item is None:
        raise ValueError(f"not an item record: {raw.get('id')!r}")
    return fields_text(item)


def has_web_channel(profile: Profile, channels) -> bool:
    return any(profile.is_web(name) for name in channels)


def applicable_steps(profile: Profile, item: Item, extra_channels=()) -> list[Step]:
    web = has_web_channel(profile, (*item.channels, *extra_channels))
    return [s for s in profile.steps
            if not s.when or (s.when == "web" and web) or (s.when == "major" and item.major)]


def current_revision(item: Item) -> tuple[ItemEvent, ...]:
    """Events since the item was last revised (更正 / 修改后重新提交)."""
    start = 0
    for i, e in enumerate(item.history):
        if e.action == "revise":
            start = i
    return item.history[start:]




def revisions(item: Item) -> list[tuple[Item, bool]]:
    """Every revision, oldest first, as (item with that revision's fields and the history up to
    its end, whether its fields are known). A revise event keeps what it changed under
    ``previous``; without that the earlier fields cannot be told."""
    starts = [0] + [i for i, e in enumerate(item.history) if e.action == "revise"]
    out: list[tuple[Item, bool]] = []
    fields, known = item, True
    for n in range(len(starts) - 1, -1, -1):
        end = starts[n + 1] if n + 1 < len(starts) else len(item.history)
        out.append((fields.with_history(item.history[:end]), known))
        if n:
            previous = item.history[starts[n]].previous  # what the revise event changed, as it was
            if previous is not None:
                fields = dataclasses.replace(fields, **previous)
            else:
                known = False
    return out[::-1]


def fields_at(item: Item, position: int) -> Item:
    """The item as it stood when ``history[position]`` was recorded."""
    if not any(e.action == "revise" for e in item.history):
        return item
    n = sum(1 for e in item.history[:position + 1] if e.action == "revise")
    revs = revisions(item)
    return revs[n][0] if n < len(revs) and revs[n][1] else item


def as_of(item: Item, day: date) -> Item | None:
    """The item as it stood at the end of ``day``: its events up to then, and the fields of
    the version then current (a later 更正 keeps what it changed under ``previous``); None
    when it was submitted later."""
    def rebuild(item: Item, kept: tuple[ItemEvent, ...]) -> Item:
        last = max(i for i, e in enumerate(item.history) if e is kept[-1])
        return fields_at(item, last).with_history(kept)
    return until(item, day, rebuild)


def needs_prepublish(profile: Profile, item: Item) -> bool:
    return profile.prepublish and item.major


def first_inner(profile: Profile, item: Item) -> bool:
    return item.first_inner or (profile.first_inner and item.scope == SCOPE_PUBLIC)


def mitigated(decision: ItemEvent, events: tuple[ItemEvent, ...]) -> bool:
    """Are mitigation measures on record for a risk assessment, on it or after it?"""
    return bool(decision.measures) or any(e.action == "mitigate" and e.index > decision.index for e in events)


def step_passed(step: Step, decision: ItemEvent | None, events: tuple[ItemEvent, ...]) -> bool:
    if decision is None:
        return False
    return step.spec.passed(decision.result, decision.level,
                            step.spec.levels.get(decision.level) is not None and mitigated(decision, events))


@dataclass
class State:
    stage: str
    waiting_for: list[str] = field(default_factory=list)
    next_step: Step | None = None
    next_action: str = ""  # 中文: what happens next
    next_role: str = ""  # who must act
    decisions: dict[str, ItemEvent] = field(default_factory=dict)
    publications: list[ItemEvent] = field(default_factory=list)
    prepublish_open: ItemEvent | None = None
    prepublish_closed: ItemEvent | None = None
    withhold_recorded: bool = False  # the written reasons and basis of 不公开 are on record
    withdrawn: ItemEvent | None = None  # taken back before publication (dwgk withdraw)
    last_date: date | None = None


@dataclass(frozen=True)
class Brief:
    """What a list shows of an item's state: small, so the parse cache keeps it with the
    item's entry (``brief``)."""

    stage: str
    waiting_for: tuple[str, ...] = ()
    next_action: str = ""
    next_role: str = ""


def brief(profile: Profile, item: Item, memo: Memo = afresh) -> Brief:
    """The item's ``Brief``, asked of ``memo`` (the cache's: it depends on the item's file and
    the profile alone)."""
    def work() -> Brief:
        st = _state(profile, item)
        b = Brief(st.stage, tuple(st.waiting_for), st.next_action, st.next_role)
        known = _REMEMBERED.get("states")
        if known is not None and is_waiting(b):  # kept by states_remembered only if wait will ask for it
            known[id(item)] = (item, profile, st)
        return _BRIEFS.setdefault(b, b)  # a few hundred different ones for 50,000 items: one object each
    return memo(item, ("brief", profile.digest), work)


_BRIEFS: dict[Brief, Brief] = {}


WITHHOLD_NEXT = "书面说明不公开的理由和依据（dwgk withhold）后立卷归档"
REFUSED = {"secrecy": "保密审查结论为不予公开", "risk": "风险评估决定不公开"}  # a refusing result, by step kind


@contextmanager
def states_remembered() -> Iterator[None]:
    """Within the block, ``state`` works out each item's state once: ``dwgk status`` asks for
    every item's, and then ``todo`` (each item's ``wait``) asks again. Only for readers that
    leave the returned ``State`` alone; the items stay referenced until the block ends, so
    an ``id`` cannot be reused for another one."""
    outer = _REMEMBERED.get("states")
    _REMEMBERED["states"] = {} if outer is None else outer
    try:
        yield
    finally:
        if outer is None:
            del _REMEMBERED["states"]


_REMEMBERED: dict[str, dict] = {}


def state(profile: Profile, item: Item) -> State:
    known = _REMEMBERED.get("states")
    if known is None:
        return _state(profile, item)
    hit = known.get(id(item))
    if hit is not None and hit[0] is item and hit[1] is profile:
        return hit[2]
    st = _state(profile, item)
    known[id(item)] = (item, profile, st)
    return st


def _state(profile: Profile, item: Item) -> State:
    events = current_revision(item)
    st = State(stage="submitted", last_date=item.history[-1].date if item.history else None)
    st.publications = [e for e in events if e.action == "publish"]
    for e in events:
        if e.action == "review":
            st.decisions[e.step] = e  # the latest decision on a step counts
        elif e.action == "prepublish":
            if e.result == "结束":
                st.prepublish_closed = e
            else:
                st.prepublish_open, st.prepublish_closed = e, None
    steps = applicable_steps(profile, item)
    blocked = None
    for s in steps:
        d = st.decisions.get(s.name)
        if step_passed(s, d, events):
            continue
        st.waiting_for.append(s.name)
        if blocked is None:
            blocked = (s, d)
    if needs_prepublish(profile, item) and st.prepublish_closed is None:
        st.waiting_for.append(PREPUBLISH)

    st.withhold_recorded = any(e.action == "withhold" for e in events)
    st.withdrawn = next((e for e in events if e.action == "withdraw"), None)
    archived = any(e.action == "archive" for e in events)
    office = profile.office_role
    if st.withdrawn is not None:
        st.stage, st.waiting_for, st.next_step = "withdrawn", [], None
        st.next_action = f"已于 {st.withdrawn.date} 撤回（{st.withdrawn.reasons}），不再办理"
    elif archived or st.withhold_recorded:
        # Nothing is waited for any more: the item will not be (further) published.
        st.waiting_for = []
        if archived:
            st.stage, st.next_action = "archived", "已立卷归档"
        else:
            st.stage, st.next_action, st.next_role = "withheld", "不公开：立卷归档（dwgk archive）", office
    elif st.publications:
        st.stage, st.next_action = "published", "已公开：收集反馈意见（dwgk feedback），完成后立卷归档（dwgk archive）"
        st.next_role = office
    elif blocked is not None:
        step, d = blocked
        st.next_step = step
        st.next_role = step.role
        if d is None:
            st.stage = "reviewing" if st.decisions else "submitted"
            st.next_action = f"等待{step.name}"
        elif d.result in step.spec.refusing:
            st.stage, st.waiting_for, st.next_role = "withheld", [], office
            st.next_action = REFUSED[step.kind] + "：" + WITHHOLD_NEXT
        elif d.result in step.spec.deferring and step.kind == "secrecy":
            st.stage = "deferred"
            st.next_role = d.referred_to or "保密部门"
            st.next_action = f"已提请{st.next_role}审定：收到审定结论后再登记保密审查"
        elif step.kind == "risk":
            st.stage = "deferred"
            level = step.spec.levels.get(d.level)
            st.next_action = ("高风险：调整方案后重新评估（dwgk review … --adjustment 调整说明），"
                              "或修改后提交新版本（dwgk correct）" if level is not None and level.blocks
                              else "中风险：记录防范化解措施（dwgk mitigate）后方可公开")
        else:  # 不同意
            st.stage = "returned"
            st.next_action = f"{step.name}不同意，已退回承办人：修改后重新提交（dwgk correct）"
            st.next_role = profile.proposer_role
    elif PREPUBLISH in st.waiting_for:
        st.stage = "approved"
        st.next_role = office
        st.next_action = ("预公开进行中，期满后结束预公开（dwgk prepublish --close）"
                          if st.prepublish_open else "须先预公开（dwgk prepublish），征求意见后再正式公开")
    else:
        st.stage, st.next_role = "approved", office
        if item.attribute == "依申请公开":
            st.next_action = ("公文属性为依申请公开，不主动公开：收到申请时依申请答复；"
                              "年度复审认为可以公开的，改为主动公开（dwgk correct --attribute 主动公开）")
        elif item.attribute == "不予公开":
            st.next_action = "公文属性为不予公开：" + WITHHOLD_NEXT
        else:
            st.next_action = "已审批，待公开（dwgk publish）"
    opened = rereview_opened(item) if st.stage in ("withheld", "archived", "approved") else None
    if opened is not None:
        st.next_role = office
        st.next_action = (f"{opened.date.year} 年度复核认为可以主动公开：提交新版本（dwgk correct {item.id} "
                          "--attribute 主动公开 --reason 理由），按程序重新审核后公开")
    return st


def is_waiting(st: "State | Brief") -> bool:
    """Does an item at this stage wait for someone (published ones: for nobody in particular)?"""
    return st.stage not in ("archived", "published", "withdrawn") and bool(st.next_role)


def wait(profile: Profile, item: Item, memo: Memo = afresh) -> Wait | None:
    """What the item waits for and who may do it (published items wait for nobody in
    particular: feedback comes when it comes). ``memo``: the cache's, for the item's ``Brief``
    — most items wait for nobody, and their whole state need not be worked out to know it."""
    if memo is not afresh and not is_waiting(brief(profile, item, memo)):
        return None
    st = state(profile, item)
    if not is_waiting(st):
        return None
    roles: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    outside = ""
    if st.next_role in profile.office_roles:
        roles = profile.office_roles
    elif st.next_step is not None and st.next_role == st.next_step.role:
        roles = st.next_step.roles
    elif st.stage == "returned":
        roles, people = profile.proposer_roles, (item.proposer,) if item.proposer else ()
    else:
        outside = st.next_role
    return Wait(item.id, item.title, st.next_action, roles, people, outside, item.department)


def redactions(profile: Profile, item: Item) -> tuple[str, ...]:
    """The passages the current revision's secrecy review removes from the public text: those
    of each secrecy step's latest decision, if it decided 部分公开."""
    return tuple(p for name, d in latest_decisions(item).items()
                 if d.result == "部分公开" and _is_secrecy(profile, name) for p in d.redact)


def _is_secrecy(profile: Profile, name: str) -> bool:
    step = profile.step(name)
    return step is not None and step.kind == "secrecy"


def public_title(profile: Profile, item: Item) -> str:
    """The title the public gets: a redacted passage that is also in the title is removed
    there too (Unredactable as for the text)."""
    return redact(item.title, redactions(profile, item))


def public_text(profile: Profile, item: Item) -> str:
    """The text the public gets: the content, each redacted passage replaced by
    （此处依法删除 N 字）. Raises ``redaction.Unredactable`` when a passage would still show
    (a hand-edited decision): such an item has no public text."""
    return redact(item.content, redactions(profile, item))


def approval_hash(item: Item) -> str | None:
    """The hash recorded by the latest decision of the current revision."""
    for e in reversed(current_revision(item)):
        if e.action != "revise" and e.content_hash:
            return e.content_hash
    return None


# ---- guards used by the mutating commands (raise Refused; never write) ----

def guard_date(item: Item | None, when: date, today: date) -> None:
    guard_not_future(when, today, "W001")
    if item and item.history and when < item.history[-1].date:
        raise Refused(f"日期 {when} 早于上一步的日期 {item.history[-1].date}",
                      "各步骤须按时间顺序登记；检查 --date。", "W002")


CLOSED = {"archived": "已归档", "withheld": "已决定不公开", "withdrawn": "已撤回"}


def guard_open(st: State, what: str) -> None:
    if st.stage in CLOSED:
        raise Refused(f"该事项{CLOSED[st.stage]}，不能再{what}",
                      "如需重新处理，请新提出一个事项（dwgk submit）。", "W003")


def guard_review(profile: Profile, item: Item, step_name: str) -> Step:
    st = state(profile, item)
    guard_open(st, "审核")
    step = profile.step(step_name)
    if step is None:
        names = "、".join(s.name for s in profile.steps)
        raise Refused(f"本登记簿的配置方案没有“{step_name}”这一步骤",
                      f"可用的步骤：{names}。", "W004")
    if step not in applicable_steps(profile, item):
        why = "该事项没有网站等网络发布渠道" if step.when == "web" else "该事项不是重大事项"
        raise Refused(f"“{step_name}”不适用于该事项（{why}）", "无需登记此步骤。", "W005")
    if st.stage == "published":
        raise Refused("该事项已公开，不能再登记审核",
                      "如内容有误，请用 dwgk correct 更正，更正后的版本重新审核。", "W006")
    if st.stage == "returned":
        raise Refused("该事项已被退回，须由承办人修改后重新提交",
                      "修改后运行 dwgk correct 事项编号 --content-file 文件 --reason 理由。", "W007")
    if step_name not in st.waiting_for:
        raise Refused(f"“{step_name}”已经通过，无需重复登记", st.next_action, "W008")
    if st.next_step is not None and st.next_step.name != step_name:
        raise Refused(f"还不能登记“{step_name}”：须先完成“{st.next_step.name}”",
                      f"审核顺序：{'→'.join(s.name for s in applicable_steps(profile, item))}。", "W009")
    return step


def guard_channel(profile: Profile, channel: str, code: str) -> Channel:
    """The profile's channel ``channel``; refused (``code``) when the profile has none of that name."""
    ch = profile.channel(channel)
    if ch is None:
        raise Refused(f"公开形式“{channel}”不在本方案的渠道列表中",
                      "可用：" + "、".join(c.name for c in profile.channels) + "。", code)
    return ch


def guard_publish(profile: Profile, item: Item, channel: str, scope: str, when: date) -> None:
    st = state(profile, item)
    guard_open(st, "公开")
    ch = guard_channel(profile, channel, "W010")
    if scope not in profile.scopes:
        raise Refused(f"公开范围“{scope}”无效", "可用：" + "、".join(profile.scopes) + "。", "W011")
    if ch.public and (item.scope != SCOPE_PUBLIC or scope != SCOPE_PUBLIC):
        # The register's most important safety property: nothing not approved for society
        # goes out through a channel that reaches society.
        what = (f"该事项批准的公开范围是“{item.scope}”" if item.scope != SCOPE_PUBLIC
                else f"本次公开的范围是“{scope}”")
        raise Refused(f"{what}，不能通过面向社会的“{channel}”公开",
                      inner_hint(profile, item, scope), "W070")
    if scope == SCOPE_PUBLIC and not ch.public:
        # A channel that reaches only insiders cannot carry a publication to society: the
        # register would count as public what society never saw.
        public = [c for c in item.channels if profile.is_public(c)] or [c.name for c in profile.channels if c.public]
        raise Refused(f"“{channel}”不面向社会，不能以“{SCOPE_PUBLIC}”公开",
                      (f"向社会公开用面向社会的形式：{'、'.join(public)}" if public else "本方案没有面向社会的公开形式")
                      + f"；在“{channel}”上公开时写 --scope {SCOPE_INNER}（或其他不面向社会的范围）。", "W107")
    again = next((e for e in st.publications if e.channel == channel), None)
    if again is not None:
        raise Refused(f"该事项已于 {again.date} 在“{channel}”公开（{again.scope or item.scope}），不能重复登记",
                      "同一版本在同一公开形式上只登记一次；如内容有变，用 dwgk correct 提交新版本后再公开。", "W101")
    if item.attribute in ("依申请公开", "不予公开"):
        raise Refused(f"该文件的公文属性为“{item.attribute}”，不主动公开",
                      "如经年度审查可以公开，先用 dwgk correct 把属性调整为主动公开并重新审核。", "W046")
    secrecy = next((s for s in profile.steps if s.kind == "secrecy"), None)
    if secrecy is None or not step_passed(secrecy, st.decisions.get(secrecy.name), ()):
        raise Refused("未通过保密审查，不得公开（先审查、后公开）",
                      "先登记保密审查：dwgk review 事项编号 --step 保密审查 --result 可以公开 --by 姓名。", "W012")
    if st.stage == "returned":
        raise Refused("该事项已被退回，不能公开", "承办人修改后重新提交（dwgk correct），重新审核。", "W007")
    if st.stage not in ("approved", "published") or st.waiting_for:
        missing = "、".join(st.waiting_for) or st.next_action
        raise Refused(f"审核尚未完成，不能公开。尚缺：{missing}", st.next_action, "W013")
    web_steps = [s for s in applicable_steps(profile, item, (channel,))
                 if s not in applicable_steps(profile, item)]
    if web_steps:
        raise Refused(f"通过“{channel}”发布须先完成网络信息发布三审：" + "→".join(s.name for s in web_steps),
                      f"该事项批准的公开形式（{'、'.join(item.channels)}）中没有网络渠道：按批准的形式公开，"
                      f"或用 dwgk correct {item.id} --channel {channel} --reason 理由 提交新版本，重新审核（含三审）。",
                      "W014")
    if not approved_unchanged(item):
        raise Refused("事项内容或审核记录在审批后被改动，不能公开",
                      "恢复审批时的内容，或用 dwgk correct 提交更正版本重新审核。", "W015")
    allowed = {item.scope} | ({SCOPE_INNER} if first_inner(profile, item) else set())
    if not ch.public and item.scope == SCOPE_PUBLIC:
        allowed |= set(profile.scopes) - {SCOPE_PUBLIC}  # narrower, through a channel that stays inside
    if scope not in allowed:
        raise Refused(f"该事项批准的公开范围是“{item.scope}”，不能以“{scope}”公开",
                      "按批准的范围公开；如需扩大范围，用 dwgk correct 修改后重新审核。", "W016")
    if scope == SCOPE_PUBLIC and first_inner(profile, item) and not any(
            p.scope == SCOPE_INNER for p in st.publications):
        inner = inner_channels(profile, item)
        raise Refused("该事项须“先党内、后党外”：尚未在党内公开",
                      f"先运行 dwgk publish {item.id} --scope 党内公开 --channel {inner[0]} --by 姓名，再向社会公开。"
                      if inner else "本方案没有面向党内的公开形式：在 dwgk.yaml 的 overrides 中增加（public: false）。",
                      "W017")
    if needs_prepublish(profile, item):
        closed = st.prepublish_closed
        if closed is None:
            raise Refused("重大事项须先预公开、征求意见后才能正式公开", st.next_action, "W018")
        until = st.prepublish_open.until if st.prepublish_open else None
        if until and when < until:
            raise Refused(f"预公开期至 {until}，期满前不能正式公开", "期满后再公开。", "W019")


def feedback_entries(item: Item) -> list[tuple[int, ItemEvent, ItemEvent | None]]:
    """The item's feedback entries, numbered from 1 in the order received: (number, the
    opinion, the record of its handling — the entry itself when it came with one, else the
    latest ``handle`` record for it, else None)."""
    entries = [e for e in item.history if e.action == "feedback"]
    handled: dict[int, ItemEvent] = {}
    for e in item.history:
        if e.action == "handle" and e.entry:
            handled[e.entry] = e
    return [(n, e, handled.get(n) or (e if e.handling else None)) for n, e in enumerate(entries, 1)]


def rereview_opened(item: Item) -> ItemEvent | None:
    """The re-review of this version that decided it may now be 主动公开, if there is one."""
    for e in reversed(current_revision(item)):
        if e.action == "rereview":
            return e if e.result == REREVIEW_OPEN else None
    return None


def inner_channels(profile: Profile, item: Item) -> list[str]:
    """Channels that do not reach society: the item's own first, else the profile's."""
    return [c for c in item.channels if not profile.is_public(c)] or list(profile.inner_channels())


def inner_hint(profile: Profile, item: Item, scope: str) -> str:
    inner = "、".join(inner_channels(profile, item))
    if item.scope == SCOPE_PUBLIC:  # an inner publication asked for on a public channel
        return (f"以“{scope}”公开须用不面向社会的形式" + (f"：{inner}" if inner else "（本方案没有）")
                + "；向社会公开时不写 --scope。")
    return ((f"改用不面向社会的公开形式：{inner}" if inner else "本方案没有不面向社会的公开形式")
            + "；如确需向社会公开，用 dwgk correct 修改公开范围后重新审核。")


def guard_decision(profile: Profile, item: Item, step: Step, decision: ItemEvent) -> None:
    """What a decision on ``step`` must carry, by the procedure table: the exemption of a
    secrecy review that withholds, the four findings and the level of a risk assessment, the
    reasons of a refusal, the meeting of a collective review.

    ``item`` is the item before the decision. The command runs this before recording;
    ``check`` runs it again on what the file says.
    """
    result, spec = decision.result, step.spec
    needs = spec.requires.get(result, ())
    if step.collective and (not decision.meeting.strip() or not decision.participants):
        raise Refused(f"“{step.name}”须集体审议：须写明会议和参加人员",
                      "用 --meeting 写明会议（如 局党组会议 2026年第5次），--participant 逐一写明参加人员（可重复）。",
                      "W072")
    if "exemption" in needs and decision.exemption not in EXEMPTIONS:
        given = decision.exemption.strip()
        raise Refused(f"不予公开的类别“{given}”无效" if given else
                      f"保密审查结论为“{result}”时须写明不予公开的类别",
                      "用 --exemption 指定：" + "、".join(EXEMPTIONS) + "。", "W021")
    if "removed" in needs and not decision.removed.strip() and not decision.redact:
        raise Refused("脱密处理后部分公开，须写明删除或处理了哪些内容",
                      "用 --redact 文字 逐段列出公开文本删去的原文（可重复）。", "W022")
    if "findings" in needs:
        findings = dict(decision.findings)
        missing = [d for d in RISK_DIMENSIONS if not findings.get(d, "").strip()]
        if missing:
            raise Refused("风险评估须对合法性、合理性、可行性、可控性逐项作出结论；缺少：" + "、".join(missing),
                          "用 --finding 合法性=结论 逐项填写（可重复）。", "W023")
        unknown = [d for d in findings if d not in RISK_DIMENSIONS]
        if unknown:
            raise Refused("未知的评估维度：" + "、".join(unknown), "只能是：" + "、".join(RISK_DIMENSIONS) + "。", "W024")
    if "level" in needs:
        level = spec.levels.get(decision.level)
        if level is None:
            raise Refused("须写明风险等级", "用 --level 指定：低、中 或 高。", "W025")
        prev = state(profile, item).decisions.get(step.name)
        prev_level = spec.levels.get(prev.level) if prev is not None else None
        if prev_level is not None and prev_level.blocks and not decision.adjustment.strip():
            # After 高 the plan must change before it is assessed again (seed 000 风险评估 §4).
            raise Refused("上次评估为高风险：须先调整方案，再重新评估",
                          "用 --adjustment 写明方案作了哪些调整；如需改动公开内容、范围或形式，"
                          "用 dwgk correct 提交新版本（重新审核）。", "W071")
        if result not in level.allowed:
            raise Refused(f"{decision.level}风险不能作出“{result}”的决定", level.hint, "W026")
        if level.mitigation and result not in spec.deferring and not decision.measures.strip():
            raise Refused("中风险须先记录防范化解措施才能作出公开决定", "用 --measures 写明措施。", "W027")
    if "opinion" in needs and not decision.opinion.strip():
        raise Refused("不同意时须写明理由（退回承办人）", "用 --opinion 写明不同意的理由。", "W028")


def guard_archive(st: State) -> None:
    if st.stage == "archived":
        raise Refused("该事项已归档", "无需重复归档。", "W038")
    if st.stage == "withheld" and not st.withhold_recorded:
        raise Refused("决定不公开的事项须先书面说明理由和依据，才能归档",
                      "运行 dwgk withhold 事项编号 --reasons 理由 --basis 依据 --by 姓名，再归档。", "W073")
    if st.stage not in ("published", "withheld"):
        raise Refused("只有已公开或已决定不公开的事项才能立卷归档", st.next_action, "W039")
