"""Oversight across registers: dwgk units add / fetch / status / overdue / report."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from dwgk.cli.context import Ctx, check_format, err, exit_with, get, out, print_json
from dwgk.diag import ExitCode, Refused

FORMAT = typer.Option("text", "--format", metavar="text|html|json", help="输出格式")
FORMATS = ("text", "html", "json")


def register(app: typer.Typer, groups: dict) -> None:
    from dwgk.cli.app import Group
    units = typer.Typer(cls=Group, help="监督多个单位：units.yaml 列出的各单位登记簿的汇总。", no_args_is_help=True)
    for name, fn in (("add", add), ("fetch", fetch), ("status", status), ("overdue", overdue), ("report", report)):
        units.command(name)(fn)
    app.add_typer(units, name="units")


def _units(root: Path, required: bool = True):
    from dwgk import units as un
    listed, problems = un.read_units(root)
    if problems:
        raise Refused("units.yaml 有错误", "按下列提示修正 units.yaml。", "U001", diagnostics=problems)
    if required and not listed:
        raise Refused("本登记簿还没有列出要监督的单位（units.yaml）", "用 dwgk units add 名称 路径或地址 添加。", "U006")
    return listed


def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar="名称", help="单位名称（简称即可，也是副本的文件夹名）"),
    source: str = typer.Argument(..., metavar="路径或地址", help="该单位登记簿的目录，或 git 地址"),
) -> None:
    """在 units.yaml 中添加一个要监督的单位。"""
    from dwgk import units as un
    from dwgk.writer import Transaction
    c = get(ctx)
    root = c.find_root()
    with Transaction(root) as tx:
        listed = _units(root, required=False)
        unit = un.add(listed, name, source, root, c.cwd)
        tx.write(un.UNITS, un.dump_units([*listed, unit]))
        tx.commit(f"监督单位：添加 {unit.name}", f"位置：{unit.source}", {"Dwgk-Action": "units-add"},
                  author_name="dwgk")
    for w in tx.warnings:
        err(f"警告: {w}")
    out(f"已添加单位：{unit.name}（{unit.source}）；运行 dwgk units fetch 取得它的登记簿。")


def fetch(ctx: typer.Context) -> None:
    """取得或更新各单位登记簿的只读副本（.dwgk/units/ 下，不纳入 git）。"""
    from dwgk import units as un
    c = get(ctx)
    root = c.find_root()
    failed = 0
    for unit in _units(root):
        f = un.fetch(root, unit, env={**c.env, "GIT_TERMINAL_PROMPT": "0"})  # never wait for a password
        failed += not f.ok
        out(f"{unit.name}：{f.how}" if f.ok else f"{unit.name}：未能取得——{f.how}")
    if failed:
        err(f"有 {failed} 个单位未能取得，其余单位照常汇总。")
        exit_with(int(ExitCode.FINDINGS))


def survey(c: Ctx, each) -> tuple[Path, list]:
    """``each(unit, register_or_reason)`` over every unit, through each copy's parse cache."""
    from dwgk import units as un
    root = c.find_root()
    listed = _units(root)
    if c.no_cache or c.env.get("DWGK_NO_CACHE") == "1":
        from dwgk.loader import load
        return root, un.survey(root, listed, load, each)
    from dwgk.cache import default_key_file, open_cached
    key_file = default_key_file(c.env)

    def load(path: Path):
        reg, session = open_cached(path, key_file=key_file)
        session.save()
        return reg
    return root, un.survey(root, listed, load, each)


def _rows(c: Ctx, today, year: Optional[int] = None, with_tables: bool = False):
    from dwgk import units as un
    tables = un.Tables(year or today.year - 1)

    def each(unit, reg):
        if isinstance(reg, str):
            tables.left_out[unit.name] = reg
            return un.unit_json(None, unit, reg), []
        f = un.figures(unit.name, unit.source, reg, today, year=year)
        if with_tables:
            t = un.unit_tables(reg, tables.year)
            if isinstance(t, str):
                tables.left_out[unit.name] = t
            else:
                tables.add(unit.name, *t)
        return un.unit_json(f, unit), f.overdue
    root, results = survey(c, each)
    tables.check()
    return root, [r for r, _ in results], [o for _, o in results], tables


def status(ctx: typer.Context, fmt: str = FORMAT) -> None:
    """各单位和合计：事项各阶段、超期事项和申请、主动公开和申请答复的按时率、上年度报告是否按期发布。"""
    from dwgk import units as un
    c = get(ctx)
    check_format(fmt, FORMATS)
    today = c.today()
    root, rows, _, _ = _rows(c, today)
    data = {"today": today.isoformat(), "units": rows, "total": un.total_json(rows)}
    _emit(fmt, "units_status", data, root)
    _unreadable_exit(rows)


def overdue(ctx: typer.Context, fmt: str = FORMAT,
            fail: bool = typer.Option(False, "--fail-on-overdue", help="有超期时以退出码 1 结束（供 cron 使用）")) -> None:
    """各单位的超期清单（最严重的在前）和合计。"""
    from dwgk import units as un
    c = get(ctx)
    check_format(fmt, FORMATS)
    today = c.today()
    root, rows, late, _ = _rows(c, today)
    for r, rs in zip(rows, late):
        r["overdue_rows"] = [x.brief_json() for x in rs]
    data = {"today": today.isoformat(), "units": rows, "total": un.total_json(rows)}
    _emit(fmt, "units_overdue", data, root)
    _unreadable_exit(rows)
    if fail and data["total"]["overdue"]["count"]:
        exit_with(int(ExitCode.FINDINGS))


def report(
    ctx: typer.Context,
    year: Optional[int] = typer.Option(None, "--year", metavar="年份", help="报告年度（默认上一年）"),
    fmt: str = FORMAT,
) -> None:
    """年度汇总：各单位的按时率（当年到期的时限）、年度报告是否按期发布，以及全国格式年度报告第三、四部分表格的合计（核对勾稽关系）。"""
    from dwgk import units as un
    c = get(ctx)
    check_format(fmt, FORMATS)
    today = c.today()
    y = year if year is not None else today.year - 1
    if not 1900 < y < 9999:
        raise typer.BadParameter(f"年份“{y}”无效", param_hint="--year")
    root, rows, _, tables = _rows(c, today, y, with_tables=True)
    data = {"year": y, "today": today.isoformat(), "units": rows, "total": un.total_json(rows),
            "counted_in_tables": tables.counted, "left_out_of_tables": tables.left_out,
            "sections": tables.sections(),
            "checks": [{"identity": f.identity, "ok": False, "detail": f.detail} for f in tables.failures]
            or [{"identity": i, "ok": True} for i in ("一+二=（七）总计+四", "总计列=六类申请人之和",
                                                      "（七）总计=各办理结果之和", "第四部分总计=前四项之和")]}
    if tables.failures:
        raise Refused("各单位合计后的表格不满足勾稽关系：" + tables.failures[0].detail,
                      "逐个单位运行 dwgk report annual 核对。", "U010")
    _emit(fmt, "units_report", data, root)
    _unreadable_exit(rows)


def _unreadable_exit(rows: list[dict]) -> None:
    bad = [r["name"] for r in rows if not r["ok"]]
    if bad:
        err(f"有 {len(bad)} 个单位无法读取（{'、'.join(bad)}），未计入合计。")
        exit_with(int(ExitCode.FINDINGS))


# ---------------------------------------------------------------- output

def _emit(fmt: str, what: str, data: dict, root: Path) -> None:
    if fmt == "json":
        print_json(data)
        return
    if fmt == "html":
        from jinja2 import Environment
        env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
        from dwgk.vocab import STAGE_NAMES
        out(env.from_string(_HTML).render(what=what, d=data, stage_names=STAGE_NAMES, pct=_pct).rstrip())
        return
    for line in _text(what, data):
        out(line)


def _pct(rate: dict) -> str:
    return "—" if rate["rate"] is None else f"{rate['rate'] * 100:.1f}%（{rate['on_time']}/{rate['on_time'] + rate['late']}）"


def _annual(a: dict) -> str:
    if a.get("state") in (None, "none"):
        return "无"
    text = f"{a['year']} 年度报告：{a['state_name']}"
    if a.get("published"):
        text += f"（{a['published']}）"
    if a.get("due"):
        text += f"，期限 {a['due']}"
    return text


def _figures_lines(r: dict, annual_count: bool = False) -> list[str]:
    from dwgk.vocab import STAGE_NAMES
    stages = "，".join(f"{STAGE_NAMES[s]} {n}" for s, n in r["stages"].items() if n) or "无"
    o = r["overdue"]
    late = "，".join(f"{name} {o[k]} 项" for k, name in (("items", "事项"), ("requests", "依申请公开"),
                                                         ("messages", "政民互动"), ("register", "年度报告")) if o[k])
    lines = [f"  公开事项 {r['items']} 项：{stages}；依申请公开 {r['requests']} 件，政民互动 {r['messages']} 件",
             f"  超期 {o['count']} 项" + (f"：{late}" if late else "") + (f"（严重 {o['serious']} 项）" if o["serious"] else ""),
             f"  按时率：主动公开 {_pct(r['proactive_on_time'])}，申请答复 {_pct(r['replies_on_time'])}"]
    if annual_count:
        a = r["annual_report"]
        lines.append("  年度报告：" + "，".join(f"{name} {a[k]} 个" for k, name in
                                                (("on_time", "按时发布"), ("late", "逾期发布"), ("missing", "逾期未发布"),
                                                 ("open", "未到期")) if a[k]))
    else:
        lines.append(f"  {_annual(r['annual_report'])}")
    if r.get("errors"):
        lines.append(f"  登记簿有 {r['errors']} 个错误（dwgk check 查看）")
    return lines


def _text(what: str, d: dict) -> list[str]:
    head = {"units_status": "各单位总览", "units_overdue": "各单位超期清单",
            "units_report": f"{d.get('year')} 年度各单位汇总"}[what]
    lines = [f"{head}  {d['today']}", ""]
    for r in d["units"]:
        if not r["ok"]:
            lines += [f"{r['name']}：无法读取——{r['error']}", ""]
            continue
        lines.append(f"{r['name']}（{r['org']}）")
        if what == "units_overdue":
            rows = r["overdue_rows"]
            lines.append(f"  超期 {len(rows)} 项" if rows else "  没有超期")
            from dwgk.cli.textfmt import fit
            for x in rows:
                lines.append(f"  {x['id']}  {fit(x['title'], 24)}  {fit(x['rule_name'], 12)}  到期 {x['due']}  "
                             f"逾期 {x['days_late']} 个工作日{'（严重）' if x['tier'] else ''}  "
                             f"{x['department'] or '—'} {x['person'] or ''}".rstrip())
        else:
            lines += _figures_lines(r)
        lines.append("")
    t = d["total"]
    lines.append(f"合计：{t['readable']} 个单位" + (f"（另有 {len(t['unreadable'])} 个无法读取，未计入）"
                                                  if t["unreadable"] else ""))
    if what == "units_overdue":
        lines.append(f"  超期 {t['overdue']['count']} 项（严重 {t['overdue']['serious']} 项）")
    else:
        lines += _figures_lines(t, annual_count=True)
    if what == "units_report":
        lines += _tables_text(d)
    return lines


def _tables_text(d: dict) -> list[str]:
    from dwgk.cli.textfmt import fit
    lines = [""]
    if d["left_out_of_tables"]:
        for name, why in d["left_out_of_tables"].items():
            lines.append(f"{name} 未计入下列表格：{why}")
        lines.append("")
    if not d["sections"]:
        lines.append("没有可以合计的政府信息公开年度报告表格。")
        return lines
    lines.append(f"政府信息公开工作年度报告表格合计（{'、'.join(d['counted_in_tables'])}）")
    for s in d["sections"]:
        for t in s["tables"]:
            lines += ["", f"{s['number']}、{t['title']}", fit("", 40) + "".join(fit(c, 10) for c in t["columns"])]
            for row in t["rows"]:
                label = " ".join([*row["group"][1:], row["label"]])
                lines.append((fit(label, 40) + "".join(fit(str(row["cells"][c]), 10) for c in t["columns"])).rstrip())
    lines += ["", "勾稽关系：" + "，".join(f"{c['identity']} {'成立' if c['ok'] else '不成立'}" for c in d["checks"])]
    return lines


_HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ {"units_status": "各单位总览", "units_overdue": "各单位超期清单", "units_report": "年度各单位汇总"}[what] }} {{ d.today }}</title>
<style>
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #222; margin: 16px; font-size: 14px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 20px 0 6px; }
table { border-collapse: collapse; margin-bottom: 12px; }
th, td { border: 1px solid #ccc; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; font-weight: normal; } td.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; } p.bad { color: #b00; }
</style>
</head>
<body>
<h1>{{ {"units_status": "各单位总览", "units_overdue": "各单位超期清单", "units_report": (d.year|string) + " 年度各单位汇总"}[what] }}</h1>
<p>{{ d.today }} · {{ d.total.readable }} 个单位{% if d.total.unreadable %}，{{ d.total.unreadable|length }} 个无法读取（未计入合计）{% endif %}</p>
{% for r in d.units if not r.ok %}<p class="bad">{{ r.name }}：无法读取——{{ r.error }}</p>
{% endfor %}
{% if what == "units_overdue" %}
{% for r in d.units if r.ok %}
<h2>{{ r.name }}（{{ r.org }}）：超期 {{ r.overdue_rows|length }} 项</h2>
{% if r.overdue_rows %}
<table><tr><th>编号</th><th>名称</th><th>时限</th><th>到期</th><th>逾期（工作日）</th><th>科室</th><th>责任人</th></tr>
{% for x in r.overdue_rows %}<tr><td>{{ x.id }}</td><td>{{ x.title }}</td><td>{{ x.rule_name }}</td><td>{{ x.due }}</td>
<td class="num">{{ x.days_late }}{% if x.tier %}（{{ x.tier }}）{% endif %}</td><td>{{ x.department }}</td><td>{{ x.person }}</td></tr>
{% endfor %}</table>
{% endif %}
{% endfor %}
<p><strong>合计超期 {{ d.total.overdue.count }} 项（严重 {{ d.total.overdue.serious }} 项）</strong></p>
{% else %}
<table>
<tr><th>单位</th><th>公开事项</th>{% for s, name in stage_names.items() %}<th>{{ name }}</th>{% endfor %}<th>超期事项</th><th>超期申请</th><th>主动公开按时率</th><th>申请答复按时率</th><th>年度报告</th></tr>
{% for r in d.units if r.ok %}
<tr><td>{{ r.name }}</td><td class="num">{{ r.items }}</td>{% for s in stage_names %}<td class="num">{{ r.stages.get(s, 0) }}</td>{% endfor %}
<td class="num">{{ r.overdue["items"] }}</td><td class="num">{{ r.overdue.requests }}</td><td class="num">{{ pct(r.proactive_on_time) }}</td>
<td class="num">{{ pct(r.replies_on_time) }}</td><td>{{ r.annual_report.year }} 年度：{{ r.annual_report.state_name }}{% if r.annual_report.published %}（{{ r.annual_report.published }}）{% endif %}</td></tr>
{% endfor %}
<tr class="total"><td>合计</td><td class="num">{{ d.total["items"] }}</td>{% for s in stage_names %}<td class="num">{{ d.total.stages.get(s, 0) }}</td>{% endfor %}
<td class="num">{{ d.total.overdue["items"] }}</td><td class="num">{{ d.total.overdue.requests }}</td><td class="num">{{ pct(d.total.proactive_on_time) }}</td>
<td class="num">{{ pct(d.total.replies_on_time) }}</td><td>按时发布 {{ d.total.annual_report.on_time }} 个，逾期 {{ d.total.annual_report.late + d.total.annual_report.missing }} 个</td></tr>
</table>
{% endif %}
{% if what == "units_report" %}
{% for name, why in d.left_out_of_tables.items() %}<p>{{ name }} 未计入表格：{{ why }}</p>
{% endfor %}
{% for s in d.sections %}{% for t in s.tables %}
<h2>{{ s.number }}、{{ t.title }}（合计）</h2>
<table><tr><th>项目</th>{% for c in t.columns %}<th>{{ c }}</th>{% endfor %}</tr>
{% for row in t.rows %}<tr><td>{{ (row.group[1:] + [row.label])|join(" ") }}</td>{% for c in t.columns %}<td class="num">{{ row.cells[c] }}</td>{% endfor %}</tr>
{% endfor %}</table>
{% endfor %}{% endfor %}
<p>勾稽关系：{% for c in d.checks %}{{ c.identity }} {{ "成立" if c.ok else "不成立" }}{% if not loop.last %}，{% endif %}{% endfor %}</p>
{% endif %}
</body>
</html>
"""



