"""The shipped example registers (examples/, built by examples/build.py).

Every example passes ``dwgk check``, shows a status overview, holds an item at every stage,
and — copied into a fresh git repository — lets a newcomer walk one more item through the
whole procedure of its profile (the README walkthrough), one commit per step.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import TODAY, git_identity
from dwgk.vocab import STAGES
from dwgk.profile import load_profile

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NAMES = sorted(p.name for p in EXAMPLES.iterdir() if (p / "dwgk.yaml").is_file())
PROFILES = {"kejiju": "s000_kejiju", "jiguan": "s001_jiguan", "shikejiju": "s002_shikejiju",
            "gaoxinqu": "s003_gaoxinqu", "shidian": "s004_shidian", "national": "national"}


def cli(run, name_or_path, *args):
    root = name_or_path if isinstance(name_or_path, Path) else EXAMPLES / name_or_path
    # --no-cache: reading the shipped examples must not leave a cache in the source tree
    return run("-R", root, "--today", TODAY, "--no-cache", *args)


def test_one_example_per_profile():
    assert set(NAMES) >= set(PROFILES)
    for name, profile in PROFILES.items():
        text = (EXAMPLES / name / "dwgk.yaml").read_text(encoding="utf-8")
        assert f"profile: {profile}\n" in text, name


@pytest.mark.parametrize("name", NAMES)
def test_example_is_committable(run, name):
    """No nested repository, and running dwgk on it (the README's main command does) leaves
    nothing git would pick up: the parse cache under .dwgk/ is ignored."""
    root = EXAMPLES / name
    assert not (root / ".git").exists()
    assert any((root / "items").rglob("*.yaml"))
    assert run("-R", root, "--today", TODAY, "status").exit_code == 0  # with the cache
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--ignored=no", "--", "."],
                            cwd=root, capture_output=True, text=True, check=True).stdout
    assert ".dwgk" not in status


@pytest.mark.parametrize("name", NAMES)
def test_check_passes(run, name):
    r = cli(run, name, "check")
    assert r.exit_code == 0, r
    r = cli(run, name, "check", "--format", "json")
    assert r.exit_code == 0, r
    assert json.loads(r.stdout)["ok"] is True


@pytest.mark.parametrize("name", NAMES)
def test_examples_carry_a_roster_every_record_satisfies(run, name):
    """Issue 14: each example has its people.yaml, and check finds nothing about who signed
    what (no R0xx, no W100) — in fact no warning but H130: the 2027 holiday notice is not out
    by the examples' "today" (2026-11-20), so deadlines running into 2027 are provisional."""
    people = json.loads(cli(run, name, "people", "list", "--format", "json").stdout)
    assert len(people) >= 5 and all(p["roles"] for p in people)
    codes = {f["code"] for f in json.loads(cli(run, name, "check", "--format", "json").stdout)["findings"]}
    assert codes <= {"H130"}, codes
    todo = json.loads(cli(run, name, "todo", "--format", "json").stdout)
    assert todo["roster"] and any(p["on_roster"] and p["tasks"] for p in todo["people"])


@pytest.mark.parametrize("name", NAMES)
def test_status_runs(run, name):
    r = cli(run, name, "status")
    assert r.exit_code == 0, r
    assert "公开事项" in r.stdout
    r = cli(run, name, "status", "--format", "json")
    assert r.exit_code == 0, r
    data = json.loads(r.stdout)
    assert data["findings"] == 0
    assert all(n > 0 for n in data["stages"].values()), data["stages"]


@pytest.mark.parametrize("name", NAMES)
def test_every_stage_present(run, name):
    r = cli(run, name, "list", "--format", "json")
    assert r.exit_code == 0, r
    rows = json.loads(r.stdout)
    assert {row["stage"] for row in rows} == set(STAGES)
    # the catalogue's 定期 entries have publications, and the register has feedback and a 更正
    items = [json.loads(cli(run, name, "show", row["id"], "--format", "json").stdout) for row in rows]
    actions = [e["action"] for it in items for e in it["history"]]
    assert "feedback" in actions and "revise" in actions and "withhold" in actions
    assert any(it["timing"] == "定期" and it["stage"] in ("published", "archived") for it in items)
    kinds = {(e.get("step"), e.get("result")) for it in items for e in it["history"]}
    assert ("保密审查", "不予公开") in kinds and ("保密审查", "提请审定") in kinds
    assert ("保密审查", "部分公开") in kinds


def test_kejiju_risk_levels(run):
    rows = json.loads(cli(run, "kejiju", "list", "--format", "json").stdout)
    risk = [e for row in rows
            for e in json.loads(cli(run, "kejiju", "show", row["id"], "--format", "json").stdout)["history"]
            if e["action"] == "review" and e.get("step") == "风险评估"]
    assert {e["level"] for e in risk} == {"低", "中", "高"}
    assert ("高", "不公开") in {(e["level"], e["result"]) for e in risk}
    web = {e.get("step") for row in rows
           for e in json.loads(cli(run, "kejiju", "show", row["id"], "--format", "json").stdout)["history"]}
    assert {"初审", "复审", "终审"} <= web


# ------------------------------------------------------------------ the README walkthrough

# name → (entry, scope, extra submit options); the entry is chosen so that every review step
# of the profile applies (web steps, 上报审核 for a major item, 先党内后党外 …).
WALK = {
    "kejiju": ("E01", "向社会公开", ["--channel", "门户网站"]),
    "jiguan": ("08", "向社会公开", []),
    "shikejiju": ("02", "向社会公开", ["--attribute", "主动公开", "--doc-number", "宁科规发〔2026〕9号",
                                    "--doc-date", "2026-11-02"]),
    "gaoxinqu": ("2C", "向社会公开", ["--first-inner", "--attribute", "主动公开"]),
    "shidian": ("J2", "向社会公开", ["--major", "--reason", "事关企业切身利益，党内公开后向社会公开",
                                  "--channel", "会议传达", "--channel", "宣传单"]),
    "national": ("Z02", "向社会公开", []),
}
RISK = ["--finding", "合法性=符合规定", "--finding", "合理性=符合群众利益", "--finding", "可行性=具备条件",
        "--finding", "可控性=风险可控", "--level", "低"]


def _copy_to_git(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    subprocess.run(["git", "init", "-q", str(dest)], check=True)
    git_identity(dest)
    subprocess.run(["git", "-C", str(dest), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(dest), "commit", "-q", "-m", "示例登记簿"], check=True)
    return dest


@pytest.mark.parametrize("name", sorted(WALK))
def test_walkthrough_on_a_copy(run, tmp_path, name):
    root = _copy_to_git(EXAMPLES / name, tmp_path / name)
    profile = load_profile(PROFILES[name])
    entry, scope, extra = WALK[name]
    day = iter(date(2026, 11, 2) + timedelta(days=i) for i in range(30))
    steps_done = 0

    def do(*args):
        nonlocal steps_done
        r = cli(run, root, *args, "--date", next(day).isoformat())
        assert r.exit_code == 0, r
        steps_done += 1
        return r.stdout.strip()

    # a newcomer joins the roster; everyone else signs in the role the example's roster gives them
    assert cli(run, root, "people", "add", "新同事", "--role", profile.proposer_role, "--from", "2026-11-01").exit_code == 0
    people = json.loads(cli(run, root, "people", "list", "--format", "json").stdout)
    signed: dict[str, list[str]] = {"新同事": ["提出"]}

    def holders(role):
        return [p["name"] for p in people if any(h["role"] == role and h["current"] for h in p["roles"])]

    def signer(step):  # someone in the step's role who may sign it beside what they signed already
        name = next(n for n in holders(profile.step(step).role)
                    if all(profile.may_share(done, step) for done in signed.get(n, [])))
        signed.setdefault(name, []).append(step)
        return name
    office = holders(profile.office_role)[0]

    item = do("submit", "--entry", entry, "--title", "示例：新提出的公开事项", "--scope", scope,
              "--content", "按照公开目录提出的公开内容。", "--by", "新同事", *extra)
    state = json.loads(cli(run, root, "show", item, "--format", "json").stdout)
    assert state["stage"] == "submitted"
    expected = [s.name for s in profile.steps
                if not s.when or s.when == "web" or (s.when == "major" and "--major" in extra)]
    assert [w for w in state["waiting_for"] if w != "预公开"] == expected
    for step in expected:
        kind = profile.step(step).kind
        if kind == "secrecy":
            do("review", item, "--step", step, "--result", "可以公开", "--by", signer(step))
        elif kind == "risk":
            do("review", item, "--step", step, "--result", "可公开", *RISK, "--by", signer(step))
        else:
            members = holders(profile.step(step).role)
            panel = (["--meeting", "党组会议", "--participant", "、".join(members)]
                     if profile.step(step).collective else [])
            do("review", item, "--step", step, "--result", "同意", "--opinion", "同意", "--by", signer(step), *panel)
    if "--major" in extra and profile.prepublish:
        channel = next(c.name for c in profile.channels if c.web)
        opened = next(day)
        r = cli(run, root, "prepublish", item, "--channel", channel, "--by", office,
                "--date", opened.isoformat(), "--until", (opened + timedelta(days=7)).isoformat())
        assert r.exit_code == 0, r
        steps_done += 1
        for _ in range(6):
            next(day)
        do("prepublish", item, "--close", "--opinions", "3", "--adjustments", "采纳意见1条", "--by", office)
    assert json.loads(cli(run, root, "show", item, "--format", "json").stdout)["stage"] == "approved"
    channels = json.loads(cli(run, root, "show", item, "--format", "json").stdout)["channels"]
    if "--first-inner" in extra or profile.first_inner:
        inner = profile.inner_channels()[0]
        do("publish", item, "--channel", inner, "--scope", "党内公开", "--by", office)
    do("publish", item, "--channel", channels[-1], "--by", office)
    do("feedback", item, "--opinion", "建议补充联系方式", "--handling", "已补充", "--by", office)
    do("archive", item, "--by", office)

    final = json.loads(cli(run, root, "show", item, "--format", "json").stdout)
    assert final["stage"] == "archived"
    r = cli(run, root, "log", item, "--format", "json")
    assert r.exit_code == 0, r
    commits = json.loads(r.stdout)
    assert len(commits) == steps_done
    r = cli(run, root, "log", item)
    assert r.exit_code == 0, r
    assert len(r.stdout.strip().splitlines()) == steps_done
    assert cli(run, root, "check").exit_code == 0
    status = subprocess.run(["git", "-C", str(root), "status", "--porcelain"], capture_output=True,
                            text=True).stdout
    assert status == ""


# ------------------------------------------------------------------ requests, messages, reports

GOV = ("shikejiju", "national", "gaoxinqu")
CODES = """予以公开 部分公开 不予公开-国家秘密 不予公开-法律法规禁止 不予公开-三安全一稳定 不予公开-第三方权益
不予公开-内部事务 不予公开-过程性信息 不予公开-行政执法案卷 不予公开-行政查询事项 无法提供-不掌握
无法提供-需另行制作 无法提供-补正后仍不明确 不予处理-信访举报投诉 不予处理-重复申请 不予处理-公开出版物
不予处理-大量反复申请 不予处理-确认或重新出具 其他处理-逾期不补正 其他处理-逾期未缴费 其他处理-其他""".split()
COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
APPEAL_CELLS = {"维持": "结果维持", "纠正": "结果纠正", "其他": "其他结果", "未审结": "尚未审结"}


def _raw_requests(name: str) -> list[dict]:
    import yaml
    return [yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((EXAMPLES / name / "requests").rglob("*.yaml"))]


def _d(v) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v))


def _concluded(req: dict) -> tuple[date, str] | None:
    for e in req["history"]:
        if e["action"] in ("reply", "lapse"):
            return _d(e["date"]), e["result"]
    return None


def independent_counts(name: str, year: int) -> dict[str, dict[str, int]]:
    """Section 三 counted straight from the request files, without dwgk."""
    jan1, dec31 = date(year, 1, 1), date(year, 12, 31)
    rows: dict[str, dict[str, int]] = {k: dict.fromkeys(COLUMNS, 0)
                                       for k in ("new", "carried_in", "result_total", "carried_out", *CODES)}
    for req in _raw_requests(name):
        received, col = _d(req["received"]), req["applicant_type"]
        if received > dec31:
            continue
        end = _concluded(req)
        if received.year == year:
            rows["new"][col] += 1
        if received < jan1 and (end is None or end[0] >= jan1):
            rows["carried_in"][col] += 1
        if end is not None and jan1 <= end[0] <= dec31:
            rows[end[1]][col] += 1
            rows["result_total"][col] += 1
        if end is None or end[0] > dec31:
            rows["carried_out"][col] += 1
    return {k: {**v, "总计": sum(v.values())} for k, v in rows.items()}


def independent_appeals(name: str, year: int) -> dict[str, dict[str, int]]:
    """Section 四 from the files: cases filed in the year, with their result on 31 December."""
    rows = {k: dict.fromkeys(APPEAL_CELLS.values(), 0) for k in ("review", "direct", "after")}
    for req in _raw_requests(name):
        cases: dict[tuple, list] = {}
        for e in req["history"]:
            if e["action"] == "appeal":
                cases.setdefault((e["kind"], bool(e.get("after_review")), e.get("case")), []).append(e)
        for (kind, after_review, _), records in cases.items():
            if _d(records[0]["date"]).year != year:
                continue
            known = [r["result"] for r in records if _d(r["date"]) <= date(year, 12, 31)]
            key = "review" if kind == "行政复议" else ("after" if after_review else "direct")
            rows[key][APPEAL_CELLS[known[-1]]] += 1
    return {k: {**v, "总计": sum(v.values())} for k, v in rows.items()}


@pytest.mark.parametrize("name", GOV)
def test_a_year_of_requests_exercises_every_outcome(name):
    reqs = _raw_requests(name)
    outcomes_2025 = {c[1] for r in reqs if (c := _concluded(r)) and c[0].year == 2025}
    assert outcomes_2025 == set(CODES)  # seed 002 charges cost fees (第四十条), so 逾期未缴费 there too
    received = [_d(r["received"]) for r in reqs]
    assert any(d.year == 2024 for d in received)  # carried over into 2025
    assert any(d.year == 2026 for d in received)
    assert any(_concluded(r) is None for r in reqs)  # still open on 2026-11-20
    assert any(_d(r["received"]).year == 2025 and (c := _concluded(r)) and c[0].year == 2026 for r in reqs)
    actions = {e["action"] for r in reqs for e in r["history"]}
    assert {"amend", "amended", "consult", "consulted", "extend", "lapse", "deliver", "archive",
            "appeal"} <= actions
    assert {"fee", "paid", "waive", "override"} <= actions
    fees = {e["mode"] for r in reqs for e in r["history"] if e["action"] == "fee"}
    assert fees == ({"成本费"} if name == "shikejiju" else {"按量"})  # by the fee rule in force
    kinds = {(e["kind"], bool(e.get("after_review"))) for r in reqs for e in r["history"] if e["action"] == "appeal"}
    assert kinds == {("行政复议", False), ("行政诉讼", False), ("行政诉讼", True)}


@pytest.mark.parametrize("name", GOV)
def test_annual_report_matches_an_independent_count(run, name):
    r = cli(run, name, "report", "annual", "--year", "2025", "--kind", "政务", "--format", "json")
    assert r.exit_code == 0, r
    report = json.loads(r.stdout)
    sections = {s["number"]: s for s in report["sections"]}
    # cells are keyed by their full header path: "申请人情况/法人或其他组织/商业企业"
    table3 = {row["key"]: {k.rsplit("/", 1)[-1]: v for k, v in row["cells"].items()}
              for row in sections["三"]["tables"][0]["rows"]}
    expected = independent_counts(name, 2025)
    assert set(table3) == set(expected)
    for key, cells in expected.items():
        assert table3[key] == cells, key
    # section 四 is the one row of 15 figures it is printed as: "行政诉讼/复议后起诉/总计"
    (row4,) = sections["四"]["tables"][0]["rows"]
    heads = {"review": "行政复议/", "direct": "行政诉讼/未经复议直接起诉/", "after": "行政诉讼/复议后起诉/"}
    table4 = {key: {k[len(h):]: v for k, v in row4["cells"].items() if k.startswith(h)} for key, h in heads.items()}
    assert table4 == independent_appeals(name, 2025)
    assert expected["carried_in"]["总计"] == 2 and expected["carried_out"]["总计"] == 2


@pytest.mark.parametrize("name", GOV)
def test_messages(run, name):
    r = cli(run, name, "message", "list", "--format", "json")
    assert r.exit_code == 0, r
    rows = json.loads(r.stdout)
    assert {m["type"] for m in rows} == {"咨询", "建议", "投诉"}
    assert {m["stage"] for m in rows} == {"received", "assigned", "replied", "reopened"}
    assert any(m["rounds"] > 1 and m["stage"] == "replied" for m in rows)
    r = cli(run, name, "message", "summary", "--from", "2025-01-01", "--to", "2025-12-31")
    assert r.exit_code == 0, r


@pytest.mark.parametrize("name", NAMES)
def test_annual_report_and_overdue_render(run, name):
    r = cli(run, name, "report", "annual", "--year", "2025", "--format", "md")
    assert r.exit_code == 0, r
    r = cli(run, name, "overdue", "--format", "json")
    assert r.exit_code in (0, 1), r
    rules = {row["rule"] for row in json.loads(r.stdout)["overdue"]}
    assert "periodic" in rules  # each example misses one 定期公开 period on purpose
    assert "annual_report" not in rules  # reports/2025.yaml records the report's publication
