"""Records that close deadlines beside the procedure: dwgk transfer, rereview, meeting,
and the 定期公开 period an item states at submit (seed 002 第三十条、第五十五条、第六十一条)."""

import json
import subprocess

import pytest

from conftest import git_identity, snapshot


def ok(run, reg, *args):
    r = run(*args, cwd=reg)
    assert r.exit_code == 0, r
    return r


def published(run, reg, date, entry="06", title="关于某事项的公告", submitted=None, **opts):
    """An s002 item submitted, reviewed (审核 → 保密审查) and published on ``date``."""
    opts.setdefault("attribute", "主动公开")  # seed 002 decides it at drafting
    extra = [a for k, v in opts.items() for a in (f"--{k}", v)]
    item = ok(run, reg, "submit", "--entry", entry, "--title", title, "--scope", "向社会公开",
              "--content", "正文", "--by", "田野", "--date", submitted or date, *extra).stdout.strip()
    ok(run, reg, "review", item, "--step", "审核", "--result", "同意", "--by", "杨志刚", "--date", date)
    ok(run, reg, "review", item, "--step", "保密审查", "--result", "可以公开", "--by", "张文", "--date", date)
    ok(run, reg, "publish", item, "--channel", "市政府门户网站", "--by", "马晓燕", "--date", date)
    return item


def late_rules(run, reg, item, today="2026-11-20"):
    data = json.loads(run("overdue", "--format", "json", "--today", today, cwd=reg).stdout)
    return sorted(r["rule"] for r in data["overdue"] if r["id"] == item)


@pytest.fixture
def s002(tmp_path, run):
    """A seed-002 register opened at the start of 2026 (定期公开 is counted from then)."""
    root = tmp_path / "s002"
    r = run("init", root, "--org", "宁川市科学技术局", "--code", "01071234-5", "--profile", "s002_shikejiju",
            "--today", "2026-01-05")
    assert r.exit_code == 0, r
    git_identity(root)
    return root


def test_transfer_closes_both_deadlines_and_is_dated_into_the_history(run, s002):
    a = published(run, s002, "2026-09-01")
    ok(run, s002, "archive", a, "--by", "马晓燕", "--date", "2026-09-10")
    assert late_rules(run, s002, a) == ["transfer_electronic", "transfer_paper"]
    ok(run, s002, "transfer", a, "--medium", "电子", "--by", "马晓燕", "--date", "2026-09-03")
    r = ok(run, s002, "transfer", a, "--medium", "纸质", "--by", "马晓燕", "--date", "2026-10-09",
           "--note", "移送明细登记表第9号")
    assert "移送查阅场所（纸质文本）" in r.stdout
    assert late_rules(run, s002, a) == []
    hist = json.loads(run("show", a, "--format", "json", cwd=s002).stdout)["history"]
    # recorded after the archive, but dated before it: the history stays in date order
    assert [h["action"] for h in hist][-3:] == ["transfer", "archive", "transfer"]
    assert hist[-3]["medium"] == "电子" and hist[-1]["opinion"] == "移送明细登记表第9号"
    assert run("check", cwd=s002).exit_code == 0
    msg = subprocess.run(["git", "-C", str(s002), "log", "-1", "--format=%B"], capture_output=True,
                         text=True).stdout
    assert f"Dwgk-Id: {a}" in msg and "Dwgk-Action: transfer" in msg


def test_monthly_paper_batch_is_one_commit(run, s002):
    a = published(run, s002, "2026-10-12", title="甲")
    b = published(run, s002, "2026-10-20", title="乙")
    c = published(run, s002, "2026-11-02", title="丙")
    before = subprocess.run(["git", "-C", str(s002), "rev-list", "--count", "HEAD"], capture_output=True,
                            text=True).stdout
    r = ok(run, s002, "transfer", "--month", "2026-10", "--medium", "纸质", "--by", "马晓燕", "--date", "2026-11-09")
    assert a in r.stdout and b in r.stdout and c not in r.stdout
    after = subprocess.run(["git", "-C", str(s002), "rev-list", "--count", "HEAD"], capture_output=True,
                           text=True).stdout
    assert int(after) == int(before) + 1
    msg = subprocess.run(["git", "-C", str(s002), "log", "-1", "--format=%B"], capture_output=True,
                         text=True).stdout
    assert msg.startswith("移送查阅场所（纸质文本）：2026年10月公开的 2 项") and f"Dwgk-Ids: {a}, {b}" in msg
    # nothing left for October: a batch with nothing to do is not an error (monthly cron)
    r = ok(run, s002, "transfer", "--month", "2026-10", "--medium", "纸质", "--by", "马晓燕", "--date", "2026-11-09")
    assert "没有需要登记的事项" in r.stdout
    # --all: everything published up to the date, not yet sent in that medium
    r = ok(run, s002, "transfer", "--all", "--medium", "电子", "--by", "马晓燕", "--date", "2026-10-25")
    assert a in r.stdout and b in r.stdout and c not in r.stdout


@pytest.mark.parametrize("args, code, exit_code", [
    (["--medium", "传真"], "D021", 2),
    (["--medium", "电子", "--date", "2026-08-31"], "D023", 1),  # before the publication
    (["--medium", "电子", "--date", "2026-12-01"], "W001", 1),  # after today
    (["--medium", "电子", "--month", "2026-09"], "D032", 2),  # both an ID and --month
])
def test_transfer_refusals_change_nothing(run, s002, args, code, exit_code):
    a = published(run, s002, "2026-09-01", submitted="2026-08-27")
    before = snapshot(s002)
    r = run("transfer", a, *args, "--by", "马晓燕", cwd=s002)
    assert r.exit_code == exit_code and code in r.stderr and "Traceback" not in r.stderr, r
    assert snapshot(s002) == before


def test_transfer_refuses_twice_and_unpublished_and_batch_failure_writes_nothing(run, s002):
    a = published(run, s002, "2026-09-01")
    ok(run, s002, "transfer", a, "--medium", "电子", "--by", "马晓燕", "--date", "2026-09-02")
    draft = ok(run, s002, "submit", "--entry", "06", "--title", "草稿", "--scope", "向社会公开", "--attribute", "主动公开",
               "--content", "正文", "--by", "田野", "--date", "2026-09-01").stdout.strip()
    before = snapshot(s002)
    r = run("transfer", a, "--medium", "电子", "--by", "马晓燕", cwd=s002)
    assert r.exit_code == 1 and "D024" in r.stderr and "2026-09-02" in r.stderr
    r = run("transfer", a, draft, "--medium", "纸质", "--by", "马晓燕", cwd=s002)  # a is fine, draft is not
    assert r.exit_code == 1 and "D022" in r.stderr
    assert snapshot(s002) == before


def test_transfer_needs_the_rule(run, reg):
    before = snapshot(reg)
    r = run("transfer", "--all", "--medium", "电子", "--by", "沈红", cwd=reg)  # national: no 移送 rule
    assert r.exit_code == 1 and "D020" in r.stderr
    r = run("rereview", "--all", "--result", "维持", "--by", "沈红", cwd=reg)  # national has this one
    assert r.exit_code == 0 and "没有需要登记的事项" in r.stdout
    r = run("transfer", "--all", "--medium", "传真", "--by", "沈红", cwd=reg)
    assert r.exit_code == 2 and "D021" in r.stderr
    assert snapshot(reg) == before
    item = ok(run, reg, "submit", "--entry", "Z02", "--title", "甲", "--scope", "向社会公开", "--content", "正文",
              "--by", "刘芳", "--date", "2026-09-01").stdout.strip()
    r = run("transfer", item, "--medium", "电子", "--by", "沈红", cwd=reg)
    assert r.exit_code == 1 and "D020" in r.stderr


def withheld(run, reg, date, title="不公开的文件", attribute="依申请公开"):
    item = ok(run, reg, "submit", "--entry", "02", "--title", title, "--scope", "向社会公开", "--content", "正文",
              "--by", "周明", "--attribute", attribute, "--date", date).stdout.strip()
    ok(run, reg, "review", item, "--step", "审核", "--result", "同意", "--by", "杨志刚", "--date", date)
    ok(run, reg, "review", item, "--step", "保密审查", "--result", "可以公开", "--by", "张文", "--date", date)
    ok(run, reg, "withhold", item, "--reasons", "过程性信息", "--basis", "条例第十六条", "--by", "马晓燕", "--date", date)
    return item


def test_rereview_every_year(run, s002):
    a = withheld(run, s002, "2025-07-14")
    assert late_rules(run, s002, a) == ["rereview"]
    r = run("rereview", a, "--result", "调整为主动公开", "--by", "马晓燕", "--date", "2026-03-20", cwd=s002)
    assert r.exit_code == 1 and "D028" in r.stderr  # a reason is needed to reclassify
    r = ok(run, s002, "rereview", "--all", "--result", "维持", "--opinion", "仍属过程性信息", "--by", "马晓燕",
           "--date", "2026-03-20")
    assert a in r.stdout and late_rules(run, s002, a) == []
    r = run("rereview", a, "--result", "维持", "--by", "马晓燕", "--date", "2026-03-25", cwd=s002)
    assert r.exit_code == 1 and "D027" in r.stderr  # once a year
    # the next year it is due again
    assert late_rules(run, s002, a, today="2027-04-06") == ["rereview"]
    r = run("rereview", "--all", "--result", "维持", "--by", "马晓燕", "--date", "2026-03-26", cwd=s002)
    assert r.exit_code == 0 and "没有需要登记的事项" in r.stdout
    r = run("rereview", "--result", "维持", "--by", "马晓燕", cwd=s002)  # neither IDs nor --all
    assert r.exit_code == 2 and "D033" in r.stderr


def test_rereview_to_proactive_points_to_correct(run, s002):
    a = withheld(run, s002, "2025-07-14")
    r = ok(run, s002, "rereview", a, "--result", "调整为主动公开", "--opinion", "项目已验收，可以公开",
           "--by", "马晓燕", "--date", "2026-03-20")
    assert f"dwgk correct {a} --attribute 主动公开" in r.stdout
    p = published(run, s002, "2026-03-20")
    r = run("rereview", p, "--result", "维持", "--by", "马晓燕", cwd=s002)
    assert r.exit_code == 1 and "D026" in r.stderr


def test_meeting_notice(run, s002):
    a = ok(run, s002, "submit", "--entry", "07", "--title", "重大决策", "--scope", "向社会公开", "--attribute", "主动公开", "--content", "正文",
           "--by", "马晓燕", "--major", "--date", "2026-11-02").stdout.strip()
    r = run("meeting", a, "--on", "2026-11-19", "--by", "马晓燕", "--date", "2026-11-20", cwd=s002)
    assert r.exit_code == 2 and "D029" in r.stderr
    ok(run, s002, "meeting", a, "--on", "2026-11-24", "--name", "局党组会议", "--by", "马晓燕", "--date", "2026-11-20")
    r = ok(run, s002, "explain", a)
    assert "重大事项会议提前通知" in r.stdout and "最迟 2026-11-20" in r.stdout and "按时完成" in r.stdout
    ok(run, s002, "meeting", a, "--on", "2026-11-24", "--by", "马晓燕", "--date", "2026-11-23", "--today", "2026-11-23")
    r = run("check", "--today", "2026-11-23", cwd=s002)
    assert "D103" in r.stderr


def test_submit_states_the_period(run, s002):
    r = run("submit", "--entry", "08", "--title", "2026年第二季度工作进展", "--scope", "向社会公开", "--attribute", "主动公开", "--content", "正文",
            "--by", "苏红", "--period", "2026H1", cwd=s002)
    assert r.exit_code == 1 and "D011" in r.stderr and "2026Q3" in r.stderr
    r = run("submit", "--entry", "06", "--title", "执法信息", "--scope", "向社会公开", "--attribute", "主动公开", "--content", "正文",
            "--by", "苏红", "--period", "2026Q2", cwd=s002)
    assert r.exit_code == 1 and "D011" in r.stderr
    r = run("submit", "--entry", "08", "--title", "x", "--scope", "向社会公开", "--attribute", "主动公开", "--content", "正文",
            "--by", "苏红", "--period", "2026Q5", cwd=s002)
    assert r.exit_code == 2 and "D010" in r.stderr
    item = published(run, s002, "2026-11-16", entry="08", title="2026年第二季度工作进展", period="2026年第二季度")
    raw = (s002 / "items" / "2026" / f"{item}.yaml").read_text(encoding="utf-8")
    assert "period: 2026Q2" in raw
    data = json.loads(run("explain", "08", "--format", "json", cwd=s002).stdout)
    q = {d["period"]: d for d in data["deadlines"]}
    assert q["2026年第2季度"]["done"] == "2026-11-16" and q["2026年第3季度"]["done"] is None
