"""The item procedure on each profile, and every refusal leaving the register untouched."""

import json

import pytest

from conftest import make_register, snapshot


def submit(run, root, entry="Z02", scope="向社会公开", date="2026-11-02", extra=()):
    r = run("submit", "--entry", entry, "--title", "关于印发科技项目管理办法的通知", "--scope", scope,
            "--content", "第一条 为规范管理，制定本办法。", "--by", "张三", "--date", date, *extra, cwd=root)
    assert r.exit_code == 0, r
    return r.stdout.strip()


def review(run, root, item, step, result, date, *extra, by="审核人"):
    return run("review", item, "--step", step, "--result", result, "--by", by, "--date", date, *extra, cwd=root)


def show(run, root, item):
    r = run("show", item, "--format", "json", cwd=root)
    assert r.exit_code == 0, r
    return json.loads(r.stdout)


COLLECTIVE = ("--meeting", "局党组会议 2026年第9次", "--participant", "局长", "--participant", "副局长")
RISK_OK = ("--finding", "合法性=符合规定", "--finding", "合理性=兼顾各方利益", "--finding", "可行性=条件具备",
           "--finding", "可控性=风险可控")


def test_show_json_has_stage_and_waiting_for(reg, run):
    item = submit(run, reg)
    data = show(run, reg, item)
    assert data["id"] == item and data["stage"] == "submitted"
    assert data["waiting_for"] == ["保密审查", "审核", "审批"]
    assert data["history"][0]["action"] == "submit"
    assert review(run, reg, item, "保密审查", "可以公开", "2026-11-03").exit_code == 0
    data = show(run, reg, item)
    assert data["stage"] == "reviewing" and data["waiting_for"] == ["审核", "审批"]
    assert data["next"]["role"] == "分管领导"


def test_kejiju_profile_full_walk_with_risk_and_web_review(tmp_path, run):
    root = make_register(tmp_path / "k", run, "s000_kejiju")
    item = submit(run, root, entry="E01", date="2026-11-02")  # 门户网站 + 政务微博: web steps apply
    steps = [("保密审查", "可以公开", ()), ("风险评估", "可公开", ("--level", "低", *RISK_OK)),
             ("审核", "同意", ()), ("审批", "同意", ()), ("初审", "同意", ()), ("复审", "同意", ()),
             ("终审", "同意", ())]
    for n, (step, result, extra) in enumerate(steps):
        r = review(run, root, item, step, result, f"2026-11-{3 + n:02d}", *extra)
        assert r.exit_code == 0, r
    assert show(run, root, item)["stage"] == "approved"
    assert run("publish", item, "--channel", "门户网站", "--by", "办公室主任", "--date", "2026-11-12", cwd=root).exit_code == 0
    assert run("feedback", item, "--opinion", "很好", "--handling", "已答复", "--by", "办公室主任", cwd=root).exit_code == 0
    assert run("archive", item, "--by", "办公室主任", cwd=root).exit_code == 0
    assert show(run, root, item)["stage"] == "archived"
    r = run("log", item, "--format", "json", cwd=root)
    commits = json.loads(r.stdout)
    assert len(commits) == 1 + len(steps) + 3
    assert commits[1]["trailers"]["Dwgk-Step"] == "保密审查"
    assert commits[1]["trailers"]["Dwgk-By"] == "审核人"
    assert commits[1]["author"] == "测试员"  # the clerk's git identity


def test_medium_risk_defers_until_mitigation(tmp_path, run):
    root = make_register(tmp_path / "k", run, "s000_kejiju")
    item = submit(run, root, entry="A01", scope="党内公开")
    review(run, root, item, "保密审查", "可以公开", "2026-11-03")
    r = review(run, root, item, "风险评估", "暂缓公开", "2026-11-04", "--level", "中", *RISK_OK)
    assert r.exit_code == 0, r
    assert show(run, root, item)["stage"] == "deferred"
    before = snapshot(root)
    r = review(run, root, item, "审核", "同意", "2026-11-05")
    assert r.exit_code == 1 and "风险评估" in r.stderr
    assert snapshot(root) == before
    assert run("mitigate", item, "--measures", "先行解释说明", "--by", "分管", "--date", "2026-11-05", cwd=root).exit_code == 0
    assert show(run, root, item)["waiting_for"] == ["审核", "审批"]


def test_high_risk_blocks_until_reassessed(tmp_path, run):
    root = make_register(tmp_path / "k", run, "s000_kejiju")
    item = submit(run, root, entry="A01", scope="党内公开")
    review(run, root, item, "保密审查", "可以公开", "2026-11-03")
    assert review(run, root, item, "风险评估", "暂缓公开", "2026-11-04", "--level", "高", *RISK_OK).exit_code == 0
    before = snapshot(root)
    r = review(run, root, item, "风险评估", "可公开", "2026-11-05", "--level", "高", *RISK_OK)
    assert r.exit_code == 1 and "高风险" in r.stderr
    assert snapshot(root) == before
    assert run("mitigate", item, "--measures", "x", "--by", "a", "--date", "2026-11-05", cwd=root).exit_code == 1
    # a new assessment with the same plan is refused: the plan must be changed first
    r = review(run, root, item, "风险评估", "可公开", "2026-11-06", "--level", "低", *RISK_OK)
    assert r.exit_code == 1 and "须先调整方案" in r.stderr and "W071" in r.stderr
    assert snapshot(root) == before
    # the plan is changed and assessed again: a new, lower assessment unblocks it
    r = review(run, root, item, "风险评估", "可公开", "2026-11-06", "--level", "低", *RISK_OK,
               "--adjustment", "删去未经核实的数据，先行解释说明")
    assert r.exit_code == 0, r
    data = show(run, root, item)
    assert data["waiting_for"] == ["审核", "审批"]
    assert data["history"][-1]["adjustment"] == "删去未经核实的数据，先行解释说明"


@pytest.mark.parametrize("args, message", [
    (("review", "{id}", "--step", "审批", "--result", "同意", "--by", "局长"), "须先完成“保密审查”"),
    (("review", "{id}", "--step", "会签", "--result", "同意", "--by", "局长"), "没有“会签”这一步骤"),
    (("review", "{id}", "--step", "保密审查", "--result", "也许", "--by", "王五"), "结论“也许”无效"),
    (("review", "{id}", "--step", "保密审查", "--result", "不予公开", "--by", "王五"), "类别"),
    (("review", "{id}", "--step", "保密审查", "--result", "不予公开", "--by", "王五", "--exemption", "秘密"),
     "类别“秘密”无效"),
    (("review", "{id}", "--step", "保密审查", "--result", "部分公开", "--by", "王五", "--exemption", "个人隐私"), "删除或处理"),
    (("review", "{id}", "--step", "保密审查", "--result", "可以公开", "--by", "王五", "--date", "2026-11-01"), "早于上一步"),
    (("review", "{id}", "--step", "保密审查", "--result", "可以公开", "--by", "王五", "--date", "2026-11-21"), "晚于今天"),
    (("publish", "{id}", "--channel", "政府网站", "--by", "赵六"), "未通过保密审查"),
    (("archive", "{id}", "--by", "赵六"), "才能立卷归档"),
    (("correct", "{id}", "--content", "新", "--reason", "错字", "--by", "张三"), "才能提交新版本"),
    (("feedback", "{id}", "--opinion", "意见", "--by", "赵六"), "才能登记反馈"),
    (("show", "GK-2026-zzzzzz"), "没有编号"),
])
def test_refusals_change_nothing(reg, run, args, message):
    item = submit(run, reg)
    before = snapshot(reg)
    r = run(*[a.replace("{id}", item) for a in args], cwd=reg)
    assert r.exit_code == 1, r
    assert message in r.stderr
    assert "提示" in r.stderr
    assert r.stdout == ""
    assert snapshot(reg) == before


@pytest.mark.parametrize("args, message", [
    (("--title", "T", "--scope", "向社会公开", "--content", "c", "--by", "张"), "须说明理由"),
    (("--entry", "NOPE", "--title", "T", "--scope", "向社会公开", "--content", "c", "--by", "张"), "没有编码为“NOPE”"),
    (("--entry", "Z02", "--title", "T", "--scope", "全世界", "--content", "c", "--by", "张"), "公开范围“全世界”无效"),
    (("--entry", "Z02", "--title", "T", "--scope", "向社会公开", "--content", " ", "--by", "张"), "内容不能为空"),
    (("--entry", "Z02", "--title", "T", "--scope", "向社会公开", "--content", "c", "--by", "张", "--channel", "飞鸽"), "不在本方案的渠道"),
    (("--entry", "Z02", "--title", "T", "--scope", "向社会公开", "--content", "c", "--by", "张", "--date", "2027-01-01"), "晚于今天"),
])
def test_submit_refusals_change_nothing(reg, run, args, message):
    before = snapshot(reg)
    r = run("submit", *args, cwd=reg)
    assert r.exit_code == 1, r
    assert message in r.stderr
    assert snapshot(reg) == before


def test_missing_required_option_is_usage_error(reg, run):
    before = snapshot(reg)
    r = run("submit", "--entry", "Z02", "--scope", "向社会公开", "--content", "c", cwd=reg)
    assert r.exit_code == 2
    assert snapshot(reg) == before


def test_submit_outside_catalogue_with_reason(reg, run):
    r = run("submit", "--title", "临时通知", "--scope", "向社会公开", "--content", "c", "--by", "张",
            "--channel", "政府网站", "--reason", "突发事件需及时公开", cwd=reg)
    assert r.exit_code == 0, r
    data = show(run, reg, r.stdout.strip())
    assert data["entry"] is None


def test_returned_then_corrected_and_reviewed_again(reg, run):
    item = submit(run, reg)
    review(run, reg, item, "保密审查", "可以公开", "2026-11-03")
    r = review(run, reg, item, "审核", "不同意", "2026-11-04")
    assert r.exit_code == 1 and "理由" in r.stderr
    assert review(run, reg, item, "审核", "不同意", "2026-11-04", "--opinion", "依据不足").exit_code == 0
    assert show(run, reg, item)["stage"] == "returned"
    before = snapshot(reg)
    assert review(run, reg, item, "审批", "同意", "2026-11-05").exit_code == 1
    assert snapshot(reg) == before
    r = run("correct", item, "--content", "修改后的正文", "--reason", "补充依据", "--by", "张三", "--date", "2026-11-05", cwd=reg)
    assert r.exit_code == 0, r
    data = show(run, reg, item)
    assert data["stage"] == "submitted" and data["waiting_for"] == ["保密审查", "审核", "审批"]
    assert data["revision"] == 2


def test_correction_of_published_item_needs_new_review(reg, run):
    item = submit(run, reg)
    for step, day in (("保密审查", "03"), ("审核", "04"), ("审批", "05")):
        review(run, reg, item, step, "可以公开" if step == "保密审查" else "同意", f"2026-11-{day}")
    assert run("publish", item, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-06", cwd=reg).exit_code == 0
    r = run("correct", item, "--content", "更正后的正文", "--reason", "原文有误", "--by", "张三", "--date", "2026-11-07", cwd=reg)
    assert r.exit_code == 0, r
    data = show(run, reg, item)
    assert data["stage"] == "submitted"
    assert any(h["action"] == "publish" for h in data["history"])  # the old publication stays in history
    before = snapshot(reg)
    assert run("publish", item, "--channel", "政府网站", "--by", "赵六", cwd=reg).exit_code == 1
    assert snapshot(reg) == before


def test_secrecy_refused_item_is_withheld(reg, run):
    item = submit(run, reg)
    r = review(run, reg, item, "保密审查", "不予公开", "2026-11-03", "--exemption", "工作秘密")
    assert r.exit_code == 0, r
    assert show(run, reg, item)["stage"] == "withheld"
    assert run("withhold", item, "--reasons", "涉及工作秘密", "--basis", "保密法", "--by", "王五", cwd=reg).exit_code == 0
    assert run("archive", item, "--by", "王五", cwd=reg).exit_code == 0


def test_secrecy_referred_upward_waits(reg, run):
    item = submit(run, reg)
    assert review(run, reg, item, "保密审查", "提请审定", "2026-11-03").exit_code == 0
    data = show(run, reg, item)
    assert data["stage"] == "deferred" and data["waiting_for"][0] == "保密审查"
    assert review(run, reg, item, "保密审查", "部分公开", "2026-11-10", "--exemption", "个人隐私",
                  "--removed", "删去身份证号", "--redact", "为规范管理").exit_code == 0
    assert show(run, reg, item)["waiting_for"] == ["审核", "审批"]


def test_first_inner_then_public(tmp_path, run):
    root = make_register(tmp_path / "g", run, "s003_gaoxinqu")
    item = submit(run, root, entry="2C", extra=("--first-inner", "--attribute", "主动公开"))
    for step, day in (("保密审查", "03"), ("审核", "04"), ("审批", "05")):
        assert review(run, root, item, step, "可以公开" if step == "保密审查" else "同意", f"2026-11-{day}").exit_code == 0
    before = snapshot(root)
    r = run("publish", item, "--channel", "高新区门户网站", "--by", "党政办", "--date", "2026-11-06", cwd=root)
    assert r.exit_code == 1 and "先党内、后党外" in r.stderr
    assert snapshot(root) == before
    assert run("publish", item, "--channel", "会议", "--scope", "党内公开", "--by", "党政办", "--date", "2026-11-06", cwd=root).exit_code == 0
    assert run("publish", item, "--channel", "高新区门户网站", "--by", "党政办", "--date", "2026-11-07", cwd=root).exit_code == 0


def test_inner_item_cannot_be_published_to_society(tmp_path, run):
    root = make_register(tmp_path / "k", run, "s001_jiguan")
    item = submit(run, root, entry="01", scope="党内公开")
    review(run, root, item, "保密审查", "可以公开", "2026-11-03")
    review(run, root, item, "风险评估", "可公开", "2026-11-04", "--level", "低", *RISK_OK)
    review(run, root, item, "审核", "同意", "2026-11-05")
    review(run, root, item, "审批", "同意", "2026-11-06")
    before = snapshot(root)
    r = run("publish", item, "--channel", "中心网站", "--scope", "向社会公开", "--by", "办", cwd=root)
    assert r.exit_code == 1 and "批准的公开范围" in r.stderr
    assert snapshot(root) == before


def test_prepublish_for_major_item(tmp_path, run):
    root = make_register(tmp_path / "s", run, "s004_shidian")
    item = submit(run, root, entry="J1", extra=("--major",), date="2026-10-01")
    assert review(run, root, item, "保密审查", "可以公开", "2026-10-02").exit_code == 0
    assert review(run, root, item, "审核", "同意", "2026-10-09", *COLLECTIVE).exit_code == 0
    assert review(run, root, item, "上报审核", "同意", "2026-10-10").exit_code == 0
    assert show(run, root, item)["waiting_for"] == ["预公开"]
    before = snapshot(root)
    assert run("publish", item, "--channel", "文件", "--scope", "党内公开", "--by", "办", "--date", "2026-10-12", cwd=root).exit_code == 1
    assert snapshot(root) == before
    r = run("prepublish", item, "--channel", "局域网党务公开专栏", "--until", "2026-10-15", "--by", "办", "--date", "2026-10-12", cwd=root)
    assert r.exit_code == 1 and "不得少于 7 天" in r.stderr
    assert run("prepublish", item, "--channel", "局域网党务公开专栏", "--by", "办", "--date", "2026-10-12", cwd=root).exit_code == 0
    assert run("feedback", item, "--opinion", "建议延长", "--by", "办", "--date", "2026-10-13", cwd=root).exit_code == 0
    assert run("prepublish", item, "--close", "--by", "办", "--date", "2026-10-15", cwd=root).exit_code == 1
    assert run("prepublish", item, "--close", "--opinions", "1", "--adjustments", "延长期限", "--by", "办", "--date", "2026-10-19", cwd=root).exit_code == 0
    assert run("publish", item, "--channel", "文件", "--scope", "党内公开", "--by", "办", "--date", "2026-10-20", cwd=root).exit_code == 0
    assert run("publish", item, "--channel", "宣传单", "--by", "办", "--date", "2026-10-21", cwd=root).exit_code == 0


def _walk_args(p, step_name):
    """The review arguments each kind of step needs on profile ``p``."""
    step = next(s for s in p.steps if s.name == step_name)
    extra = COLLECTIVE if step.collective else ()
    if step.kind == "secrecy":
        return "可以公开", extra
    if step.kind == "risk":
        return "可公开", ("--level", "低", *RISK_OK, *extra)
    return "同意", extra


@pytest.mark.parametrize("profile", __import__("dwgk.profile", fromlist=["available"]).available())
def test_every_profile_walks_from_submit_to_archive(tmp_path, run, profile):
    # the README's promise: init → submit → every review step → publish → feedback → archive on
    # each shipped profile, driven by what the item says it waits for, and one commit per step
    from dwgk.profile import load_profile
    p = load_profile(profile)
    root = make_register(tmp_path / "r", run, profile)
    entry = next(e for e in p.catalogue if e["timing"] == "及时")
    # a channel whose audience fits the scope: one that reaches society for 向社会公开
    channel = next(c for c in entry["channels"] if p.is_public(c) == (entry["scope"] == "向社会公开"))
    extra = ("--attribute", "主动公开") if p.attribute_required else ()
    item = submit(run, root, entry=entry["code"], scope=entry["scope"], extra=extra)
    day, commands = 3, 1
    while True:
        data = show(run, root, item)
        if not data["waiting_for"]:
            break
        step = data["waiting_for"][0]
        if step == "预公开":
            r = run("prepublish", item, "--channel", channel, "--by", "办公室", "--date", f"2026-11-{day:02d}", cwd=root)
            assert r.exit_code == 0, r
            day += 7
            r = run("prepublish", item, "--close", "--opinions", "1", "--adjustments", "无", "--by", "办公室",
                    "--date", f"2026-11-{day:02d}", cwd=root)
            commands += 2
        else:
            result, more = _walk_args(p, step)
            r = review(run, root, item, step, result, f"2026-11-{day:02d}", *more)
            commands += 1
        assert r.exit_code == 0, (step, r)
        day += 1
        assert day < 28, data
    assert data["stage"] == "approved", data
    r = run("publish", item, "--channel", channel, "--by", "办公室", "--date", f"2026-11-{day:02d}", cwd=root)
    assert r.exit_code == 0, r
    for args in (("feedback", item, "--opinion", "很好", "--handling", "已答复"), ("archive", item)):
        r = run(*args, "--by", "办公室", "--date", f"2026-11-{day:02d}", cwd=root)
        assert r.exit_code == 0, r
    commands += 3
    assert show(run, root, item)["stage"] == "archived"
    commits = json.loads(run("log", item, "--format", "json", cwd=root).stdout)
    assert len(commits) == commands
