#!/usr/bin/env python3
"""Build the example registers under ``examples/`` by running the real dwgk CLI.

    python examples/build.py            # rebuild every example register
    python examples/build.py kejiju     # rebuild some of them
    python examples/build.py --keep     # keep the temporary git clones (prints where)

Every register is created in a temporary directory with ``dwgk init``, a git identity is
set, and then every record is made by one ``dwgk`` command (a subprocess, exactly as a
clerk would type it) with an explicit ``--date``; "today" is fixed at 2026-11-20
(``DWGK_TODAY``). The finished register is copied into ``examples/<name>/`` without its
``.git`` folder (a nested repository cannot be committed) and without the ``.dwgk`` cache.
The registers work without git: reading commands run as usual and mutating commands warn
that there is no audit trail; ``tests/test_examples.py`` copies one, runs ``git init`` and
walks a new item through the whole procedure.

The build is deterministic: dwgk draws its record IDs from ``secrets.token_hex``; the
subprocess is started through a tiny shim that replaces that function with a hash of the
register name and the command's sequence number (``DWGK_EXAMPLE_SEED``). Nothing else in
dwgk is touched, so the files are exactly what the real commands write.

The scenario of each register is plain data and helper calls below: one function per
register (``kejiju``, ``shikejiju`` …), reading like the clerk's day book.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from dwgk.profile import load_profile  # noqa: E402  (after sys.path)
from dwgk.workdays import Calendar  # noqa: E402

TODAY = date(2026, 11, 20)
CAL = Calendar()
GIT_NAME, GIT_EMAIL = "示例登记员", "clerk@example.org"

# Runs ``dwgk`` exactly like ``python -m dwgk`` but with deterministic record IDs.
_SHIM = r"""
import hashlib, os, secrets, sys
_seed = os.environ.get("DWGK_EXAMPLE_SEED")
if _seed:
    _n = [0]
    def _token_hex(nbytes=None):
        _n[0] += 1
        h = hashlib.sha256(f"{_seed}/{_n[0]}".encode()).hexdigest()
        return (h * 4)[: 2 * (32 if nbytes is None else nbytes)]
    def _token_bytes(nbytes=None):
        return bytes.fromhex(_token_hex(nbytes))
    secrets.token_hex = _token_hex
    secrets.token_bytes = _token_bytes
from dwgk.cli.app import main
sys.argv[0] = "dwgk"
main()
"""


class BuildError(RuntimeError):
    pass


def D(s: str | date) -> date:
    return s if isinstance(s, date) else date.fromisoformat(s)


def workday(d: str | date) -> date:
    """The given day, or the next 工作日 if it is a rest day."""
    d = D(d)
    while not CAL.is_workday(d):
        d += timedelta(days=1)
    return d


def after(d: date, n: int) -> date:
    return CAL.add_workdays(d, n) if n > 0 else workday(d)


# ---------------------------------------------------------------------------- register

DEFAULT_FINDINGS = {
    "合法性": "公开内容和程序符合党内法规和有关规定，本局有权公开",
    "合理性": "符合大多数党员群众利益，兼顾现实利益和长远利益",
    "可行性": "具备公开条件，解释说明工作已安排到位",
    "可控性": "经研判不存在社会稳定风险和政治安全风险",
}
DEFAULT_OPINIONS = {
    "审核": "符合公开目录要求，未发现涉密内容，同意公开",
    "审批": "同意公开",
    "初审": "文字规范，格式符合要求",
    "复审": "内容准确，依据充分，同意发布",
    "终审": "同意发布",
    "上报审核": "同意按程序公开",
}


class Register:
    """One example register being built in a temporary git clone."""

    def __init__(self, name: str, *, profile: str, org: str, code: str, start: str,
                 people: dict[str, str], proposers: dict[str, str], office: str):
        self.name, self.profile_name, self.org, self.code = name, profile, org, code
        self.start = D(start)
        self.profile = load_profile(profile)
        self.entries = {e["code"]: e for e in self.profile.catalogue}
        self.people = people  # step name → who decides it
        self.proposers = proposers  # department → who proposes
        self.office = office  # who publishes, collects feedback and archives
        self.tmp = Path(tempfile.mkdtemp(prefix=f"dwgk-example-{name}-"))
        self.root = self.tmp / name
        self.seq = 0
        self.commands = 0
        self.log: list[str] = []

    # -- running the CLI -------------------------------------------------------------
    def cli(self, *args, on: date | None = None, today: date = TODAY, check: bool = True) -> str:
        self.seq += 1
        if on is not None:
            if on > today:
                raise BuildError(f"{self.name}: 日期 {on} 晚于今天 {today}：{args}")
            args = (*args, "--date", on.isoformat())
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DWGK_", "GIT_"))}
        stamp = f"{(on or today).isoformat()}T09:30:00+08:00"
        env.update({
            "DWGK_TODAY": today.isoformat(), "DWGK_REGISTER": str(self.root),
            "DWGK_EXAMPLE_SEED": f"{self.name}/{self.seq}", "DWGK_NO_CACHE": "1",
            "NO_COLOR": "1", "COLUMNS": "200", "PYTHONPATH": str(REPO),
            "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
        })
        cmd = [sys.executable, "-c", _SHIM, *(str(a) for a in args)]
        p = subprocess.run(cmd, cwd=self.tmp, env=env, capture_output=True, text=True)
        self.commands += 1
        self.last_rc = p.returncode
        self.log.append("dwgk " + " ".join(str(a) for a in args))
        if check and p.returncode != 0:
            raise BuildError(f"{self.name}: dwgk {' '.join(map(str, args))}\n"
                             f"exit {p.returncode}\n{p.stdout}{p.stderr}")
        return p.stdout.strip()

    def init(self) -> None:
        self.cli("init", self.root, "--org", self.org, "--code", self.code,
                 "--profile", self.profile_name, today=self.start)
        for k, v in (("user.name", GIT_NAME), ("user.email", GIT_EMAIL)):
            subprocess.run(["git", "-C", str(self.root), "config", k, v], check=True)

    def show(self, item_id: str) -> dict:
        return json.loads(self.cli("show", item_id, "--format", "json"))

    # -- items -------------------------------------------------------------------------
    def submit(self, entry: str | None, title: str, content: str, on: str, *,
               scope: str = "", channels: tuple[str, ...] = (), by: str = "",
               department: str = "", reason: str = "", attribute: str = "",
               doc_number: str = "", doc_date: str = "", first_inner: bool = False,
               major: bool = False, interprets: "Item | None" = None) -> "Item":
        e = self.entries.get(entry) if entry else None
        dept = department or (e["department"] if e else "")
        by = by or self.proposers.get(dept) or next(iter(self.proposers.values()))
        scope = scope or (e["scope"] if e else self.profile.scopes[0])
        args = ["submit", "--title", title, "--scope", scope, "--content", content, "--by", by]
        if entry:
            args += ["--entry", entry]
        if reason:
            args += ["--reason", reason]
        for c in channels:
            args += ["--channel", c]
        for opt, v in (("--department", department), ("--attribute", attribute),
                       ("--doc-number", doc_number), ("--doc-date", doc_date)):
            if v:
                args += [opt, v]
        if first_inner:
            args.append("--first-inner")
        if major:
            args.append("--major")
        if interprets is not None:
            args += ["--interprets", interprets.id]
        when = workday(on)
        item_id = self.cli(*args, on=when)
        chans = tuple(channels) or tuple(e["channels"] if e else ())
        return Item(self, item_id, when, title, chans, major=major)


class Item:
    """Helper for one item: every method runs one dwgk command, dated ``after`` 工作日
    after the previous step of the same item (0 = the same day)."""

    def __init__(self, reg: Register, item_id: str, when: date, title: str,
                 channels: tuple[str, ...], major: bool = False):
        self.reg, self.id, self.d, self.title = reg, item_id, when, title
        self.channels, self.major = channels, major

    def _on(self, after_: int | str) -> date:
        self.d = workday(after_) if isinstance(after_, str) else after(self.d, after_)
        return self.d

    def _do(self, *args, after_: int | str = 1, by: str = "", role: str = "") -> "Item":
        on = self._on(after_)
        extra = ["--role", role] if role else []
        self.reg.cli(*args, "--by", by, *extra, on=on)
        return self

    # review steps
    def review(self, step: str, result: str = "", *, by: str = "", after: int | str = 1,
               opinion: str = "", **kw) -> "Item":
        kind = self.reg.profile.step(step).kind
        result = result or {"secrecy": "可以公开", "risk": "可公开"}.get(kind, "同意")
        args = ["review", self.id, "--step", step, "--result", result]
        if kind == "approve" and not opinion:
            opinion = DEFAULT_OPINIONS.get(step, "同意") if result == "同意" else ""
        if opinion:
            args += ["--opinion", opinion]
        if kind == "risk":
            findings = {**DEFAULT_FINDINGS, **kw.pop("findings", {})}
            for k, v in findings.items():
                args += ["--finding", f"{k}={v}"]
            args += ["--level", kw.pop("level", "低")]
        for k, v in kw.items():
            if v:
                args += ["--" + k.replace("_", "-"), v]
        return self._do(*args, after_=after, by=by or self.reg.people[step])

    def risk(self, level: str, result: str, *, findings: dict | None = None,
             measures: str = "", by: str = "", after: int | str = 1) -> "Item":
        return self.review("风险评估", result, level=level, findings=findings or {},
                           measures=measures, by=by, after=after)

    def waiting(self) -> list[str]:
        return [s for s in self.reg.show(self.id)["waiting_for"] if s != "预公开"]

    def approve(self, upto: str | None = None, *, after: int | str = 1,
                opinions: dict[str, str] | None = None) -> "Item":
        """Pass every remaining review step in order (stop before ``upto``)."""
        for step in self.waiting():
            if step == upto:
                break
            self.review(step, after=after, opinion=(opinions or {}).get(step, ""))
            after = 1
        return self

    def mitigate(self, measures: str, *, by: str = "", after: int | str = 1) -> "Item":
        return self._do("mitigate", self.id, "--measures", measures, after_=after,
                        by=by or self.reg.people["风险评估"])

    def prepublish(self, channel: str, *, days: int = 7, after: int | str = 1,
                   by: str = "") -> "Item":
        on = self._on(after)
        until = on + timedelta(days=days)
        self.reg.cli("prepublish", self.id, "--channel", channel, "--until", until,
                     "--by", by or self.reg.office, on=on)
        self.prepublish_until = until
        return self

    def close_prepublish(self, opinions: int, adjustments: str, *, by: str = "") -> "Item":
        on = workday(self.prepublish_until)
        self.d = on
        self.reg.cli("prepublish", self.id, "--close", "--opinions", opinions,
                     "--adjustments", adjustments, "--by", by or self.reg.office, on=on)
        return self

    def publish(self, channel: str = "", *, scope: str = "", after: int | str = 1,
                by: str = "") -> "Item":
        args = ["publish", self.id, "--channel", channel or self.channels[0]]
        if scope:
            args += ["--scope", scope]
        return self._do(*args, after_=after, by=by or self.reg.office)

    def feedback(self, opinion: str, handling: str, *, published: bool = False,
                 after: int | str = 3, by: str = "") -> "Item":
        args = ["feedback", self.id, "--opinion", opinion, "--handling", handling]
        if published:
            args.append("--published")
        return self._do(*args, after_=after, by=by or self.reg.office)

    def archive(self, opinion: str = "", *, after: int | str = 5, by: str = "") -> "Item":
        args = ["archive", self.id] + (["--opinion", opinion] if opinion else [])
        return self._do(*args, after_=after, by=by or self.reg.office)

    def withhold(self, reasons: str, basis: str, ruling: str = "", *, after: int | str = 1,
                 by: str = "") -> "Item":
        args = ["withhold", self.id, "--reasons", reasons, "--basis", basis]
        if ruling:
            args += ["--ruling", ruling]
        return self._do(*args, after_=after, by=by or self.reg.office)

    def correct(self, reason: str, *, content: str = "", title: str = "", scope: str = "",
                after: int | str = 1, by: str = "") -> "Item":
        args = ["correct", self.id, "--reason", reason]
        for opt, v in (("--content", content), ("--title", title), ("--scope", scope)):
            if v:
                args += [opt, v]
        return self._do(*args, after_=after, by=by or self.reg.office)

    # the common happy path
    def through(self, *, channel: str = "", scope: str = "", archive: str | None = None,
                feedback: tuple[str, str] | None = None, after: int | str = 1) -> "Item":
        self.approve(after=after)
        self.publish(channel, scope=scope)
        if feedback:
            self.feedback(*feedback)
        if archive is not None:
            self.archive(archive)
        return self


# ---------------------------------------------------------------------------- registers

def kejiju() -> Register:
    """s000_kejiju: 保密审查 → 风险评估 → 审核 → 审批 (→ 初审 → 复审 → 终审 for 门户网站/政务微博)."""
    r = Register(
        "kejiju", profile="s000_kejiju", org="青河经济技术开发区科学技术局", code="00817525-1",
        start="2025-01-02",
        people={"保密审查": "陈晓梅", "风险评估": "王建国", "审核": "王建国", "审批": "赵志强",
                "初审": "刘洋", "复审": "马丽", "终审": "王建国"},
        proposers={"办公室": "李明", "组织人事股": "周婷", "科技发展股": "孙浩", "纪检组": "吴静"},
        office="陈晓梅")
    r.init()

    # ---- A02 年度工作要点（定期·每年，门户网站 → 三审）
    a = r.submit("A02", "青河经开区科技局党组2025年党建工作要点",
                 "2025年局党组党建工作要点：一、深入学习贯彻党的二十届三中全会精神，全年安排中心组专题学习12次；"
                 "二、落实全面从严治党主体责任，开展警示教育2次；三、推进“党建+科技创新”融合，"
                 "组织党员科技特派员服务企业不少于60家；四、加强基层党组织标准化建设。", "2025-02-10")
    a.through(feedback=("建议在要点中明确科技特派员服务企业的具体名单和联系方式",
                        "已在门户网站“为民办实事”栏目另行公开服务企业名单"), archive="2025年党务公开卷第3号")
    a = r.submit("A02", "青河经开区科技局党组2026年党建工作要点",
                 "2026年局党组党建工作要点：一、巩固深化党纪学习教育成果；二、开展“科技赋能先锋行”党建品牌创建；"
                 "三、全年组织党员志愿服务不少于8次；四、完善党务公开目录动态调整机制。", "2026-02-09")
    a.through(feedback=("党员提出增加青年党员理论宣讲安排", "已纳入第二季度中心组学习计划"))

    # ---- B01 理论学习（定期·每季度）：2025 年第三季度缺公开，2026 年第三季度仍在审核中
    quarters = [("2025", "一", "2025-03-24", "2025-04-10"), ("2025", "二", "2025-06-23", "2025-07-08"),
                ("2025", "四", "2025-12-22", "2026-01-08"), ("2026", "一", "2026-03-23", None),
                ("2026", "二", "2026-06-22", None)]
    topics = {"一": "学习贯彻全国两会精神、科技创新政策专题研讨", "二": "党纪学习教育专题读书班",
              "四": "学习贯彻党的二十届四中全会精神"}
    for year, q, on, arch in quarters:
        it = r.submit("B01", f"{year}年第{q}季度中心组理论学习计划落实情况",
                      f"{year}年第{q}季度局党组理论学习中心组共开展集体学习3次，"
                      f"主题为{topics.get(q, '习近平总书记关于科技创新的重要论述')}，"
                      "班子成员撰写心得体会7篇，开展专题研讨1次，学习记录已存档备查。", on)
        it.through(channel="简报")
        if arch:
            it.archive("理论学习档案", after=arch)
    q3 = r.submit("B01", "2026年第三季度中心组理论学习计划落实情况",
                  "2026年第三季度局党组理论学习中心组开展集体学习2次，结合“七一”开展专题党课1次。",
                  "2026-10-26")
    q3.review("保密审查").risk("低", "可公开")  # 审核中：待分管领导审核（超过定期公开时限）

    # ---- C01 党费（定期·每半年）
    for title, on, arch in (("2025年上半年党费收缴、使用和管理情况", "2025-07-07", "2025-09-01"),
                            ("2025年下半年党费收缴、使用和管理情况", "2025-12-15", None),
                            ("2026年上半年党费收缴、使用和管理情况", "2026-07-06", None)):
        it = r.submit("C01", title, f"{title[:-6]}，机关党支部应缴党费按月足额收缴，"
                      "全部上缴上级党委；本级使用下拨党费用于党员教育培训和走访慰问困难党员，"
                      "收支明细已经支委会审核。", on)
        it.through(channel="党务公开栏")
        if arch:
            it.archive("党费管理档案", after=arch)

    # ---- C02 发展党员：对特定对象公开；保密审查部分公开（删去个人信息）
    it = r.submit("C02", "关于确定孙某某同志为发展对象的公示",
                  "经支部委员会研究，拟确定孙某某同志（科技发展股）为发展对象，公示期5个工作日。"
                  "公示期间如有意见，请向机关党支部反映。联系人：周婷，电话0898-6652××××。"
                  "（原稿附发展对象身份证号码和家庭住址）", "2025-05-12")
    it.review("保密审查", "部分公开", exemption="个人隐私", removed="删去发展对象的身份证号码和家庭住址")
    it.approve().publish().archive("组织工作档案")

    # ---- D01 党风廉政建设责任制（长期）：公开后发现失实，更正并重新审核
    it = r.submit("D01", "2025年度党风廉政建设责任分工",
                  "局党组书记赵志强同志负总责；副局长王建国同志负责科技项目资金监管领域廉政风险防控；"
                  "纪检组长吴静同志负责监督执纪问责；各股室负责人对本股室党风廉政建设负直接责任。",
                  "2025-03-03")
    it.through(channel="门户网站")
    it.correct("公开后发现分工表中副局长分管领域表述失实（应为科技项目管理和成果转化），依照保密审查机制第九条立即更正",
               content="局党组书记赵志强同志负总责；副局长王建国同志负责科技项目管理和成果转化领域廉政风险防控；"
                       "纪检组长吴静同志负责监督执纪问责；各股室负责人对本股室党风廉政建设负直接责任。",
               after=4, by="吴静")
    it.through(channel="门户网站", feedback=("党员询问更正原因", "已在支部党员大会上说明更正原因和责任追究情况"))

    # ---- E01 为民办实事：风险评估的三种等级
    it = r.submit("E01", "2025年科技特派员服务企业为民办实事项目清单",
                  "2025年选派党员科技特派员25名，结对服务区内科技型中小企业60家，"
                  "重点解决研发费用归集、高企认定辅导、科技成果对接等问题。", "2025-04-07")
    it.review("保密审查").risk("中", "暂缓公开", findings={
        "可控性": "部分企业未同意公开企业名称，直接公开可能引发企业不满"})
    it.mitigate("公开前逐一征得结对企业书面同意，未同意的3家企业以“某企业”代称；安排专人答复企业咨询", after=3)
    it.approve().publish("门户网站").feedback("企业建议增加特派员联系电话", "已在清单中补充特派员工作电话",
                                             published=True)
    it = r.submit("E01", "科技型中小企业研发费用补助资金兑付进展",
                  "2025年度研发费用补助资金共1280万元，已兑付第一批86家企业共740万元，"
                  "第二批资金待区财政拨付后兑付。", "2025-08-04")
    it.review("保密审查").risk("高", "暂缓公开", findings={
        "可行性": "第二批资金拨付时间尚未确定，公开后企业集中询问无法答复",
        "可控性": "存在引发企业集中上访的风险"})
    it.risk("低", "可公开", after=5, findings={
        "可行性": "已与区财政局确认第二批资金于10月底前拨付，公开方案调整为同时公布拨付时间和咨询电话"})
    it.approve().publish("门户网站").archive("科技项目资金档案", after=15)
    it = r.submit("E01", "关于调整孵化器入驻企业租金减免政策的说明",
                  "拟将孵化器入驻企业租金减免期由3年调整为2年，第三年减半收取。", "2026-10-12")
    it.review("保密审查").risk("中", "暂缓公开", findings={
        "合理性": "调整涉及在孵企业切身利益，部分企业可能有异议",
        "可控性": "需先与在孵企业沟通，做好解释工作"})  # 暂缓：待记录防范化解措施
    it = r.submit("E01", "2026年科技成果转化项目公示",
                  "经专家评审，拟支持“高效光伏组件封装材料产业化”等12个科技成果转化项目，公示期7天。",
                  "2026-11-02")
    it.approve()  # 已审批（含三审），待办公室公开

    # ---- A01 重要决策部署（党内）
    it = r.submit("A01", "关于落实上级巡察反馈问题整改情况的通报",
                  "对照巡察反馈的3方面9个问题，已完成整改7个，2个正在整改；建立长效机制制度4项。",
                  "2026-09-14")
    it.review("保密审查", "提请审定", referred_to="上级党务公开工作领导小组办公室",
              opinion="涉及巡察反馈具体问题，能否在党内公开本局无法确定")  # 暂缓：待上级审定
    it = r.submit("A01", "关于干部作风专项整治中问题线索处置情况的报告",
                  "专项整治期间共受理问题线索4件，已初核了结3件，1件正在核查。", "2025-10-13")
    it.review("保密审查", "不予公开", exemption="工作秘密",
              opinion="涉及正在核查的问题线索，属于工作秘密")  # 不公开（保密审查）
    it = r.submit("A01", "关于2024年度选人用人工作专项检查反馈意见的整改方案",
                  "针对专项检查反馈的干部档案管理不规范等问题，制定整改措施6条。", "2025-03-17")
    it.review("保密审查", "不予公开", exemption="工作秘密", opinion="涉及干部人事档案具体问题")
    it.withhold("整改方案涉及个别干部档案问题，公开后可能对相关同志造成不当影响",
                "保密审查机制第七条；干部人事档案工作条例", ruling="经上级党务公开工作领导小组办公室审定，同意不予公开",
                after=3)
    it.archive("不予公开事项档案")
    it = r.submit("A01", "2026年度科技创新重点工作任务分解方案",
                  "将年度科技创新重点任务分解为18项，明确牵头领导。", "2026-10-19")
    it.review("保密审查").risk("低", "可公开")
    it.review("审核", "不同意", opinion="任务分解表未明确责任股室和完成时限，请补充后重新报送")  # 退回

    # ---- F01 其他党务：高风险不公开，书面说明理由
    it = r.submit("F01", "党员群众要求公开的机关食堂承包经营合同",
                  "部分党员群众要求公开机关食堂承包经营合同全文及承包方报价明细。", "2026-04-13")
    it.review("保密审查").risk("高", "不公开", findings={
        "合法性": "合同含承包方商业报价，公开须经其同意，承包方明确不同意",
        "可控性": "公开报价可能引发合同纠纷"})
    it.withhold("合同含承包方商业秘密，承包方书面表示不同意公开；公开后可能引发合同纠纷",
                "保密审查机制第七条；风险评估机制第四条（高风险不公开）",
                ruling="报上级党务公开工作领导小组办公室审定，同意不公开，改为公开食堂服务标准和价格", after=2)
    it = r.submit("F01", "机关党支部2025年度组织生活会情况通报",
                  "机关党支部于2026年1月召开2025年度组织生活会，查摆问题12条。", "2026-01-26")
    it.approve("审批")
    it.review("审批", "不同意", opinion="通报未列明整改措施和完成时限，请补充后重新报送")
    it.correct("按主要负责人意见补充整改措施和完成时限",
               content="机关党支部于2026年1月召开2025年度组织生活会，查摆问题12条，"
                       "制定整改措施15项，明确责任人和完成时限，整改情况将在下次组织生活会上通报。",
               after=2, by="周婷")
    it.through(channel="会议", archive="组织工作档案")
    r.submit(None, "关于组织党员参加2025年科技活动周志愿服务的通知",
             "定于5月下旬组织党员志愿者30名参加全区科技活动周科普志愿服务。", "2025-05-06",
             scope="党内公开", channels=("会议",), department="组织人事股",
             reason="上级临时部署的志愿服务活动，公开目录未列").through(archive="党员活动档案")

    # ---- 尚在办理
    it = r.submit("A01", "关于开展2026年度党员民主评议工作的通知",
                  "定于12月开展党员民主评议，分学习教育、自我评价、民主测评、组织评定四个阶段。", "2026-11-16")
    it.review("保密审查").risk("低", "可公开")  # 审核中：待分管领导审核
    it = r.submit("E01", "“科技惠企政策进园区”活动安排",
                  "11月至12月在区内5个产业园开展科技惠企政策宣讲，现场受理政策咨询。", "2026-11-12")
    it.approve("复审")  # 审核中：三审待复审
    r.submit("F01", "2026年第四季度主题党日活动安排",
             "10月：参观科技成果展；11月：重温入党誓词；12月：党员志愿服务。", "2026-11-18")
    r.submit("C02", "关于确定2名入党积极分子的公示",
             "经党员推荐和支委会研究，拟确定2名同志为入党积极分子。", "2026-11-19")
    return r


REGISTERS = {"kejiju": kejiju}


# ---------------------------------------------------------------------------- output

def finish(r: Register) -> None:
    """Check the built register with dwgk itself, then copy it (no .git, no cache)."""
    out = r.cli("check", "--format", "json", check=False)
    if r.last_rc != 0:
        raise BuildError(f"{r.name}: dwgk check failed (exit {r.last_rc})\n{out}")
    dest = HERE / r.name
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(r.root, dest, ignore=shutil.ignore_patterns(".git", ".dwgk"))


def build(name: str, keep: bool) -> str:
    r = REGISTERS[name]()
    finish(r)
    stages = json.loads(r.cli("list", "--format", "json"))
    counts: dict[str, int] = {}
    for row in stages:
        counts[row["stage"]] = counts.get(row["stage"], 0) + 1
    where = f"  (kept: {r.root})" if keep else ""
    if not keep:
        shutil.rmtree(r.tmp, ignore_errors=True)
    return f"{name:<10} {r.commands:>4} commands, {len(stages)} items: " + \
        ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + where


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="registers to build (default: all)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary git clones")
    ap.add_argument("-j", "--jobs", type=int, default=len(REGISTERS))
    args = ap.parse_args(argv)
    names = args.names or list(REGISTERS)
    unknown = [n for n in names if n not in REGISTERS]
    if unknown:
        ap.error("unknown register(s): " + ", ".join(unknown) + "; choose from " + ", ".join(REGISTERS))
    lock = threading.Lock()
    failed = False
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {n: pool.submit(build, n, args.keep) for n in names}
        for n, f in futures.items():
            try:
                line = f.result()
            except BuildError as e:
                failed = True
                line = f"{n}: FAILED\n{e}"
            with lock:
                print(line, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
