"""``dwgk import``: a 台账 as offices keep it (own headers, a title row, merged group headers,
blank rows, notes under the table, Excel and text dates) made into records in one commit —
all or nothing, every problem named by file, row and column — and never twice."""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from conftest import snapshot

# An office's own 台账 headers (two header rows, group headers merged across their columns)
# and the mapping that renames them to the template's.
GROUPS = [("序号", None), ("文件名称", None), ("目录编码", None), ("公开范围", None), ("公开方式", None),
          ("主要内容", None), ("拟稿人", None), ("拟稿日期", None),
          ("保密审查", ("结论", "审查人", "日期")), ("审核", ("结论", "审核人", "日期")),
          ("审批", ("意见", "签批人", "日期")), ("发布日期", None), ("发布人", None), ("归档日期", None),
          ("归档人", None), ("备注", None)]
MAPPING = """\
文件名称: 标题
公开方式: 公开形式
拟稿人: 提出人
拟稿日期: 提出日期
保密审查审查人: 保密审查人
审核审核人: 审核人
审批意见: 审批结论
审批签批人: 审批人
备注: ~
"""


def office_rows(n: int) -> list[list]:
    rows = []
    for i in range(n):
        d = date(2025, 1, 2) + timedelta(days=i % 280)
        fmt = i % 3  # Excel date cells, 2025/3/1 and 2025年3月1日 as text
        text = (lambda x: x) if fmt == 0 else (lambda x: f"{x.year}/{x.month}/{x.day}") if fmt == 1 else (
            lambda x: f"{x.year}年{x.month}月{x.day}日")
        archived = i % 2 == 1
        rows.append([i + 1, f"关于做好第{i + 1}项重点工作的通知", "Z02", "向社会公开", "政府网站",
                     f"各科室：现将第{i + 1}项工作安排通知如下。", "张三", text(d),
                     "可以公开", "王五", text(d + timedelta(days=1)), "同意", "李四", text(d + timedelta(days=2)),
                     "通过", "陈局长", text(d + timedelta(days=3)), text(d + timedelta(days=4)), "赵六",
                     text(d + timedelta(days=20)) if archived else None, "赵六" if archived else None, "无"])
    return rows


def office_workbook(path: Path, rows: list[list], notes: bool = True) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2025年台账"
    width = sum(len(sub) if sub else 1 for _, sub in GROUPS)
    ws.append(["某某市科学技术局2025年政府信息主动公开登记台账"])
    ws.merge_cells(start_row=1, end_row=1, start_column=1, end_column=width)
    top, below, col = [], [], 1
    for name, sub in GROUPS:
        if sub:
            top += [name] + [None] * (len(sub) - 1)
            below += list(sub)
        else:
            top.append(name)
            below.append(None)
    ws.append(top)
    ws.append(below)
    for name, sub in GROUPS:
        if sub:
            ws.merge_cells(start_row=2, end_row=2, start_column=col, end_column=col + len(sub) - 1)
            col += len(sub)
        else:
            ws.merge_cells(start_row=2, end_row=3, start_column=col, end_column=col)
            col += 1
    for i, r in enumerate(rows):
        ws.append(r)
        if i == 10:
            ws.append([])  # a blank row in the middle
    if notes:
        ws.append([])
        ws.append(["备注：本台账由局办公室填写，每月报分管领导。"])
        ws.merge_cells(start_row=ws.max_row, end_row=ws.max_row, start_column=1, end_column=width)
        ws.append(["制表人：赵六"])
    wb.save(path)
    return path


def commits(root: Path) -> int:
    return int(subprocess.run(["git", "-C", str(root), "rev-list", "--count", "HEAD"], capture_output=True,
                              text=True, check=True).stdout)


@pytest.fixture
def mapping(tmp_path) -> Path:
    p = tmp_path / "映射.yaml"
    p.write_text(MAPPING, encoding="utf-8")
    return p


def test_300_rows_with_an_offices_own_headers_import_in_one_commit(reg, run, tmp_path, mapping):
    book = office_workbook(tmp_path / "台账.xlsx", office_rows(300))
    before = commits(reg)
    r = run("import", "items", book, "--map", mapping, "--by", "赵六", cwd=reg)
    assert r.exit_code == 0, r
    assert "已导入：300 条公开事项" in r.stdout
    assert commits(reg) == before + 1
    msg = subprocess.run(["git", "-C", str(reg), "log", "-1", "--format=%B"], capture_output=True, text=True).stdout
    assert "导入台账 台账.xlsx：300 条公开事项" in msg and "Dwgk-Count: 300" in msg
    assert subprocess.run(["git", "-C", str(reg), "status", "--porcelain"], capture_output=True,
                          text=True).stdout == ""
    listed = json.loads(run("list", "--format", "json", cwd=reg).stdout)
    assert len(listed) == 300
    stages = {d["stage"] for d in listed}
    assert stages == {"published", "archived"}
    # every event is marked as back-filled from its row, and the records pass check
    first = next(d["id"] for d in listed if d["title"] == "关于做好第1项重点工作的通知")
    one = json.loads(run("show", first, "--format", "json", cwd=reg).stdout)
    assert all(e["source"]["file"] == "台账.xlsx" for e in one["history"])
    assert {e["source"]["row"] for e in one["history"]} == {4}  # the first data row, under two header rows
    assert [e["action"] for e in one["history"]] == ["submit", "review", "review", "review", "publish"]
    assert one["history"][3]["result"] == "同意"  # 通过, the procedure table's synonym
    assert run("check", cwd=reg).exit_code == 0
    # 索引号 are numbered as dwgk publish numbers them, without repeats
    nos = [e.get("index_no") for d in listed for e in d["history"] if e["action"] == "publish"]
    assert len(set(nos)) == 300 and all(n.startswith("00817525-1/2025-") for n in nos)


def test_one_bad_cell_imports_nothing_and_names_that_cell(reg, run, tmp_path, mapping):
    rows = office_rows(300)
    rows[122][11] = "同意了"  # 审核结论 of the 123rd record (row 4 + 122 + 1 blank row = 127)
    book = office_workbook(tmp_path / "台账.xlsx", rows)
    before = snapshot(reg)
    r = run("import", "items", book, "--map", mapping, "--by", "赵六", cwd=reg)
    assert r.exit_code == 1, r
    assert "台账.xlsx:第127行:审核结论: error[X021] “同意了”不是可选的值" in r.stderr, r.stderr
    assert "提示: 可选：同意、不同意。" in r.stderr
    assert "没有导入任何记录" in r.stderr
    assert snapshot(reg) == before


def test_every_problem_is_listed_each_at_its_cell(reg, run, tmp_path, mapping):
    rows = office_rows(6)
    rows[0][2] = "Z99"  # an unknown catalogue code
    rows[1][7] = "2025-02-30"  # a date that does not exist
    rows[2][8] = "同意"  # a result the 保密审查 does not accept
    rows[3][11:14] = [None, None, None]  # 审批 recorded without 审核: a step out of order
    book = office_workbook(tmp_path / "台账.xlsx", rows, notes=False)
    before = snapshot(reg)
    r = run("import", "items", book, "--map", mapping, "--by", "赵六", cwd=reg)
    assert r.exit_code == 1
    err = r.stderr
    assert "台账.xlsx:第4行:目录编码: error[X021] “Z99”不是可选的值" in err
    assert "台账.xlsx:第5行:拟稿日期: error[X022] 日期“2025-02-30”不存在" in err
    assert "台账.xlsx:第6行:保密审查结论: error[X021] “同意”不是可选的值" in err
    assert "台账.xlsx:第7行:审批意见: error[W009] 还不能登记“审批”：须先完成“审核”" in err
    assert "4 处问题（涉及 4 行）" in err
    assert snapshot(reg) == before


def test_the_same_rows_are_refused_a_second_time(reg, run, tmp_path, mapping):
    book = office_workbook(tmp_path / "台账.xlsx", office_rows(3))
    assert run("import", "items", book, "--map", mapping, "--by", "赵六", cwd=reg).exit_code == 0
    before = snapshot(reg)
    r = run("import", "items", book, "--map", mapping, "--by", "赵六", cwd=reg)
    assert r.exit_code == 1
    assert "第4行:文件名称: error[X030] 这一行已经导入过（事项 GK-2025-" in r.stderr
    assert snapshot(reg) == before
    # and twice within one file
    copy = office_workbook(tmp_path / "重复.xlsx", office_rows(5)[3:] + office_rows(5)[3:4])
    r = run("import", "items", copy, "--map", mapping, "--by", "赵六", "--dry-run", cwd=reg)
    assert "error[X031] 与第4行完全相同" in r.stderr


def test_dry_run_lists_and_writes_nothing(reg, run, tmp_path, mapping):
    book = office_workbook(tmp_path / "台账.xlsx", office_rows(4))
    before = snapshot(reg)
    r = run("import", "items", book, "--map", mapping, "--by", "赵六", "--dry-run", cwd=reg)
    assert r.exit_code == 0, r
    assert r.stdout.count("第") >= 4 and "将导入 4 条公开事项" in r.stdout
    assert snapshot(reg) == before


def test_missing_column_and_unknown_columns(reg, run, tmp_path):
    path = tmp_path / "台账.csv"
    path.write_text("事由,公开范围,公开内容,提出人,提出日期,联系电话\n通知,向社会公开,内容,张三,2025-01-02,123\n",
                    encoding="utf-8")
    before = snapshot(reg)
    r = run("import", "items", path, "--by", "赵六", cwd=reg)
    assert r.exit_code == 1
    assert "台账.csv:第1行:标题: error[X010] 缺少必填的列“标题”" in r.stderr
    assert "--map" in r.stderr
    assert "warning[X013] 以下列不在模板中，未导入：事由、联系电话" in r.stderr
    assert snapshot(reg) == before


def test_gbk_csv_with_text_dates(reg, run, tmp_path):
    lines = ["标题,目录编码,公开范围,公开形式,公开内容,提出人,提出日期,保密审查结论,保密审查人,保密审查日期",
             "关于开展科技活动周的通知,Z02,向社会公开,政府网站,活动安排如下。,张三,2025年3月1日,可以公开,王五,2025.3.2",
             ",,,,,,,,,",
             "关于报送统计数据的通知,Z02,向社会公开,政府网站,请按时报送。,张三,2025/3/5,,,"]
    path = tmp_path / "台账.csv"
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    r = run("import", "items", path, "--by", "赵六", cwd=reg)
    assert r.exit_code == 0, r
    listed = json.loads(run("list", "--format", "json", cwd=reg).stdout)
    assert {d["title"]: d["stage"] for d in listed} == {"关于开展科技活动周的通知": "reviewing",
                                                       "关于报送统计数据的通知": "submitted"}


def test_imported_item_published_late_shows_late(reg, run, tmp_path):
    path = tmp_path / "台账.csv"
    head = "标题,目录编码,公开范围,公开形式,公开内容,提出人,提出日期,成文日期,保密审查结论,保密审查人,保密审查日期," \
           "审核结论,审核人,审核日期,审批结论,审批人,审批日期,公开日期,公开人"
    row = "迟发的通知,Z02,向社会公开,政府网站,内容。,张三,2025-01-06,2025-01-06,可以公开,王五,2025-01-07," \
          "同意,李四,2025-01-08,同意,陈局长,2025-01-09,2025-04-01,赵六"
    path.write_text(head + "\n" + row + "\n", encoding="utf-8-sig")
    assert run("import", "items", path, "--by", "赵六", cwd=reg).exit_code == 0
    item = json.loads(run("list", "--format", "json", cwd=reg).stdout)[0]["id"]
    data = json.loads(run("explain", item, "--format", "json", cwd=reg).stdout)
    publish = [d for d in data["deadlines"] if d["rule"] == "publish_after_formed"]
    assert publish and publish[0]["status"] == "missed" and publish[0]["days_late"] > 0, data
    period = json.loads(run("report", "period", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "json",
                            cwd=reg).stdout)
    assert item in json.dumps(period, ensure_ascii=False)


def test_requests_and_messages_import_and_count_in_the_annual_report(reg, run, tmp_path):
    req = tmp_path / "申请.csv"
    req.write_text(
        "收到日期,提交方式,申请人,申请人类型,申请内容,经办人,答复日期,办理结果,答复理由,提供方式,送达日期,送达方式\n"
        "2025-03-03,网络,张某,自然人,某文件,李四,2025-03-20,予以公开,,电子邮件,2025-03-21,电子邮件\n"
        "2025-04-01,当面,某公司,商业企业,某数据,李四,2025-04-20,无法提供-不掌握,本机关未制作,,2025-04-21,当面\n"
        "2025-05-06,网络,王某,自然人,某报告,李四,2025-05-10,不予公开-不存在,理由,,2025-05-11,网络\n",
        encoding="utf-8")
    r = run("import", "requests", req, "--by", "李四", cwd=reg)
    assert r.exit_code == 1
    assert "申请.csv:第4行:办理结果: error[X021] “不予公开-不存在”不是可选的值" in r.stderr
    req.write_text(req.read_text(encoding="utf-8").replace("不予公开-不存在", "不予公开-国家秘密"), encoding="utf-8")
    assert run("import", "requests", req, "--by", "李四", cwd=reg).exit_code == 0
    msg = tmp_path / "留言.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["留言类型", "收到日期", "留言人", "留言内容", "登记人", "承办科室", "答复日期", "答复内容", "签字领导",
                      "答复人"])
    wb.active.append(["咨询", date(2025, 6, 2), "刘某", "请问申报条件？", "李四", "业务科", date(2025, 6, 3), "见通知。",
                      "陈副局长", "赵强"])
    wb.save(msg)
    assert run("import", "messages", msg, "--by", "李四", cwd=reg).exit_code == 0
    assert run("check", cwd=reg).exit_code == 0
    report = json.loads(run("report", "annual", "--year", "2025", "--draft", "--format", "json", cwd=reg).stdout)
    text = json.dumps(report, ensure_ascii=False)
    assert '"new"' in text or "本年新收" in text
    requests = json.loads(run("request", "list", "--format", "json", cwd=reg).stdout)
    assert sorted(d["result"] for d in requests) == ["不予公开-国家秘密", "予以公开", "无法提供-不掌握"]
    assert all(d["stage"] == "delivered" for d in requests)
    messages = json.loads(run("message", "list", "--format", "json", cwd=reg).stdout)
    assert messages[0]["stage"] == "replied" and messages[0]["department"] == "业务科"


def test_template_has_headers_help_and_drop_downs(reg, run, tmp_path):
    out = tmp_path / "模板.xlsx"
    r = run("import", "template", "items", "-o", out, cwd=reg)
    assert r.exit_code == 0, r
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["公开事项登记台账", "选项", "说明"]
    ws = wb["公开事项登记台账"]
    headers = [c.value for c in ws[1]]
    assert "标题*" in headers and "保密审查结论" in headers and "目录编码" in headers
    assert ws.freeze_panes == "A2"
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    col = {h.rstrip("*"): openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(headers)}
    for header in ("公开范围", "公开形式", "保密审查结论", "审批结论", "目录编码", "时限类型"):
        assert f"{col[header]}2" in lists, header
    choices = wb["选项"]
    found = {choices.cell(row=1, column=c).value: [choices.cell(row=r, column=c).value for r in range(2, 30)
                                                    if choices.cell(row=r, column=c).value]
             for c in range(1, choices.max_column + 1)}
    assert found["保密审查结论"] == ["可以公开", "部分公开", "不予公开", "提请审定"]
    assert "Z02" in found["目录编码"]
    guide = [row for row in wb["说明"].iter_rows(values_only=True)]
    assert guide[0] == ("列名", "必填", "说明", "可选值") and any(r[0] == "标题" and r[1] == "是" for r in guide)
    for kind, probe in (("requests", "办理结果"), ("messages", "留言类型")):
        out = tmp_path / f"{kind}.xlsx"
        assert run("import", "template", kind, "-o", out, cwd=reg).exit_code == 0
        wb = openpyxl.load_workbook(out)
        assert probe in [v for v in wb["选项"][1] for v in [v.value]]
    # the template, filled in as it is, imports
    wb = openpyxl.load_workbook(tmp_path / "模板.xlsx")
    ws = wb["公开事项登记台账"]
    values = {"标题": "关于模板的通知", "公开范围": "向社会公开", "公开内容": "内容", "提出人": "张三",
              "提出日期": date(2025, 2, 3), "目录编码": "Z02"}
    for h, v in values.items():
        ws.cell(row=2, column=headers.index(h + ("*" if h + "*" in headers else "")) + 1, value=v)
    wb.save(tmp_path / "填好.xlsx")
    r = run("import", "items", tmp_path / "填好.xlsx", "--by", "赵六", cwd=reg)
    assert r.exit_code == 0, r


def test_an_imported_redaction_is_approved_with_its_passages(reg, run, tmp_path):
    """A 部分公开 row with 删去原文: the reviews after it record a hash covering the passages (as
    ``dwgk review`` does), so check finds nothing, publish goes through with the public text,
    and a hand edit of the passages afterwards is a change after approval."""
    passage = "（身份证 11010519491231002X）"
    head = "标题,目录编码,公开范围,公开形式,公开内容,提出人,提出日期,保密审查结论,保密审查人,保密审查日期," \
           "保密审查不予公开类别,保密审查删去原文,审核结论,审核人,审核日期,审批结论,审批人,审批日期"
    row = f"录用名单,Z02,向社会公开,政府网站,录用张三{passage}。,张三,2025-01-06,部分公开,王五,2025-01-07," \
          "个人隐私," + passage + ",同意,李四,2025-01-08,同意,陈局长,2025-01-09"
    path = tmp_path / "台账.csv"
    path.write_text(head + "\n" + row + "\n", encoding="utf-8-sig")
    r = run("import", "items", path, "--by", "赵六", cwd=reg)
    assert r.exit_code == 0, r
    iid = json.loads(run("list", "--format", "json", cwd=reg).stdout)[0]["id"]
    assert "W057" not in run("check", cwd=reg).stderr
    assert "录用张三（此处依法删除 24 字）。" in run("show", iid, cwd=reg).stdout
    assert run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2025-01-10", cwd=reg).exit_code == 0
    f = next(reg.glob(f"items/*/{iid}.yaml"))
    f.write_text(f.read_text(encoding="utf-8").replace(f"- {passage}", "- （身份证"), encoding="utf-8")
    assert "[W057]" in run("check", cwd=reg).stderr
