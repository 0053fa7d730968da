"""``--today D`` shows the register as it stood at the end of D (issue 14).

Property: for a random history, recorded one dated command at a time (one git commit each,
dates never going back), and a random day D, every reading command run with ``--today D`` on
the whole register shows exactly what it shows on the register as git holds it after the last
command dated up to D. The second register is the real past (a ``git archive`` of that
commit), not a truncation computed by dwgk, so the two can only agree if ``dwgk.asof`` is
right."""

from __future__ import annotations

import json
import subprocess
import tarfile
import io
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import git_identity

START = date(2026, 6, 1)
SIGNERS = ("甲", "乙", "丙", "丁", "戊")  # each holds every role: step k is signed by SIGNERS[k]
STEPS = ("保密审查", "审核", "审批")


class History:
    """A national register and the commit after each dated command."""

    def __init__(self, run, root):
        self.run, self.root = run, root
        r = run("--today", START.isoformat(), "init", root, "--org", "测试局", "--profile", "national")
        assert r.exit_code == 0, r
        git_identity(root)
        self.snapshots: list[tuple[date, str]] = [(START - timedelta(days=365), self.head())]
        self.items: dict[str, int] = {}  # ID → how far it went (0 submitted … 3 approved, 4 published, 9 closed)
        self.requests: list[str] = []
        self.messages: list[str] = []
        self.day = START

    def head(self) -> str:
        return subprocess.run(["git", "-C", str(self.root), "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()

    def cli(self, *args) -> str | None:
        r = self.run(*args, "--date", self.day.isoformat(), cwd=self.root)
        if r.exit_code != 0:
            return None
        self.snapshots.append((self.day, self.head()))
        return r.stdout.strip()

    def people(self, names, roles):
        for n in names:
            assert self.run("people", "add", n, *(a for r in roles for a in ("--role", r)), "--from",
                            self.day.isoformat(), cwd=self.root).exit_code == 0
            self.snapshots.append((self.day, self.head()))

    def step(self, choice: int) -> None:
        """One command, chosen by ``choice`` among those that make sense now."""
        open_ = [i for i, n in self.items.items() if n < 9]
        kind = choice % 9
        if kind in (0, 1) or not open_:
            out = self.cli("submit", "--entry", "Z02", "--title", f"文件{len(self.items) + 1}", "--scope", "向社会公开",
                           "--content", "正文", "--by", SIGNERS[0])
            if out:
                self.items[out.splitlines()[-1]] = 0
            return
        item = open_[choice // 9 % len(open_)]
        n = self.items[item]
        if kind == 2 and n < 4:  # withdrawn before publication
            if self.cli("withdraw", item, "--reason", "误提出", "--by", SIGNERS[0]) is not None:
                self.items[item] = 9
        elif kind == 3 and self.requests:
            rid = self.requests.pop(0)
            self.cli("request", "reply", rid, "--result", "予以公开", "--by", SIGNERS[4])
        elif kind == 4:
            out = self.cli("request", "new", "--received", self.day.isoformat(), "--channel", "网络", "--confirmed",
                           self.day.isoformat(), "--applicant", "张某", "--applicant-type", "自然人", "--content",
                           "某文件", "--by", SIGNERS[4])
            if out:
                self.requests.append(out.splitlines()[-1])
        elif kind == 5:
            out = self.cli("message", "new", "--type", "咨询", "--citizen", "刘某", "--subject", "问题",
                           "--content", "请问？", "--handler", SIGNERS[3], "--by", SIGNERS[4])
            if out:
                self.messages.append(out.splitlines()[-1])
            elif self.messages:
                pass
        elif kind == 6 and self.messages:
            self.cli("message", "reply", self.messages.pop(0), "--text", "答复", "--signed-by", SIGNERS[2],
                     "--by", SIGNERS[3])
        elif n < 3:
            result = "可以公开" if STEPS[n] == "保密审查" else "同意"
            if self.cli("review", item, "--step", STEPS[n], "--result", result, "--by", SIGNERS[n + 1]) is not None:
                self.items[item] = n + 1
        elif n == 3:
            if self.cli("publish", item, "--channel", "政府网站", "--by", SIGNERS[4]) is not None:
                self.items[item] = 4
        elif kind == 7:  # a correction: the fields change, the old ones kept under ``previous``
            if self.cli("correct", item, "--content", "更正后的正文", "--reason", "失实", "--by", SIGNERS[0]) is not None:
                self.items[item] = 0
        elif kind == 8:
            if self.cli("archive", item, "--by", SIGNERS[4]) is not None:
                self.items[item] = 9
        else:
            self.cli("feedback", item, "--opinion", "建议", "--by", SIGNERS[4])

    def at(self, day: date, dest) -> None:
        """The register as git holds it after the last command dated up to ``day``."""
        sha = [s for d, s in self.snapshots if d <= day][-1]
        data = subprocess.run(["git", "-C", str(self.root), "archive", sha], capture_output=True, check=True).stdout
        dest.mkdir()
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(dest, filter="data")


def reads(run, root, day: date, ids) -> dict:
    """What every reading command shows on ``root`` as of ``day``."""
    d = day.isoformat()
    out = {}
    commands = [("status", "--format", "json"), ("list", "--format", "json"), ("todo", "--format", "json"),
                ("due", "--within", "10", "--format", "json"), ("overdue", "--format", "json"),
                ("people", "list", "--format", "json"), ("request", "list", "--format", "json"),
                ("message", "list", "--format", "json"),
                ("report", "period", "--from", (day - timedelta(days=200)).isoformat(), "--to", d, "--format", "json")]
    for ref in ids:
        commands += [("show", ref, "--format", "json"), ("explain", ref, "--format", "json")]
        if ref.startswith("GK-"):
            commands.append(("form", ref, "--kind", "审批表", "--format", "md"))
    for args in commands:
        r = run("--today", d, *args, cwd=root)
        out[" ".join(args)] = (r.exit_code, r.stdout, r.stderr.replace(str(root), "<root>"))
    return out


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(choices=st.lists(st.integers(0, 10_000), min_size=6, max_size=22),
       gaps=st.lists(st.integers(0, 3), min_size=22, max_size=22),
       days=st.lists(st.integers(-3, 60), min_size=2, max_size=3))
def test_today_d_shows_the_register_as_it_stood(tmp_path_factory, run, choices, gaps, days):
    base = tmp_path_factory.mktemp("asof")
    h = History(run, base / "reg")
    h.people(SIGNERS, ("承办人", "政府信息公开工作机构", "分管领导", "主要负责人"))
    for choice, gap in zip(choices, gaps):
        h.day += timedelta(days=gap)
        h.step(choice)
        if choice % 5 == 0:  # now and then someone joins: the roster has a past too
            h.people([f"新人{len(h.snapshots)}"], ("承办人",))
    ids = sorted(h.items) + h.requests + h.messages
    for n, offset in enumerate(days):
        day = START + timedelta(days=offset)
        past = base / f"past{n}"
        h.at(day, past)
        whole, then = reads(run, h.root, day, ids), reads(run, past, day, ids)
        for cmd in whole:
            assert whole[cmd] == then[cmd], f"--today {day} {cmd}"


def test_as_of_a_day_before_a_correction_shows_the_old_version(reg, run):
    """The issue's case, and a correction: with --today before the later events, the item is
    shown as it was — neither 已归档 nor with the corrected text."""
    def do(*args):
        r = run(*args, cwd=reg)
        assert r.exit_code == 0, r
        return r.stdout.strip()
    item = do("submit", "--entry", "Z02", "--title", "旧标题", "--scope", "向社会公开", "--content", "旧正文", "--by", "甲",
              "--date", "2026-03-02")
    for step, res, day in (("保密审查", "可以公开", "03"), ("审核", "同意", "04"), ("审批", "同意", "05")):
        do("review", item, "--step", step, "--result", res, "--by", "乙", "--date", f"2026-03-{day}")
    do("publish", item, "--channel", "政府网站", "--by", "丙", "--date", "2026-03-06")
    do("correct", item, "--title", "新标题", "--content", "新正文", "--reason", "失实", "--by", "甲", "--date", "2026-03-24")
    do("people", "add", "丁", "--role", "承办人", "--from", "2026-04-01")
    late = do("submit", "--entry", "Z02", "--title", "后来的事项", "--scope", "向社会公开", "--content", "正文",
              "--by", "丁", "--date", "2026-04-02")  # with a roster, only someone on it
    then = json.loads(do("--today", "2026-03-10", "show", item, "--format", "json"))
    assert then["title"] == "旧标题" and then["stage"] == "published" and then["revision"] == 1
    assert "旧正文" in do("--today", "2026-03-10", "form", item, "--kind", "审批表", "--format", "md")
    now = json.loads(do("show", item, "--format", "json"))
    assert now["title"] == "新标题" and now["revision"] == 2
    before = run("--today", "2026-03-10", "show", late, cwd=reg)
    assert before.exit_code == 1 and "E021" in before.stderr  # not yet submitted
    assert json.loads(do("--today", "2026-03-10", "people", "list", "--format", "json")) == []
    assert [p["name"] for p in json.loads(do("people", "list", "--format", "json"))] == ["丁"]
    listed = json.loads(do("--today", "2026-03-01", "list", "--format", "json"))
    assert listed == []
