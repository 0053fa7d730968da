"""``dwgk check``: every finding in a register, as values, never exceptions.

The loader's findings (YAML, unknown keys, bad dates) come first; then cross-record
checks and a replay of each item's history through the procedure guards, so a hand-edited
history that skips a step is caught exactly like a refused command would have been.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import date
from typing import Callable

from dwgk.diag import Diagnostic, Refused, diag
from dwgk.model import Item, Register
from dwgk.profile import EXEMPTIONS, RISK_DIMENSIONS, RISK_LEVELS
from dwgk import workflow as wf

Locator = Callable[[str, tuple], tuple[int, int]]


def _at(locate: Locator, path: str, keypath: tuple, code: str, message: str, hint: str = "",
        severity: str = "error") -> Diagnostic:
    line, col = locate(path, keypath)
    return diag(code, message, hint, path=path, line=line, col=col, severity=severity)


def check_register(reg: Register, today: date, locate: Locator) -> list[Diagnostic]:
    from dwgk import messages, requests
    out = list(reg.diagnostics)
    out += check_catalogue(reg, locate)
    out += check_items(reg, today, locate)
    out += requests.check(reg, today, locate)
    out += messages.check(reg, today, locate)
    return sorted(set(out))


def check_catalogue(reg: Register, locate: Locator) -> list[Diagnostic]:
    out = []
    seen: dict[str, int] = {}
    channels = {c.name for c in reg.profile.channels}
    for e in reg.catalogue:
        kp = ("entries", e.index)
        if e.code in seen:
            out.append(_at(locate, e.path, kp + ("code",), "K010", f"目录编码“{e.code}”重复",
                           "每个目录条目的编码必须唯一。"))
        seen[e.code] = e.index
        for i, c in enumerate(e.channels):
            if c not in channels:
                out.append(_at(locate, e.path, kp + ("channels", i), "K011",
                               f"目录条目 {e.code} 的公开形式“{c}”不在本方案的渠道列表中",
                               "可用：" + "、".join(sorted(channels)) + "。"))
        if e.scope not in reg.profile.scopes:
            out.append(_at(locate, e.path, kp + ("scope",), "K012",
                           f"目录条目 {e.code} 的公开范围“{e.scope}”不在本方案中",
                           "可用：" + "、".join(reg.profile.scopes) + "。"))
    return out


def check_items(reg: Register, today: date, locate: Locator) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    by_id: dict[str, list[Item]] = defaultdict(list)
    index_nos: dict[str, list[tuple[Item, int]]] = defaultdict(list)
    for item in reg.items:
        by_id[item.id].append(item)
        for e in item.history:
            if e.data.get("index_no"):
                index_nos[str(e.data["index_no"])].append((item, e.index))
        out += check_item(reg, item, today, locate)
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


def check_item(reg: Register, item: Item, today: date, locate: Locator) -> list[Diagnostic]:
    p = reg.profile
    out: list[Diagnostic] = []
    at = lambda kp, code, msg, hint="", sev="error": out.append(_at(locate, item.path, kp, code, msg, hint, sev))
    if item.entry and reg.entry(item.entry) is None:
        at(("entry",), "I032", f"引用的目录条目“{item.entry}”不存在",
           "用 dwgk catalogue list 查看目录编码，改正 entry，或删去 entry 并写 reason 说明目录外公开的理由。")
    if not item.entry and not item.reason:
        at(("entry",), "I033", "事项不在公开目录中，且没有说明理由", "写 entry: 目录编码，或写 reason: 理由。")
    if item.scope and item.scope not in p.scopes:
        at(("scope",), "I034", f"公开范围“{item.scope}”不在本方案中", "可用：" + "、".join(p.scopes) + "。")
    for i, c in enumerate(item.channels):
        if p.channel(c) is None:
            at(("channels", i), "I035", f"公开形式“{c}”不在本方案的渠道列表中",
               "可用：" + "、".join(ch.name for ch in p.channels) + "。")
    if item.interprets and reg.item(item.interprets) is None:
        at(("interprets",), "I036", f"被解读的文件“{item.interprets}”不在登记簿中", "改正 interprets 的事项编号。")
    if not item.history:
        return out
    if item.history[0].action != "submit":
        at(("history", 0), "W050", "历史记录的第一条必须是提出（submit）", "把 submit 记录放在最前面。")
    prev = None
    for i, e in enumerate(item.history):
        kp = ("history", e.index)
        if e.date > today:
            at(kp + ("date",), "W051", f"历史记录第 {e.index + 1} 条的日期 {e.date} 晚于今天", "改正日期。")
        if prev and e.date < prev:
            at(kp + ("date",), "W052", f"历史记录第 {e.index + 1} 条的日期 {e.date} 早于上一条（{prev}）",
               "历史记录须按时间先后排列；改正日期或顺序。")
        prev = e.date
        if i and e.action == "submit":
            at(kp + ("action",), "W053", "提出（submit）只能是第一条记录", "删除多余的 submit 记录。")
        msg = _replay(reg, item, i)
        if msg:
            at(kp, "W054", f"历史记录第 {e.index + 1} 条不符合程序：{msg.message}", msg.hint)
        if e.action == "review":
            out += _review_fields(item, e, locate)
    published = [e for e in item.history if e.action == "publish"]
    for e in published:
        if not _secrecy_passed_before(p, item, e.index):
            at(("history", e.index), "W055", "公开前没有通过保密审查（先审查、后公开）",
               "补登保密审查记录；若确未审查，立即撤下已公开的内容并登记。")
        if e.data.get("scope") == "向社会公开" and item.scope != "向社会公开":
            at(("history", e.index, "scope"), "W056", f"事项批准的范围是“{item.scope}”，却向社会公开",
               "立即撤下已公开的内容；核实批准的公开范围。")
    h = wf.approval_hash(item)
    if h and h != wf.item_hash(item):
        at(("content",), "W057", "事项内容在审批后被改动（与审批时的内容摘要不一致）",
           "恢复审批时的内容（git log -p 可查），或用 dwgk correct 提交更正版本重新审核。")
    return out


def _replay(reg: Register, item: Item, i: int) -> Refused | None:
    """Would the command that recorded history[i] have been allowed at that point?"""
    e = item.history[i]
    prefix = dataclasses.replace(item, history=item.history[:i])
    try:
        if e.action == "review":
            step = wf.guard_review(reg.profile, prefix, e.step)
            if e.result and step.normalise(e.result) not in step.results():
                return Refused(f"“{e.step}”的结论“{e.result}”无效", "可选：" + "、".join(step.results()) + "。")
        elif e.action == "publish":
            wf.guard_publish(reg.profile, prefix, str(e.data.get("channel", "")),
                             str(e.data.get("scope") or item.scope), e.date)
        elif e.action == "archive":
            st = wf.state(reg.profile, prefix)
            if st.stage not in ("published", "withheld"):
                return Refused("归档前事项既未公开也未决定不公开", "删除这条归档记录，或补登缺少的步骤。")
    except Refused as r:
        if r.code == "W015":  # content changed after approval: reported once, by W057
            return None
        return r
    return None


def _secrecy_passed_before(profile, item: Item, index: int) -> bool:
    ok = False
    for e in wf.current_revision(dataclasses.replace(item, history=item.history[:index])):
        s = profile.step(e.step) if e.action == "review" else None
        if s is not None and s.kind == "secrecy":
            ok = e.result in ("可以公开", "部分公开")
    return ok


def _review_fields(item: Item, e, locate: Locator) -> list[Diagnostic]:
    out = []
    kp = ("history", e.index)
    if e.step == "风险评估" or "findings" in e.data:
        findings = e.data.get("findings") or {}
        missing = [d for d in RISK_DIMENSIONS if not (isinstance(findings, dict) and findings.get(d))]
        if missing:
            out.append(_at(locate, item.path, kp, "W058", "风险评估缺少维度结论：" + "、".join(missing),
                           "逐项填写合法性、合理性、可行性、可控性。"))
        if e.data.get("level") not in RISK_LEVELS:
            out.append(_at(locate, item.path, kp, "W059", "风险评估缺少有效的风险等级", "level 填 低、中 或 高。"))
    ex = e.data.get("exemption")
    if ex and ex not in EXEMPTIONS:
        out.append(_at(locate, item.path, kp + ("exemption",), "W060", f"不予公开类别“{ex}”无效",
                       "可选：" + "、".join(EXEMPTIONS) + "。"))
    return out
