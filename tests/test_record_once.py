"""A record that says each thing once, and scopes and channels that agree (issue 14): one
publication per channel, numbered feedback entries completed later, withdrawing a mistaken
submission, the re-review's way to 主动公开, a wider scope only with a reason, and a channel's
audience that fits the scope it carries. Every refusal leaves the register untouched."""

import json
import subprocess

from conftest import make_register, snapshot
from test_check import check, edit, finding, published_item


def ok(r):
    assert r.exit_code == 0, r
    return r


def refused(run, root, *args, code="", exit_code=1, says=()):
    before = snapshot(root)
    r = run(*args, cwd=root)
    assert r.exit_code == exit_code, r
    assert code in r.stderr, r
    for text in says:
        assert text in r.stderr, r
    assert snapshot(root) == before
    return r


def show(run, root, item):
    return json.loads(ok(run("show", item, "--format", "json", cwd=root)).stdout)


def commit_all(root, message="手工修改"):
    subprocess.run(["git", "-C", str(root), "commit", "-qam", message], check=True)


def period(run, root):
    r = ok(run("report", "period", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "json", cwd=root))
    return json.loads(r.stdout)


def activity(data):
    return data.get("activity", data)


# ---------------------------------------------------------------- one publication per channel

def test_second_publication_on_the_same_channel_is_refused(reg, run):
    item, _ = published_item(run, reg)
    refused(run, reg, "publish", item, "--channel", "政府网站", "--by", "乙", "--date", "2026-11-07",
            code="W101", says=("已于 2026-11-06", "政府网站"))
    ok(run("publish", item, "--channel", "政府公报", "--by", "乙", "--date", "2026-11-07", cwd=reg))
    assert len(show(run, reg, item)["history"]) == 6


def test_an_old_duplicate_is_a_warning_and_counted_once(reg, run):
    item, path = published_item(run, reg)
    text = path.read_text(encoding="utf-8")
    pub = text[text.index("- action: publish"):]
    path.write_text(text + pub.replace("2026-11-06", "2026-11-09"), encoding="utf-8")  # recorded twice by hand
    commit_all(reg)
    r, data = check(run, reg)
    assert r.exit_code == 0, r  # older registers still pass: a warning
    f = finding(data, "W101")
    assert f["severity"] == "warning" and f["path"] == f"items/2026/{item}.yaml"
    text = json.dumps(period(run, reg), ensure_ascii=False)
    assert '"publications": 1' in text, text


# ---------------------------------------------------------------- feedback entries

def test_feedback_entries_are_numbered_and_completed_once(reg, run):
    item, _ = published_item(run, reg)
    ok(run("feedback", item, "--opinion", "建议补充附件", "--by", "乙", "--date", "2026-11-09", cwd=reg))
    r = ok(run("feedback", item, "--opinion", "希望延长期限", "--handling", "已答复", "--by", "乙", "--date",
               "2026-11-10", cwd=reg))
    assert "第 2 条" in r.stdout
    refused(run, reg, "feedback", item, "--entry", "3", "--handling", "已补充", "--by", "乙", code="W102",
            says=("第 1 条：建议补充附件",))
    refused(run, reg, "feedback", item, "--entry", "2", "--handling", "再次答复", "--by", "乙", code="W103")
    refused(run, reg, "feedback", item, "--entry", "1", "--by", "乙", code="W110", exit_code=2)
    refused(run, reg, "feedback", item, "--entry", "1", "--opinion", "又一条", "--handling", "x", "--by", "乙",
            code="W110", exit_code=2)
    r = ok(run("feedback", item, "--entry", "1", "--handling", "已补充附件", "--published", "--by", "乙",
               "--date", "2026-11-12", cwd=reg))
    assert "第 1 条的处理情况" in r.stdout
    refused(run, reg, "feedback", item, "--entry", "1", "--handling", "再补充", "--by", "乙", code="W103")
    text = ok(run("show", item, cwd=reg)).stdout
    assert "反馈（第 1 条）" in text and "反馈（第 2 条）" in text and "反馈处理（第 1 条）" in text
    feedback = activity(period(run, reg))["feedback"]
    assert feedback == {"received": 2, "handled": 2, "result_published": 1}, feedback
    assert check(run, reg)[0].exit_code == 0


# ---------------------------------------------------------------- withdraw

def test_withdraw_before_publication(reg, run):
    r = ok(run("submit", "--entry", "Z02", "--title", "误提出的事项", "--scope", "向社会公开", "--content", "正文",
               "--by", "张三", "--date", "2026-11-02", cwd=reg))
    item = r.stdout.strip()
    ok(run("review", item, "--step", "保密审查", "--result", "可以公开", "--by", "甲", "--date", "2026-11-03", cwd=reg))
    refused(run, reg, "withdraw", item, "--reason", " ", "--by", "张三", code="W105", exit_code=2)
    ok(run("withdraw", item, "--reason", "重复提出", "--by", "张三", "--date", "2026-11-04", cwd=reg))
    data = show(run, reg, item)
    assert data["stage"] == "withdrawn" and data["waiting_for"] == []
    assert [e["action"] for e in data["history"]] == ["submit", "review", "withdraw"]
    refused(run, reg, "review", item, "--step", "审核", "--result", "同意", "--by", "乙", code="W003",
            says=("已撤回",))
    refused(run, reg, "withdraw", item, "--reason", "再撤", "--by", "张三", code="W104")
    status = json.loads(ok(run("status", "--format", "json", cwd=reg)).stdout)
    assert status["stages"]["withdrawn"] == 1 and status["stages"]["withheld"] == 0
    assert all(item not in p["waiting"] for p in status["people"])
    due = json.loads(ok(run("overdue", "--format", "json", "--today", "2027-06-01", cwd=reg)).stdout)
    assert item not in json.dumps(due)  # no time limit runs for it
    a = activity(period(run, reg))
    assert a["proposed"] == 0 and a["refused_total"] == 0  # counted nowhere, not as 不公开
    assert check(run, reg)[0].exit_code == 0


def test_withdraw_after_publication_is_refused(reg, run):
    item, _ = published_item(run, reg)
    refused(run, reg, "withdraw", item, "--reason", "不想公开了", "--by", "张三", code="W104",
            says=(f"dwgk correct {item}",))


# ---------------------------------------------------------------- the re-review's way to 主动公开

def _withheld_2025(run, root):
    r = ok(run("submit", "--entry", "Z02", "--title", "专家评审意见", "--scope", "向社会公开", "--content", "正文",
               "--by", "张三", "--date", "2025-06-02", "--attribute", "依申请公开", cwd=root))
    item = r.stdout.strip()
    for step, res, day in (("保密审查", "可以公开", "03"), ("审核", "同意", "04"), ("审批", "同意", "05")):
        ok(run("review", item, "--step", step, "--result", res, "--by", "甲", "--date", f"2025-06-{day}", cwd=root))
    ok(run("withhold", item, "--reasons", "过程性信息", "--basis", "条例第十六条", "--by", "乙", "--date", "2025-06-06",
           cwd=root))
    return item


def test_rereview_leads_to_publication(reg, run):
    item = _withheld_2025(run, reg)
    assert show(run, reg, item)["stage"] == "withheld"
    refused(run, reg, "correct", item, "--attribute", "主动公开", "--reason", "想公开", "--by", "张三",
            code="W042")  # without the re-review's decision, a withheld item stays withheld
    r = ok(run("rereview", item, "--result", "调整为主动公开", "--opinion", "过程已结束，可以公开", "--by", "乙",
               "--date", "2026-03-10", cwd=reg))
    hint = next(line for line in r.stdout.splitlines() if line.startswith("下一步："))
    assert f"dwgk correct {item} --attribute 主动公开" in hint
    assert "dwgk correct" in show(run, reg, item)["next"]["action"]
    refused(run, reg, "correct", item, "--reason", "复核", "--by", "张三", code="W112")  # still 依申请公开
    ok(run("correct", item, "--attribute", "主动公开", "--reason", "年度复核调整为主动公开", "--by", "张三",
           "--date", "2026-03-11", cwd=reg))
    data = show(run, reg, item)
    assert data["stage"] == "submitted" and data["waiting_for"] == ["保密审查", "审核", "审批"]
    assert data["history"][-1]["kind"] == "复核后主动公开"
    for step, res, day in (("保密审查", "可以公开", "12"), ("审核", "同意", "13"), ("审批", "同意", "16")):
        ok(run("review", item, "--step", step, "--result", res, "--by", "甲", "--date", f"2026-03-{day}", cwd=reg))
    ok(run("publish", item, "--channel", "政府网站", "--by", "乙", "--date", "2026-03-17", cwd=reg))
    assert show(run, reg, item)["stage"] == "published"
    assert check(run, reg)[0].exit_code == 0


# ---------------------------------------------------------------- scopes and channels

def test_a_wider_scope_than_the_entry_needs_a_reason(tmp_path, run):
    root = make_register(tmp_path / "s", run, "s004_shidian")
    args = ("submit", "--entry", "J2", "--title", "行动计划", "--scope", "向社会公开", "--content", "正文",
            "--channel", "宣传单", "--by", "林芳", "--date", "2026-11-02")
    refused(run, root, *args, code="W106", says=("党内公开", "--reason"))
    item = ok(run(*args, "--reason", "事关企业切身利益", cwd=root)).stdout.strip()
    path = root / "items" / "2026" / f"{item}.yaml"
    assert "scope_reason: 事关企业切身利益" in path.read_text(encoding="utf-8")
    assert check(run, root)[0].exit_code == 0 and "W106" not in json.dumps(check(run, root)[1])
    edit(path, "scope_reason: 事关企业切身利益\n", "")  # an older record: widened without a word
    commit_all(root)
    f = finding(check(run, root)[1], "W106")
    assert f["severity"] == "warning" and f["line"] > 0


def test_a_publication_to_society_needs_a_channel_that_reaches_it(tmp_path, run):
    root = make_register(tmp_path / "s", run, "s004_shidian")
    item = ok(run("submit", "--entry", "D1", "--title", "议事规则", "--scope", "向社会公开", "--content", "正文",
                  "--by", "林芳", "--date", "2026-11-02", cwd=root)).stdout.strip()
    ok(run("review", item, "--step", "保密审查", "--result", "可以公开", "--by", "黄丽", "--date", "2026-11-03", cwd=root))
    ok(run("review", item, "--step", "审核", "--result", "同意", "--by", "曹文斌", "--meeting", "局党组会议",
           "--participant", "曹文斌、韩立新、宋敏", "--date", "2026-11-04", cwd=root))
    assert show(run, root, item)["history"][-1]["participants"] == ["曹文斌", "韩立新", "宋敏"]
    refused(run, root, "publish", item, "--channel", "局域网党务公开专栏", "--scope", "向社会公开", "--by", "林芳",
            code="W107", says=("宣传单", "--scope 党内公开"))
    ok(run("publish", item, "--channel", "局域网党务公开专栏", "--scope", "党内公开", "--by", "林芳", "--date",
           "2026-11-05", cwd=root))
    ok(run("publish", item, "--channel", "宣传单", "--by", "林芳", "--date", "2026-11-06", cwd=root))


def test_the_public_catalogue_names_only_channels_that_reach_society(tmp_path, run):
    root = make_register(tmp_path / "s", run, "s004_shidian")
    r = ok(run("catalogue", "render", "--audience", "社会", "--format", "md", cwd=root))
    assert "局域网" not in r.stdout and "宣传单" in r.stdout
    assert "局域网" in ok(run("catalogue", "render", "--audience", "党内", "--format", "md", cwd=root)).stdout
    edit(root / "catalogue.yaml", "channels:\n  - 会议传达\n  - 宣传单\n", "channels:\n  - 局域网党务公开专栏\n")
    commit_all(root)
    f = finding(check(run, root)[1], "W109")
    assert f["severity"] == "warning" and f["path"] == "catalogue.yaml"
