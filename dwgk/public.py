"""The public view of the register: what a document for an audience may name, and in which words.

Every output that names items to people outside the office — the 社会 and 党内 editions of the
党务 通报, the 政府信息公开年度报告, and later the public reading room — asks :func:`view`, and
nothing else decides it. An item may be named when

* its approved scope reaches the audience (向社会公开 for 社会; 党内公开 or 向社会公开 for 党内),
  it passed its secrecy review, was published to that audience in its current version and was
  not withheld (``item_public`` / ``item_inner``); and
* it is shown with its **public text** (a 部分公开 decision's passages replaced by
  （此处依法删除 N 字）; left out when they cannot be applied), and **as approved**: a review records the hash of the fields it approved
  (``content_hash``); if the file was edited after that (``dwgk check`` says W057) the item is
  shown with the fields of the revision whose hash matches — found in the file's git history by
  the caller and passed in as ``approved`` — or, when none is found, not at all. The visibility
  rules are applied to that approved version, so a hand edit of the scope cannot publish
  anything either.

Pure: the cli reads the history (``gitlog.versions``) and hands it over as data.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

from dwgk.diag import ExitCode, Refused
from dwgk.fields import Findings
from dwgk.items import procedure as wf
from dwgk.items.build import build_item
from dwgk.items.model import Item
from dwgk.items.vocab import APPROVED_FIELDS
from dwgk.model import Entry, Register
from dwgk.profile import Profile
from dwgk.redaction import Unredactable
from dwgk.vocab import SCOPE_INNER, SCOPE_PUBLIC
from dwgk.yamlread import parse

AUDIENCES = ("党内", "社会")


# ================================================================ the rules

def _secrecy_passed(profile: Profile, item: Item, st: wf.State) -> bool:
    """Every secrecy step that applies was decided 可以公开/部分公开 (先审查、后公开)."""
    steps = [s for s in wf.applicable_steps(profile, item) if s.kind == "secrecy"]
    if not steps:
        return False
    return all(wf.step_passed(s, st.decisions.get(s.name), ()) for s in steps)


def _published_to(profile: Profile, item: Item, scopes: Sequence[str]) -> bool:
    """Item in one of ``scopes``, published to one of them in its current version, secrecy
    passed, and not withheld."""
    if item.scope not in scopes:
        return False
    if any(e.action == "withhold" for e in wf.current_revision(item)):
        return False
    st = wf.state(profile, item)
    if st.stage not in ("published", "archived") or not _secrecy_passed(profile, item, st):
        return False
    return bool(_counting(profile, st, scopes))


def _counting(profile: Profile, st: wf.State, scopes: Sequence[str]) -> list:
    """The publications that reach ``scopes``: one 向社会公开 counts only through a channel that
    reaches society."""
    return [p for p in st.publications
            if p.scope in scopes and (p.scope != SCOPE_PUBLIC or profile.is_public(p.channel))]


SCOPES_OF = {"社会": (SCOPE_PUBLIC,), "党内": (SCOPE_INNER, SCOPE_PUBLIC)}  # what each audience sees


def item_public(profile: Profile, item: Item) -> bool:
    """May this item (as it stands) appear in an output meant for society?"""
    return _published_to(profile, item, SCOPES_OF["社会"])


def item_inner(profile: Profile, item: Item) -> bool:
    """May this item (as it stands) be named for party members (党内公开 or 向社会公开)?"""
    return _published_to(profile, item, SCOPES_OF["党内"])


def first_published(profile: Profile, item: Item, audience: str):
    """When ``item`` (one ``view`` shows) was first published to ``audience`` in its current version."""
    return min(p.date for p in _counting(profile, wf.state(profile, item), SCOPES_OF[audience]))


def _may_show(profile: Profile, item: Item, audience: str) -> bool:
    return item_public(profile, item) if audience == "社会" else item_inner(profile, item)


def public_entries(register: Register) -> tuple[Entry, ...]:
    """Catalogue entries whose 范围 is 向社会公开 (the 社会 version of the 公开目录), each with
    only the channels that reach society: the public is not pointed at an intranet column."""
    p = register.profile
    return tuple(dataclasses.replace(e, channels=tuple(c for c in e.channels if p.is_public(c)))
                 for e in register.catalogue if e.scope == SCOPE_PUBLIC)


def catalogue_entries(register: Register, audience: str) -> tuple[Entry, ...]:
    """The entries a catalogue for ``audience`` lists (entries describe kinds of matter, not
    their content: members see every one)."""
    if audience == "社会":
        return public_entries(register)
    if audience == "党内":
        return tuple(register.catalogue)
    raise Refused(f"公开范围“{audience}”无效", "--audience 可选：党内、社会。", "T012", exit_code=ExitCode.USAGE)


# ================================================================ as approved

def approved_revision(item: Item, texts: Iterable[str]) -> Item | None:
    """The revision of ``item`` its latest decision approved: the first of ``texts`` (the
    file's earlier contents, newest first) whose approved fields hash to the recorded
    ``content_hash``. Revisions that do not parse are skipped."""
    wanted = wf.approval_hash(item)
    for text in texts:
        data, diags = parse(text, item.path)
        if diags or not isinstance(data, dict):
            continue
        old = build_item(data, Findings(item.path), item.id)
        if old is not None and wanted and wf.matches(old, wanted):
            return old
    return None


def as_approved(item: Item, approved: Item) -> Item:
    """``item`` (its history: what happened) with the fields ``approved`` had (what was approved)."""
    return dataclasses.replace(item, **{f: getattr(approved, f) for f in APPROVED_FIELDS})


@dataclass(frozen=True)
class View:
    """The register as ``audience`` may see it."""

    audience: str
    items: tuple[Item, ...]  # may be named, each with its approved fields
    entries: tuple[Entry, ...]  # catalogue entries the audience's catalogue lists
    restored: tuple[Item, ...] = ()  # shown with the approved revision's fields (edited since)
    left_out: tuple[Item, ...] = ()  # edited since approval, approved revision not found: not shown

    def ids(self) -> set[str]:
        return {i.id for i in self.items}

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def warnings(self) -> list[str]:
        """For the clerk's terminal, never for the document."""
        out = [f"事项 {i.id} 在审批后被改动（dwgk check 报告 W057）：本文书按审批时的内容列出，未采用改动后的文字。"
               for i in self.restored]
        out += [f"事项 {i.id} 在审批后被改动，且无法确定审批时的公开文本（git 历史中找不到审批时的版本，或审核记录也被改动）："
                "本文书不列出该事项。"
                "恢复审批时的内容或用 dwgk correct 重新审核后再生成。" for i in self.left_out]
        return out


def view(register: Register, audience: str,
         approved: Mapping[str, Item] | Callable[[Item], Item | None] | None = None) -> View:
    """What a document for ``audience`` (社会 or 党内) may name. ``approved`` gives an item
    changed after approval its approved revision (:func:`approved_revision`): by its ID, or
    a function asked only for such items (the cli reads them from git); an item changed after
    approval without one is left out."""
    entries = catalogue_entries(register, audience)  # refuses an unknown audience
    revision = approved if callable(approved) else (lambda item, known=approved or {}: known.get(item.id))
    profile = register.profile
    items, restored, left_out = [], [], []
    for item in register.items:
        if wf.approved_unchanged(item, keep=False):  # asked once per item: its digest not kept
            if _may_show(profile, item, audience):
                shown = _public_text(profile, item)
                (items if shown else left_out).append(shown or item)
            continue
        old = revision(item)
        wanted = wf.approval_hash(item)
        # Restored only as the revision the hash names, and only when the decision records are
        # that revision's: if they were edited too (or the hash is not an approval's), what was
        # approved, and its public text, is not for a script to settle.
        if old is None or not wanted or not wf.matches(old, wanted) or wf.decisions(old) != wf.decisions(item):
            if _may_show(profile, item, audience):  # it would have been named
                left_out.append(item)
            continue
        shown = _public_text(profile, as_approved(item, old))
        if shown and _may_show(profile, shown, audience):
            items.append(shown)
            restored.append(shown)
    return View(audience, tuple(items), entries, tuple(restored), tuple(left_out))


def _public_text(profile: Profile, item: Item) -> Item | None:
    """``item`` with its public text as content (部分公开: each redacted passage replaced by its
    marker); None when the redactions cannot be applied without a passage showing. An item
    nothing is removed from is itself (its text, a cached ``Deferred``, is read when a page
    shows it: a view of 50,000 items does not hold their texts)."""
    if not wf.redactions(profile, item):
        return item
    try:
        return dataclasses.replace(item, content=wf.public_text(profile, item), title=wf.public_title(profile, item))
    except Unredactable:
        return None


def public_items(register: Register) -> tuple[Item, ...]:
    """Items that may be shown to society, as approved (no history read: items edited after
    approval are left out — documents use :func:`view` with their approved revisions)."""
    return view(register, "社会").items


def inner_items(register: Register) -> tuple[Item, ...]:
    """Items that may be named to party members, as :func:`public_items`."""
    return view(register, "党内").items
