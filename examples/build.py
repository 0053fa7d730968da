#!/usr/bin/env python3
"""Build the example registers under ``examples/`` by running the real dwgk CLI.

    python examples/build.py            # rebuild every example register
    python examples/build.py kejiju     # rebuild some of them
    python examples/build.py --keep     # keep the temporary git clones (prints where)

Every register is created in a temporary directory with ``dwgk init``, a git identity is
set, and then every record is made by one ``dwgk`` command (a subprocess, exactly as a
clerk would type it) with an explicit ``--date``; "today" is fixed at 2026-11-20
(``DWGK_TODAY``), except for ``dwgk init``, which runs on the register's opening day
(2025-01-02) because it records that day as ``start`` in dwgk.yaml, from which the
定期公开 periods are counted. The finished register is copied into ``examples/<name>/`` without its
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
from dwgk import citations  # noqa: E402
from dwgk.requests import rule_for  # noqa: E402
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


def plus(d: date, n: int) -> date:
    """``n`` 工作日 after ``d`` (0: ``d`` itself, or the next 工作日)."""
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
                 people: dict[str, str], proposers: dict[str, str], office: str,
                 handlers: dict[str, str] | None = None, approver: str = "", signer: str = "",
                 cite_2019: bool = False, overrides: dict | None = None, settings: dict | None = None):
        self.name, self.profile_name, self.org, self.code = name, profile, org, code
        self.start = D(start)
        self.overrides = overrides or {}  # dwgk.yaml overrides, set by hand after dwgk init
        self.profile = load_profile(profile, self.overrides)
        self.entries = {e["code"]: e for e in self.profile.catalogue}
        self.people = people  # step name → who decides it
        self.proposers = proposers  # department → who proposes
        self.office = office  # who publishes, collects feedback and archives
        self.handlers = handlers or {}  # department → who handles requests and messages
        self.approver = approver  # approves extensions and fee waivers
        self.signer = signer  # 分管领导 who signs message replies
        # the profile follows the 2008 rules but the office cites the 2019 条例 (dwgk supplies no
        # default basis for a rule of 2008): cite what dwgk would, by the facts of each reply
        self.cite_2019 = cite_2019
        self.settings = settings or {}  # dwgk.yaml: remedies (dwgk init), doc_numbers, annual_report
        self.panel: tuple[str, ...] = ()  # who sits on a collective review (党组)
        self.tmp = Path(tempfile.mkdtemp(prefix=f"dwgk-example-{name}-"))
        self.root = self.tmp / name
        self.seq = 0
        self.commands = 0
        self.log: list[str] = []

    def fee_scheme(self, received: date) -> str:
        """The fee rule in force for a request received that day (信息处理费 / 成本费 / 不收费)."""
        rule = rule_for(self.profile, received)
        return rule.fees.scheme if rule and rule.fees else ""

    # -- running the CLI -------------------------------------------------------------
    def cli(self, *args, on: date | None = None, today: date = TODAY, check: bool = True,
            counted: bool = True) -> str:
        """Run one command. ``counted``: it takes the next number of the ID seed sequence;
        commands that make no record (the roster, a feedback's later handling) may not, so the
        records made after them keep the IDs they had before those commands were added."""
        self.seq += counted
        if on is not None:
            if on > today:
                raise BuildError(f"{self.name}: 日期 {on} 晚于今天 {today}：{args}")
            args = (*args, "--date", on.isoformat())
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DWGK_", "GIT_"))}
        stamp = f"{(on or today).isoformat()}T09:30:00+08:00"
        env.update({
            "DWGK_TODAY": today.isoformat(), "DWGK_REGISTER": str(self.root),
            "DWGK_EXAMPLE_SEED": f"{self.name}/{self.seq}" + ("" if counted else "/x"), "DWGK_NO_CACHE": "1",
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
        remedies = self.settings.get("remedies", {})
        args = [a for body in remedies.get("review", ()) for a in ("--review-body", body)]
        if remedies.get("court"):
            args += ["--court", remedies["court"]]
        self.cli("init", self.root, "--org", self.org, "--code", self.code,
                 "--profile", self.profile_name, *args, today=self.start)
        for k, v in (("user.name", GIT_NAME), ("user.email", GIT_EMAIL)):
            subprocess.run(["git", "-C", str(self.root), "config", k, v], check=True)
        from dwgk.yamlread import dump
        if self.overrides:
            config = (self.root / "dwgk.yaml").read_text(encoding="utf-8")
            self.write("dwgk.yaml", config.replace("overrides: {}\n", dump({"overrides": self.overrides})),
                       self.start, "调整配置方案的个别规则")
        extra = {k: self.settings[k] for k in ("doc_numbers", "annual_report") if k in self.settings}
        if extra:  # written by hand: dwgk init asks only for the remedies
            config = (self.root / "dwgk.yaml").read_text(encoding="utf-8")
            self.write("dwgk.yaml", config + dump(extra), self.start, "写明文书文号格式和年度报告的下载地址、联系方式")

    def roster(self) -> None:
        """人员名册 (dwgk people add): everyone who signs anything here, in the role the profile
        gives what they do, held from the register's first day — so every decision checks."""
        p = self.profile
        roles: dict[str, list[str]] = {}
        depts: dict[str, str] = {}

        def give(name: str, role: str, dept: str = "") -> None:
            if name and role and role not in roles.setdefault(name, []):
                roles[name].append(role)
            if name and dept:
                depts.setdefault(name, dept)
        for dept, name in self.proposers.items():
            give(name, p.proposer_role, dept)
        for step, name in self.people.items():
            give(name, p.step(step).role)
        give(self.office, p.office_role)
        for dept, name in self.handlers.items():
            give(name, p.proposer_role, dept)
        for key, field in (("rules", "extension_approver"), ("fees", "waiver")):
            for rule in p.requests.get(key) or ():
                if self.approver and rule.get(field):
                    give(self.approver, str(rule[field]))
        give(self.signer, p.signer_roles[0])
        body = next((s.role for s in p.steps if s.collective), "")
        for name in self.panel:
            give(name, body)
        for name, rs in roles.items():
            args = ["people", "add", name, *(a for r in rs for a in ("--role", r)), "--from", self.start.isoformat()]
            if name in depts:
                args += ["--department", depts[name]]
            self.cli(*args, today=self.start, counted=False)

    def write(self, rel: str, text: str, on: str, subject: str) -> None:
        """A file the clerk writes by hand (no dwgk command makes it), committed with git."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        stamp = f"{D(on).isoformat()}T09:30:00+08:00"
        env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        for args in (["add", "--", rel], ["commit", "-q", "-m", subject, "--", rel]):
            subprocess.run(["git", "-C", str(self.root), *args], check=True, env=env)

    def withdrawn(self) -> None:
        """An item submitted twice by mistake, the second taken back before publication
        (dwgk withdraw): it stays in the register, counted nowhere."""
        e = next(iter(self.entries.values()))
        it = self.submit(e["code"], f"{e['name']}（重复提出）", "与已提出的事项重复。", "2026-11-10")
        self.cli("withdraw", it.id, "--reason", "与已提出的事项重复，误提出", "--by", self.office, on=workday("2026-11-11"))

    def show(self, item_id: str, counted: bool = True) -> dict:
        return json.loads(self.cli("show", item_id, "--format", "json", counted=counted))

    # -- items -------------------------------------------------------------------------
    def submit(self, entry: str | None, title: str, content: str, on: str, *,
               scope: str = "", channels: tuple[str, ...] = (), by: str = "",
               department: str = "", reason: str = "", attribute: str = "",
               doc_number: str = "", doc_date: str = "", first_inner: bool = False,
               major: bool = False, interprets: "Item | None" = None) -> "Item":
        e = self.entries.get(entry) if entry else None
        if self.profile.attribute_required and not attribute:
            attribute = "主动公开"  # the profile asks for the 公文属性 of every item
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


def office_settings(city: str, prefix: str, site: str, review: str, court: str, office: str, address: str,
                    phone: str) -> dict:
    """What a 政务 office writes in dwgk.yaml for its letters and annual report (dwgk.office)."""
    return {"remedies": {"review": [review], "court": court},
            "doc_numbers": {"答复书": f"{prefix}复〔{{year}}〕{{n}}号", "补正告知书": f"{prefix}补〔{{year}}〕{{n}}号",
                            "终止办理告知书": f"{prefix}终〔{{year}}〕{{n}}号"},
            "annual_report": {"download": f"{city}人民政府门户网站（www.{site}.gov.cn）“政府信息公开”专栏",
                              "contact": {"office": office, "address": address, "phone": phone}}}


class Item:
    """Helper for one item: every method runs one dwgk command, dated ``after`` 工作日
    after the previous step of the same item (0 = the same day)."""

    def __init__(self, reg: Register, item_id: str, when: date, title: str,
                 channels: tuple[str, ...], major: bool = False):
        self.reg, self.id, self.d, self.title = reg, item_id, when, title
        self.channels, self.major = channels, major

    def _on(self, after_: int | str) -> date:
        self.d = workday(after_) if isinstance(after_, str) else plus(self.d, after_)
        return self.d

    def _do(self, *args, after_: int | str = 1, by: str = "", role: str = "") -> "Item":
        on = self._on(after_)
        extra = ["--role", role] if role else []
        self.reg.cli(*args, "--by", by, *extra, on=on)
        return self

    # review steps
    def review(self, step: str, result: str = "", *, by: str = "", after: int | str = 1,
               opinion: str = "", **kw) -> "Item":
        s = self.reg.profile.step(step)
        kind = s.kind
        result = result or {"secrecy": "可以公开", "risk": "可公开"}.get(kind, "同意")
        args = ["review", self.id, "--step", step, "--result", result]
        if s.collective:  # 党组集体审议: the meeting and who took part are on record
            args += ["--meeting", kw.pop("meeting", "局党组会议")]
            for name in self.reg.panel or (by or self.reg.people[step],):
                args += ["--participant", name]
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
             measures: str = "", adjustment: str = "", by: str = "", after: int | str = 1) -> "Item":
        return self.review("风险评估", result, level=level, findings=findings or {},
                           measures=measures, adjustment=adjustment, by=by, after=after)

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
                 after: int | str = 3, by: str = "", later: int | None = None) -> "Item":
        """A feedback entry with its handling; ``later``: the handling is recorded that many
        工作日 afterwards (dwgk feedback --entry N), as an office does when it needs time."""
        args = ["feedback", self.id, "--opinion", opinion]
        if later is None:
            args += ["--handling", handling]
            if published:
                args.append("--published")
        self._do(*args, after_=after, by=by or self.reg.office)
        if later is not None:
            n = sum(1 for e in self.reg.show(self.id, counted=False)["history"] if e["action"] == "feedback")
            args = ["feedback", self.id, "--entry", str(n), "--handling", handling] + (["--published"] if published else [])
            on = self._on(later)
            self.reg.cli(*args, "--by", by or self.reg.office, on=on, counted=False)
        return self

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


# ---------------------------------------------------------------------------- requests, messages

class Request:
    """One 依申请公开 request; every method is one ``dwgk request …`` command, dated ``after``
    工作日 after the previous step (or on an explicit date)."""

    def __init__(self, reg: Register, rid: str, when: date, received: date):
        self.reg, self.id, self.d, self.received = reg, rid, when, received
        self.amend_period = 0
        self.consulted_party = False  # a third party was consulted in writing
        self.overridden = False  # and disclosure was decided in the public interest

    def _do(self, cmd: str, *args, after: int | str = 1, by: str = "") -> "Request":
        self.d = workday(after) if isinstance(after, str) else plus(self.d, after)
        self.reg.cli("request", cmd, self.id, *args, "--by", by or self.reg.office, on=self.d)
        return self

    def assign(self, department: str, handler: str = "", *, after: int | str = 0) -> "Request":
        handler = handler or self.reg.handlers.get(department, "")
        return self._do("assign", "--department", department, "--handler", handler, after=after)

    def amend(self, *points: str, period: int = 10, after: int | str = 3) -> "Request":
        self.amend_period = period
        args = [a for p in points for a in ("--reason", p)]
        return self._do("amend", *args, "--period", period, after=after)

    def amended(self, content: str, *, after: int | str = 5) -> "Request":
        return self._do("amended", "--content", content, after=after)

    def consult(self, party: str, *, kind: str = "第三方", after: int | str = 2) -> "Request":
        self.consulted_party = self.consulted_party or kind == "第三方"
        return self._do("consult", "--party", party, "--party-kind", kind, after=after)

    def consulted(self, opinion: str, *, reason: str = "", after: int | str = 8) -> "Request":
        args = ["--opinion", opinion]
        if reason:
            args += ["--reason", reason]
        return self._do("consulted", *args, after=after)

    def override(self, reason: str, *, after: int | str = 2) -> "Request":
        """Disclose despite the third party's reasoned refusal; it is told in writing that day."""
        self.overridden = True
        return self._do("override", "--reason", reason, after=after)

    def extend(self, days: int, reason: str, *, after: int | str = 12) -> "Request":
        return self._do("extend", "--days", days, "--approved-by", self.reg.approver, "--reason", reason,
                        after=after)

    def fee(self, pages: int, *, after: int | str = 3) -> "Request":
        """A fee notice by the fee rule in force on the date of receipt: 信息处理费 per page, or
        the cost of copying and posting (成本费: 0.5元 a page and 10元 postage)."""
        if self.reg.fee_scheme(self.received) == "成本费":
            return self._do("fee", "--amount", pages // 2 + 10, "--items", f"复制费（{pages}页×0.5元）、邮寄费10元",
                            after=after)
        return self._do("fee", "--pages", pages, after=after)

    def paid(self, *, after: int | str = 6) -> "Request":
        return self._do("paid", after=after)

    def waive(self, reason: str, *, after: int | str = 4) -> "Request":
        return self._do("waive", "--approved-by", self.reg.approver, "--reason", reason, after=after)

    def lapse(self, *, after: int | str | None = None) -> "Request":
        if after is None:  # the day after the period (补正 or 缴费) ran out
            after = (self.amend_period or 20) + 1
        return self._do("lapse", after=after)

    def reply(self, result: str, reason: str = "", *, after: int | str = 8, where: str = "", body: str = "",
              withheld: str = "", basis: str = "", by: str = "", since: str = "", provide: str = "",
              exemption: str = "", body_contact: str = "") -> "Request":
        """``dwgk request reply``: the facts the letter states and cites (where and since when the
        information was 主动公开, how it is provided, what exempts the withheld part, the body
        responsible and its contact) are given as a clerk would give them."""
        args = ["--result", result]
        if not basis and self.reg.cite_2019:
            basis = citations.basis(result, already_public=bool(since), exemption=exemption or (
                "第三方权益" if result == "部分公开" and self.consulted_party else ""),
                consulted=self.consulted_party, override=self.overridden, other_body=bool(body))
        for opt, v in (("--basis", basis), ("--reason", reason), ("--where", where), ("--body", body),
                       ("--withheld", withheld), ("--since", since), ("--provide", provide),
                       ("--exemption", exemption), ("--body-contact", body_contact)):
            if v:
                args += [opt, v]
        return self._do("reply", *args, after=after, by=by)

    def deliver(self, method: str = "电子邮件", *, after: int | str = 1) -> "Request":
        return self._do("deliver", "--method", method, after=after)

    def archive(self, note: str = "", *, after: int | str = 2) -> "Request":
        return self._do("archive", *(["--note", note] if note else []), after=after)

    def done(self, result: str, reason: str = "", method: str = "电子邮件", *, after: int | str = 8,
             **kw) -> "Request":
        """Reply, deliver and file: the usual end of a request. Information disclosed now goes
        the way the letter does (邮寄, 电子邮件, handed over 当面)."""
        if result in ("予以公开", "部分公开") and not kw.get("since") and not kw.get("provide"):
            kw["provide"] = PROVIDE_BY_DELIVERY[method]
        return self.reply(result, reason, after=after, **kw).deliver(method).archive(
            f"依申请公开档案 {self.id}")

    def appeal(self, kind: str, result: str, case: str, *, after_review: bool = False, note: str = "",
               after: int | str = 15) -> "Request":
        args = ["--kind", kind, "--result", result, "--case", case]
        if after_review:
            args.append("--after-review")
        if note:
            args += ["--note", note]
        return self._do("appeal", *args, after=after)


class Message:
    def __init__(self, reg: Register, mid: str, when: date):
        self.reg, self.id, self.d = reg, mid, when

    def _do(self, cmd: str, *args, after: int | str = 1, by: str = "") -> "Message":
        self.d = workday(after) if isinstance(after, str) else plus(self.d, after)
        self.reg.cli("message", cmd, self.id, *args, "--by", by or self.reg.office, on=self.d)
        return self

    def reply(self, text: str, *, after: int | str = 2, explanation: str = "") -> "Message":
        args = ["--text", text, "--signed-by", self.reg.signer]
        if explanation:
            args += ["--explanation", explanation]
        return self._do("reply", *args, after=after, by=self.handler)

    def reopen(self, reason: str, *, after: int | str = 3) -> "Message":
        return self._do("reopen", "--reason", reason, after=after)


# ---------------------------------------------------------------------------- 舆情 and 应急

def opinions_year(r: Register, head: str, events) -> None:
    """A year of 舆情/应急 records (``dwgk opinion …``), each step at its minute. ``events``:
    (found "YYYY-MM-DD HH:MM", type, source, summary, level, department, steps), a step being
    (command, minutes after found, by, option pairs…). Times are Beijing time; "now" is the end
    of the build's today."""
    from datetime import datetime
    for found, kind, source, summary, level, dept, steps in events:
        args = ["opinion", "new", "--type", kind, "--found", found, "--source", source, "--summary", summary,
                "--head", head, "--by", r.office]
        if level:
            args += ["--level", level]
        if dept:
            args += ["--department", dept]
        oid = r.cli(*args)
        start = datetime.fromisoformat(found)
        for cmd, minutes, by, *opts in steps:
            at = (start + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")
            r.cli("opinion", cmd, oid, *opts, "--at", at, "--by", by or r.office)


def request(r: Register, received: str, channel: str, applicant: str, atype: str, content: str,
            department: str = "", *, form: str = "电子邮件", on: str = "") -> Request:
    """``dwgk request new``: the date of receipt is given as the fact its channel names."""
    rcv = workday(received)
    fact = {"当面": "--received", "邮寄": "--signed", "平邮": "--confirmed", "网络": "--confirmed",
            "传真": "--confirmed"}[channel]
    args = ["request", "new", fact, rcv, "--channel", channel, "--applicant", applicant,
            "--applicant-type", atype, "--content", content, "--form", form, "--by", r.office]
    if channel == "平邮":
        args += ["--arrived", rcv]
    if department:
        args += ["--department", department, "--handler", r.handlers.get(department, "")]
    when = workday(on) if on else rcv
    rid = r.cli(*args, on=when)
    return Request(r, rid, when, rcv)


def message(r: Register, kind: str, received: str, citizen: str, subject: str, content: str,
            department: str = "", *, channel: str = "网站留言") -> Message:
    rcv = workday(received)
    args = ["message", "new", "--type", kind, "--received", rcv, "--citizen", citizen, "--subject", subject,
            "--content", content, "--channel", channel, "--by", r.office]
    if department:
        args += ["--department", department, "--handler", r.handlers.get(department, "")]
    m = Message(r, r.cli(*args, on=rcv), rcv)
    m.handler = r.handlers.get(department, r.office)
    return m


# A withdrawn request (其他处理-其他): the 条例 gives the right to apply (第二十七条); no article
# speaks of withdrawing, so the letter cites that and says what happened.
OTHER_BASIS = "《中华人民共和国政府信息公开条例》第二十七条"
PROVIDE_BY_DELIVERY = {"电子邮件": "电子邮件", "邮寄": "邮寄", "当面": "当面领取"}


def requests_and_messages(r: Register, city: str, depts: tuple[str, str, str]) -> None:
    """A year (2025) of 依申请公开 requests exercising all 21 outcome codes (其他处理-逾期未缴费
    only where the profile charges fees), two carried over from 2024, some carried into 2026,
    2026 requests (some still open), appeals, and 政民互动 messages."""
    A, B, C = depts  # 综合 / 业务 / 法规 departments of this office
    fees = r.fee_scheme(D("2025-06-09")) not in ("", "不收费")
    org = r.org

    # ---- carried over from 2024 (registered when the register was opened, 2025-01-02)
    request(r, "2024-12-16", "当面", "刘某某", "自然人", f"{city}2024年科技特派员选派名单及服务对象", B,
            on="2025-01-02").done("予以公开", after=3, method="当面")
    request(r, "2024-12-23", "网络", f"{city}华信新材料有限公司", "商业企业",
            "2024年度市级工程技术研究中心认定结果及评审标准", B, on="2025-01-02").done(
        "部分公开", "评审专家的个人信息属于个人隐私", after=6, withheld="评审专家姓名、工作单位和联系方式",
        exemption="第三方权益")

    # ---- 2025: every outcome code
    request(r, "2025-01-20", "网络", "王某某", "自然人", f"{city}2024年度科技型中小企业研发费用补助资金拨付明细",
            B).done("予以公开", after=6)
    request(r, "2025-02-24", "邮寄", f"{city}恒远电子科技有限公司", "商业企业",
            "2025年度高新技术企业认定工作通知及评审标准", B, form="纸质").done(
        "予以公开", after=4, method="邮寄", where=f"{org}门户网站“通知公告”栏目", since="2025-02-17")
    request(r, "2025-03-10", "当面", f"{city}农业科学研究院", "科研机构",
            "2022—2024年市级农业科技项目立项清单及资金安排", B, form="纸质").extend(
        10, "涉及三个年度的项目档案，需调档核对", after=12).done("予以公开", after=8, method="当面")
    request(r, "2025-03-24", "网络", f"{city}绿色发展促进会", "社会公益组织",
            f"{city}某化工新材料企业研发中试项目的环境风险评估结论", B).consult(
        f"{city}某化工科技有限公司").consulted("不同意", reason="评估结论涉及企业工艺路线").override(
        "评估结论关系周边居民环境安全，不公开会对公共利益造成重大影响").done("予以公开", after=3)
    rq = request(r, "2025-04-07", "邮寄", "东方明德律师事务所", "法律服务机构",
                 "某科技企业申报2024年市级重点研发项目的申报书及专家评审意见", C, form="纸质")
    rq.consult(f"{city}瀚海智能装备有限公司").consulted("不同意", reason="申报书含企业财务数据和核心技术参数，属于商业秘密")
    rq.done("部分公开", "申报书中企业财务数据和核心技术参数属于商业秘密，第三方不同意公开", after=4, method="邮寄",
            withheld="申报书第三、四部分（企业财务数据和核心技术参数）")
    rq.appeal("行政复议", "维持", f"{city}政复〔2025〕31号", after=20)
    rq.appeal("行政诉讼", "未审结", f"（2025）{city[:2]}0102行初87号", after_review=True, after=35)
    rq.appeal("行政诉讼", "维持", f"（2025）{city[:2]}0102行初87号", after_review=True, after="2026-03-18")
    request(r, "2025-04-21", "当面", "陈某", "自然人", "本人作为申报人的项目在2025年第一批评审中的专家评分汇总",
            B).done("部分公开", "其他评审专家的姓名属于个人隐私", method="当面", withheld="评审专家姓名",
                    exemption="第三方权益")
    request(r, "2025-04-28", "网络", f"{city}云启智能科技有限公司", "商业企业", "2025年度科技创新券发放企业名单",
            B).done("予以公开", after=5)
    rq = request(r, "2025-05-06", "网络", "赵某", "自然人", "2024年国防科技协同创新项目清单及承担单位", C)
    rq.done("不予公开-国家秘密", "所申请信息已依法确定为秘密级国家秘密", after=7)
    rq.appeal("行政复议", "维持", f"{city}政复〔2025〕58号", after=18)
    request(r, "2025-05-19", "平邮", f"{city}鑫达机械制造有限公司", "商业企业",
            "2024年科技统计调查中本行业其他企业的单项调查资料", A, form="纸质").done(
        "不予公开-法律法规禁止", "《中华人民共和国统计法》第三十九条规定统计调查中获得的能够识别或者推断单个统计调查对象身份的资料不得对外提供",
        method="邮寄")
    request(r, "2025-06-03", "网络", "东湾村民委员会", "其他", "辖区内危险化学品相关企业研发实验室的分布位置及化学品存量",
            B).done("不予公开-三安全一稳定", "危险化学品存放位置和存量公开后可能被不法利用，危及公共安全", after=9)
    rq = request(r, "2025-06-16", "邮寄", f"{city}卓越环保设备有限公司", "商业企业",
                 "竞争企业2024年获得研发补助时提交的全部申请材料", B, form="纸质")
    rq.consult(f"{city}锐新科技有限公司").consulted("不同意", reason="申请材料含企业技术秘密和经营数据")
    rq.done("不予公开-第三方权益", "申请材料涉及第三方商业秘密，第三方不同意公开，不公开不会对公共利益造成重大影响",
            after=3, method="邮寄")
    request(r, "2025-07-01", "网络", "孙某", "自然人", "局机关内部考勤管理制度及2024年全体工作人员考勤记录", A).done(
        "不予公开-内部事务", "所申请信息属于人事管理、后勤管理等内部事务信息", after=6)
    request(r, "2025-07-14", "当面", f"{city}理工学院科技处", "科研机构", "2025年市级科技计划项目立项评审会议记录及讨论情况",
            B).done("不予公开-过程性信息", "评审会议记录属于讨论记录等过程性信息", method="当面")
    rq = request(r, "2025-07-28", "邮寄", "正衡律师事务所", "法律服务机构", "对某企业科研失信行为调查处理的全部案卷材料",
                 C, form="纸质")
    rq.done("不予公开-行政执法案卷", "所申请信息属于行政执法案卷信息", method="邮寄")
    rq.appeal("行政复议", "纠正", f"{city}政复〔2025〕96号", note="复议机关责令对处理决定书部分予以公开", after=20)
    request(r, "2025-08-11", "网络", "周某", "自然人", "某企业在本局登记的全部技术合同档案", C).done(
        "不予公开-行政查询事项", "技术合同登记档案的查询依照《技术合同认定登记管理办法》的规定办理", after=5,
        where="请按《技术合同认定登记管理办法》到技术合同登记机构办理查询")
    request(r, "2025-08-25", "网络", "吴某", "自然人", "2010年原市科委办公楼修缮工程的招标文件及中标合同", A).done(
        "无法提供-不掌握", "原市科委办公楼修缮工程由市机关事务管理部门组织实施，本机关未制作或获取该信息", after=7,
        body=f"{city}机关事务管理局", body_contact="电话 12345（政务服务便民热线）")
    rq = request(r, "2025-09-01", "网络", f"{city}青少年科技教育协会", "社会公益组织", "2025年科技活动周活动经费预算及执行情况",
                 A)
    rq.done("予以公开", after=6)
    rq = request(r, "2025-09-08", "邮寄", f"{city}博远数据服务有限公司", "商业企业",
                 "按区县、行业分类统计的近五年全部科技补助资金对比分析表", A, form="纸质")
    rq.done("无法提供-需另行制作", "本机关没有现成的分类统计分析表，需要另行加工制作", method="邮寄")
    rq.appeal("行政诉讼", "未审结", f"（2025）{city[:2]}0102行初112号", after=25)
    rq.appeal("行政诉讼", "维持", f"（2025）{city[:2]}0102行初112号", after="2026-04-15")
    rq = request(r, "2025-09-22", "网络", "郑某", "自然人", "你们局去年那个项目的钱都给了谁", B)
    rq.amend("请写明所需信息对应的项目名称或文号", "请写明所需信息的时间范围", period=10)
    rq.amended("你们局去年支持的那些项目的资金情况")
    rq.done("无法提供-补正后仍不明确", "补正后的申请仍未写明项目名称、文号或其他便于查询的特征", after=6)
    request(r, "2025-10-09", "网络", "钱某", "自然人", "要求查处某企业冒用高新技术企业称号并公开对其的处理结果",
            C).done("不予处理-信访举报投诉", "申请实为举报，已转本局执法机构按举报办理", after=4)
    rq = request(r, "2025-10-20", "网络", "孙某", "自然人", "局机关内部考勤管理制度及2024年全体工作人员考勤记录", A)
    rq.done("不予处理-重复申请", "申请人于2025年7月1日提出相同申请，本机关已于2025年7月作出答复", after=3)
    rq.appeal("行政复议", "其他", f"{city}政复〔2025〕133号", note="申请人撤回复议申请，复议终止", after=15)
    request(r, "2025-10-27", "当面", f"{city}科技情报研究所", "科研机构", f"《{city}科技统计年鉴2024》全文", A,
            form="纸质").done("不予处理-公开出版物", "所申请信息为公开出版物", method="当面", after=2,
                            where=f"{city}图书馆、新华书店")
    request(r, "2025-11-03", "网络", "冯某", "自然人", "2015年以来全部科技项目每一笔经费的支出凭证（本月第46件同类申请）",
            B).done("不予处理-大量反复申请", "申请人一个月内提出同类申请46件，明显超过合理范围，且未说明理由", after=5)
    request(r, "2025-11-10", "邮寄", f"{city}宏图科技有限公司", "商业企业",
            "要求重新出具本公司已获取的2023年高新技术企业证书复印件并加盖公章确认其真实性", B, form="纸质").done(
        "不予处理-确认或重新出具", "申请要求行政机关确认或重新出具已获取的信息", method="邮寄", after=4)
    rq = request(r, "2025-11-17", "平邮", "丰收农机专业合作社", "其他", "有关农机补贴的文件", B, form="纸质")
    rq.amend("请写明所需文件的名称、文号或发布时间", "农机购置补贴由农业农村部门主管，请确认所需信息是否与科技工作有关",
             period=10)
    rq.lapse().deliver("邮寄")
    request(r, "2025-12-01", "网络", "何某", "自然人", "2025年科普基地认定名单", B).reply(
        "其他处理-其他", "您于2025年12月5日书面撤回申请", after=4, basis=OTHER_BASIS).deliver().archive()
    if fees:
        rq = request(r, "2025-06-09", "网络", f"{city}鼎盛企业管理咨询有限公司", "商业企业",
                     "2020—2024年全部科技计划项目合同书（约260页）", B)
        rq.fee(260).lapse(after=21).deliver()
        request(r, "2025-09-15", "邮寄", "公信律师事务所", "法律服务机构", "2024年全部科技项目验收结论书（约120页）", B,
                form="纸质").fee(120).paid().done("予以公开", after=5, method="邮寄")
        request(r, "2025-10-13", "当面", "李某", "自然人", "2020年以来科技特派员管理文件汇编（约80页）", B,
                form="纸质").fee(80).waive("申请人为低保对象，确有经济困难").done("予以公开", after=3, method="当面")
    # received in December 2025, concluded in 2026 (结转下年度继续办理)
    request(r, "2025-12-15", "网络", "林某", "自然人", "2025年度科技创新券兑付情况", B).done(
        "予以公开", after="2026-01-08")
    rq = request(r, "2025-12-22", "邮寄", f"{city}海川生物科技有限公司", "商业企业", "2025年度市级新型研发机构绩效评价结果",
                 C, form="纸质")
    rq.consult(f"{city}先进材料研究院", after=3).consulted("同意", after=6).done("予以公开", after=3, method="邮寄")

    # ---- 2026
    request(r, "2026-01-12", "网络", "唐某", "自然人", "2025年科技特派员绩效考核结果", B).done("予以公开", after=7)
    request(r, "2026-02-09", "邮寄", f"{city}瑞丰种业有限公司", "商业企业", "2025年农业科技项目验收专家意见", B,
            form="纸质").done("部分公开", "专家个人信息属于个人隐私", withheld="验收专家姓名和联系方式", method="邮寄",
                            exemption="第三方权益")
    request(r, "2026-03-16", "当面", f"{city}大学科学技术研究院", "科研机构", "2023—2025年市级科技奖励获奖项目及奖金发放情况",
            C, form="纸质").extend(10, "需会同财务部门核对奖金发放记录", after=12).done("予以公开", after=7, method="当面")
    request(r, "2026-05-11", "网络", "蒋某", "自然人", "市科技馆建设项目的施工合同", A).done(
        "无法提供-不掌握", "市科技馆建设项目由市文化和旅游主管部门组织实施，本机关未制作或获取该信息",
        body=f"{city}文化和旅游局", body_contact="电话 12345（政务服务便民热线）")
    rq = request(r, "2026-07-06", "网络", "明法律师事务所", "法律服务机构", "2026年科技计划项目立项论证会议纪要", B)
    rq.done("不予公开-过程性信息", "论证会议纪要属于过程性信息")
    rq.appeal("行政复议", "未审结", f"{city}政复〔2026〕75号", after=20)
    request(r, "2026-09-07", "网络", "唐某", "自然人", "2025年科技特派员绩效考核结果", B).done(
        "不予处理-重复申请", "申请人于2026年1月12日提出相同申请，本机关已答复", after=3)
    # still open on 2026-11-20
    request(r, "2026-10-26", "当面", f"{city}科学技术协会", "社会公益组织", "2021—2025年科普项目资金使用绩效评价报告", A,
            form="纸质").extend(15, "涉及五个年度的绩效评价报告，需逐份调档", after=10)  # 已延期
    request(r, "2026-10-27", "邮寄", f"{city}智联检测技术有限公司", "商业企业", "2026年度检验检测机构科技补助评审结果", B,
            form="纸质").consult(f"{city}华测检验检测有限公司", after=3)  # 征求第三方意见中（计时暂停）
    request(r, "2026-11-09", "网络", "韩某", "自然人", "关于那个人才政策的文件", C).amend(
        "请写明所需文件的名称或文号", period=10)  # 等待补正
    request(r, "2026-11-18", "网络", f"{city}创新创业服务中心", "社会公益组织", "2026年科技企业孵化器年度评价结果", B)

    # ---- 政民互动 messages
    msgs = [
        ("咨询", "2025-02-17", "刘先生", "高新技术企业认定申报时间", "请问2025年高新技术企业认定什么时候开始申报？", B,
         "2025年第一批申报时间为5月1日至6月15日，具体见门户网站通知公告。", 2, None),
        ("咨询", "2025-03-12", "匿名", "科技创新券如何申领", "科技创新券怎么申领，需要什么材料？", B,
         "通过市科技创新券服务平台在线申领，需提供营业执照和科技服务合同。", 1, None),
        ("建议", "2025-04-09", "张女士", "建议延长科技创新券使用期限", "创新券有效期只有6个月，建议延长到1年。", C,
         "感谢建议。已在修订《科技创新券管理办法》时研究，拟将有效期延长至12个月。", 10, None),
        ("投诉", "2025-05-14", "某孵化器在孵企业", "投诉孵化器违规收取服务费", "某孵化器在合同外另行收取“管理服务费”每月2000元。", B,
         "经核查，该孵化器收费项目未在入驻协议中约定，已责令其停止收取并退还。", 12,
         ("已退还部分费用，仍有3个月费用未退", "经再次核查，孵化器已全额退还多收费用，本局将在年度评价中扣分。", 8)),
        ("咨询", "2025-06-18", "王先生", "科技型中小企业评价入库条件", "个体工商户能否申请科技型中小企业评价？", B,
         "不能。科技型中小企业须为在中国境内注册的居民企业。", 5, None),  # 逾期答复（咨询 3 个工作日）
        ("建议", "2025-07-22", "李先生", "建议设置科技政策咨询窗口", "建议在政务服务大厅设置科技政策咨询窗口。", A,
         "已于9月在市政务服务中心设立科技政策咨询窗口。", 12, None),
        ("投诉", "2025-08-26", "某农业合作社", "反映科技特派员未按约定服务", "结对的科技特派员两个月未到合作社开展服务。", B,
         "已约谈该科技特派员并调整服务计划，每月到合作社服务不少于2次。", 9, None),
        ("咨询", "2025-09-24", "赵女士", "技术合同登记所需材料", "技术合同认定登记需要提交哪些材料？", C,
         "需提交技术合同文本、技术合同认定登记申请表，可在线办理。", 1, None),
        ("建议", "2025-10-28", "陈先生", "建议公开评审专家库组成", "建议公开科技计划项目评审专家库的专业构成。", C,
         "已在门户网站公开专家库的学科领域分布和人数，专家个人信息不予公开。", 13, None),
        ("咨询", "2025-12-03", "孙先生", "研发费用补助申报截止时间", "今年研发费用后补助申报什么时候截止？", B,
         "2025年度申报截止时间为12月31日。", 2, None),
        ("咨询", "2026-03-09", "周女士", "创新券能否用于检验检测", "创新券能否用于购买产品检验检测服务？", B,
         "可以。2025年修订后的办法已将检验检测服务纳入使用范围。", 2, None),
        ("建议", "2026-05-18", "吴先生", "建议增加科普进社区活动", "建议每季度在社区开展一次科普活动。", A,
         "已纳入2026年科普工作计划，下半年每季度开展科普进社区活动。", 10, None),
        ("投诉", "2026-08-10", "某科技企业", "反映补助资金兑付迟缓", "2025年研发补助资金至今未兑付。", A,
         "经核实，资金已于8月20日拨付到位。", 8, None),
    ]
    for kind, rcv, who, subject, content, dept, answer, days, again in msgs:
        m = message(r, kind, rcv, who, subject, content, dept)
        m.reply(answer, after=days)
        if again:
            m.reopen(again[0], after=3).reply(again[1], after=again[2])
    m = message(r, "投诉", "2026-10-19", "郑先生", "反映孵化器物业收费过高", "孵化器物业费每平方米12元，明显高于周边。", B)
    m.reply("孵化器物业收费标准已在入驻协议中约定，不属于违规收费。", after=9).reopen(
        "留言人认为答复未回应收费标准是否合理", after=4)  # 重新办理中
    message(r, "建议", "2026-11-09", "何女士", "建议简化项目验收材料", "项目验收要求提交的材料过多，建议精简。", B)
    message(r, "咨询", "2026-11-19", "冯先生", "2027年科技计划申报时间", "2027年市级科技计划什么时候开始申报？", B)
    message(r, "投诉", "2026-11-18", "某企业", "反映创新券平台无法登录", "创新券服务平台近三天无法登录。")  # 待分办


# ---------------------------------------------------------------------------- registers

def periodic(r: Register, entry: str, channel: str, rows, **kw) -> list[Item]:
    """定期公开: one item per period, (title, content, submitted, archived-on-or-None)."""
    out = []
    for title, content, on, arch in rows:
        it = r.submit(entry, title, content, on, **kw)
        it.through(channel=channel)
        if arch:
            it.archive(f"{r.entries[entry]['name']}档案", after=arch)
        out.append(it)
    return out


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
    r.roster()

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

    # ---- B01 理论学习（定期·每季度）：2026 年第三季度的通报逾期仍在审核中（dwgk overdue 可见）
    periodic(r, "B01", "简报", [
        (f"{y}年第{q}季度中心组理论学习计划落实情况",
         f"{y}年第{q}季度局党组理论学习中心组开展集体学习3次，主题为{t}，"
         "班子成员撰写心得体会7篇，开展专题研讨1次，学习记录已存档备查。", on, arch)
        for y, q, t, on, arch in (
            ("2025", "一", "学习贯彻全国两会精神", "2025-03-24", "2025-04-10"),
            ("2025", "二", "党纪学习教育专题读书", "2025-06-23", "2025-07-08"),
            ("2025", "三", "习近平总书记关于科技创新的重要论述", "2025-09-22", "2025-10-20"),
            ("2025", "四", "学习贯彻党的二十届四中全会精神", "2025-12-22", None),
            ("2026", "一", "学习贯彻全国两会精神和“十五五”规划纲要", "2026-03-23", None),
            ("2026", "二", "纪念建党105周年专题学习", "2026-06-22", None))])
    q3 = r.submit("B01", "2026年第三季度中心组理论学习计划落实情况",
                  "2026年第三季度局党组理论学习中心组开展集体学习2次，结合“七一”开展专题党课1次。",
                  "2026-10-26")
    q3.review("保密审查").risk("低", "可公开")  # 审核中：待分管领导审核（已超过定期公开时限）

    # ---- C01 党费（定期·每半年）
    periodic(r, "C01", "党务公开栏", [
        (f"{h}党费收缴、使用和管理情况",
         f"{h}机关党支部应缴党费按月足额收缴，按规定全额上缴上级党委；本级使用上级下拨党费"
         f"{amt}元，用于党员教育培训和走访慰问困难党员，收支明细已经支委会审核。", on, arch)
        for h, amt, on, arch in (("2025年上半年", "3200", "2025-07-07", "2025-09-01"),
                                 ("2025年下半年", "4650", "2025-12-15", None),
                                 ("2026年上半年", "2980", "2026-07-06", None))])

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
                                             published=True, later=4)
    it = r.submit("E01", "科技型中小企业研发费用补助资金兑付进展",
                  "2025年度研发费用补助资金共1280万元，已兑付第一批86家企业共740万元，"
                  "第二批资金待区财政拨付后兑付。", "2025-08-04")
    it.review("保密审查").risk("高", "暂缓公开", findings={
        "可行性": "第二批资金拨付时间尚未确定，公开后企业集中询问无法答复",
        "可控性": "存在引发企业集中上访的风险"})
    it.risk("低", "可公开", after=5, adjustment="公开方案调整为同时公布第二批资金拨付时间和咨询电话", findings={
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

    # ---- 舆情和应急（舆论引导机制、应急处置机制）：一年的记录，按小时计时
    opinions_year(r, "赵志强", [
        ("2026-02-14 10:20", "舆情", "微博", "网传科技特派员补贴发放不公、向关系户倾斜", "", "科技发展股", [
            ("assess", 50, "赵志强", "--value", "有回应价值：转评200余条", "--level", "一般", "--plan", "核实补贴名单，门户网站和政务微博说明发放标准"),
            ("report", 60, "", "--to", "党务公开工作领导小组"),
            ("respond", 26 * 60, "", "--channel", "政务微博", "--text", "公布补贴发放标准和名单，说明评审程序"),
            ("close", 5 * 24 * 60, "赵志强", "--outcome", "网民认可说明，未再扩散", "--held", "是")]),
        ("2026-04-03 16:00", "舆情", "门户网站留言区", "质疑科技项目评审专家名单不公开", "", "科技发展股", [
            ("assess", 40, "赵志强", "--value", "有回应价值", "--level", "较大", "--plan", "公开专家库抽取办法"),
            ("report", 50, "", "--to", "党务公开工作领导小组"),
            ("respond", 65 * 60, "", "--channel", "门户网站", "--text", "公开专家库抽取办法和回避规定（清明假期后才发布，超时）"),
            ("close", 8 * 24 * 60, "赵志强", "--outcome", "质疑平息", "--held", "是")]),
        ("2026-07-18 08:10", "应急", "园区管委会电话报告", "园区企业实验室发生火情，无人员伤亡", "重大", "办公室", [
            ("report", 20, "", "--to", "党工委"),
            ("report", 25, "", "--to", "上级部门"),
            ("respond", 3 * 60, "", "--channel", "政务微博", "--text", "首发：火情已扑灭，无人员伤亡，原因调查中"),
            ("respond", 20 * 60, "赵志强", "--channel", "新闻发布会", "--text", "通报处置情况和园区安全检查部署"),
            ("respond", 30 * 60, "", "--channel", "门户网站", "--text", "续报：起火原因初步认定为设备短路"),
            ("follow", 3 * 24 * 60, "", "--note", "园区开展安全生产大检查，舆论关注度下降"),
            ("close", 10 * 24 * 60, "赵志强", "--outcome", "事件处置完毕，舆情平稳", "--held", "是")]),
        ("2026-09-26 21:00", "舆情", "短视频平台", "质疑党员志愿服务活动摆拍", "", "组织人事股", [
            ("assess", 60, "赵志强", "--value", "有回应价值：播放量10万", "--level", "重大", "--plan", "核实活动记录，及时说明"),
            ("report", 70, "", "--to", "党工委"),
            ("respond", 7 * 60, "", "--channel", "门户网站", "--text", "说明活动安排和服务记录（超过5小时）"),
            ("close", 6 * 24 * 60, "赵志强", "--outcome", "部分照片确系补拍，已在门户网站更正说明", "--held", "否")]),
        ("2026-11-19 15:00", "舆情", "今日头条", "网传科技局将撤并纪检组", "", "", [
            ("report", 30, "", "--to", "党务公开工作领导小组")]),
    ])
    return r


def jiguan() -> Register:
    """s001_jiguan: 保密审查 → 风险评估 → 审核（机关党委）→ 审批（中心党组集体研究）."""
    r = Register(
        "jiguan", profile="s001_jiguan", org="秦川省机关事务服务中心", code="43520178-6",
        start="2025-01-02",
        people={"保密审查": "郑丽华", "风险评估": "韩东", "审核": "高俊峰", "审批": "罗振华"},
        proposers={"机关党委": "冯晓燕", "办公室": "唐磊", "人事处": "许文静", "机关纪委": "邓刚"},
        office="冯晓燕")
    r.panel = ("罗振华", "高俊峰", "孙卫东", "刘敏")  # 中心党组: 主任和三位副主任
    r.init()
    r.roster()
    party = {"审批": "经中心党组会议集体研究，同意公开"}

    def through(it, **kw):
        it.approve(opinions=party)
        ch = kw.pop("channel", "")
        it.publish(ch, scope=kw.pop("scope", ""))
        if kw.get("feedback"):
            it.feedback(*kw["feedback"])
        if kw.get("archive"):
            it.archive(kw["archive"])
        return it

    # 01 上级部署执行情况
    through(r.submit("01", "关于贯彻落实省委机关工委2025年机关党建工作会议精神的情况报告",
                     "中心党组于2月召开专题会议传达学习会议精神，制定贯彻落实措施15条，"
                     "明确责任处室和完成时限；截至6月底已完成9条，其余6条按计划推进。", "2025-07-14"),
            channel="会议", archive="党建工作档案")
    through(r.submit("01", "关于落实中央八项规定精神深化作风建设的工作措施",
                     "围绕公务接待、公务用车、办公用房三个方面，制定细化措施12条，"
                     "建立月度自查、季度通报制度。", "2026-03-09"),
            channel="文件", feedback=("党员建议将公务用车使用情况每月在内网通报", "已采纳，自5月起每月通报"))
    # 02 任期目标（长期）：公开后发现数据失实，更正
    it = r.submit("02", "中心党委2024—2026年任期工作目标及阶段性工作部署",
                  "任期目标：机关党组织标准化建设达标率100%，党员教育培训覆盖率100%，"
                  "培育“服务保障先锋”党建品牌2个；2025年阶段性任务：完成8个党支部规范化建设。", "2025-02-17")
    through(it, channel="文件")
    it.correct("公开后发现2025年阶段性任务中党支部数量有误（中心共有党支部11个，应为11个全部完成规范化建设）",
               content="任期目标：机关党组织标准化建设达标率100%，党员教育培训覆盖率100%，"
                       "培育“服务保障先锋”党建品牌2个；2025年阶段性任务：完成全部11个党支部规范化建设。",
               after=6, by="冯晓燕")
    through(it, channel="文件", feedback=("党员询问党支部数量调整原因", "已在党员大会上说明：原数据漏计3个新设党支部"))

    # 03 理论学习（每季度）：2025 年四个季度和 2026 年上半年按时公开，2026 年第三季度未公开
    for y, q, on, arch, topic in (
            ("2025", "一", "2025-03-17", "2025-05-06", "学习贯彻全国两会精神"),
            ("2025", "二", "2025-06-16", "2025-08-04", "深入贯彻中央八项规定精神学习教育"),
            ("2025", "三", "2025-09-15", "2025-11-03", "习近平总书记关于机关党建的重要论述"),
            ("2025", "四", "2025-12-15", None, "学习贯彻党的二十届四中全会精神"),
            ("2026", "一", "2026-03-16", None, "学习“十五五”规划纲要"),
            ("2026", "二", "2026-06-15", None, "纪念建党105周年专题学习")):
        it = through(r.submit("03", f"{y}年第{q}季度理论学习计划及落实情况",
                              f"{y}年第{q}季度中心党组理论学习中心组集体学习4次，主题为{topic}；"
                              "各党支部开展“三会一课”集中学习28次，党员参学率96%。", on), channel="简报")
        if arch:
            it.archive("理论学习档案", after=arch)
    # 04 党费（每半年）
    for h, on in (("2025年上半年", "2025-06-30"), ("2025年下半年", "2025-12-29"),
                  ("2026年上半年", "2026-06-29")):
        through(r.submit("04", f"{h}党费收缴、使用及管理情况",
                         f"{h}中心11个党支部党费按月足额收缴，全额上缴省委机关工委；"
                         "使用返还党费开展党员教育培训3期，慰问生活困难党员12名。", on), channel="会议")
    # 05 先进评选表彰（对特定对象公开）
    it = r.submit("05", "关于推荐2025年度省直机关优秀共产党员人选的公示",
                  "经各党支部推荐、机关党委审核，拟推荐3名同志为省直机关优秀共产党员人选，公示期5个工作日。"
                  "（原稿附推荐人选的身份证号码和手机号码）", "2025-06-09")
    it.review("保密审查", "部分公开", exemption="个人隐私", removed="删去推荐人选的身份证号码和手机号码")
    through(it, channel="文件", archive="表彰奖励档案")
    it = r.submit("05", "2026年“两优一先”推荐对象公示",
                  "拟推荐先进基层党组织1个、优秀共产党员4名、优秀党务工作者2名。", "2026-06-08")
    it.review("保密审查")
    it.risk("中", "可公开", findings={"合理性": "推荐名额少于报名人数，未入选同志可能有意见"},
            measures="公示前由各党支部书记逐一与未入选同志谈心谈话，公示期间设意见箱和专线电话")
    through(it, channel="文件")
    # 06 班子分工（向社会公开）
    through(r.submit("06", "中心领导班子成员工作分工",
                     "主任罗振华主持中心全面工作；副主任高俊峰分管机关党建、人事；副主任孙卫东分管资产管理、"
                     "公务用车；副主任刘敏分管后勤服务、节能管理。", "2025-03-03"),
            channel="中心网站", feedback=("社会公众建议公布各分管处室联系电话", "已在中心网站“机构职能”栏目公布"))
    # 07 干部轮岗（党内）：提请审定后可以公开；另一项被退回
    it = r.submit("07", "2025年度处级干部轮岗交流情况",
                  "根据干部交流轮岗规定，2025年度中心交流轮岗处级干部6名，涉及资产、财务等重点岗位。", "2025-09-08")
    it.review("保密审查", "提请审定", referred_to="省委机关工委组织部",
              opinion="涉及干部人事信息，公开范围需上级审定")
    it.review("保密审查", "可以公开", opinion="经省委机关工委组织部审定，可在党内公开", after=8)
    through(it, channel="文件", archive="干部人事档案")
    it = r.submit("07", "关于2名干部试用期满考核情况的通报",
                  "2名同志试用期满，经考核均为称职。", "2026-11-02")
    it.review("保密审查").risk("低", "可公开").review("审核")
    it.review("审批", "不同意", opinion="通报未写明考核程序和民主测评结果，请人事处补充后重新报送")
    # 08 为民办实事（向社会公开）
    through(r.submit("08", "2025年机关食堂服务提升为民办实事项目",
                     "新增早餐品种10个，开设夜间加班餐窗口，推行“光盘行动”积分奖励。", "2025-04-14"),
            channel="中心网站", feedback=("干部职工建议增加少数民族餐窗口", "已于6月开设清真窗口"),
            archive="为民办实事档案")
    it = r.submit("08", "机关幼儿园2026年秋季学位分配方案",
                  "机关幼儿园2026年秋季计划招生90名，按工龄、双职工等因素积分排序分配学位。", "2026-05-11")
    it.review("保密审查").risk("高", "暂缓公开", findings={
        "合理性": "积分办法未征求干部职工意见，部分因素设置存在争议",
        "可控性": "报名人数远超学位数，直接公开可能引发集中投诉"})  # 暂缓：须调整方案后重新评估
    through(r.submit("08", "2026年办公区充电桩建设进展",
                     "已在4个办公区建成新能源汽车充电桩48个，预约使用。", "2026-09-07"), channel="中心网站")
    # 09 党风廉政建设（每年）
    through(r.submit("09", "2025年度党风廉政建设工作情况",
                     "全年开展廉政教育6次，签订党风廉政建设责任书32份，开展政府采购、"
                     "公务用车等重点领域专项检查3次，发现问题9个，已全部整改。", "2025-12-08"), channel="简报")
    # 10 其他：保密审查不予公开；主动决定不公开；不公开后归档
    it = r.submit("10", "关于某处室违规使用公务用车问题的处理情况",
                  "经核查，某处室1名干部违规私用公务车辆，已给予批评教育并责令作出书面检查。", "2026-04-20")
    it.review("保密审查", "不予公开", exemption="个人隐私", opinion="涉及个人处理信息，不宜公开")
    it = r.submit("10", "关于机关党委委员补选候选人预备人选的情况说明",
                  "机关党委委员出缺1名，拟补选候选人预备人选2名。", "2026-08-17")
    it.review("保密审查").risk("低", "可公开")
    it.withhold("上级党组织批复暂缓补选，候选人预备人选情况公开后可能造成误解",
                "机关党务公开规范 4、6 f)；省委机关工委批复", ruling="中心党组会议研究同意暂不公开", after=2,
                by="高俊峰")
    it = r.submit("10", "关于一起信访举报核查情况的报告",
                  "对群众反映的物业服务合同问题开展核查，相关情况已向举报人反馈。", "2025-10-20")
    it.review("保密审查", "不予公开", exemption="个人隐私", opinion="涉及举报人信息")
    it.withhold("涉及举报人个人信息，公开可能导致举报人受到打击报复", "信访工作条例第三十一条",
                after=1).archive("信访举报档案")
    # 目录外
    through(r.submit(None, "关于组织党员干部参加无偿献血活动的倡议",
                     "响应省直机关工委倡议，组织党员干部于8月参加无偿献血。", "2025-07-28", scope="党内公开",
                     channels=("会议",), department="机关党委", reason="省直机关工委临时部署的活动，目录未列"),
            archive="党员活动档案")
    # 尚在办理
    r.submit("01", "关于开展2026年度党支部书记抓党建述职评议考核的通知",
             "定于12月中旬召开述职评议会，各党支部书记现场述职，党员代表测评。", "2026-11-17")
    r.submit("05", "2026年度优秀党务工作者推荐人选公示",
             "经推荐，拟确定2名同志为优秀党务工作者推荐人选。", "2026-11-19")
    r.submit("03", "2026年第四季度理论学习安排", "安排集体学习3次，专题研讨1次。",
             "2026-11-09").review("保密审查").risk("低", "可公开")  # 审核中
    it = r.submit("08", "机关办公区停车位调配方案", "优化办公区停车位分配，新增访客车位20个。", "2026-11-05")
    it.review("保密审查")  # 审核中：待风险评估
    it = r.submit("06", "中心机构设置和联系方式", "中心内设办公室、资产管理处、后勤服务处等9个处室。",
                  "2026-11-02")
    it.approve(opinions=party)  # 已审批，待公开

    # ---- 舆情和应急（规范 6 i)–k)）：一年的记录，按小时计时；最后一起至今未回应（dwgk overdue 可见）
    opinions_year(r, "罗振华", [
        ("2026-03-09 09:00", "舆情", "本地论坛", "反映机关食堂价格上涨", "", "办公室", [
            ("assess", 45, "罗振华", "--value", "有回应价值", "--level", "一般", "--plan", "说明价格调整依据"),
            ("respond", 22 * 60, "", "--channel", "中心网站", "--text", "公布食堂成本构成和价格调整依据"),
            ("close", 4 * 24 * 60, "罗振华", "--outcome", "职工认可", "--held", "是")]),
        ("2026-05-01 10:00", "舆情", "微信群截图", "反映公务用车节假日私用", "", "机关纪委", [
            ("assess", 2 * 60, "罗振华", "--value", "有回应价值", "--level", "较大", "--plan", "调取派车记录核查"),
            ("report", 2 * 60 + 10, "", "--to", "机关党委"),
            ("respond", 71 * 60, "", "--channel", "中心网站", "--text", "公布核查结果：系执行应急保障任务（劳动节假期后才发布，超时）"),
            ("close", 7 * 24 * 60, "罗振华", "--outcome", "核查属实为公务，舆情平息", "--held", "是")]),
        ("2026-08-12 14:00", "应急", "值班报告", "办公楼电梯故障困人，已救出", "较大", "办公室", [
            ("report", 15, "", "--to", "中心党组"),
            ("respond", 2 * 60, "", "--channel", "中心网站", "--text", "首发：被困人员均已安全救出"),
            ("respond", 6 * 60, "", "--channel", "中心网站", "--text", "续报：全部电梯停运检修"),
            ("close", 3 * 24 * 60, "罗振华", "--outcome", "检修完毕恢复运行", "--held", "是")]),
        ("2026-10-20 11:00", "舆情", "微博", "网传中心干部选拔“内定”", "", "人事处", [
            ("assess", 30, "罗振华", "--value", "有回应价值", "--level", "重大", "--plan", "公布选拔程序和结果，必要时召开新闻发布会"),
            ("report", 30, "", "--to", "中心党组"),
            ("respond", 4 * 60, "", "--channel", "中心网站", "--text", "公布选拔程序、考察和公示情况"),
            ("respond", 28 * 60, "罗振华", "--channel", "新闻发布会", "--text", "通报干部选拔全过程（超过24小时）"),
            ("close", 9 * 24 * 60, "罗振华", "--outcome", "传言澄清", "--held", "是")]),
        ("2026-11-18 09:00", "舆情", "抖音", "质疑中心办公用房装修超标", "", "办公室", [
            ("assess", 90, "罗振华", "--value", "有回应价值", "--level", "一般", "--plan", "核实装修预算后说明")]),
    ])
    return r


# J2 重大问题决策 is a 党内公开 entry: a decision that concerns the public goes wider, with reason
WIDER = "事关全区科技创新和企业切身利益，经局党组研究，在党内公开后向社会公开"


def shidian() -> Register:
    """s004_shidian: 保密审查 → 审核（局党组集体）[→ 上报审核（重大）]，重大事项预公开，先党内后党外."""
    r = Register(
        "shidian", profile="s004_shidian", org="青山区科学技术局", code="55231684-3",
        start="2025-01-02",
        people={"保密审查": "黄丽", "审核": "曹文斌", "上报审核": "潘建华"},
        proposers={"局办公室": "林芳", "组织科": "钱伟", "科技科": "何晨", "纪检组": "宋敏"},
        office="林芳")
    r.panel = ("曹文斌", "韩立新", "宋敏")  # 局党组
    r.init()
    r.roster()
    party = {"审核": "经局党组会议集体审核，同意公开", "上报审核": "经区党务公开领导小组审核，同意公开"}

    def approve(it):
        return it.approve(opinions=party)

    def public(it, inner="会议传达", outer="宣传单"):
        """先党内、后党外."""
        it.publish(inner, scope="党内公开")
        it.publish(outer, scope="向社会公开", after=2)
        return it

    # J1 班子分工（向社会公开，先党内后党外）；公开后更正
    it = approve(r.submit("J1", "局领导班子成员基本情况和工作分工",
                          "局长曹文斌主持全面工作，联系青山街道；副局长韩立新分管科技计划、成果转化，"
                          "联系东湖产业园；纪检组长宋敏负责纪检监察工作，联系科技企业孵化器。", "2025-02-24"))
    public(it)
    it.correct("公开后发现副局长基层联系点有误（应为西湖产业园），立即更正",
               content="局长曹文斌主持全面工作，联系青山街道；副局长韩立新分管科技计划、成果转化，"
                       "联系西湖产业园；纪检组长宋敏负责纪检监察工作，联系科技企业孵化器。", after=5)
    public(approve(it)).feedback("党员群众询问联系点调整情况", "已说明为更正失实信息，联系点未调整", published=True)
    # J2 重大问题决策（党内）
    approve(r.submit("J2", "关于2025年度区级科技计划项目立项的决定",
                     "经局党组会议研究，决定对“智能农机装备关键部件研发”等26个项目予以立项，"
                     "支持资金共计860万元。", "2025-04-21")).publish("会议传达").archive("科技计划档案")
    # 重大事项：上报审核 → 预公开 → 先党内后党外
    it = r.submit("J2", "青山区科技创新三年行动计划（2026—2028年）",
                  "到2028年，全区研发经费投入强度达到3%，高新技术企业达到200家，"
                  "建成省级以上创新平台15个；实施创新主体培育、平台建设、人才引育等六大行动。",
                  "2025-09-01", scope="向社会公开", channels=("会议传达", "局域网党务公开专栏", "宣传单"), major=True,
                  reason=WIDER)
    approve(it)
    it.prepublish("局域网党务公开专栏", days=10)
    it.close_prepublish(23, "采纳意见11条：增加科技金融服务内容，调整高新技术企业培育目标的年度分解")
    public(it).feedback("企业建议明确科技金融风险补偿比例", "已在配套细则中明确",
                                                    after=10).archive("重大决策档案", after=20)
    it = r.submit("J2", "关于调整科技创新券使用范围的决定",
                  "拟将科技创新券使用范围扩大到检验检测、知识产权服务和技术转移服务。", "2026-10-26",
                  scope="向社会公开", channels=("局域网党务公开专栏", "宣传单"), major=True, reason=WIDER)
    approve(it).prepublish("局域网党务公开专栏", days=7, after="2026-11-16")  # 预公开中（已审批）
    it = r.submit("J2", "青山区科技企业梯度培育工作方案", "构建“科技型中小企业—高新技术企业—专精特新企业”梯度培育体系。",
                  "2026-11-09", scope="向社会公开", channels=("局域网党务公开专栏", "宣传单"), major=True, reason=WIDER)
    it.approve("上报审核", opinions=party)  # 审核中：待上报区党务公开领导小组审核
    # S1 宣传教育活动（每季度）：按时公开
    for y, q, on in (("2025", "一", "2025-03-20"), ("2025", "二", "2025-06-19"), ("2025", "三", "2025-09-18"),
                     ("2025", "四", "2025-12-18"), ("2026", "一", "2026-03-19"), ("2026", "二", "2026-06-18"),
                     ("2026", "三", "2026-09-17")):
        approve(r.submit("S1", f"{y}年第{q}季度宣传教育活动落实情况",
                         f"{y}年第{q}季度开展“科技工作者日”主题宣传、党员先锋岗评比等宣传教育活动3项，"
                         "参与党员42人次。", on)).publish("动态简报")
    # Z1 党费（每半年）：2026 年上半年未公开（逾期）
    for h, on, arch in (("2025年上半年", "2025-06-30", "2025-09-15"), ("2025年下半年", "2025-12-22", None)):
        it = approve(r.submit("Z1", f"{h}党费收缴、管理和使用情况",
                              f"{h}局机关党支部应缴党费全部按时足额收缴，上缴区直机关工委；"
                              "使用返还党费购买学习资料。", on)).publish("会议传达")
        if arch:
            it.archive("党费管理档案", after=arch)
    # Z2 干部选拔任用：部分公开；退回
    it = r.submit("Z2", "关于拟提任科级干部的任前公示",
                  "拟提任钱伟同志为组织科科长，公示期5个工作日。（原稿附干部本人家庭住址和联系电话）", "2025-08-11")
    it.review("保密审查", "部分公开", exemption="个人隐私", removed="删去干部本人家庭住址和联系电话")
    approve(it).publish("文件").archive("干部人事档案")
    it = r.submit("Z2", "2025年度干部考核评议结果", "局机关干部年度考核优秀4名、称职21名。", "2026-01-19")
    it.review("保密审查").review("审核", "不同意", opinion="考核结果须经局党组会议确定优秀等次后再公开，请修改后重新报送")
    # F1 廉洁自律（每年）
    approve(r.submit("F1", "2025年度局领导干部述职述廉情况",
                     "局领导班子成员4人在年度民主生活会上述职述廉，民主测评满意率98%。", "2026-01-05")
            ).publish("会议传达")
    # D1 议事规则（向社会公开，先党内后党外）
    public(approve(r.submit("D1", "局领导班子议事规则和民主决策制度",
                            "“三重一大”事项由局党组会议集体决策，会前征求意见、会上充分讨论、会后跟踪督办。",
                            "2025-03-17"))).feedback("建议公开会议决策事项清单", "已纳入2026年党务公开目录调整计划")
    # R1 为民办实事
    public(approve(r.submit("R1", "2025年科技特派员下乡服务为民办实事",
                            "选派科技特派员18名，服务农业合作社36家，推广新品种、新技术21项。", "2025-05-19")),
           outer="宣传单").archive("为民办实事档案")
    # Q1 其它：提请审定、不予公开、决定不公开
    r.submit("Q1", "关于上级巡察反馈意见整改落实情况的通报",
             "对巡察反馈的5个方面问题逐项整改，已完成整改18项。", "2026-10-19"
             ).review("保密审查", "提请审定", referred_to="区委保密办", opinion="涉及巡察具体问题，能否公开需区委保密办审定")
    r.submit("Q1", "关于科研项目经费审计发现问题的处理情况",
             "审计发现个别项目承担单位经费使用不规范，已责令整改并追回资金。", "2026-06-15"
             ).review("保密审查", "不予公开", exemption="商业秘密", opinion="涉及项目承担单位商业信息")
    it = r.submit("Q1", "党员反映的办公用房调整意见及处理情况", "党员反映部分科室办公用房紧张，拟调整。", "2026-09-14")
    it.review("保密审查").withhold("办公用房调整方案尚未经区机关事务局批准，提前公开可能引起误解",
                                 "科技局党务公开试点工作方案 二、1", ruling="局党组会议研究同意暂不公开", after=3)
    # 尚在办理
    r.submit("R1", "2026年冬季科技下乡活动安排", "12月组织科技特派员开展冬季科技下乡服务。", "2026-11-18")
    r.submit("Q1", "关于开展党员冬训工作的安排", "冬训分集中学习、专题研讨、实践活动三个阶段。", "2026-11-19")
    approve(r.submit("S1", "2026年第四季度宣传教育活动计划", "安排宪法宣传周、科普进社区等活动。",
                     "2026-11-10"))  # 已审批，待公开
    r.submit("Z2", "关于2名干部试用期满转正的公示", "2名同志试用期满，经考核合格，拟予转正。",
             "2026-11-12").review("保密审查")  # 审核中
    return r


def gaoxinqu() -> Register:
    """s003_gaoxinqu: 保密审查（党政办）→ 审核（领导小组办公室）→ 审批（委主要领导）；先党内后党外."""
    r = Register(
        "gaoxinqu", profile="s003_gaoxinqu", org="南洲高新技术产业开发区管理委员会",
        code="11460100MB1F23456A", start="2025-01-02",
        people={"保密审查": "林小燕", "审核": "黄志明", "审批": "符海涛"},
        proposers={"党政办": "王晓丽", "组织人事部": "陈志远", "规划建设部": "吴海波",
                   "企业服务部": "李娜", "纪工委": "郑强"},
        office="王晓丽", handlers={"党政办": "王晓丽", "企业服务部": "李娜", "规划建设部": "吴海波"},
        approver="林小燕", signer="黄志明",
        settings=office_settings("南洲市", "南高管信", "nz", "南洲市人民政府", "南洲市中心区人民法院",
                                 "南洲高新区管委会党政办", "南洲高新区创新大道1号", "0898-6610001"))
    r.init()
    r.roster()
    # 1A/1B 领导班子（长期），1B 公开后更正
    r.submit("1A", "南洲高新区党工委、管委会领导班子工作职责",
             "党工委统筹园区党的建设和经济社会发展；管委会负责园区规划建设、招商引资、企业服务和行政审批。",
             "2025-01-13", attribute="主动公开").through(channel="高新区门户网站")
    it = r.submit("1B", "党工委、管委会领导工作分工",
                  "党工委书记符海涛主持全面工作；管委会副主任黄志明分管党政办、企业服务部；"
                  "副主任吴海波分管规划建设部、生态环境。", "2025-01-20", attribute="主动公开")
    it.through(channel="高新区门户网站")
    it.correct("公开后发现副主任分管部门表述有误（吴海波同志不分管生态环境工作），立即更正",
               content="党工委书记符海涛主持全面工作；管委会副主任黄志明分管党政办、企业服务部；"
                       "副主任吴海波分管规划建设部。", after=3)
    it.through(channel="高新区门户网站", feedback=("群众询问生态环境工作由谁负责", "已答复：由区生态环境分局负责",
                                                  ))
    r.submit("1C", "委领导班子议事规则", "党工委会议每月召开1次，讨论决定“三重一大”事项，实行票决制。",
             "2025-02-10").through(channel="文件", archive="党建档案")
    # 2A 年度目标（每年）
    for y, on, arch in (("2025", "2025-02-17", "2025-12-15"), ("2026", "2026-02-23", None)):
        it = r.submit("2A", f"南洲高新区{y}年工作目标和阶段工作重点",
                      f"{y}年园区目标：规上工业产值增长12%，新增高新技术企业40家，"
                      "实际利用外资1.5亿美元；一季度抓项目开工，二季度抓招商签约，下半年抓达产达效。",
                      on, attribute="主动公开")
        it.through(channel="高新区门户网站")
        if arch:
            it.archive("年度工作档案", after=arch)
    # 2C 重大决策：先党内、后党外
    it = r.submit("2C", "关于高新区产业用地弹性年期出让的决定",
                  "工业用地出让年期由50年调整为20年弹性出让，期满评估达标的可续期。", "2025-05-12",
                  first_inner=True, attribute="主动公开")
    it.approve().publish("会议", scope="党内公开").publish("高新区门户网站", scope="向社会公开", after=3)
    it.feedback("企业询问存量用地是否适用", "已答复：仅适用于新出让用地，并在门户网站发布政策问答", published=True)
    it = r.submit("2C", "关于设立高新区科技成果转化基金的决定",
                  "设立规模2亿元的科技成果转化基金，管委会出资30%。", "2026-11-02", first_inner=True,
                  attribute="主动公开")
    it.approve().publish("会议", scope="党内公开")  # 已在党内公开，待向社会公开
    # 3A 中心组理论学习（每季度）：按时公开
    for y, q, on in (("2025", "一", "2025-03-24"), ("2025", "二", "2025-06-23"), ("2025", "三", "2025-09-22"),
                     ("2025", "四", "2025-12-22"), ("2026", "一", "2026-03-23"), ("2026", "二", "2026-06-22"),
                     ("2026", "三", "2026-09-21")):
        r.submit("3A", f"{y}年第{q}季度党工委中心组理论学习落实情况",
                 f"{y}年第{q}季度党工委中心组集体学习3次，开展自贸港政策专题研讨1次。", on
                 ).through(channel="党建活动栏")
    # 4B 干部选拔任用：部分公开
    it = r.submit("4B", "关于拟任职干部的任前公示",
                  "拟任命陈志远同志为组织人事部部长，公示期5个工作日。（原稿附本人身份证号码）", "2025-07-07")
    it.review("保密审查", "部分公开", exemption="个人隐私", removed="删去拟任职干部的身份证号码")
    it.through(channel="会议", archive="干部人事档案")
    # 4F 党费（每半年）：2026 年上半年未公开（逾期）
    for h, on in (("2025年上半年", "2025-06-30"), ("2025年下半年", "2025-12-22")):
        r.submit("4F", f"{h}党费收缴、使用、管理情况", f"{h}党工委所属8个党支部党费足额收缴，使用情况已审计。",
                 on).through(channel="党建活动栏")
    # 5F 投诉受理和违纪案件查处：不予公开后归档；提请审定
    it = r.submit("5F", "关于一起违纪案件查处情况的通报",
                  "对规划建设部1名干部违规插手工程项目问题立案审查，给予党内严重警告处分。", "2025-11-10")
    it.review("保密审查", "不予公开", exemption="个人隐私", opinion="案件当事人个人信息，仅在警示教育会上匿名通报")
    it.withhold("涉及案件当事人个人信息，公开可能侵害其合法权益", "党务公开条例（试行）第十一条；高新区管理办法八（一）",
                after=2).archive("纪检监察档案")
    r.submit("5F", "关于群众举报某企业负责人问题线索的核查情况",
             "经核查，举报反映的问题部分属实，已移交相关部门处理。", "2026-08-24"
             ).review("保密审查", "不予公开", exemption="个人隐私", opinion="涉及举报人和被举报人个人信息")
    r.submit("5F", "2026年上半年投诉受理情况", "受理企业投诉23件，办结21件，2件正在办理。", "2026-10-12"
             ).review("保密审查", "提请审定", referred_to="上级党政务公开工作领导小组办公室",
                      opinion="涉及未办结投诉，公开范围需上级审定")
    # 7B 行政许可办事指南（政务，向社会公开）
    r.submit("7B", "高新区企业投资项目备案办事指南",
             "办理依据、申请材料、办理流程、办理时限（1个工作日）、收费标准（不收费）及咨询电话。",
             "2025-04-07", attribute="主动公开", channels=("高新区门户网站", "政府门户网站")
             ).through(channel="政府门户网站",
                       feedback=("企业建议增加网上办理入口链接", "已在办事指南中增加省政务服务网办理链接"))
    # 7E 财务预算（每年）
    for y, on in (("2025", "2025-02-24"), ("2026", "2026-02-16")):
        r.submit("7E", f"南洲高新区管委会{y}年部门预算及“三公”经费预算",
                 f"{y}年部门预算收入合计3.2亿元；“三公”经费预算68万元，比上年下降5%。", on,
                 attribute="主动公开", doc_date=on).through(channel="高新区门户网站")
    # 8A 建议提案（每年）
    r.submit("8A", "2025年人大代表建议和政协委员提案办理情况",
             "承办建议提案17件，全部按时办结，代表委员满意率100%。", "2025-12-01",
             attribute="主动公开").through(channel="高新区门户网站")
    # 不公开（主动决定）；退回
    it = r.submit(None, "关于某企业安全生产事故调查进展的情况", "事故调查组正在开展调查，初步查明事故原因。",
                  "2026-07-06", scope="向社会公开", channels=("高新区门户网站",), department="企业服务部",
                  reason="社会关注的突发事件信息，目录未列", attribute="不予公开")
    it.review("保密审查").withhold("事故调查尚未结束，调查过程信息属于过程性信息，结论由调查组统一发布",
                                 "政府信息公开条例第十六条第二款", after=2)
    it = r.submit("2C", "关于高新区标准厂房租金调整的决定", "标准厂房租金由每月18元/平方米调整为20元/平方米。",
                  "2026-10-26", attribute="主动公开")
    it.review("保密审查").review("审核")
    it.review("审批", "不同意", opinion="租金调整未开展企业座谈和成本测算，请补充后重新报送")
    # 尚在办理
    r.submit("7B", "高新区建设工程规划许可办事指南（2026年版）", "更新申请材料清单，办理时限压缩至5个工作日。",
             "2026-11-18", attribute="主动公开")
    r.submit("4B", "关于拟任职干部的任前公示（2026年第3批）", "拟任职干部2名，公示期5个工作日。", "2026-11-19")
    r.submit("1A", "党工委、管委会内设机构职责调整", "新设数据产业发展部，承担数字经济产业促进职责。",
             "2026-11-04", attribute="主动公开").review("保密审查")  # 审核中
    r.submit("2A", "高新区2026年第三季度重点工作进展", "重点项目完成投资42亿元，新增高企18家。",
             "2026-11-11", attribute="主动公开").approve()  # 已审批，待公开
    requests_and_messages(r, "南洲市", ("党政办", "企业服务部", "规划建设部"))
    return r


def shikejiju() -> Register:
    """s002_shikejiju: 审核（分管领导）→ 保密审查（拟稿科室）；重大行政决策预公开；政策解读."""
    r = Register(
        "shikejiju", profile="s002_shikejiju", org="宁川市科学技术局", code="01071234-5",
        start="2025-01-02",
        people={"审核": "杨志刚", "保密审查": "张文"},
        proposers={"局办公室": "马晓燕", "规划科": "周明", "高新技术科": "田野", "农村科技科": "苏红"},
        office="马晓燕", handlers={"局办公室": "马晓燕", "规划科": "周明", "高新技术科": "田野", "农村科技科": "苏红"},
        approver="王海", signer="杨志刚",
        # the profile follows the 2008 rules (15 工作日): dwgk supplies no default basis, so cite it
        cite_2019=True, settings=office_settings("宁川市", "宁科信", "nc", "宁川市人民政府", "宁川市沙坡区人民法院",
                                                 "宁川市科学技术局办公室", "宁川市政务服务中心B座6楼", "0955-7012346"))
    r.init()
    r.roster()
    web = "市政府门户网站"

    # 01 机构职能（长期）：2026 年发现联系电话失实，更正
    it = r.submit("01", "宁川市科学技术局机构职能、领导分工及联系方式",
                  "内设局办公室、规划科、高新技术科、农村科技科；局长刘卫东主持全面工作，副局长杨志刚分管"
                  "规划科、高新技术科。办公地址：宁川市政务服务中心B座6楼，咨询电话0955-7012345。",
                  "2025-01-13", attribute="主动公开")
    it.through(channel=web)
    it.correct("咨询电话有误（应为0955-7012346），群众反映无法接通，立即更正",
               content="内设局办公室、规划科、高新技术科、农村科技科；局长刘卫东主持全面工作，副局长杨志刚分管"
                       "规划科、高新技术科。办公地址：宁川市政务服务中心B座6楼，咨询电话0955-7012346。",
               after="2026-03-02")
    it.through(channel=web, feedback=("群众反映电话已能接通", "无需处理"))

    # 02/03 规范性文件及政策解读
    def document(title, number, doc_date, content, on, interp, interp_content, pub_after=1, arch=None,
                 entry="02"):
        doc = r.submit(entry, title, content, on, attribute="主动公开", doc_number=number, doc_date=doc_date)
        doc.approve(after=1)
        doc.publish(web, after=max(plus(doc.d, pub_after), workday(doc_date)).isoformat())
        exp = None
        if interp:
            exp = r.submit("03", f"《{title}》政策解读", interp_content, doc.d.isoformat(), attribute="主动公开",
                           interprets=doc)
            exp.approve(after=0).publish(web, after=0)
        if arch:
            doc.archive("规范性文件档案", after=arch)
        return doc, exp

    doc, exp = document(
        "宁川市科技创新券管理实施办法", "宁科规发〔2025〕1号", "2025-03-10",
        "科技创新券面向本市科技型中小企业和创业团队发放，用于购买研发设计、检验检测、技术转移等科技服务，"
        "单个企业年度额度不超过20万元。本办法自2025年4月1日起施行，有效期5年。", "2025-03-05",
        True, "一、制定背景：落实市委关于降低企业创新成本的部署。二、主要内容：明确申领对象、使用范围、"
        "兑付流程。三、新旧政策差异：额度由10万元提高到20万元，增加检验检测服务。", arch="2025-06-02")
    exp.feedback("企业咨询创新券能否用于购买软件", "已答复：可用于研发设计服务，不含通用软件采购")
    document("宁川市科技企业孵化器认定和管理办法", "宁科规发〔2025〕2号", "2025-06-16",
             "明确市级孵化器认定条件（孵化场地不少于3000平方米、在孵企业不少于30家等）、"
             "年度评价和动态管理办法。", "2025-06-10", True,
             "解读认定条件、评价指标和奖补标准，说明与省级孵化器认定的衔接。")
    document("关于废止《宁川市科技特派员管理暂行办法》的通知", "宁科发〔2025〕56号", "2025-09-22",
             "《宁川市科技特派员管理暂行办法》（宁科发〔2016〕21号）自即日起废止，"
             "科技特派员管理按自治区新出台的办法执行。", "2025-09-17", False, "")
    doc, exp = document(
        "宁川市科技计划项目管理办法（2026年修订）", "宁科规发〔2026〕1号", "2026-04-13",
        "规范市级科技计划项目的申报、立项、实施、验收和绩效评价，实行项目负责人信用承诺制。", "2026-04-08",
        True, "修订要点：取消项目申报推荐环节；验收由专家会议改为分类验收；增加科研诚信要求。")
    exp.feedback("高校科研人员询问横向项目是否适用", "已答复：本办法仅适用于市级财政资金支持的项目",
                 published=True)

    # 04 年度工作计划和总结（每年）；05 预算决算（每年）
    for y, on in (("2025", "2025-02-10"), ("2026", "2026-02-09")):
        r.submit("04", f"宁川市科学技术局{int(y) - 1}年工作总结和{y}年工作计划",
                 f"{int(y) - 1}年全市研发经费投入增长15.2%，新认定高新技术企业38家；{y}年重点实施"
                 "科技型企业倍增、创新平台提质、科技成果转化三项行动。", on, attribute="主动公开"
                 ).through(channel=web)
        r.submit("05", f"宁川市科学技术局{y}年部门预算", f"{y}年部门预算支出合计4860万元，其中科学技术支出4210万元，"
                 "“三公”经费预算12.6万元。", on, attribute="主动公开").through(channel=web)
    r.submit("05", "宁川市科学技术局2024年部门决算", "2024年决算支出合计4523万元，“三公”经费支出11.8万元。",
             "2025-08-18", attribute="主动公开").through(channel=web, archive="财务档案")

    # 06 行政执法信息
    r.submit("06", "2025年度宁川市科技型中小企业评价入库名单（第一批）",
             "经企业自评、市级审核，共有126家企业入库。", "2025-05-19", attribute="主动公开"
             ).through(channel=web, archive="行政执法档案")
    it = r.submit("06", "关于撤销3家企业高新技术企业资格的公告",
                  "经复核，3家企业不再符合高新技术企业认定条件，依法撤销其资格并追缴已享受的税收优惠。"
                  "（原稿附企业研发费用明细）", "2025-10-13", attribute="主动公开")
    it.review("审核").review("保密审查", "部分公开", exemption="商业秘密", removed="删去企业研发费用明细")
    it.publish(web, after=1)

    # 07 重大行政决策：预公开（2025 年完成，2026 年一项正在预公开）
    it = r.submit("07", "宁川市促进科技成果转化若干措施",
                  "提出支持高校院所科技成果在宁转化、技术经理人培育、中试基地建设等12条措施，"
                  "市财政每年安排成果转化专项资金2000万元。", "2025-08-25", attribute="主动公开", major=True)
    it.approve().prepublish(web, days=10)
    it.close_prepublish(31, "采纳意见14条：提高技术合同登记奖补比例，将中试基地建设补助上限由300万元调整为500万元")
    decision = (it.id, plus(it.d, 1))  # decided by the 局党组会议 the next 工作日 (notice: see the end)
    it.publish(web, after=2).feedback("企业建议明确申报时间", "已在实施细则中明确每年3月、9月集中申报", after=10)
    it.archive("重大行政决策档案", after=15)
    it = r.submit("07", "宁川市“十五五”科技创新发展规划（征求意见稿）",
                  "提出到2030年全社会研发经费投入强度达到2.5%等目标，部署六大重点任务。",
                  "2026-11-09", attribute="主动公开", major=True)
    it.approve().prepublish(web, days=7, after="2026-11-16")  # 预公开中
    # 08 主要业务工作进展（每季度）：2026 年第三季度未公开（逾期）
    for y, q, on in (("2025", "一", "2025-04-01"), ("2025", "二", "2025-07-01"), ("2025", "三", "2025-10-09"),
                     ("2025", "四", "2025-12-29"), ("2026", "一", "2026-03-30"), ("2026", "二", "2026-06-29")):
        r.submit("08", f"{y}年第{q}季度农村科技工作进展",
                 f"{y}年第{q}季度推广农业新品种新技术12项，开展科技特派员服务活动46场次，培训农民1300人次。",
                 on, attribute="主动公开").through(channel=web)
    # 09 建议提案（每年）
    r.submit("09", "2025年市人大代表建议和政协委员提案办理结果",
             "承办建议提案11件，其中主办7件、协办4件，均已按时办结答复。", "2025-11-24", attribute="主动公开"
             ).through(channel=web)

    # 不公开：依申请公开、不予公开；保密审查不予公开；提请审定；退回
    it = r.submit("02", "2025年度市级科技计划项目专家评审意见汇总",
                  "汇总45个申报项目的专家评审意见和评分。", "2025-07-14", attribute="依申请公开")
    it.review("审核").review("保密审查")
    it.withhold("专家评审意见属于过程性信息，拟定为依申请公开，不主动公开",
                "政府信息公开条例第十六条第二款；本局政务信息公开制度第四条", after=1)
    it = r.submit(None, "关于做好涉密科研项目验收工作的通知", "部署涉密科研项目验收的组织形式和保密措施。",
                  "2025-11-17", scope="对特定对象公开", channels=("书面告知",), department="高新技术科",
                  reason="涉密项目管理文件，目录未列", attribute="不予公开", doc_number="宁科发〔2025〕88号",
                  doc_date="2025-11-14")
    it.review("审核").review("保密审查", "不予公开", exemption="国家秘密", opinion="文件标注秘密级")
    it.withhold("文件属于国家秘密", "保守国家秘密法第二条；本局政务信息公开制度第九条", after=1)
    it.archive("涉密文件档案", after=3)
    r.submit("06", "2026年科技型企业研发投入统计明细", "列示全市412家科技型企业研发投入明细。",
             "2026-06-08", attribute="主动公开").review("审核").review(
        "保密审查", "不予公开", exemption="商业秘密", opinion="企业研发投入明细属于企业商业秘密，只公开汇总数据")
    r.submit("07", "市重点研发计划项目立项清单（含国防科技协同项目）",
             "2026年市重点研发计划立项项目28项，其中国防科技协同项目3项。", "2026-09-21", attribute="主动公开"
             ).review("审核").review("保密审查", "提请审定", referred_to="市国家保密局",
                                    opinion="国防科技协同项目信息能否公开本局无法确定")
    r.submit("02", "宁川市科技成果转化奖励办法（送审稿）", "对科技成果转化成效显著的单位和个人给予奖励。",
             "2026-10-26", attribute="主动公开", doc_number="宁科规发〔2026〕2号", doc_date="2026-10-23"
             ).review("审核", "不同意", opinion="奖励标准须先征求市财政局意见，并履行合法性审核程序")
    # 尚在办理
    r.submit("08", "2026年第三季度农村科技工作进展", "推广新技术9项，开展科技特派员服务活动38场次。",
             "2026-11-16", attribute="主动公开")  # 已提出（该季度公开已逾期）
    r.submit("06", "2026年度宁川市科技型中小企业评价入库名单（第三批）", "入库企业58家。", "2026-11-19",
             attribute="主动公开")
    r.submit("04", "宁川市科学技术局2026年科技活动周工作总结", "举办科普活动62场，参与群众3.2万人次。",
             "2026-11-09", attribute="主动公开").review("审核")  # 审核中：待保密审查
    r.submit("05", "宁川市科学技术局2025年部门决算", "2025年决算支出合计4791万元。", "2026-11-10",
             attribute="主动公开").approve()  # 已审批，待公开
    requests_and_messages(r, "宁川市", ("局办公室", "农村科技科", "规划科"))

    # Records beside the procedure, made last so that the IDs above stay as they are; each
    # command's --date puts it in its place in the items' histories.
    item_id, day = decision
    r.cli("meeting", item_id, "--on", day, "--name", "局党组会议", "--by", r.office,
          on=CAL.workdays_before(day, 2))  # 第三十条（三）：至少提前 2 个工作日通知
    rereview_all(r, "2026-03-16")
    transfers(r, "2025-01")

    # ---- 第十章 舆情引导和回应：一年的记录，按小时计时（每一起都报告局政务公开工作领导小组）
    opinions_year(r, "刘卫东", [
        ("2026-01-10 19:00", "舆情", "微博", "网传科技特派员补助被冒领", "", "农村科技科", [
            ("assess", 40, "刘卫东", "--value", "有回应价值", "--level", "较大", "--plan", "核查发放台账，与财政局统一口径"),
            ("report", 40, "", "--to", "局政务公开工作领导小组"),
            ("report", 60, "", "--to", "市网信办"),
            ("coordinate", 20 * 60, "", "--unit", "市财政局", "--statement", "补助资金按季度直达个人账户，未发现冒领"),
            ("respond", 40 * 60, "", "--channel", "局政务微博", "--text", "公布核查结果和补助发放流程"),
            ("close", 6 * 24 * 60, "刘卫东", "--outcome", "谣言澄清", "--held", "是")]),
        ("2026-04-30 17:30", "舆情", "市民热线转办", "质疑高新技术企业认定收取咨询费", "", "高新技术科", [
            ("assess", 60, "刘卫东", "--value", "有回应价值", "--level", "一般", "--plan", "说明认定不收费，提醒防范中介"),
            ("report", 70, "", "--to", "局政务公开工作领导小组"),
            ("respond", 64 * 60 + 30, "", "--channel", "市政府门户网站", "--text", "声明认定工作不收取任何费用（劳动节假期中超时发布）"),
            ("close", 7 * 24 * 60, "刘卫东", "--outcome", "已提醒企业防范中介", "--held", "是")]),
        ("2026-06-19 07:00", "应急", "科技馆值班报告", "科技馆展品倒塌致两名游客轻伤", "重大", "规划科", [
            ("report", 15, "", "--to", "局政务公开工作领导小组"),
            ("report", 20, "", "--to", "公安局"),
            ("respond", 4 * 60, "", "--channel", "局政务微博", "--text", "首发：伤者已送医，无生命危险，展区关闭"),
            ("respond", 23 * 60, "刘卫东", "--channel", "新闻发布会", "--text", "通报事故原因调查和安全整改措施"),
            ("respond", 30 * 60, "", "--channel", "市政府门户网站", "--text", "续报：全馆展品安全排查进展"),
            ("follow", 4 * 24 * 60, "", "--note", "伤者出院，科技馆恢复开放"),
            ("close", 12 * 24 * 60, "刘卫东", "--outcome", "事件处置完毕", "--held", "是")]),
        ("2026-09-03 10:00", "舆情", "新闻媒体", "报道某科技项目资金被挪用", "", "规划科", [
            ("assess", 30, "刘卫东", "--value", "有回应价值", "--level", "重大", "--plan", "会同财政、审计核查，及时发布"),
            ("report", 40, "", "--to", "局政务公开工作领导小组"),
            ("report", 45, "", "--to", "上级主管部门"),
            ("respond", 9 * 60, "", "--channel", "市政府门户网站", "--text", "公布初步核查情况（超过5小时）"),
            ("close", 15 * 24 * 60, "刘卫东", "--outcome", "审计发现部分资金使用不规范，已整改", "--held", "否")]),
        ("2026-11-20 08:30", "舆情", "微信公众号", "网传市科技局暂停受理科技项目申报", "", "规划科", [
            ("report", 20, "", "--to", "局政务公开工作领导小组")]),
    ])
    return r


def rereview_all(r: Register, on: str) -> None:
    """第五十五条: every 依申请公开 / 不公开 classification of last year reviewed before 31 March."""
    r.cli("rereview", "--all", "--result", "维持", "--opinion", "经复核，不主动公开的理由仍然存在，维持原定属性",
          "--by", r.office, on=workday(on))


def transfers(r: Register, first: str) -> None:
    """第六十一条, as the office does it: electronic texts of what was published go to the
    reading room on the 5th and the 20th (within 20 工作日); paper copies of last month's
    publications, with the 移送明细登记表, on the 5th (before the 10th). A rest day moves
    the batch to the next 工作日."""
    y, m = (int(x) for x in first.split("-"))
    while True:
        for day in (5, 20):
            on = workday(date(y, m, day))
            if on > TODAY:
                return
            if day == 5 and f"{y}-{m:02d}" != first:
                py, pm = (y, m - 1) if m > 1 else (y - 1, 12)
                r.cli("transfer", "--month", f"{py}-{pm:02d}", "--medium", "纸质", "--by", r.office,
                      "--note", f"移送明细登记表（{py}年{pm}月）", on=on)
            r.cli("transfer", "--all", "--medium", "电子", "--by", r.office, on=on)
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)


def national() -> Register:
    """national: 保密审查 → 审核（分管领导）→ 审批（主要负责人）；政府信息公开条例（2019）."""
    r = Register(
        "national", profile="national", org="东林市科学技术局", code="00254311-7", start="2025-01-02",
        overrides={"org_type": "部门"},  # a department of the city government: report by 31 January
        people={"保密审查": "沈红", "审核": "周建军", "审批": "陈立新"},
        proposers={"办公室": "王磊", "政策法规科": "刘芳", "业务科": "赵强", "财务科": "孙丽"},
        office="沈红", handlers={"办公室": "王磊", "政策法规科": "刘芳", "业务科": "赵强", "财务科": "孙丽"},
        approver="王磊", signer="周建军",
        settings=office_settings("东林市", "东科信", "dl", "东林市人民政府", "东林市东城区人民法院",
                                 "东林市科学技术局办公室",
                                 "东林市人民路1号", "0000-8123456"))
    r.init()
    r.roster()
    web = "政府网站"
    r.submit("Z01", "东林市科学技术局机构职能", "负责拟订全市科技发展规划和政策，组织实施科技计划；"
             "内设办公室、政策法规科、业务科、财务科。", "2025-01-13", attribute="主动公开"
             ).through(channel=web)
    # 规范性文件 + 政策解读
    for title, number, dd, on, content, interp in (
            ("东林市科技企业研发费用后补助实施细则", "东科规〔2025〕1号", "2025-03-03", "2025-02-26",
             "对上年度研发费用较上年增长的科技型企业，按增量部分的10%给予后补助，单个企业最高100万元。",
             "解读补助对象、计算方法、申报时间和材料，说明与税收加计扣除政策的关系。"),
            ("东林市新型研发机构认定管理办法", "东科规〔2025〕2号", "2025-07-14", "2025-07-09",
             "明确新型研发机构的认定条件、支持政策和绩效评价，实行动态管理。",
             "解读认定条件（研发人员不少于30人等）和绩效评价结果运用。"),
            ("东林市科技金融风险补偿资金管理办法", "东科规〔2026〕1号", "2026-05-11", "2026-05-06",
             "设立科技金融风险补偿资金池，对合作银行科技贷款损失给予最高40%的补偿。",
             "解读资金池规模、补偿比例、合作银行准入条件。")):
        doc = r.submit("Z02", title, content, on, attribute="主动公开", doc_number=number, doc_date=dd)
        doc.approve().publish(web, after=1)
        exp = r.submit("Z03", f"《{title}》政策解读", interp, doc.d.isoformat(), attribute="主动公开",
                       interprets=doc)
        exp.approve(after=0).publish(web, after=0)
        if on.startswith("2025-0"):
            doc.archive("规范性文件档案", after=10)
    # 年度计划总结、预算决算（每年）
    for y, on in (("2025", "2025-02-17"), ("2026", "2026-02-23")):
        r.submit("Z04", f"东林市科学技术局{int(y) - 1}年工作总结和{y}年工作要点",
                 f"{int(y) - 1}年全市高新技术企业净增52家，技术合同成交额增长21%；{y}年重点推进创新平台建设。",
                 on, attribute="主动公开").through(channel=web)
        r.submit("Z05", f"东林市科学技术局{y}年部门预算", f"{y}年部门预算支出6230万元，“三公”经费预算15万元。",
                 on, attribute="主动公开").through(channel=web)
    r.submit("Z05", "东林市科学技术局2024年部门决算", "2024年决算支出5980万元，“三公”经费支出13.2万元。",
             "2025-08-11", attribute="主动公开").through(channel=web, archive="财务档案")
    # 行政执法
    r.submit("Z06", "2025年度技术合同认定登记情况", "全年认定登记技术合同1862项，成交额48.6亿元。", "2025-12-15",
             attribute="主动公开").through(channel=web)
    it = r.submit("Z06", "关于对2家项目承担单位科研失信行为的处理决定",
                  "经调查核实，2家单位在项目申报中提供虚假材料，取消其3年内项目申报资格。"
                  "（原稿附相关人员姓名和身份证号码）", "2025-09-08", attribute="主动公开")
    it.review("保密审查", "部分公开", exemption="个人隐私", removed="删去相关人员的姓名和身份证号码")
    it.approve().publish(web).archive("行政执法档案", after=10)
    # 重大行政决策（national 方案无预公开；征求意见过程在内容中说明）
    r.submit("Z07", "东林市建设区域科技创新中心实施方案",
             "经公开征求意见（2025年4月1日至30日，收到意见37条，采纳19条）和专家论证、合法性审查，"
             "市政府常务会议审议通过。", "2025-05-19", attribute="主动公开", major=True
             ).through(channel=web, feedback=("市民建议公开意见采纳情况明细", "已在政府网站公开意见采纳情况说明"))
    # 工作进展（每季度）：2025 年四个季度、2026 年前两季按时，2026 年第三季度缺
    for y, q, on in (("2025", "一", "2025-03-31"), ("2025", "二", "2025-06-30"), ("2025", "三", "2025-09-29"),
                     ("2025", "四", "2025-12-29"), ("2026", "一", "2026-03-30"), ("2026", "二", "2026-06-29")):
        r.submit("Z08", f"{y}年第{q}季度科技工作进展", f"{y}年第{q}季度新增科技型中小企业入库187家，"
                 "组织科技成果对接活动5场。", on, attribute="主动公开").through(channel=web)
    # 建议提案（每年）
    r.submit("Z09", "2025年市人大代表建议和政协委员提案办理结果", "承办建议提案14件，全部办结。", "2025-11-17",
             attribute="主动公开").through(channel=web)
    # 更正
    it = r.submit("Z01", "东林市科学技术局领导分工", "局长陈立新主持全面工作；副局长周建军分管政策法规科、业务科。",
                  "2025-04-14", attribute="主动公开")
    it.through(channel=web)
    it.correct("领导分工公开后发现遗漏财务科分管领导，立即更正",
               content="局长陈立新主持全面工作，分管财务科；副局长周建军分管政策法规科、业务科。", after=2)
    it.through(channel=web)
    # 不公开、提请审定、退回
    r.submit("Z06", "2026年科研项目财务审计发现问题明细", "列示12个项目财务审计发现的问题及涉及金额。",
             "2026-06-15", attribute="主动公开").review("保密审查", "不予公开", exemption="商业秘密",
                                                      opinion="涉及项目承担单位财务信息，只公开审计结果汇总")
    it = r.submit("Z07", "东林市科技创新重大项目储备库名单", "储备重大科技项目42个，含总投资和合作方信息。",
                  "2026-08-10", attribute="依申请公开")
    it.review("保密审查").withhold("储备库项目尚未决策，属于过程性信息，公开可能影响招商谈判",
                                 "政府信息公开条例第十六条第二款", after=2)
    it = r.submit("Z06", "关于某企业骗取科技补助资金案件的通报", "某企业以虚假发票骗取研发费用补助资金，已移送公安机关。",
                  "2025-10-20", attribute="不予公开")
    it.review("保密审查", "不予公开", exemption="三安全一稳定", opinion="案件正在侦查，公开可能妨碍侦查")
    it.withhold("案件正在侦查中，公开可能危及社会稳定、妨碍侦查", "政府信息公开条例第十四条", after=1).archive("执法档案")
    r.submit("Z08", "军民科技协同创新项目进展", "军民协同项目6项进展情况。", "2026-09-14",
             attribute="主动公开").review("保密审查", "提请审定", referred_to="市国家保密局",
                                         opinion="涉及国防科技信息，能否公开需保密行政管理部门审定")
    r.submit("Z02", "东林市科技人才公寓管理办法（送审稿）", "明确人才公寓的申请条件、租金标准和退出机制。",
             "2026-10-12", attribute="主动公开", doc_number="东科规〔2026〕2号", doc_date="2026-10-09"
             ).review("保密审查").review("审核").review("审批", "不同意",
                                                       opinion="租金标准未经价格主管部门审核，请补充后重新报送")
    # 尚在办理
    r.submit("Z08", "2026年第三季度科技工作进展", "新增科技型中小企业入库163家。", "2026-11-17", attribute="主动公开")
    r.submit("Z06", "2026年度技术合同认定登记情况（1—10月）", "认定登记技术合同1540项。", "2026-11-19",
             attribute="主动公开")
    r.submit("Z09", "2026年市人大代表建议和政协委员提案办理结果", "承办建议提案16件，已办结15件。", "2026-11-09",
             attribute="主动公开").review("保密审查")  # 审核中
    r.submit("Z05", "东林市科学技术局2025年部门决算", "2025年决算支出6105万元。", "2026-11-02",
             attribute="主动公开").approve()  # 已审批，待公开
    requests_and_messages(r, "东林市", ("办公室", "业务科", "政策法规科"))
    # not answered within 20 工作日: shows in dwgk overdue
    request(r, "2026-10-15", "网络", "邓某", "自然人", "2026年科技成果转化专项资金拟支持项目名单", "业务科")
    rereview_all(r, "2026-03-16")  # last: keeps the IDs above as they are
    return r


REGISTERS = {f.__name__: f for f in (kejiju, shikejiju, gaoxinqu, jiguan, shidian, national)}


# ---------------------------------------------------------------------------- output

ANNUAL_HEADER = """\
# {year} 年度{what}的登记簿外材料（由办公室填写；表格数字由 dwgk 从登记簿计算）
# published: 报告实际发布日期（dwgk overdue 据此判断年度报告是否按时发布）
"""


def annual_inputs(r: Register) -> None:
    """reports/2025.yaml: the facts an annual report needs that the register does not hold,
    and, for a 政务 report, the 结转下年 figure it published (next year's report checks against it)."""
    gov = r.profile.org_type == "政府"
    what = "党务公开情况通报" if r.profile.kind == "党务" else "政府信息公开工作年度报告"
    published = "2026-03-20" if gov else "2026-01-20"
    text = ANNUAL_HEADER.format(year=2025, what=what) + f"published: {published}\n"
    text += ANNUAL_EXTRA.get(r.name, "")
    if r.profile.kind != "党务":
        report = json.loads(r.cli("report", "annual", "--year", "2025", "--kind", "政务", "--format", "json", "--draft"))
        rows = next(s for s in report["sections"] if s["number"] == "三")["tables"][0]["rows"]
        text += f"carried_out: {next(x for x in rows if x['key'] == 'carried_out')['cells']['申请人情况/总计']}\n"
    r.write("reports/2025.yaml", text, published, f"登记 2025 年度{what}材料")


CATALOGUE_FILED_WITH = {"党务": "上级党组织", "政务": "上级政务公开工作主管部门", "党政务": "上级党务政务公开领导小组办公室"}


def file_catalogue(r: Register) -> None:
    """公开目录报上级备案 (dwgk catalogue file) in the register's first weeks, so printed
    catalogues carry a version and a filing date."""
    r.cli("catalogue", "file", "--by", r.office, "--to", CATALOGUE_FILED_WITH[r.profile.kind],
          on=plus(r.start, 10))


ANNUAL_EXTRA: dict[str, str] = {
    "shikejiju": """\
overview:
  intro: |
    2025年，宁川市科学技术局坚持以公开为常态、不公开为例外，围绕科技创新政策、科技计划项目和科技资金管理，
    全面推进决策、执行、管理、服务、结果公开。
  proactive: |
    全年发布政策解读2篇，对《宁川市促进科技成果转化若干措施》开展重大行政决策预公开，收到意见31条，采纳14条。
  requests: |
    依申请公开严格执行15个工作日答复时限，答复书载明依据、理由和救济途径。
  management: |
    拟稿科室随文确定公文属性，公开前逐件保密审查；对2024年确定为不予公开、依申请公开的信息于3月完成复核。
  platforms: |
    以市政府门户网站政府信息公开专栏和局政务微博为主要平台，政民互动留言100%答复。
  supervision: |
    政务公开工作领导小组每季度检查一次，将信息公开纳入科室年度考核。
proactive:
  rules: {issued: 0, repealed: 0, in_force: 0}
  normative: {issued: 2, repealed: 1, in_force: 11}
  licensing: 86      # 外国人来华工作许可
  penalty: 1
  coercion: 0
  fees: 0
problems: |
  一是政策解读形式较为单一，以文字解读为主；二是个别季度业务工作进展公开不够及时。
  2026年将增加图解、视频等解读形式，并将定期公开事项纳入月度督办。
other: |
  本年度未收取信息处理费。
carried_over: 2
""",
    "national": """\
overview:
  intro: |
    2025年，东林市科学技术局认真贯彻《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。
  proactive: |
    主动公开规范性文件2件并同步发布政策解读，按季度公开科技工作进展。
  requests: |
    依法办理政府信息公开申请，按规定发出收费通知，答复书载明依据和救济途径。
  management: |
    公开前逐件保密审查；每年3月对不予公开、依申请公开的信息进行复核。
  platforms: |
    以政府网站“政府信息公开”专栏为第一平台，同步在政务新媒体发布工作进展。
  supervision: |
    将政务公开纳入科室年度考核，全年组织业务培训2次。
proactive:
  rules: {issued: 0, repealed: 0, in_force: 0}
  normative: {issued: 2, repealed: 0, in_force: 14}
  licensing: 213     # 外国人来华工作许可
  penalty: 2
  coercion: 0
  fees: 0
problems: |
  依申请公开答复书的说理还不够充分；2026年将建立答复书法制审核制度。
other: |
  本年度按《政府信息公开信息处理费管理办法》发出收费通知2件，收取信息处理费1件、金额1100元，减免1件。
carried_over: 2
""",
    "gaoxinqu": """\
overview:
  intro: |
    2025年，南洲高新区管委会坚持党务公开与政务公开统筹推进。
  proactive: |
    在高新区门户网站、党务政务公开栏等载体公开园区规划建设、企业服务和行政执法信息。
  requests: |
    依法办理政府信息公开申请，对超出合理范围的申请按规定收取信息处理费。
  management: |
    文件起草时随文确定公文属性，党政办统一进行保密审查。
  platforms: |
    建成高新区门户网站政务公开专栏和智慧园区平台。
  supervision: |
    党政务公开工作领导小组办公室每季度开展专项检查。
party_overview: |
  2025年，南洲高新区党工委、管委会坚持党务公开与政务公开统筹推进，先党内后党外，
  在门户网站、党务政务公开栏等载体公开党务信息。
proactive:
  rules: {issued: 0, repealed: 0, in_force: 0}
  normative: {issued: 1, repealed: 0, in_force: 7}
  licensing: 1268
  penalty: 23
  coercion: 3
  fees: 12.6
problems: |
  部分定期公开事项公开不够及时；2026年将按季度开展党务政务公开专项检查。
other: |
  本年度发出信息处理费收费通知2件，实际收取1件、金额1100元，减免1件。
carried_over: 2
""",
    "kejiju": """\
overview: |
  2025年，局党组严格执行保密审查、风险评估和信息发布三审机制，按公开目录公开党务信息，
  对为民办实事等涉及群众利益的事项先评估、后公开。
problems: |
  个别季度理论学习情况通报公开不够及时。
other: |
  无。
""",
    "jiguan": """\
overview: |
  2025年，中心党委按照《机关党务公开规范》，通过会议、文件、简报和中心网站公开党务信息，
  涉及干部人事的事项提请上级审定后在党内公开。
problems: |
  党务公开栏内容更新不够及时。
other: |
  无。
""",
    "shidian": """\
overview: |
  2025年，局党组开展党务公开试点工作，坚持先党内、后党外，重大事项经区党务公开领导小组审核并预公开，
  《青山区科技创新三年行动计划》预公开期间收到意见23条，采纳11条。
problems: |
  党费收缴使用情况半年公开一次的要求落实不够严格。
other: |
  无。
""",
}


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
    try:
        r = REGISTERS[name]()
        r.withdrawn()
        file_catalogue(r)
        annual_inputs(r)
        finish(r)
    except BuildError as e:
        raise BuildError(f"{e}\n(temporary registers are kept under {tempfile.gettempdir()}/dwgk-example-{name}-*)")
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
