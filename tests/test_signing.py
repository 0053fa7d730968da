"""Who may sign what (issue 14), walked on every shipped profile with a roster: the roles of
each step, separation of duties as the profile allows it, the quorum of a collective review,
and the roles a person held on the day. Pure: the register is built in memory and each
decision goes through the item's own action, as the commands run it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from dwgk.diag import Refused
from dwgk.fields import Findings
from dwgk.items import actions, signers
from dwgk.items import procedure as wf
from dwgk.items.build import build_item
from dwgk.model import Config, Entry, Register
from dwgk.profile import PROPOSE, available, load_profile
from dwgk.roster import build_roster

DAY = date(2026, 11, 2)
FROM = "2025-01-01"
RISK = {"合法性": "符合规定", "合理性": "兼顾各方利益", "可行性": "条件具备", "可控性": "风险可控"}
DUAL = "兼职人"  # holds every role the profile names
PROPOSER, OFFICE = "提出人", "办公人"
MEMBERS = ("成员甲", "成员乙", "成员丙", "成员丁")


def roster(profile, extra=()):
    people = [{"name": PROPOSER, "roles": [{"role": r, "from": FROM} for r in profile.proposer_roles]},
              {"name": OFFICE, "roles": [{"role": r, "from": FROM} for r in profile.office_roles]},
              {"name": DUAL, "roles": [{"role": r, "from": FROM} for r in profile.role_names]}]
    for s in profile.steps:
        if s.collective:
            continue
        people.append({"name": f"审{s.name}", "roles": [{"role": s.role, "from": FROM}]})
    for body in profile.bodies():
        for m in MEMBERS:
            people.append({"name": m, "roles": [{"role": body, "from": FROM}]})
    people += list(extra)
    f = Findings("people.yaml")
    r = build_roster({"people": people}, f, profile)
    assert not f.errors(), f.errors()
    return r


class Desk:
    """A register in memory; each call runs one item action and puts the result back."""

    def __init__(self, profile_name: str, people=None):
        self.p = load_profile(profile_name)
        entries = tuple(Entry(code=str(e["code"]), category=tuple(e.get("category") or ()), name=str(e["name"]),
                              scope=str(e.get("scope")), channels=tuple(e.get("channels") or ()))
                        for e in self.p.catalogue)
        self.reg = Register(root="", config=Config(org="测试"), profile=self.p, catalogue=entries,
                            records={"items": ()}, roster=roster(self.p) if people is None else people)
        self.raws: dict[str, dict] = {}
        self.n = 0

    def _put(self, item_id: str, raw: dict):
        item = build_item(raw, Findings(""), item_id, self.p)
        self.raws[item_id] = raw
        others = tuple(i for i in self.reg.items if i.id != item_id)
        self.reg = replace(self.reg, records={"items": others + (item,)})
        return item

    def submit(self, by=PROPOSER, when=DAY, role=""):
        self.n += 1
        web = next((c.name for c in self.p.channels if c.web), None)
        e = self.reg.catalogue[0]
        channels = [c for c in (*e.channels, web) if c] if any(s.when == "web" for s in self.p.steps) else []
        scope = e.scope
        if web and self.p.is_public(web):
            scope = "向社会公开"
        item_id = f"GK-2026-{self.n:06d}"
        raw, _ = actions.submit(self.reg, item_id=item_id, entry=e.code, title="关于某事的通知", scope=scope,
                                channels=channels, content="内容", by=by, role=role, when=when, today=when,
                                reason="测试", attribute="主动公开" if self.p.attribute_required else "",
                                major=any(s.when == "major" for s in self.p.steps))
        return self._put(item_id, raw).id

    def review(self, item_id: str, step: str, by: str, when=DAY, participants=None, role=""):
        s = self.p.step(step)
        kw = {}
        if s.kind == "risk":
            kw = {"findings": RISK, "level": "低"}
        if s.collective:
            kw.update(meeting="党组会议", participants=list(participants if participants is not None
                                                         else (by, *[m for m in MEMBERS if m != by][:2])))
        result = {"secrecy": "可以公开", "risk": "可公开"}.get(s.kind, "同意")
        item = self.reg.item(item_id)
        raw, _ = actions.review(self.reg, item, self.raws[item_id], step=step, result=result, by=by, role=role,
                                when=when, today=when + timedelta(days=30), **kw)
        return self._put(item_id, raw)

    def signer(self, step: str) -> str:
        s = self.p.step(step)
        return MEMBERS[0] if s.collective else f"审{step}"


def order(p):
    return [s.name for s in p.steps]


def pairs(p):
    names = [PROPOSE, *order(p)]
    return [(names[i], names[j]) for j in range(1, len(names)) for i in range(j)]


@pytest.mark.parametrize("profile", available())
def test_separation_refuses_when_broken_and_passes_when_kept(profile):
    p = load_profile(profile)
    assert p.separate, "separation of duties is on in every shipped profile"
    for first, later in pairs(p):
        desk = Desk(profile)
        item = desk.submit(by=DUAL if first == PROPOSE else PROPOSER)
        for step in order(p):
            if step == later:
                break
            desk.review(item, step, DUAL if step == first else desk.signer(step))
        try:
            desk.review(item, later, DUAL)
        except Refused as r:
            assert not p.may_share(first, later), (profile, first, later, r.message)
            assert r.code == "R022", (profile, first, later, r)
            assert DUAL in r.message and first in r.message and later in r.message
            assert "可由" in r.hint and DUAL not in r.hint  # who may do it instead, from the roster
            # kept: someone else signs it
            desk.review(item, later, desk.signer(later))
        else:
            assert p.may_share(first, later), f"{profile}: {DUAL} signed both {first} and {later}"


@pytest.mark.parametrize("profile", available())
def test_check_warns_of_old_records_that_break_separation(profile):
    """Records made before the roster existed: check (signers.findings) warns, nothing refused."""
    p = load_profile(profile)
    from dwgk.roster import Roster
    desk = Desk(profile, people=Roster())  # no roster: nothing is checked when recording
    item = desk.submit(by=DUAL)
    for step in order(p):
        desk.review(item, step, DUAL)
    found = signers.findings(p, roster(p), desk.reg.item(item))
    flagged = {e.step for e, why in found if why.code == "R022"}
    shares = {s for s in order(p) if all(p.may_share(x, s) for x in [PROPOSE, *order(p)[:order(p).index(s)]])}
    assert flagged == set(order(p)) - shares, (flagged, shares)
    kept = Desk(profile)
    item = kept.submit()
    for step in order(p):
        kept.review(item, step, kept.signer(step))
    assert signers.findings(p, kept.reg.roster, kept.reg.item(item)) == []


COLLECTIVE = [n for n in available() if any(s.collective for s in load_profile(n).steps)]


@pytest.mark.parametrize("profile", COLLECTIVE)
def test_quorum_of_a_collective_review(profile):
    p = load_profile(profile)
    step = next(s for s in p.steps if s.collective)
    before = order(p)[:order(p).index(step.name)]

    def ready():
        desk = Desk(profile)
        item = desk.submit()
        for s in before:
            desk.review(item, s, desk.signer(s))
        return desk, item

    desk, item = ready()
    with pytest.raises(Refused) as r:  # 2 of the 5 members (兼职人 holds every role) is not more than half
        desk.review(item, step.name, MEMBERS[0], participants=MEMBERS[:2])
    assert r.value.code == "R024" and "5 名成员" in r.value.message and "至少 3 人" in r.value.hint
    with pytest.raises(Refused) as r:  # someone who is not a member that day
        desk.review(item, step.name, MEMBERS[0], participants=(*MEMBERS[:3], PROPOSER))
    assert r.value.code == "R023" and PROPOSER in r.value.message and MEMBERS[3] in r.value.hint
    with pytest.raises(Refused) as r:  # the signer is not a member of the body
        desk.review(item, step.name, PROPOSER, participants=MEMBERS[:3])
    assert r.value.code == "R021"
    decided = desk.review(item, step.name, MEMBERS[0], participants=MEMBERS[:3])  # 3 of 5: kept
    assert decided.history[-1].participants == MEMBERS[:3]
    # the body's members are those holding its role that day: before they took office, nobody
    late = roster(p)
    late = replace(late, people=tuple(replace(x, holdings=tuple(replace(h, start=date(2027, 1, 1)) if h.role == step.role
                                                                else h for h in x.holdings)) for x in late.people))
    desk, item = ready()
    desk.reg = replace(desk.reg, roster=late)
    with pytest.raises(Refused) as r:
        desk.review(item, step.name, MEMBERS[0], participants=MEMBERS[:3])
    assert r.value.code in ("R020", "R021") and f"dwgk people add 姓名 --role {step.role}" in r.value.hint


def test_collective_quorum_counts_each_member_once():
    desk = Desk("s004_shidian")
    item = desk.submit()
    desk.review(item, "保密审查", "审保密审查")
    with pytest.raises(Refused) as r:
        desk.review(item, "审核", MEMBERS[0], participants=(MEMBERS[0], MEMBERS[0], MEMBERS[1]))
    assert r.value.code == "R024"


@pytest.mark.parametrize("profile", available())
def test_every_step_needs_one_of_its_roles(profile):
    p = load_profile(profile)
    for step in p.steps:
        if step.collective:
            continue
        desk = Desk(profile)
        item = desk.submit()
        for s in order(p):
            if s == step.name:
                break
            desk.review(item, s, desk.signer(s))
        people = desk.reg.roster
        outsider = next(x.name for x in people.people if not set(x.roles_on(DAY)) & set(step.roles))
        with pytest.raises(Refused) as r:  # on the roster, but not in a role that may sign this step
            desk.review(item, step.name, outsider)
        assert r.value.code == "R021" and step.name in r.value.message, r.value
        assert f"审{step.name}" in r.value.hint  # who may do it instead
        with pytest.raises(Refused) as r:
            desk.review(item, step.name, "路人")
        assert r.value.code == "R020" and "不在人员名册中" in r.value.message
        with pytest.raises(Refused) as r:
            desk.review(item, step.name, f"审{step.name}", role="保洁员")
        assert r.value.code == "R021" and "保洁员" in r.value.message
        assert desk.review(item, step.name, f"审{step.name}").history[-1].role == step.role


def test_role_not_allowed_is_refused_even_without_a_roster():
    from dwgk.roster import Roster
    desk = Desk("national", people=Roster())
    item = desk.submit()
    desk.review(item, "保密审查", "张三")
    with pytest.raises(Refused) as r:
        desk.review(item, "审核", "李四", role="保洁员")
    assert r.value.code == "R021" and "分管领导" in r.value.message
    assert desk.review(item, "审核", "李四").history[-1].role == "分管领导"  # no roster: the step's role


def test_the_role_held_on_the_day_of_the_decision():
    """A 分管领导 changes: the record names who held the role that day."""
    p = load_profile("national")
    people = roster(p, extra=[{"name": "老领导", "roles": [{"role": "分管领导", "from": FROM, "to": "2026-11-02"}]},
                              {"name": "新领导", "roles": [{"role": "分管领导", "from": "2026-11-03"}]}])
    for when, ok, no in ((date(2026, 11, 2), "老领导", "新领导"), (date(2026, 11, 3), "新领导", "老领导")):
        desk = Desk("national", people=people)
        item = desk.submit(when=when)
        desk.review(item, "保密审查", "审保密审查", when=when)
        with pytest.raises(Refused) as r:
            desk.review(item, "审核", no, when=when)
        assert r.value.code in ("R020", "R021") and ok in r.value.hint
        assert desk.review(item, "审核", ok, when=when).history[-1].by == ok
        # recorded under the old roster, the decision still checks after the change
        assert signers.findings(p, people, desk.reg.item(item)) == []


def test_role_chooses_among_the_roles_held():
    p = load_profile("national")
    people = roster(p, extra=[{"name": "双职", "roles": [{"role": "分管领导", "from": FROM},
                                                       {"role": "主要负责人", "from": FROM}]}])
    desk = Desk("national", people=people)
    item = desk.submit()
    desk.review(item, "保密审查", "审保密审查")
    with pytest.raises(Refused) as r:  # a role the step allows, but one he does not hold
        desk.review(item, "审核", "审审批", role="分管领导")
    assert r.value.code == "R021" and "不担任分管领导" in r.value.message
    assert desk.review(item, "审核", "双职").history[-1].role == "分管领导"
    with pytest.raises(Refused) as r:  # and the approver must be someone else
        desk.review(item, "审批", "双职")
    assert r.value.code == "R022"


def test_proposer_may_not_approve():
    desk = Desk("national")
    item = desk.submit(by=DUAL)
    desk.review(item, "保密审查", "审保密审查")
    desk.review(item, "审核", "审审核")
    with pytest.raises(Refused) as r:
        desk.review(item, "审批", DUAL)
    assert r.value.code == "R022" and "提出" in r.value.message
    assert "审审批" in r.value.hint


def test_office_acts_need_the_office_role():
    desk = Desk("national")
    item = desk.submit()
    for s in ("保密审查", "审核", "审批"):
        desk.review(item, s, desk.signer(s))
    it = desk.reg.item(item)
    channel = next(c.name for c in desk.p.channels if c.public)
    with pytest.raises(Refused) as r:
        actions.publish(desk.reg, it, desk.raws[item], channel=channel, scope="", by="审审核", role="",
                        when=DAY, today=DAY)
    assert r.value.code == "R021" and OFFICE in r.value.hint
    raw, change = actions.publish(desk.reg, it, desk.raws[item], channel=channel, scope="", by=OFFICE, role="",
                                  when=DAY, today=DAY)
    assert change.role == desk.p.office_role
    assert wf.state(desk.p, desk._put(item, raw)).stage == "published"
