"""What dwgk.yaml says for the office's documents (remedies, 文号 patterns, the annual report's
download address and contact) and the new catalogue-entry fields: validated when read, with the
line; warned about by check while missing; written by init; refused where a document needs them."""

from __future__ import annotations

import subprocess

import pytest

from conftest import snapshot

GOOD = """\
remedies:
  review: [测试市人民政府, 测试省科学技术厅]
  court: 测试市东城区人民法院
doc_numbers:
  答复书: 测科信复〔{year}〕{n}号
annual_report:
  download: 测试市人民政府门户网站
  contact: {office: 测试局办公室, phone: 0000-1234567}
"""


def with_config(reg, text: str) -> None:
    path = reg / "dwgk.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    subprocess.run(["git", "-C", str(reg), "commit", "-qam", "配置"], check=True)


@pytest.mark.parametrize("text,code,line,words", [
    ("remedies: 测试市人民政府\n", "C020", 7, "remedies 应为映射"),
    ("remedies:\n  review: [测试市人民政府]\n  courts: 某法院\n", "C020", 9, "未知字段“courts”"),
    ("remedies:\n  review: [[甲, 乙]]\n", "C020", 8, "行政复议机关的名称"),
    ("doc_numbers:\n  答复书: 测科信复〔2026〕{n}号\n", "C021", 8, "{year}"),
    ("doc_numbers:\n  答复书: 测科信复〔{year}〕{no}号\n", "C021", 8, "占位符“{no}”无效"),
    ("doc_numbers:\n  告知书: 测科〔{year}〕{n}号\n", "C021", 8, "文书种类“告知书”无效"),
    ("doc_numbers:\n  答复书: 测〔{year}〕{n}号\n  补正告知书: 测〔{year}〕{n}号\n", "C021", 9, "文号会重复"),
    ("annual_report:\n  download: [a, b]\n", "C022", 8, "annual_report.download"),
    ("annual_report:\n  contact: {office: 办公室, wechat: x}\n", "C022", 8, "未知字段“wechat”"),
])
def test_a_malformed_setting_is_refused_with_its_line(reg, run, text, code, line, words):
    with_config(reg, text)
    r = run("status", cwd=reg)
    assert r.exit_code == 3, r
    assert f"dwgk.yaml:{line}:" in r.stderr and f"error[{code}]" in r.stderr and words in r.stderr, r.stderr


def test_check_warns_while_the_settings_are_missing_and_not_once_they_are_set(reg, run):
    r = run("check", "--format", "json", cwd=reg)
    import json
    found = {f["code"]: f for f in json.loads(r.stdout)["findings"]}
    assert r.exit_code == 0  # warnings only
    assert {"C023", "C024", "C025"} <= set(found) and found["C023"]["severity"] == "warning"
    assert "行政复议机关、人民法院" in found["C023"]["message"]
    with_config(reg, GOOD)
    found = {f["code"] for f in json.loads(run("check", "--format", "json", cwd=reg).stdout)["findings"]}
    assert "C023" not in found and "C025" not in found
    assert "C024" in found  # 补正告知书 and 终止办理告知书 still have no pattern


def test_a_party_register_is_not_asked_for_them(tmp_path, run):
    from conftest import make_register
    root = make_register(tmp_path / "p", run, "s000_kejiju")
    import json
    found = {f["code"] for f in json.loads(run("check", "--format", "json", cwd=root).stdout)["findings"]}
    assert not found & {"C023", "C024", "C025"}


def test_init_writes_the_remedy_bodies(tmp_path, run):
    r = run("init", tmp_path / "r", "--org", "测试局", "--profile", "national", "--review-body", "测试市人民政府",
            "--review-body", "测试省科学技术厅", "--court", "测试市东城区人民法院", "--no-commit")
    assert r.exit_code == 0, r
    text = (tmp_path / "r" / "dwgk.yaml").read_text(encoding="utf-8")
    assert "remedies:\n  review:\n  - 测试市人民政府\n  - 测试省科学技术厅\n  court: 测试市东城区人民法院\n" in text
    r = run("init", tmp_path / "s", "--org", "测试局", "--court", "甲\n乙", "--no-commit")
    assert r.exit_code == 2 and "[C020]" in r.stderr, r
    assert not (tmp_path / "s").exists()  # refused before anything was made


def test_a_letter_names_every_review_body(reg, run):
    with_config(reg, GOOD)
    rid = run("request", "new", "--received", "2026-11-02", "--channel", "当面", "--applicant", "张三",
              "--applicant-type", "自然人", "--content", "某文件", "--by", "李四", cwd=reg).stdout.strip()
    r = run("request", "reply", rid, "--result", "予以公开", "--provide", "邮寄", "--by", "李四", "--date", "2026-11-10",
            cwd=reg)
    assert r.exit_code == 0, r
    assert "文号：测科信复〔2026〕1号" in r.stdout
    letter = run("form", rid, "--kind", "答复书", "--format", "md", cwd=reg).stdout
    assert "向测试市人民政府或者测试省科学技术厅申请行政复议" in letter and "向测试市东城区人民法院提起行政诉讼" in letter
    assert "\n测科信复〔2026〕1号\n" in letter


@pytest.mark.parametrize("args,code", [
    (("--result", "予以公开"), "Q400"),
    (("--result", "予以公开", "--provide", "飞鸽传书"), "Q401"),
    (("--result", "不予公开-内部事务", "--reason", "x", "--provide", "邮寄"), "Q401"),
    (("--result", "予以公开", "--since", "2026-10-01"), "Q402"),
    (("--result", "予以公开", "--since", "2026-11-30", "--where", "网站"), "Q402"),
    (("--result", "部分公开", "--reason", "x", "--withheld", "y", "--provide", "邮寄"), "Q403"),
    (("--result", "部分公开", "--reason", "x", "--withheld", "y", "--provide", "邮寄", "--exemption", "机密"), "Q404"),
    (("--result", "不予公开-内部事务", "--reason", "x", "--exemption", "内部事务"), "Q404"),
    (("--result", "无法提供-不掌握", "--reason", "x", "--body", "某局"), "Q405"),
    (("--result", "予以公开", "--provide", "网站下载"), "Q406"),
])
def test_a_reply_missing_what_its_letter_must_say_is_refused_and_nothing_changes(reg, run, args, code):
    rid = run("request", "new", "--received", "2026-11-02", "--channel", "当面", "--applicant", "张三",
              "--applicant-type", "自然人", "--content", "某文件", "--by", "李四", cwd=reg).stdout.strip()
    before = snapshot(reg)
    r = run("request", "reply", rid, *args, "--by", "李四", "--date", "2026-11-10", cwd=reg)
    assert r.exit_code == 1 and f"[{code}]" in r.stderr, r
    assert snapshot(reg) == before


def test_reply_facts_written_wrongly_by_hand_are_findings(reg, run):
    rid = run("request", "new", "--received", "2026-11-02", "--channel", "当面", "--applicant", "张三",
              "--applicant-type", "自然人", "--content", "某文件", "--by", "李四", cwd=reg).stdout.strip()
    assert run("request", "reply", rid, "--result", "予以公开", "--provide", "邮寄", "--by", "李四", "--date",
               "2026-11-10", cwd=reg).exit_code == 0
    path = next(reg.glob(f"requests/*/{rid}.yaml"))
    text = path.read_text(encoding="utf-8").replace("provide: 邮寄", "provide: 飞鸽传书\n  since: 去年")
    path.write_text(text, encoding="utf-8")
    r = run("check", cwd=reg)
    assert r.exit_code == 1 and "error[Q411]" in r.stderr and "error[Q410]" in r.stderr


def test_the_annual_report_needs_its_download_address_and_contact(reg, run):
    from dwgk import report_input as ri
    from dwgk.loader import load
    skeleton = ri.skeleton(load(reg), 2025)
    for key in ("proactive:", "requests:", "management:", "platforms:", "supervision:"):
        assert f"\n  {key}" in skeleton  # report init asks for each of the five parts of 一、总体情况
    (reg / "reports").mkdir(exist_ok=True)
    (reg / "reports" / "2025.yaml").write_text("""\
overview: 2025年的总体情况写成一段。
proactive: {rules: {issued: 0, repealed: 0, in_force: 0}, normative: {issued: 0, repealed: 0, in_force: 0},
            licensing: 0, penalty: 0, coercion: 0, fees: 0}
problems: 无。
other: 无。
""", encoding="utf-8")
    r = run("report", "annual", "--year", "2025", cwd=reg)
    assert r.exit_code == 1 and "[T021]" in r.stderr and "overview 须分五个方面填写" in r.stderr
    assert "reports/2025.yaml:1:" in r.stderr  # the line of the single-paragraph overview
    (reg / "reports" / "2025.yaml").write_text((reg / "reports" / "2025.yaml").read_text(encoding="utf-8").replace(
        "overview: 2025年的总体情况写成一段。", "overview:\n  proactive: 甲。\n  requests: 乙。\n  management: 丙。\n"
        "  platforms: 丁。\n  supervision: 戊。"), encoding="utf-8")
    r = run("report", "annual", "--year", "2025", cwd=reg)
    assert r.exit_code == 1 and "[T070]" in r.stderr and "annual_report" in r.stderr
    draft = run("report", "annual", "--year", "2025", "--draft", "--format", "md", cwd=reg)
    assert draft.exit_code == 0 and "本报告电子版可在【待填写】下载" in draft.stdout
    with_config(reg, GOOD)
    md = run("report", "annual", "--year", "2025", "--format", "md", cwd=reg).stdout
    assert "本报告电子版可在测试市人民政府门户网站下载。如对本报告有疑问，请与测试局办公室（电话：0000-1234567）联系。" in md
    assert "### （三）政府信息管理\n\n丙。" in md


def test_catalogue_entry_fields_are_checked_with_their_line(reg, run):
    path = reg / "catalogue.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("mode: 主动公开", "mode: 有时公开", 1).replace("level:\n  - 市级", "level:\n  - 镇级", 1)
    path.write_text(text, encoding="utf-8")
    r = run("check", cwd=reg)
    assert r.exit_code == 1 and "error[K040]" in r.stderr and "error[K041]" in r.stderr, r.stderr
    assert "catalogue.yaml:" in r.stderr
