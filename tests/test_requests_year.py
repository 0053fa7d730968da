"""The helper that gives the example registers a year of requests with every outcome code."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

from conftest import make_register

from dwgk.requests import OUTCOMES

spec = importlib.util.spec_from_file_location("requests_year", Path(__file__).parent / "data" / "requests_year.py")
requests_year = importlib.util.module_from_spec(spec)
spec.loader.exec_module(requests_year)


def _cli(run, reg):
    """Like examples/build.py's Register.cli, without git commits (to keep the test quick)."""
    def cli(*args, on=None):
        extra = ("--no-commit",) + (("--date", on.isoformat()) if on is not None else ())
        r = run(*args, *extra, cwd=reg)
        assert r.exit_code == 0, (args, r)
        return r.stdout.strip()
    return cli


def test_a_year_with_every_outcome_code(reg, run):
    made = requests_year.build_year(_cli(run, reg), year=2025, fees=True)
    msgs = requests_year.build_messages(_cli(run, reg), year=2025)
    rows = json.loads(run("request", "list", "--format", "json", cwd=reg).stdout)
    results = Counter(r["result"] for r in rows)
    assert set(OUTCOMES) <= set(results), set(OUTCOMES) - set(results)
    assert results["予以公开"] == 2  # the carried-over one was answered in January 2026
    by_id = {r["id"]: r for r in rows}
    carried = by_id[made["carried_over"]]
    assert carried["received"].startswith("2025-12") and carried["closed"].startswith("2026-01")
    late = by_id[made["不予公开-过程性信息"]]
    assert late["status"] == "missed"  # answered after its 20 工作日
    kinds = {(a["kind"], a["after_review"], a["result"]) for r in rows for a in r["appeals"]}
    assert kinds == {("行政复议", False, "维持"), ("行政诉讼", False, "未审结"), ("行政诉讼", True, "纠正")}
    assert {r["applicant_type"] for r in rows} == {"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"}
    assert len(msgs) == 6
    s = json.loads(run("message", "summary", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "json",
                       cwd=reg).stdout)
    assert s["total"]["received"] == 6 and s["total"]["reply_rate"] == 1.0 and s["total"]["on_time"] == 5
    r = run("check", cwd=reg)
    assert r.exit_code == 0, r


def test_seed_002_rules_with_cost_fees(tmp_path, run):
    reg = make_register(tmp_path / "s002", run, "s002_shikejiju")
    codes = {"予以公开", "不予公开-内部事务", "其他处理-逾期不补正", "其他处理-逾期未缴费"}
    made = requests_year.build_year(_cli(run, reg), year=2025, fees=True, edition="2008", only=codes)
    assert set(made) == codes  # seed 002 第四十条: 检索、复制、邮寄等成本费用
    rows = {r["id"]: r for r in json.loads(run("request", "list", "--format", "json", cwd=reg).stdout)}
    internal = rows[made["不予公开-内部事务"]]
    assert internal["rule"]["reply"] == 15 and internal["clock"]["extended"] == 15
    assert "2007" in load_basis(reg, made["予以公开"])
    unpaid = rows[made["其他处理-逾期未缴费"]]
    assert unpaid["rule"]["fees"]["scheme"] == "成本费" and unpaid["rule"]["fees"]["source"] == "第四十条"
    fee = next(e for e in json.loads(run("request", "show", unpaid["id"], "--format", "json", cwd=reg).stdout)
               ["history"] if e["action"] == "fee")
    assert (fee["mode"], fee["amount"]) == ("成本费", 85) and "quantity" not in fee
    assert run("check", cwd=reg).exit_code == 0


def load_basis(reg, rid):
    from dwgk.yamlread import parse
    data, _ = parse((reg / "requests" / "2025" / f"{rid}.yaml").read_text(encoding="utf-8"), "x")
    return next(e for e in data["history"] if e["action"] == "reply")["basis"]
