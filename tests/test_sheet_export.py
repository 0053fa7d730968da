"""``--format xlsx|csv``: every export opens with openpyxl and holds the figures the JSON of
the same command gives; a list exported and imported into an empty register gives the same
records."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from conftest import make_register

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "national"


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("x") / "national"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".dwgk"))
    return root


def xlsx(run, root: Path, tmp_path: Path, *args) -> openpyxl.Workbook:
    out = tmp_path / "out.xlsx"
    r = run(*args, "--format", "xlsx", "-o", out, cwd=root)
    assert r.exit_code == 0, r
    return openpyxl.load_workbook(out)


def jsonof(run, root: Path, *args):
    r = run(*args, "--format", "json", cwd=root)
    assert r.exit_code in (0, 1), r
    return json.loads(r.stdout)


def records(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def day(v) -> str | None:
    if v is None:
        return None
    return (v.date() if isinstance(v, datetime) else v).isoformat()


def test_list_xlsx_has_real_cells_frozen_header_and_the_json_figures(example, run, tmp_path):
    wb = xlsx(run, example, tmp_path, "list")
    ws = wb.active
    assert ws.title == "公开事项登记台账" and ws.freeze_panes == "A2"
    rows = records(ws)
    data = jsonof(run, example, "list")
    assert [r["编号"] for r in rows] == [d["id"] for d in data]
    assert [r["标题"] for r in rows] == [d["title"] for d in data]
    assert [day(r["提出日期"]) for r in rows] == [d["submitted"] for d in data]
    assert all(isinstance(r["提出日期"], datetime) for r in rows)  # a date cell, not text
    from dwgk.vocab import STAGE_NAMES
    assert [r["阶段"] for r in rows] == [STAGE_NAMES[d["stage"]] for d in data]
    widths = {c.value: ws.column_dimensions[c.column_letter].width for c in ws[1]}
    assert widths["标题"] >= 30 and widths["编号"] >= 14  # long Chinese titles, CJK counted twice


def test_request_and_message_lists(example, run, tmp_path):
    rows = records(xlsx(run, example, tmp_path, "request", "list").active)
    data = jsonof(run, example, "request", "list")
    assert [(r["编号"], r["办理结果"], r["申请人类型"]) for r in rows] == \
        [(d["id"], d["result"], d["applicant_type"]) for d in data]
    assert [day(r["收到日期"]) for r in rows] == [d["received"] for d in data]
    rows = records(xlsx(run, example, tmp_path, "message", "list").active)
    data = jsonof(run, example, "message", "list")
    assert [(r["编号"], r["留言类型"], day(r["答复日期"])) for r in rows] == \
        [(d["id"], d["type"], d["replied"]) for d in data]


def test_due_and_overdue(example, run, tmp_path):
    rows = records(xlsx(run, example, tmp_path, "due", "--within", "40").active)
    data = jsonof(run, example, "due", "--within", "40")["due"]
    assert data and [(r["编号"], day(r["到期日"]), r["剩余工作日"]) for r in rows] == \
        [(d["id"], d["due"], d["days_left"]) for d in data]
    wb = xlsx(run, example, tmp_path, "overdue")
    rows = records(wb["超期清单"])
    data = jsonof(run, example, "overdue")["overdue"]
    assert data and [(r["编号"], day(r["到期日"]), r["逾期工作日"]) for r in rows] == \
        [(d["id"], d["due"], d["days_late"]) for d in data]
    assert all(isinstance(r["逾期工作日"], int) for r in rows)


def test_catalogue_render(example, run, tmp_path):
    ws = xlsx(run, example, tmp_path, "catalogue", "render", "--audience", "党内").active
    assert ws.title == "公开目录" and ws.freeze_panes == "A3"  # the 基层政务公开标准目录's two header rows
    rows = list(ws.iter_rows(min_row=3, values_only=True))  # under the two header rows: 二级事项, 公开内容（要素）
    entries = jsonof(run, example, "catalogue", "list")
    assert [(r[2], r[3]) for r in rows] == [(e["name"], e["content"]) for e in entries]
    assert any(rng.max_row > rng.min_row for rng in ws.merged_cells.ranges)  # a category spans its entries' rows


def test_annual_report_each_table_on_its_sheet_with_official_merged_headers(example, run, tmp_path):
    wb = xlsx(run, example, tmp_path, "report", "annual", "--year", "2025")
    assert wb.sheetnames == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、行政复议、行政诉讼情况"]
    data = jsonof(run, example, "report", "annual", "--year", "2025")
    section = next(s for s in data["sections"] if s["number"] == "三")["tables"][0]
    ws = wb["三、收到和处理政府信息公开申请情况"]
    head = [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=3)]
    assert head[0][3] == "申请人情况" and head[1][4] == "法人或其他组织" and head[2][4] == "商业企业"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "D1:J1" in merged and "E2:I2" in merged and "D2:D3" in merged
    assert ws.freeze_panes == "A4"
    by_label = {}
    for row in ws.iter_rows(min_row=4, values_only=True):
        label = [v for v in row[:3] if isinstance(v, str)][-1]
        by_label[label] = list(row[3:])
    for r in section["rows"]:
        assert by_label[r["label"]] == [r["cells"][c] for c in section["columns"]], r["label"]
    appeals = next(s for s in data["sections"] if s["number"] == "四")["tables"][0]["rows"]
    values = [c.value for c in wb["四、行政复议、行政诉讼情况"][4]]
    assert values == [v for r in appeals for v in r["cells"].values()] and all(isinstance(v, int) for v in values)


def test_period_report(example, run, tmp_path):
    wb = xlsx(run, example, tmp_path, "report", "period", "--from", "2025-01-01", "--to", "2025-12-31")
    data = jsonof(run, example, "report", "period", "--from", "2025-01-01", "--to", "2025-12-31")
    reviews = {(r["审核步骤"], r["结论"]): r["次数"] for r in records(wb["审核情况"])}
    assert reviews == {(d["step"], d["result"]): d["count"] for d in data["reviews"]}


def test_csv_is_utf8_with_bom_and_same_rows(example, run, tmp_path):
    r = run("list", "--format", "csv", cwd=example)
    assert r.exit_code == 0
    raw = r.stdout.encode("utf-8") if isinstance(r.stdout, str) else r.stdout
    assert raw.startswith("\ufeff".encode("utf-8"))
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [x["编号"] for x in rows] == [d["id"] for d in jsonof(run, example, "list")]
    out = tmp_path / "年报.csv"
    assert run("report", "annual", "--year", "2025", "--format", "csv", "-o", out, cwd=example).exit_code == 0
    text = out.read_bytes().decode("utf-8-sig")
    assert "三、收到和处理政府信息公开申请情况" in text and "一、本年新收政府信息公开申请数量" in text


def test_xlsx_needs_an_output_file(example, run):
    r = run("list", "--format", "xlsx", cwd=example)
    assert r.exit_code == 2 and "-o" in r.stderr


def test_a_list_exported_and_imported_into_an_empty_register_gives_the_same_records(tmp_path, run):
    from test_procedure import review, submit
    a = make_register(tmp_path / "a", run)
    published = submit(run, a, date="2026-10-08")
    for n, step in enumerate(("保密审查", "审核", "审批")):
        assert review(run, a, published, step, "可以公开" if n == 0 else "同意", f"2026-10-{9 + n:02d}").exit_code == 0
    assert run("publish", published, "--channel", "政府网站", "--by", "赵六", "--date", "2026-10-14", cwd=a).exit_code == 0
    assert run("archive", published, "--by", "赵六", "--date", "2026-10-30", cwd=a).exit_code == 0
    reviewing = submit(run, a, date="2026-11-02")
    assert review(run, a, reviewing, "保密审查", "部分公开", "2026-11-03", "--exemption", "个人隐私",
                  "--removed", "删去身份证号", "--redact", "为规范管理").exit_code == 0
    withheld = submit(run, a, date="2026-11-04")
    assert review(run, a, withheld, "保密审查", "不予公开", "2026-11-05", "--exemption", "工作秘密").exit_code == 0
    assert run("withhold", withheld, "--reasons", "涉及工作秘密", "--basis", "条例第十四条", "--by", "赵六",
               "--date", "2026-11-06", cwd=a).exit_code == 0
    submit(run, a, date="2026-11-10")
    out = tmp_path / "导出.xlsx"
    assert run("list", "--format", "xlsx", "-o", out, cwd=a).exit_code == 0
    b = make_register(tmp_path / "b", run)
    r = run("import", "items", out, "--by", "赵六", cwd=b)
    assert r.exit_code == 0, r
    assert run("check", cwd=b).exit_code == 0

    def plain(root):
        items = jsonof(run, root, "list")
        for d in items:
            for e in d["history"]:
                e.pop("source", None)
        return items
    assert plain(b) == plain(a)
