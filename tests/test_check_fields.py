"""`dwgk check` on hand edits the audit found unnoticed: each finding with its code, file and
line (and column where it matters)."""

import json

import pytest

from conftest import make_register, snapshot
from test_check import check, edit, finding, last_line_of, line_of, new_item, published_item
from test_procedure import review, submit


def item_path(root, item):
    return root / "items" / "2026" / f"{item}.yaml"


# ---- 1. the approval hash covers everything approval decides

@pytest.mark.parametrize("old, new", [
    ("scope: 向社会公开", "scope: 对特定对象公开"),
    ("entry: Z02", "entry: Z03"),
    ("title: 办法", "title: 办法（修订）"),
    ("- 政府网站\n", "- 政府网站\n- 政府公报\n"),
    ("department: 政策法规科", "department: 办公室"),
    ("timing: 及时", "timing: 长期"),
    ("content: |", "attachments:\n- 附件1.pdf\ncontent: |"),
    ("content: |", "doc_number: 青科发〔2026〕1号\ncontent: |"),
    ("content: |", "attribute: 依申请公开\ncontent: |"),
])
def test_any_approved_field_changed_by_hand(reg, run, old, new):
    item, path = new_item(run, reg)
    for step, res, day in (("保密审查", "可以公开", "03"), ("审核", "同意", "04"), ("审批", "同意", "05")):
        assert run("review", item, "--step", step, "--result", res, "--by", "甲", "--date", f"2026-11-{day}", cwd=reg).exit_code == 0
    edit(path, old, new)
    r, data = check(run, reg)
    assert r.exit_code == 1
    f = finding(data, "W057")
    assert f["path"] == f"items/2026/{item}.yaml" and f["line"] == last_line_of(path, "content_hash:")
    before = snapshot(reg)
    r = run("publish", item, "--channel", "政府网站", "--by", "乙", "--date", "2026-11-06", cwd=reg)
    assert r.exit_code == 1 and any(c in r.stderr for c in ("W015", "W046", "W070")), r
    assert snapshot(reg) == before


def test_untouched_item_matches_its_hash(reg, run):
    published_item(run, reg)
    r, data = check(run, reg)
    assert r.exit_code == 0 and data["errors"] == 0 and not [f for f in data["findings"] if f["code"] == "W057"]


# ---- 7. fields the commands require, removed by hand

def test_secrecy_refusal_without_its_exemption(reg, run):
    item, path = new_item(run, reg)
    assert review(run, reg, item, "保密审查", "不予公开", "2026-11-03", "--exemption", "工作秘密").exit_code == 0
    edit(path, "  exemption: 工作秘密\n", "")
    r, data = check(run, reg)
    f = finding(data, "W054")
    assert r.exit_code == 1 and "类别" in f["message"]
    assert f["line"] == last_line_of(path, "- action: review")


def test_partial_disclosure_without_what_was_removed(reg, run):
    item, path = new_item(run, reg)
    assert review(run, reg, item, "保密审查", "部分公开", "2026-11-03", "--exemption", "个人隐私",
                  "--removed", "删去身份证号", "--redact", "正文").exit_code == 0
    edit(path, "  removed: 删去身份证号\n", "")
    edit(path, "  redact:\n  - 正文\n", "")
    r, data = check(run, reg)
    assert "删除或处理" in finding(data, "W054")["message"]
    edit(path, "result: 部分公开", "result: 部分公开\n  removed: 删去身份证号")
    edit(path, "  exemption: 个人隐私\n", "")
    r, data = check(run, reg)
    assert "类别" in finding(data, "W054")["message"]


def test_refusal_without_an_opinion(reg, run):
    item, path = new_item(run, reg)
    assert review(run, reg, item, "保密审查", "可以公开", "2026-11-03").exit_code == 0
    assert review(run, reg, item, "审核", "不同意", "2026-11-04", "--opinion", "依据不足").exit_code == 0
    edit(path, "  opinion: 依据不足\n", "")
    r, data = check(run, reg)
    f = finding(data, "W054")
    assert "理由" in f["message"] and f["line"] == last_line_of(path, "- action: review")


def test_hashes_deleted_then_content_changed(reg, run):
    item, path = published_item(run, reg)
    text = path.read_text(encoding="utf-8")
    path.write_text("".join(line for line in text.splitlines(True) if "content_hash:" not in line)
                    .replace("\n  正文\n", "\n  偷偷改过的正文\n"), encoding="utf-8")
    r, data = check(run, reg)
    assert r.exit_code == 1
    missing = [f for f in data["findings"] if f["code"] == "W080"]
    assert len(missing) == 3  # 保密审查, 审核, 审批
    reviews = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "- action: review" in line]
    assert sorted(f["line"] for f in missing) == reviews


def test_withhold_and_feedback_without_their_text(reg, run):
    item, path = published_item(run, reg)
    assert run("feedback", item, "--opinion", "建议补充", "--by", "乙", cwd=reg).exit_code == 0
    edit(path, "  opinion: 建议补充\n", "")
    r, data = check(run, reg)
    f = finding(data, "W086")
    assert "意见" in f["message"] and f["line"] == line_of(path, "- action: feedback")


def test_reassessment_after_high_risk_without_adjustment(tmp_path, run):
    from test_procedure import RISK_OK
    root = make_register(tmp_path / "k", run, "s000_kejiju")
    item = submit(run, root, entry="A01", scope="党内公开")
    review(run, root, item, "保密审查", "可以公开", "2026-11-03")
    review(run, root, item, "风险评估", "暂缓公开", "2026-11-04", "--level", "高", *RISK_OK)
    assert review(run, root, item, "风险评估", "可公开", "2026-11-05", "--level", "低", *RISK_OK,
                  "--adjustment", "改为分批公开").exit_code == 0
    path = item_path(root, item)
    edit(path, "  adjustment: 改为分批公开\n", "")
    r, data = check(run, root)
    f = finding(data, "W054")
    assert "调整方案" in f["message"] and f["line"] == last_line_of(path, "result: 可公开")


def test_collective_step_without_its_meeting(tmp_path, run):
    from test_procedure import COLLECTIVE
    root = make_register(tmp_path / "s", run, "s004_shidian")
    item = submit(run, root, entry="J2", scope="党内公开")
    review(run, root, item, "保密审查", "可以公开", "2026-11-03")
    assert review(run, root, item, "审核", "同意", "2026-11-04", *COLLECTIVE).exit_code == 0
    path = item_path(root, item)
    edit(path, "  meeting: 局党组会议 2026年第9次\n", "")
    r, data = check(run, root)
    f = finding(data, "W054")
    assert "集体审议" in f["message"] and f["line"] == line_of(path, "step: 审核")


# ---- 5. names in files

@pytest.mark.parametrize("bad", ["\"  \"", "\"甲\\nDwgk-By: 伪造\""])
def test_blank_or_odd_decider_in_a_file(reg, run, bad):
    item, path = new_item(run, reg)
    assert review(run, reg, item, "保密审查", "可以公开", "2026-11-03", by="王五").exit_code == 0
    edit(path, "by: 王五", f"by: {bad}")
    r, data = check(run, reg)
    f = finding(data, "I015")
    assert r.exit_code == 1 and "决定人" in f["message"] and f["line"] == line_of(path, "by: \"")


# ---- 8. line numbers of parser errors and of bad values

def test_unclosed_quote_is_reported_where_it_opens(reg, run):
    cat = reg / "catalogue.yaml"
    lines = cat.read_text(encoding="utf-8").splitlines(True)
    n = next(i for i, line in enumerate(lines) if "name:" in line and i > 5)
    lines[n] = lines[n].replace("name: ", "name: \"", 1)
    cat.write_text("".join(lines), encoding="utf-8")
    r, data = check(run, reg)
    f = finding(data, "Y001")
    assert f["path"] == "catalogue.yaml" and f["line"] == n + 1 and "引号没有闭合" in f["message"]


def test_unclosed_bracket_is_reported_where_it_opens(reg, run):
    _, path = new_item(run, reg)
    edit(path, "scope: 向社会公开", "scope: [向社会公开")
    r, data = check(run, reg)
    f = finding(data, "Y001")
    assert f["line"] == line_of(path, "scope: [") and f["col"] == len("scope: ") + 1
    assert "方括号" in f["message"] and "\n" not in f["message"]


def test_nul_byte(reg, run):
    _, path = new_item(run, reg)
    edit(path, "title: 办法", "title: 办\x00法")
    r = run("check", cwd=reg)
    assert r.exit_code == 1
    line = line_of(path, "title:")
    assert f"{path.relative_to(reg).as_posix()}:{line}:9: error[Y001] YAML 语法错误：含有不允许的控制字符 U+0000" in r.stderr


def test_bad_value_inside_history_points_at_the_value(reg, run):
    item, path = new_item(run, reg)
    assert review(run, reg, item, "保密审查", "可以公开", "2026-11-03").exit_code == 0
    edit(path, "result: 可以公开", "result: 也许")
    r, data = check(run, reg)
    assert finding(data, "W054")["line"] == line_of(path, "result: 也许")


def test_unknown_key_column_is_the_keys(reg, run):
    item, path = new_item(run, reg)
    assert review(run, reg, item, "保密审查", "可以公开", "2026-11-03").exit_code == 0
    edit(path, "  result: 可以公开", "  reslt: 可以公开")
    r, data = check(run, reg)
    f = finding(data, "I002")
    assert f["line"] == line_of(path, "reslt:") and f["col"] == 3


# ---- 9. dwgk.yaml

@pytest.mark.parametrize("old, new, code", [
    ("start: 2026-11-20", "start: 2026-02-30", "C008"),
    ("start: 2026-11-20", "start: hello", "C008"),
    ("code: 00817525-1", "code: ../../etc", "C006"),
    ("overrides: {}", "overrides: [1]", "C007"),
])
def test_config_values_are_validated(reg, run, old, new, code):
    edit(reg / "dwgk.yaml", old, new)
    r = run("status", cwd=reg)
    assert r.exit_code == 3 and code in r.stderr, r
    assert f"dwgk.yaml:{line_of(reg / 'dwgk.yaml', new.split(':')[0] + ':')}:" in r.stderr


# ---- 16. files that would vanish

def test_record_saved_as_yml_is_reported(reg, run):
    _, path = new_item(run, reg)
    path.rename(path.with_suffix(".yml"))
    r, data = check(run, reg)
    f = finding(data, "Y005")
    assert f["severity"] == "warning" and f["path"].endswith(".yml") and ".yaml" in f["hint"]


def test_show_on_a_conflicted_file_says_it_is_broken(reg, run):
    item, path = new_item(run, reg)
    edit(path, "title: 办法", "<<<<<<< HEAD\ntitle: 办法\n=======\ntitle: 办法二\n>>>>>>> other")
    r = run("show", item, cwd=reg)
    assert r.exit_code == 1 and "E022" in r.stderr and "合并冲突" in r.stderr and "没有编号" not in r.stderr
    r = run("review", item, "--step", "保密审查", "--result", "可以公开", "--by", "王", cwd=reg)
    assert r.exit_code == 1 and "E022" in r.stderr


@pytest.mark.parametrize("line, says", [("  step: 保密审查\n", "缺少步骤（step）"),
                                        ("  result: 可以公开\n", "缺少结论（result）")])
def test_review_without_its_step_or_result(reg, run, line, says):
    item, path = new_item(run, reg)
    assert review(run, reg, item, "保密审查", "可以公开", "2026-11-03").exit_code == 0
    at = line_of(path, "- action: review")
    edit(path, line, "")
    r, data = check(run, reg)
    f = finding(data, "I016")
    assert r.exit_code == 1 and says in f["message"] and f["line"] == at
    assert "“”" not in r.stdout  # no finding names an empty step
