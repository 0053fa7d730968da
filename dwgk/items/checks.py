"""``dwgk check`` for items (I03x, W05x-W08x): fields against the profile and the catalogue,
and a replay of each history through the procedure's guards, so a hand-edited history that
skips a step is caught exactly like a refused command would have been."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Callable

from dwgk.codes import field_of
from dwgk.diag import Diagnostic, Refused, diag
from dwgk.detectors import describe
from dwgk.items import attachments
from dwgk.items import procedure as wf
from dwgk.items import scan
from dwgk.items.deadlines import check_periods
from dwgk.items.model import Item, ItemEvent
from dwgk.items.vocab import ACTION_NAMES
from dwgk.items.signers import findings as signer_findings
from dwgk.model import Register
from dwgk.procedure import EXEMPTIONS
from dwgk.profile import Profile
from dwgk.records import Locator, Memo, afresh
from dwgk.vocab import SCOPE_PUBLIC, wider


def _at(locate: Locator, path: str, keypath: tuple, code: str, message: str, hint: str = "",
        severity: str = "error") -> Diagnostic:
    line, col = locate(path, keypath)
    return diag(code, message, hint, path=path, line=line, col=col, severity=severity)


def check(reg: Register, today: date, locate: Locator, memo: Memo = afresh) -> list[Diagnostic]:
    """Every item finding. ``memo(item, key, compute)`` may remember what depends on one file
    alone (the cache's ``Session.memo``); by default everything is derived afresh."""
    return check_items(reg, today, locate, memo) + check_periods(reg)


def memo_key(profile: Profile) -> tuple[str, str]:
    """What ``check_item``'s findings depend on besides the item's file: the profile."""
    return ("check_item", profile.digest)


def ahead(profile: Profile, locate: Locator) -> list[tuple[tuple, Callable[[Item], list[Diagnostic]]]]:
    """The memo ``check_items`` asks of each item, for a process that reads items ahead
    (``dwgk.cache``'s ``derive``)."""
    return [(memo_key(profile), lambda item: tuple(check_item(profile, item, locate)))]


def check_items(reg: Register, today: date, locate: Locator, memo: Memo = afresh) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    key = memo_key(reg.profile)
    by_id: dict[str, list[Item]] = defaultdict(list)
    index_nos: dict[str, list[tuple[Item, int]]] = defaultdict(list)
    for item in reg.items:
        by_id[item.id].append(item)
        for e in item.history:
            if e.index_no:
                index_nos[e.index_no].append((item, e.index))
        out += check_item_links(reg, item, today, locate)
        out += check_signers(reg, item, locate)
        out += memo(item, key, lambda item=item: tuple(check_item(reg.profile, item, locate)))  # (): one object for all
        if any(a.sha256 for a in item.attachments):  # their files are not the item's: never remembered with it
            out += check_attachments(reg, item, locate)
    for item_id, items in by_id.items():
        if len(items) > 1:
            for it in items:
                out.append(_at(locate, it.path, ("id",), "I030", f"编号“{item_id}”在多个文件中重复："
                               + "、".join(i.path for i in items),
                               "两人在不同副本中各自提出后合并所致：为其中一个事项改用新编号（文件名同步修改）。"))
    for no, uses in index_nos.items():
        if len({it.id for it, _ in uses}) > 1:
            for it, idx in uses:
                out.append(_at(locate, it.path, ("history", idx, "index_no"), "I031",
                               f"索引号“{no}”被多个事项使用", "索引号一经赋予不得重复；为后公开的事项改配新的流水号。"))
    return out


P005_HINT = "确属可以公开的，下次公开时用 --accept-finding 类别=理由 说明；否则撤下，改正（dwgk correct）后重新审核。"


def check_attachments(reg: Register, item: Item, locate: Locator) -> list[Diagnostic]:
    """A recorded attachment whose file is missing or not the bytes recorded (I046, I047); an
    item published to society with an attachment finding nobody accepted (P005). Each file is
    read once."""
    out = []
    published = any(e.action == "publish" and reg.profile.is_public(e.channel) for e in wf.current_revision(item))
    done = scan.accepted(item)
    for i, a in enumerate(item.attachments):
        if not a.sha256:
            continue
        data = attachments.read(reg.root, item, a)
        where = attachments.rel_path(item.id, a.file)
        if isinstance(data, attachments.Problem) and data.what == "changed":
            out.append(_at(locate, item.path, ("attachments", i), "I047",
                           f"附件 {where} 与登记的摘要（SHA-256）不符：文件在登记后被改动或替换",
                           "用 git log -p -- 该文件 查明改动；恢复原文件（git checkout HEAD -- 文件），"
                           "或撤回后重新提出、重新审核。"))
        elif isinstance(data, attachments.Problem):
            out.append(_at(locate, item.path, ("attachments", i), "I046",
                           f"附件 {where} " + ("不存在" if data.what == "missing" else f"无法读取：{data.detail}"),
                           "从 git 历史中恢复该文件（git checkout HEAD -- 文件），或用 dwgk detach 删去这一项（公开前）。"))
        if published:
            out += [_at(locate, item.path, ("attachments", i), "P005",
                        f"已向社会公开的{f.where}中有须审查的内容：{describe(f)}", P005_HINT, "warning")
                    for f in attachments.scan_one(a, data) if f.kind not in done]
    return out


# Refusals of rules that came after records were made: the replay warns with their own code.
_WARNED = frozenset({"W101", "W107"})


def check_signers(reg: Register, item: Item, locate: Locator) -> list[Diagnostic]:
    """What the roster says of each decision's signer (R02x): warnings — those records were
    made before the roster said otherwise; a new command with them would be refused."""
    out = []
    for e, why in signer_findings(reg.profile, reg.roster, item):
        field = "participants" if why.code in ("R023", "R024") else "by"
        out.append(_at(locate, item.path, ("history", e.index, field), why.code,
                       f"历史记录第 {e.index + 1} 条（{e.step or ACTION_NAMES.get(e.action, e.action)}）：{why.message}",
                       why.hint, "warning"))
    return out


def check_item_links(reg: Register, item: Item, today: date, locate: Locator) -> list[Diagnostic]:
    """What an item is checked against besides its profile: the catalogue, the other items,
    the departments, today."""
    out: list[Diagnostic] = []
    at = lambda kp, code, msg, hint="", sev="error": out.append(_at(locate, item.path, kp, code, msg, hint, sev))
    entry = reg.entry(item.entry) if item.entry else None
    if item.entry and entry is None:
        at(("entry",), "I032", f"引用的目录条目“{item.entry}”不存在",
           "用 dwgk catalogue list 查看目录编码，改正 entry，或删去 entry 并写 reason 说明目录外公开的理由。")
    if entry is not None and wider(item.scope, entry.scope) and not item.scope_reason.strip():
        at(("scope",), "W106", f"目录条目 {entry.code} 的公开范围是“{entry.scope}”，该事项却是“{item.scope}”，没有说明理由",
           "按目录改正范围（dwgk correct --scope），或写 scope_reason: 扩大范围的理由（须重新审核）。", "warning")
    if item.interprets and reg.item(item.interprets) is None:
        at(("interprets",), "I036", f"被解读的文件“{item.interprets}”不在登记簿中", "改正 interprets 的事项编号。")
    known = reg.known_departments()
    if item.department and known and item.department not in known:
        at(("department",), "I039", f"责任部门“{item.department}”不在本登记簿的部门中",
           "可用：" + "、".join(known) + "；新部门请加入 dwgk.yaml 的 departments。", "warning")
    for e in item.history:
        if e.date > today:
            at(("history", e.index, "date"), "W051", f"历史记录第 {e.index + 1} 条的日期 {e.date} 晚于今天", "改正日期。")
    return out


def check_item(p: Profile, item: Item, locate: Locator) -> list[Diagnostic]:
    """What an item's file shows against its profile alone: fields, and a replay of its
    history through the procedure (the costly part, which the cache may remember)."""
    # on a copy: the replay keeps its fields' digest in the item's __dict__, which grows for it
    # and never shrinks again (for 50,000 items, 37 MB)
    return _check_item(p, item.with_history(item.history), locate)


def _check_item(p: Profile, item: Item, locate: Locator) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    at = lambda kp, code, msg, hint="", sev="error": out.append(_at(locate, item.path, kp, code, msg, hint, sev))
    if any(e.action == "publish" and p.is_public(e.channel) for e in wf.current_revision(item)):
        fields = dict((name, field) for field, name in scan.TEXT_FIELDS)
        for f in scan.standing(p, item):  # published to society with text nobody accepted
            at((fields.get(f.where, "content"),), "P005", f"已向社会公开的{f.where}中有须审查的内容：{describe(f)}",
               P005_HINT, "warning")
    if not item.entry and not item.reason:
        at(("entry",), "I033", "事项不在公开目录中，且没有说明理由", "写 entry: 目录编码，或写 reason: 理由。")
    if item.scope and item.scope not in p.scopes:
        at(("scope",), "I034", f"公开范围“{item.scope}”不在本方案中", "可用：" + "、".join(p.scopes) + "。")
    for i, c in enumerate(item.channels):
        if p.channel(c) is None:
            at(("channels", i), "I035", f"公开形式“{c}”不在本方案的渠道列表中",
               "可用：" + "、".join(ch.name for ch in p.channels) + "。")
        elif p.is_public(c) and item.scope != SCOPE_PUBLIC:
            at(("channels", i), "I037", f"公开范围为“{item.scope}”的事项列了面向社会的公开形式“{c}”",
               wf.inner_hint(p, item, item.scope))
    if item.scope == SCOPE_PUBLIC and item.channels and not any(p.is_public(c) for c in item.channels):
        at(("channels",), "W108", f"向社会公开的事项没有面向社会的公开形式（{'、'.join(item.channels)} 都不面向社会）",
           "用 dwgk correct --channel 加上面向社会的公开形式：" + "、".join(c.name for c in p.channels if c.public)
           + "；只在内部公开的，改正公开范围。", "warning")
    if p.attribute_required and not item.attribute:
        at(("id",), "I038", "缺少公文属性（attribute）",
           "本方案要求拟稿时确定公文属性：写 attribute: 主动公开、依申请公开 或 不予公开。")
    if not item.history:
        return out
    if item.history[0].action != "submit":
        at(("history", 0), "W050", "历史记录的第一条必须是提出（submit）", "把 submit 记录放在最前面。")
    prev = None
    for i, e in enumerate(item.history):
        kp = ("history", e.index)
        if prev and e.date < prev:
            at(kp + ("date",), "W052", f"历史记录第 {e.index + 1} 条的日期 {e.date} 早于上一条（{prev}）",
               "历史记录须按时间先后排列；改正日期或顺序。")
        prev = e.date
        if i and e.action == "submit":
            at(kp + ("action",), "W053", "提出（submit）只能是第一条记录", "删除多余的 submit 记录。")
        msg = replay(p, item, i)
        if msg and msg.code in _WARNED:  # a rule newer than the record: said once, as itself
            at(kp + (field_of(msg.code) or "action",), msg.code, f"历史记录第 {e.index + 1} 条：{msg.message}",
               msg.hint, "warning")
        elif msg:
            field = field_of(msg.code)  # the catalogue says which field of the entry it is about
            at(kp + (field,) if field else kp, "W054", f"历史记录第 {e.index + 1} 条不符合程序：{msg.message}", msg.hint)
        out += _event_fields(item, e, locate)
    for pos, e in enumerate(item.history):
        if e.action != "publish":
            continue
        if not _secrecy_passed_before(p, item, pos):
            at(("history", e.index), "W055", "公开前没有通过保密审查（先审查、后公开）",
               "补登保密审查记录；若确未审查，立即撤下已公开的内容并登记。")
        was = wf.fields_at(item, pos)
        if e.scope == SCOPE_PUBLIC and was.scope != SCOPE_PUBLIC:
            at(("history", e.index, "scope"), "W056", f"事项批准的范围是“{was.scope}”，却向社会公开",
               "立即撤下已公开的内容；核实批准的公开范围。")
        channel = e.channel
        if p.is_public(channel) and SCOPE_PUBLIC != was.scope:
            at(("history", e.index, "channel"), "W084",
               f"事项批准的范围是“{was.scope}”，却通过面向社会的“{channel}”公开",
               "立即撤下已公开的内容；核实批准的公开范围和公开形式。")
    h = wf.approval_hash(item)
    if h and not wf.matches(item, h):
        decision = next(e for e in reversed(wf.current_revision(item))
                        if e.action != "revise" and e.content_hash)
        at(("history", decision.index, "content_hash"), "W057",
           "事项在审批后被改动：标题、内容、公开范围、公开形式、公文属性、文号、附件等已审批的内容，或保密审查等审核记录（结论、删去的文字）"
           "与这条审核记录的摘要不一致",
           "恢复审批时的内容（git diff / git log -p 可查），或用 dwgk correct 提交新版本重新审核。")
    return out


def replay(profile: Profile, item: Item, i: int) -> Refused | None:
    """Would the command that recorded history[i] have been allowed at that point? (Also how
    ``dwgk import`` checks the history it builds from a 台账 row.)"""
    e = item.history[i]
    prefix = wf.fields_at(item, i).with_history(item.history[:i])
    try:
        if e.action == "review":
            step = wf.guard_review(profile, prefix, e.step)
            if e.result not in step.results():  # build normalised the aliases already
                return Refused(f"“{e.step}”的结论“{e.result}”无效", "可选：" + "、".join(step.results()) + "。", "W020")
            wf.guard_decision(profile, prefix, step, e)
        elif e.action == "publish":
            wf.guard_publish(profile, prefix, e.channel, e.scope or prefix.scope, e.date)
        elif e.action == "archive":
            wf.guard_archive(wf.state(profile, prefix))
        elif e.action == "handle":
            entries = wf.feedback_entries(prefix)
            if not 1 <= e.entry <= len(entries):
                return Refused(f"处理的反馈意见第 {e.entry} 条不存在", "entry 写此前登记的反馈意见的序号。", "W102")
            if entries[e.entry - 1][2] is not None:
                return Refused(f"反馈意见第 {e.entry} 条已登记过处理情况", "删去重复的处理记录。", "W103")
    except Refused as r:
        if r.code in ("W015", "W070"):  # reported once, by W057 and W084
            return None
        return r
    return None


def _secrecy_passed_before(profile: Profile, item: Item, index: int) -> bool:
    ok = False
    for e in wf.current_revision(item.with_history(item.history[:index])):
        s = profile.step(e.step) if e.action == "review" else None
        if s is not None and s.kind == "secrecy":
            ok = s.spec.passed(e.result)
    return ok


# Fields a command requires on the record it writes (a hand edit may drop them).
_REQUIRED = {"withhold": (("reasons", "不公开的理由"), ("basis", "不公开的依据")),
             "feedback": (("opinion", "收到的意见"),),
             "handle": (("handling", "处理情况"),),
             "withdraw": (("reasons", "撤回的原因"),),
             "mitigate": (("opinion", "防范化解措施"),)}


def _event_fields(item: Item, e: ItemEvent, locate: Locator) -> list[Diagnostic]:
    out = []
    kp = ("history", e.index)
    if e.action == "review" and not e.content_hash:
        out.append(_at(locate, item.path, kp, "W080", f"历史记录第 {e.index + 1} 条（{e.step}）缺少内容摘要（content_hash）",
                       "审核记录须有审核时的内容摘要，才能发现审批后的改动；删除手工改动后由 dwgk review 重新登记。"))
    ex = e.exemption
    if ex and ex not in EXEMPTIONS:
        out.append(_at(locate, item.path, kp + ("exemption",), "W060", f"不予公开类别“{ex}”无效",
                       "可选：" + "、".join(EXEMPTIONS) + "。"))
    for key, label in _REQUIRED.get(e.action, ()):
        if not getattr(e, key).strip():
            out.append(_at(locate, item.path, kp, "W086", f"历史记录第 {e.index + 1} 条缺少{label}（{key}）",
                           f"补写 {key}。"))
    return out
