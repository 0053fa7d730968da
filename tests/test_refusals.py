"""Refusals found by the audit of the register: each exits with its code, says in Chinese what
is wrong, and leaves every file and the git history exactly as they were."""

import json
import subprocess

import pytest

from conftest import make_register, snapshot
from test_procedure import COLLECTIVE, RISK_OK, review, show, submit


def refused(run, root, *args, code=1, says=(), cwd=None):
    before = snapshot(root)
    r = run(*args, cwd=cwd or root)
    assert r.exit_code == code, r
    for text in says:
        assert text in r.stderr, r
    assert "Traceback" not in r.stderr and "Error:" not in r.stderr
    assert snapshot(root) == before
    return r


def approved(run, root, entry="Z02"):
    item = submit(run, root, entry=entry)
    for step, result, day in (("保密审查", "可以公开", "03"), ("审核", "同意", "04"), ("审批", "同意", "05")):
        assert review(run, root, item, step, result, f"2026-11-{day}").exit_code == 0
    return item


# ---- 2. 不公开 needs written reasons and basis before it is archived

@pytest.mark.parametrize("profile, decide", [
    ("national", ("保密审查", "不予公开", "--exemption", "工作秘密")),
    ("s000_kejiju", ("风险评估", "不公开", "--level", "高", *RISK_OK)),
])
def test_withheld_item_is_archived_only_after_withhold(tmp_path, run, profile, decide):
    root = make_register(tmp_path / "r", run, profile)
    item = submit(run, root, entry="Z02" if profile == "national" else "A01",
                  scope="向社会公开" if profile == "national" else "党内公开")
    if profile != "national":
        assert review(run, root, item, "保密审查", "可以公开", "2026-11-03").exit_code == 0
    step, result, *extra = decide
    assert review(run, root, item, step, result, "2026-11-04", *extra).exit_code == 0
    data = show(run, root, item)
    assert data["stage"] == "withheld" and data["waiting_for"] == [] and "dwgk withhold" in data["next"]["action"]
    refused(run, root, "archive", item, "--by", "办公室", "--date", "2026-11-05",
            says=("W073", "须先书面说明理由和依据", "dwgk withhold"))
    r = run("withhold", item, "--reasons", "涉及工作秘密", "--basis", "保密法第九条", "--by", "办公室",
            "--date", "2026-11-05", cwd=root)
    assert r.exit_code == 0, r
    assert run("archive", item, "--by", "办公室", "--date", "2026-11-06", cwd=root).exit_code == 0
    data = show(run, root, item)
    assert data["stage"] == "archived" and data["waiting_for"] == []
    listed = run("list", cwd=root).stdout
    assert item in listed and "待" not in listed.split(item)[1].splitlines()[0]


# ---- 4. an empty ID is a usage error, not a crash

@pytest.mark.parametrize("args", [
    ("review", "", "--step", "保密审查", "--result", "可以公开", "--by", "王"),
    ("publish", "", "--channel", "政府网站", "--by", "王"),
    ("feedback", "", "--opinion", "意见", "--by", "王"),
    ("withhold", "", "--reasons", "r", "--basis", "b", "--by", "王"),
    ("correct", "", "--content", "新", "--reason", "错字", "--by", "王"),
    ("mitigate", "", "--measures", "m", "--by", "王"),
    ("archive", " ", "--by", "王"),
    ("show", ""),
    ("log", ""),
])
def test_empty_item_id(reg, run, args):
    submit(run, reg)
    refused(run, reg, *args, code=2, says=("事项编号不能为空", "E024"))


# ---- 5. names of the people who decide

@pytest.mark.parametrize("args, says", [
    (("--by", "甲\nDwgk-By: 伪造"), "换行符或控制字符"),
    (("--by", "   "), "为空"),
    (("--by", "王五", "--role", "科长\r"), "换行符或控制字符"),
    (("--by", "王" * 41), "过长"),
])
def test_decider_names_are_validated(reg, run, args, says):
    item = submit(run, reg)
    r = refused(run, reg, "review", item, "--step", "保密审查", "--result", "可以公开", *args, code=2,
                says=(says, "用法错误"))
    assert "\nDwgk-By" not in r.stderr  # shown escaped, on one line


def test_names_are_stripped_and_trailers_cannot_be_forged(reg, run):
    item = submit(run, reg)
    assert review(run, reg, item, "保密审查", "可以公开", "2026-11-03", by="  王五 ").exit_code == 0
    assert show(run, reg, item)["history"][-1]["by"] == "王五"
    from dwgk.diag import Refused
    from dwgk.writer import Transaction
    before = snapshot(reg)
    with pytest.raises(Refused) as e:
        with Transaction(reg) as tx:
            tx.write("x.txt", "x")
            tx.commit("主题", "", {"Dwgk-By": "甲\nDwgk-Id: 伪造"})
    assert e.value.code == "G004"
    assert snapshot(reg) == before


# ---- 6, 9, 15. init on a bad target

def test_init_into_an_unwritable_place_is_a_chinese_error(tmp_path, run):
    r = run("init", "/proc/dwgk-test/x", "--org", "某局")
    assert r.exit_code == 3, r
    assert "无法创建目录" in r.stderr and "Traceback" not in r.stderr and "内部错误" not in r.stderr


def test_init_onto_a_file(tmp_path, run):
    f = tmp_path / "afile"
    f.write_text("keep me", encoding="utf-8")
    r = run("init", f, "--org", "某局")
    assert r.exit_code == 2 and "不是目录" in r.stderr, r
    assert f.read_text(encoding="utf-8") == "keep me"


def test_init_inside_a_register_is_refused(reg, run):
    refused(run, reg, "init", reg / "items" / "sub", "--org", "某局", says=("E034", "不能在登记簿里再建登记簿"))
    assert not (reg / "items" / "sub").exists()


@pytest.mark.parametrize("code", ["../../etc", "123", "00817525-"])
def test_init_checks_the_organisation_code(tmp_path, run, code):
    r = run("init", tmp_path / "x", "--org", "某局", "--code", code)
    assert r.exit_code == 2 and "机构代码" in r.stderr and "00817525-1" in r.stderr, r
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("code", ["00817525-1", "008175251", "11460100MB1957431X"])
def test_init_accepts_real_codes(tmp_path, run, code):
    assert run("init", tmp_path / "x", "--org", "某局", "--code", code).exit_code == 0


# ---- 11. 高 risk: the plan changes before it is assessed again (see also test_procedure)

def test_high_risk_item_may_be_revised_and_assessed_afresh(tmp_path, run):
    root = make_register(tmp_path / "k", run, "s000_kejiju")
    item = submit(run, root, entry="A01", scope="党内公开")
    review(run, root, item, "保密审查", "可以公开", "2026-11-03")
    assert review(run, root, item, "风险评估", "暂缓公开", "2026-11-04", "--level", "高", *RISK_OK).exit_code == 0
    r = run("correct", item, "--content", "调整后的方案", "--reason", "按评估意见调整方案", "--by", "张三",
            "--date", "2026-11-05", cwd=root)
    assert r.exit_code == 0, r
    assert show(run, root, item)["waiting_for"][0] == "保密审查"  # a new revision: reviewed afresh


# ---- 13. 政务 fields

def test_attribute_is_required_where_the_profile_says(tmp_path, run):
    root = make_register(tmp_path / "s", run, "s002_shikejiju")
    refused(run, root, "submit", "--entry", "02", "--title", "T", "--scope", "向社会公开", "--content", "c",
            "--by", "张", says=("I042", "公文属性", "--attribute"))
    r = run("submit", "--entry", "02", "--title", "T", "--scope", "向社会公开", "--content", "c", "--by", "张",
            "--attribute", "依申请公开", "--doc-number", "宁科发〔2026〕1号", "--doc-date", "2026-11-01", cwd=root)
    assert r.exit_code == 0, r
    item = r.stdout.strip()
    text = run("show", item, cwd=root).stdout
    assert "公文属性：依申请公开" in text and "文号：宁科发〔2026〕1号" in text and "成文日期：2026-11-01" in text


def test_doc_date_after_today(reg, run):
    refused(run, reg, "submit", "--entry", "Z02", "--title", "T", "--scope", "向社会公开", "--content", "c",
            "--by", "张", "--doc-date", "2026-11-21", says=("I043", "成文日期"))


def test_on_request_item_says_what_really_comes_next(tmp_path, run):
    root = make_register(tmp_path / "s", run, "s002_shikejiju")
    item = submit(run, root, entry="02", extra=("--attribute", "依申请公开"))
    for step, result, day in (("审核", "同意", "03"), ("保密审查", "可以公开", "04")):
        assert review(run, root, item, step, result, f"2026-11-{day}").exit_code == 0
    data = show(run, root, item)
    assert data["stage"] == "approved" and "依申请" in data["next"]["action"]
    assert "dwgk publish" not in data["next"]["action"]
    refused(run, root, "publish", item, "--channel", "市政府门户网站", "--by", "办", says=("W046",))


# ---- minor refusals

def test_date_given_empty_is_an_error(reg, run):
    item = submit(run, reg)
    refused(run, reg, "review", item, "--step", "保密审查", "--result", "可以公开", "--by", "王", "--date", "",
            code=2, says=("--date 的日期“”无效",))


def test_prepublish_asks_for_its_channel(tmp_path, run):
    root = make_register(tmp_path / "s", run, "s004_shidian")
    item = submit(run, root, entry="J1", extra=("--major",), date="2026-10-01")
    assert review(run, root, item, "保密审查", "可以公开", "2026-10-02").exit_code == 0
    assert review(run, root, item, "审核", "同意", "2026-10-09", *COLLECTIVE).exit_code == 0
    assert review(run, root, item, "上报审核", "同意", "2026-10-10").exit_code == 0
    refused(run, root, "prepublish", item, "--by", "办", "--date", "2026-10-12", code=2,
            says=("W074", "--channel"))


def test_first_inner_hint_names_the_profiles_own_inner_channels(tmp_path, run):
    root = make_register(tmp_path / "s", run, "s004_shidian")
    item = submit(run, root, entry="J1", extra=("--first-inner",))
    assert review(run, root, item, "保密审查", "可以公开", "2026-11-03").exit_code == 0
    assert review(run, root, item, "审核", "同意", "2026-11-04", *COLLECTIVE).exit_code == 0
    r = refused(run, root, "publish", item, "--channel", "宣传单", "--by", "办", "--date", "2026-11-05",
                says=("W017", "--scope 党内公开"))
    import re
    from dwgk.profile import load_profile
    suggested = re.search(r"--channel (\S+)", r.stderr).group(1)
    assert suggested in load_profile("s004_shidian").inner_channels()  # not 会议, which s004 lacks


def test_web_review_hint_can_be_followed(tmp_path, run):
    root = make_register(tmp_path / "k", run, "s000_kejiju")
    item = submit(run, root, entry="D01", extra=("--channel", "文件"))
    for n, (step, result, extra) in enumerate((("保密审查", "可以公开", ()), ("风险评估", "可公开", ("--level", "低", *RISK_OK)),
                                               ("审核", "同意", ()), ("审批", "同意", ()))):
        assert review(run, root, item, step, result, f"2026-11-0{3 + n}", *extra).exit_code == 0
    r = refused(run, root, "publish", item, "--channel", "门户网站", "--by", "办", "--date", "2026-11-07",
                says=("W014", f"dwgk correct {item} --channel 门户网站"))
    r = run("correct", item, "--channel", "文件", "--channel", "门户网站", "--reason", "增加网站发布", "--by", "张三",
            "--date", "2026-11-07", cwd=root)
    assert r.exit_code == 0, r
    data = show(run, root, item)
    assert data["channels"] == ["文件", "门户网站"] and data["waiting_for"][-3:] == ["初审", "复审", "终审"]


def test_unknown_department(reg, run):
    refused(run, reg, "submit", "--entry", "Z02", "--title", "T", "--scope", "向社会公开", "--content", "c",
            "--by", "张", "--department", "宣传部", says=("I040", "宣传部", "政策法规科"))


def test_list_of_an_entry_that_does_not_exist(reg, run):
    r = refused(run, reg, "list", "--entry", "ZZZ", says=("E027", "ZZZ"))
    assert r.stdout == ""


def test_collective_review_records_the_meeting(tmp_path, run):
    root = make_register(tmp_path / "s", run, "s004_shidian")
    item = submit(run, root, entry="J2", scope="党内公开")
    assert review(run, root, item, "保密审查", "可以公开", "2026-11-03").exit_code == 0
    refused(run, root, "review", item, "--step", "审核", "--result", "同意", "--by", "局长", "--date", "2026-11-04",
            says=("W072", "集体审议", "--meeting"))
    assert review(run, root, item, "审核", "同意", "2026-11-04", *COLLECTIVE).exit_code == 0
    last = show(run, root, item)["history"][-1]
    assert last["meeting"] == "局党组会议 2026年第9次" and last["participants"] == ["局长", "副局长"]


def test_broken_override_is_told_in_chinese(reg, run):
    text = (reg / "dwgk.yaml").read_text(encoding="utf-8").replace("overrides: {}", "overrides:\n  channels: 5")
    (reg / "dwgk.yaml").write_text(text, encoding="utf-8")
    r = run("status", cwd=reg)
    assert r.exit_code == 3 and "C004" in r.stderr and "channels 应为列表" in r.stderr
    assert "object" not in r.stderr and "iterable" not in r.stderr


def test_command_during_an_unfinished_merge(reg, run):
    item = submit(run, reg)
    git = lambda *a: subprocess.run(["git", "-C", str(reg), *a], capture_output=True, text=True)  # noqa: E731
    head = git("rev-parse", "HEAD").stdout.strip()
    (reg / ".git" / "MERGE_HEAD").write_text(head + "\n")
    r = refused(run, reg, "review", item, "--step", "保密审查", "--result", "可以公开", "--by", "王",
                says=("G005", "未完成的 git 合并", "git merge --abort"))
    assert "fatal" not in r.stderr


def test_a_hand_edit_is_not_committed_under_a_decision(reg, run):
    item = submit(run, reg)
    path = next((reg / "items").rglob(f"{item}.yaml"))
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 改"), encoding="utf-8")
    refused(run, reg, "review", item, "--step", "保密审查", "--result", "可以公开", "--by", "王",
            says=("G006", path.name, "尚未提交的手工修改", "git checkout HEAD -- 文件"))
    subprocess.run(["git", "-C", str(reg), "commit", "-qam", "手工改标题"], check=True)
    assert review(run, reg, item, "保密审查", "可以公开", "2026-11-03").exit_code == 0


def test_the_hint_for_a_staged_hand_edit_really_undoes_it(reg, run):
    """``git checkout -- 文件`` leaves a staged edit in place; the hint's command does not."""
    item = submit(run, reg)
    path = next((reg / "items").rglob(f"{item}.yaml"))
    committed = path.read_text(encoding="utf-8")
    path.write_text(committed.replace("title: ", "title: 改"), encoding="utf-8")
    subprocess.run(["git", "-C", str(reg), "add", "-A"], check=True)
    r = refused(run, reg, "review", item, "--step", "保密审查", "--result", "可以公开", "--by", "王", says=("G006",))
    rel = path.relative_to(reg).as_posix()
    subprocess.run(["git", "-C", str(reg), "checkout", "HEAD", "--", rel], check=True)  # as the hint says
    assert path.read_text(encoding="utf-8") == committed
    assert review(run, reg, item, "保密审查", "可以公开", "2026-11-03").exit_code == 0, r


def test_a_commit_on_a_detached_head_is_warned_about(reg, run):
    item = submit(run, reg)
    subprocess.run(["git", "-C", str(reg), "checkout", "-q", "--detach"], check=True)
    r = review(run, reg, item, "保密审查", "可以公开", "2026-11-03")
    assert r.exit_code == 0 and "分离的 HEAD" in r.stderr and "git switch -c" in r.stderr


def test_git_failure_is_explained_in_chinese(reg, run):
    (reg / ".git" / "index.lock").write_text("")
    try:
        r = refused(run, reg, "submit", "--entry", "Z02", "--title", "办法", "--scope", "向社会公开",
                    "--content", "正文", "--by", "张三", says=("G002", "index.lock", "删除 .git/index.lock"))
    finally:
        (reg / ".git" / "index.lock").unlink()
    assert r.stderr.startswith("dwgk: 错误[G002] 另一个 git 命令正在运行")


def test_register_in_a_subfolder_of_a_git_repository(tmp_path, run):
    outer = tmp_path / "repo"
    outer.mkdir()
    subprocess.run(["git", "init", "-q", str(outer)], check=True)
    from conftest import git_identity
    git_identity(outer)
    root = outer / "registers" / "r1"
    r = run("init", root, "--org", "某局")
    assert r.exit_code == 0 and "不是 git 仓库" not in r.stderr, r
    assert not (root / ".git").exists()  # no nested repository
    r = run("submit", "--entry", "Z02", "--title", "办法", "--scope", "向社会公开", "--content", "正文",
            "--by", "张三", cwd=root)
    assert r.exit_code == 0 and "不是 git 仓库" not in r.stderr, r
    log = subprocess.run(["git", "-C", str(outer), "log", "--format=%s"], capture_output=True, text=True).stdout
    assert log.splitlines()[0].startswith("提出公开事项") and len(log.splitlines()) == 2
    assert len(json.loads(run("log", r.stdout.strip(), "--format", "json", cwd=root).stdout)) == 1


# ---- the operating system's reasons are told in Chinese, not in its English words

@pytest.mark.parametrize("target, says", [("missing.txt", "文件或目录不存在"), (".", "这是一个目录")])
def test_unreadable_content_file_is_told_in_chinese(reg, run, target, says):
    r = refused(run, reg, "submit", "--entry", "Z02", "--title", "标题", "--scope", "向社会公开",
                "--content-file", target, "--by", "张三", code=2, says=("E023", says))
    assert "Errno" not in r.stderr and "No such file" not in r.stderr


def test_unreadable_notice_is_told_in_chinese(reg, run):
    r = refused(run, reg, "calendar", "import", "missing.txt", code=3, says=("H120", "文件或目录不存在"))
    assert "No such file" not in r.stderr


def test_rereview_result_is_checked_even_with_nothing_to_record(reg, run):
    # "没有需要登记的事项" must not hide a result that would never be accepted
    r = refused(run, reg, "rereview", "--all", "--result", "改", "--by", "马", code=2, says=("复核结论“改”无效",))
    assert "没有需要登记" not in r.stdout


# ---- a time limit written wrongly in dwgk.yaml must not quietly switch the rule off

@pytest.mark.parametrize("override, says", [
    ("{limits: {publish_after_formed: {days: abc}}}", "limits.publish_after_formed.days 应为 0 到 3660"),
    ("{limits: {publish_after_formed: {days: -5}}}", "现为“-5”"),
    ("{limits: {publish_after_formed: {days: 20, unit: weeks}}}", "unit 应为 workday"),
    ("{limits: {publish_after_fromed: 20}}", "不是 dwgk 认识的时限"),
    ("{limits: {annual_report: {month_day: 13-01}}}", "month_day 应写成"),
    ("{org_type: 机关}", "overrides.org_type “机关”无效"),
])
def test_broken_limit_override_cannot_run(reg, run, override, says):
    path = reg / "dwgk.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("overrides: {}", f"overrides: {override}"),
                    encoding="utf-8")
    for args in (("overdue", "--fail-on-overdue"), ("status",), ("check",)):
        r = refused(run, reg, *args, code=3, says=(says,))
        assert "内部错误" not in r.stderr


def test_limit_switched_off_on_purpose_is_no_error(reg, run):
    path = reg / "dwgk.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "overrides: {}", "overrides: {limits: {publish_after_formed: false, periodic_grace: 15}}"), encoding="utf-8")
    assert run("overdue", cwd=reg).exit_code == 0
