"""Three clerks, three clones of one bare repository, random interleavings of submits, reviews,
publications, requests and syncs (hypothesis). Afterwards every clone has the same records,
``dwgk check`` is clean, no 索引号 is shared, and no decision was lost: every decision is in
every clone, except those a conflicting sync made its clerk withdraw (``git revert``, as the
conflict report says) — and a conflicting sync left its clone exactly as it was."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings, strategies as st

from conftest import git_identity, snapshot
from dwgk.yamlread import parse

STEPS = (("保密审查", "可以公开"), ("审核", "同意"), ("审批", "同意"))
CLERKS = ("张三", "李四", "王五")

advance = st.tuples(st.just("advance"), st.integers(0, 2), st.integers(0, 9))
op = st.one_of(
    st.tuples(st.just("submit"), st.integers(0, 2)),
    advance, advance,
    st.tuples(st.just("request"), st.integers(0, 2)),
    st.tuples(st.just("handle"), st.integers(0, 2), st.integers(0, 9)),
    st.tuples(st.just("sync"), st.integers(0, 2)),
)


def sh(cwd, *args, check=True):
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, check=check)


def records(root: Path, folder: str) -> dict[str, dict]:
    out = {}
    for p in sorted(root.glob(f"{folder}/*/*.yaml")):
        out[p.relative_to(root).as_posix()] = parse(p.read_text(encoding="utf-8"), p.name)[0]
    return out


def canon(e) -> str:
    return json.dumps(e, ensure_ascii=False, sort_keys=True)


class World:
    def __init__(self, base: Path, run):
        self.run, self.base = run, base
        bare = base / "shared.git"
        sh(base, "git", "init", "-q", "--bare", str(bare))
        self.clones = [base / f"c{i}" for i in range(3)]
        assert run("init", self.clones[0], "--org", "测试局", "--code", "00817525-1",
                   "--profile", "national").exit_code == 0
        git_identity(self.clones[0])
        assert run("remote", "add", str(bare), cwd=self.clones[0]).exit_code == 0
        assert run("sync", cwd=self.clones[0]).exit_code == 0
        for c in self.clones[1:]:
            sh(base, "git", "clone", "-q", str(bare), str(c))
            git_identity(c)
            assert run("sync", cwd=c).exit_code == 0
        (base / "正文.txt").write_text("各科室：现印发。\n", encoding="utf-8")
        self.decisions: dict[str, set[str]] = {}  # record path → events recorded
        self.withdrawn: dict[str, set[str]] = {}
        self.n = 0

    def _last_event(self, root: Path, path: str) -> None:
        data = parse((root / path).read_text(encoding="utf-8"), path)[0]
        self.decisions.setdefault(path, set()).add(canon(data["history"][-1]))

    def _did(self, root: Path, r, folder: str, ref: str | None = None) -> None:
        assert r.exit_code in (0, 1), r
        if r.exit_code == 0:
            rid = ref or r.stdout.strip()
            path = next(root.glob(f"{folder}/*/{rid}.yaml")).relative_to(root).as_posix()
            self._last_event(root, path)

    def submit(self, i: int) -> None:
        self.n += 1
        root = self.clones[i]
        r = self.run("submit", "--entry", "Z02", "--title", f"通知{self.n}", "--scope", "向社会公开",
                     "--content-file", self.base / "正文.txt", "--by", CLERKS[i], cwd=root)
        assert r.exit_code == 0, r
        self._did(root, r, "items")

    def advance(self, i: int, k: int) -> None:
        root = self.clones[i]
        items = records(root, "items")
        if not items:
            return
        path, data = list(items.items())[k % len(items)]
        iid, h = data["id"], data["history"]
        done = [e.get("step") for e in h if e["action"] == "review"]
        if len(done) < len(STEPS):
            step, result = STEPS[len(done)]
            args = ("review", iid, "--step", step, "--result", result, "--by", CLERKS[i])
        elif not any(e["action"] == "publish" for e in h):
            args = ("publish", iid, "--channel", "政府网站", "--by", CLERKS[i])
        elif not any(e["action"] == "archive" for e in h) and k % 3:
            args = ("feedback", iid, "--opinion", f"意见{self.n}", "--handling", "已答复", "--by", CLERKS[i])
            self.n += 1
        elif not any(e["action"] == "archive" for e in h):
            args = ("archive", iid, "--by", CLERKS[i])
        else:
            return
        r = self.run(*args, cwd=root)
        assert r.exit_code == 0, r
        self._did(root, r, "items", iid)

    def request(self, i: int) -> None:
        self.n += 1
        root = self.clones[i]
        r = self.run("request", "new", "--received", "2026-11-16", "--channel", "网络", "--confirmed", "2026-11-16",
                     "--applicant", f"申请人{self.n}", "--applicant-type", "自然人", "--content", "立项清单",
                     "--by", CLERKS[i], cwd=root)
        assert r.exit_code == 0, r
        self._did(root, r, "requests")

    def handle(self, i: int, k: int) -> None:
        root = self.clones[i]
        reqs = records(root, "requests")
        if not reqs:
            return
        path, data = list(reqs.items())[k % len(reqs)]
        rid, actions = data["id"], [e["action"] for e in data["history"]]
        for action, extra in (("assign", ("--department", "业务科", "--handler", CLERKS[i])),
                              ("reply", ("--result", "予以公开", "--provide", "电子邮件")), ("deliver", ("--method", "电子邮件")),
                              ("archive", ())):
            if action not in actions:
                r = self.run("request", action, rid, *extra, "--by", CLERKS[i], cwd=root)
                assert r.exit_code == 0, r
                self._did(root, r, "requests", rid)
                return

    def sync(self, i: int) -> None:
        root = self.clones[i]
        before = snapshot(root)
        r = self.run("sync", cwd=root)
        if r.exit_code == 0:
            return
        assert r.exit_code == 1 and "G110" in r.stderr and "冲突" in r.stderr, r
        assert snapshot(root) == before  # the register as it was before the sync
        # The clerk withdraws this clone's unsent decisions on the conflicting records, newest
        # first (git revert, as the report says), and syncs again.
        branch = sh(root, "git", "symbolic-ref", "--short", "HEAD").stdout.strip()
        paths = [line.split("（", 1)[1].split("）", 1)[0] for line in r.stderr.splitlines()
                 if line.strip().startswith("冲突：") and "（" in line]
        assert paths, r.stderr
        shas = sh(root, "git", "log", "--format=%H", f"origin/{branch}..HEAD", "--", *paths).stdout.split()
        for sha in shas:
            for p in paths:
                old = sh(root, "git", "show", f"{sha}^:{p}", check=False).stdout
                new = sh(root, "git", "show", f"{sha}:{p}", check=False).stdout
                if new:
                    gone = {canon(e) for e in parse(new, p)[0]["history"]} - (
                        {canon(e) for e in parse(old, p)[0]["history"]} if old else set())
                    self.withdrawn.setdefault(p, set()).update(gone)
            sh(root, "git", "revert", "--no-edit", sha)
        r = self.run("sync", cwd=root)
        assert r.exit_code == 0, r

    def settle(self) -> None:
        for _ in range(2):
            for i in range(3):
                self.sync(i)


@settings(max_examples=int(__import__("os").environ.get("H4_EX", "6")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(st.lists(op, min_size=4, max_size=16))
# Interleavings that must conflict, so every run sees conflicts resolved: two clerks taking the
# same review step, publishing one item twice (two 索引号), assigning one request twice.
@example([("submit", 0), ("sync", 0), ("sync", 1), ("sync", 2), ("advance", 0, 0), ("advance", 1, 0),
          ("advance", 2, 0), ("sync", 0), ("sync", 1), ("sync", 2), ("request", 1), ("sync", 1), ("sync", 0),
          ("handle", 0, 0), ("handle", 1, 0), ("sync", 0), ("sync", 1)])
@example([("submit", 2), ("advance", 2, 0), ("advance", 2, 0), ("advance", 2, 0), ("sync", 2), ("sync", 0),
          ("advance", 0, 0), ("advance", 2, 0), ("submit", 1), ("sync", 1), ("sync", 0), ("advance", 0, 0),
          ("sync", 2)])
def test_three_clones_converge_without_losing_a_decision(run, ops):
    with tempfile.TemporaryDirectory() as tmp:
        w = World(Path(tmp), run)
        for o in ops:
            getattr(w, o[0])(*o[1:])
        w.settle()
        a, b, c = ([records(root, f) for f in ("items", "requests", "messages")] for root in w.clones)
        assert a == b == c  # every clone has the same records
        for root in w.clones:
            r = run("check", cwd=root)
            assert r.exit_code == 0, r
        nos = [e["index_no"] for d in a[0].values() for e in d["history"] if e.get("index_no")]
        assert len(nos) == len(set(nos))  # no 索引号 shared
        assert all(len({e["index_no"] for e in d["history"] if e.get("index_no")}) <= 1 for d in a[0].values())
        merged = {**a[0], **a[1]}
        for path, events in w.decisions.items():
            kept = {canon(e) for e in merged[path]["history"]} if path in merged else set()
            lost = events - kept - w.withdrawn.get(path, set())
            assert not lost, (path, lost)
