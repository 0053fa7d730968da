"""Who may sign each act on an item (R02x), by the profile and the roster.

* the roles: a review step's own (``roles:`` of the step in the profile), the risk step's for
  its mitigation measures, the proposer's for submitting, the proposer's or the office's for
  a new version or a withdrawal, the office's for everything else (publishing, feedback,
  archiving, withholding, 移送, re-review, meeting notices);
* separation of duties: the proposer, the reviewers and the approver of one item (of its
  current version) are different people, except for the steps the profile lets share one
  (``separation: {shared: …}``);
* a collective step (局党组 …): its participants are the body's members that day, more than
  half of them.

Nothing but a ``--role`` outside the allowed roles is checked without a roster. The actions
call :func:`sign` before they record; ``dwgk check`` calls :func:`findings` on what the files
say, as warnings.
"""

from __future__ import annotations

from datetime import date

from dwgk.diag import Refused
from dwgk.items import procedure as wf
from dwgk.items.model import Item, ItemEvent
from dwgk.items.vocab import ACTION_NAMES
from dwgk.profile import PROPOSE, Profile, Step
from dwgk.roster.model import Roster
from dwgk.roster.sign import guard_quorum, signer_role, who_may


def roles_for(profile: Profile, action: str, step: Step | None = None) -> tuple[str, ...]:
    """The roles that may sign ``action`` (on ``step``, for a review)."""
    if action == "review" and step is not None:
        return step.roles
    if action == "mitigate":
        risk = step or next((s for s in profile.steps if s.kind == "risk"), None)
        return risk.roles if risk is not None else profile.office_roles
    if action == "submit":
        return profile.proposer_roles
    if action in ("revise", "withdraw"):
        return tuple(dict.fromkeys((*profile.proposer_roles, *profile.office_roles)))
    return profile.office_roles


def sign(profile: Profile, roster: Roster, item: Item | None, action: str, by: str, role: str, when: date,
         step: Step | None = None, participants: tuple[str, ...] = ()) -> str:
    """The role to record for ``by`` doing ``action`` on ``item`` (as it stands before it);
    refused if the roster says ``by`` may not."""
    allowed = roles_for(profile, action, step)
    what = step.name if action == "review" and step is not None else ACTION_NAMES.get(action, action)
    recorded = signer_role(roster, by, when, role, allowed, allowed[0], what, profile.role_names)
    if action == "review" and step is not None and item is not None:
        guard_separation(profile, roster, item, step, by, when)
        if step.collective:
            guard_quorum(roster, step.role, participants, when, step.name)
    return recorded


def signers(item: Item) -> dict[str, str]:
    """Who signed what in the item's current version: 提出 → the proposer, each step → the
    signer of its latest decision."""
    out = {PROPOSE: item.history[0].by} if item.history and item.history[0].action == "submit" else {}
    for e in wf.current_revision(item):
        if e.action == "review":
            out[e.step] = e.by
    return out


def guard_separation(profile: Profile, roster: Roster, item: Item, step: Step, by: str, when: date) -> None:
    """R022: ``by`` already signed a step of this version that ``step`` may not share with."""
    if roster.empty or not profile.separate:
        return
    done = signers(item)
    clash = [name for name, who in done.items() if who == by and name != step.name
             and not profile.may_share(name, step.name)]
    if clash:
        busy = {who for name, who in done.items() if not profile.may_share(name, step.name)}
        raise Refused(f"{by}已在该事项中办理“{clash[0]}”，不能再办理“{step.name}”"
                      "（本方案要求提出人、审核人和批准人各不相同）", who_may(roster, step.roles, when, busy), "R022")


def findings(profile: Profile, roster: Roster, item: Item) -> list[tuple[ItemEvent, Refused]]:
    """Each event of ``item`` that the roster says its signer could not have signed, with why
    (the events were recorded before the roster said so: ``check`` shows them as warnings)."""
    if roster.empty:
        return []
    out = []
    for i, e in enumerate(item.history):
        step = profile.step(e.step) if e.action == "review" else None
        if e.action == "review" and step is None:
            continue  # an unknown step is W054's
        # separation looks at the decisions before this one; nothing else needs the item then
        prefix = wf.fields_at(item, i).with_history(item.history[:i]) if step is not None else None
        try:
            sign(profile, roster, prefix, e.action, e.by, e.role if e.role in profile.role_names else "",
                 e.date, step, e.participants)
        except Refused as r:
            out.append((e, r))
    return out
