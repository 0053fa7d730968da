"""The privacy and secrecy scan of an item's public text (issue 13): what a reviewer must see
before it goes out, and what the publisher accepted.

A finding *stands* until its kind is accepted (``--accept-finding 类别=理由`` on ``dwgk
publish``), which the publication records with who accepted it. Acceptances of the current
version count for every later publication of it; a new version (``dwgk correct``) is scanned
afresh. A channel that reaches society never takes an item while a finding stands.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from dwgk.detectors import KINDS, Finding, describe, scan
from dwgk.diag import ExitCode, Refused
from dwgk.items import attachments
from dwgk.items import procedure as wf
from dwgk.items.model import Item
from dwgk.profile import Profile
from dwgk.redaction import Unredactable

TEXT_FIELDS = (("title", "标题"), ("content", "内容"))  # what the public reads of an item


def findings(profile: Profile, item: Item, root: str | None = None) -> list[Finding]:
    """What the public would read: the title and the public text (a 部分公开 decision's
    redactions removed; the whole content when they cannot be applied) and, given the
    register's ``root``, every attachment."""
    try:
        title, content = wf.public_title(profile, item), wf.public_text(profile, item)
    except Unredactable:
        title, content = item.title, item.content
    texts = {"title": title, "content": content}
    found = [f for field, name in TEXT_FIELDS for f in scan(texts[field] or "", name)]
    return found + (attachments.findings(root, item) if root is not None else [])


def accepted(item: Item) -> dict[str, str]:
    """{类别: 理由} accepted by the publications of the current version."""
    return {k: why for e in wf.current_revision(item) if e.action == "publish" for k, why in e.accepted}


def standing(profile: Profile, item: Item, accept: Mapping[str, str] = {}, root: str | None = None,
             found: Sequence[Finding] | None = None) -> list[Finding]:
    """The findings (``found``, else the scan's) whose kind nobody accepted."""
    done = {**accepted(item), **accept}
    return [f for f in (findings(profile, item, root) if found is None else found) if f.kind not in done]


def parse_accept(values: Sequence[str]) -> dict[str, str]:
    """``--accept-finding 类别=理由`` (repeatable) as {类别: 理由}; a usage error (P002) otherwise."""
    out: dict[str, str] = {}
    for v in values:
        kind, sep, why = v.partition("=")
        kind, why = kind.strip(), why.strip()
        if not sep or kind not in KINDS or not why:
            raise Refused(f"--accept-finding “{v}”写法有误", "写成 类别=理由，类别可选：" + "、".join(KINDS)
                          + "，例如 --accept-finding 电子邮箱=单位公开的办公邮箱。", "P002", exit_code=ExitCode.USAGE)
        out[kind] = why
    return out


def listing(found: Sequence[Finding]) -> str:
    return "；".join(describe(f) for f in found)


def guard_publish(profile: Profile, item: Item, public: bool, accept: Mapping[str, str],
                  root: str | None = None) -> dict[str, str]:
    """The acceptances a publication records (only kinds found); refuses (P001) a channel that
    reaches society while a finding stands. An inner channel is the cli's to warn about."""
    found = findings(profile, item, root)
    kinds = {f.kind for f in found}
    left = standing(profile, item, accept, found=found)
    if public and left:
        named = "、".join(dict.fromkeys(f.kind for f in left))
        raise Refused(f"事项 {item.id} 的公开文本或附件中有须审查的内容（{named}），不能向社会公开：" + listing(left),
                      "删去或改正这些内容（dwgk correct）后重新审核；确属可以公开的，用 --accept-finding 类别=理由 "
                      "说明（记入办理记录和提交说明）。", "P001")
    return {k: why for k, why in accept.items() if k in kinds}
