"""``dwgk calendar …``: the 工作日 calendar — status, add, check, import.

These commands also work outside any register, on the chinesecalendar library alone;
inside one they read only ``holidays.yaml`` (not the whole register).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Optional

import typer

from dwgk.cli.context import Ctx, check_format, err, get, out, print_diagnostics, print_json
from dwgk.diag import CannotRun, ExitCode, Refused, os_reason, summary

FORMAT = typer.Option("text", "--format", metavar="text|json", help="输出格式")
MAX_DAYS = 1000  # longer than any limit in the seeds (≈ 4 years of 工作日); keeps answers instant
STRICT = typer.Option(False, "--strict", help="结果落在尚无节假日数据的年份（暂定）时报错（退出码 1）")


def register(app: typer.Typer, groups: dict | None = None) -> None:
    cal = typer.Typer(cls=app.info.cls, no_args_is_help=True,
                      help="工作日日历：法定节假日、调休上班日，期限计算（不在登记簿中也可使用）。")
    cal.command("status")(status)
    cal.command("add")(add)
    cal.command("is-workday")(is_workday)
    cal.command("check")(check)
    cal.command("import")(import_notice)
    app.add_typer(cal, name="calendar")
    if groups is not None:
        groups["calendar"] = cal


# ---------------------------------------------------------------- loading


def _holidays_file(c: Ctx) -> tuple[Path | None, Path | None]:
    """(register root or None, holidays.yaml path or None)."""
    from dwgk.holidays import FILE
    root = c.find_root(required=False)
    if root is None:
        return None, None
    p = root / FILE
    return root, (p if os.path.lexists(p) else None)  # a symlink there is reported by _read


def _read(path: Path) -> tuple[object, list, str]:
    from dwgk import safefs
    from dwgk.yamlread import parse
    try:
        text = safefs.read_text(path, path.name)  # not through a symlink, not a FIFO
    except safefs.Unsafe as u:
        return None, [u.diagnostic()], ""
    except UnicodeDecodeError:
        from dwgk.diag import diag
        return None, [diag("Y004", "文件不是 UTF-8 编码", "用文本编辑器以 UTF-8 编码另存该文件。",
                           path=path.name)], ""
    except OSError as e:
        raise CannotRun(f"无法读取 {path}：{os_reason(e)}", "检查文件路径和权限。", "H100") from None
    data, diags = parse(text, path.name)
    return data, diags, text


def load_calendar(c: Ctx):
    """The calendar for this directory: holidays.yaml over the library, or the library alone."""
    from dwgk.holidays import build
    from dwgk.workdays import Calendar
    _, path = _holidays_file(c)
    if path is None:
        return Calendar()
    data, diags, text = _read(path)
    if diags:
        raise Refused("holidays.yaml 无法读取，不能据此计算工作日", "修正下列错误（dwgk calendar check）后重试。",
                      "H100", diagnostics=diags)
    years, findings = build(data, text, path.name)
    bad = [d for d in findings if d.severity == "error"]
    if bad:
        err(f"注意：holidays.yaml 有 {len(bad)} 处无法读取的内容已被跳过，运行 dwgk calendar check 查看。")
    return Calendar(years)


def provisional_note(years, extra: str = "") -> str:
    """The provisional warning, wrapped to 80 columns."""
    from dwgk.cli.textfmt import wrap
    from dwgk.workdays import IMPORT_HINT
    ys = "、".join(str(y) for y in years)
    text = f"注意：{ys} 年尚无节假日数据，结果暂按周末和固定日期的节日计算（暂定）。{IMPORT_HINT}{extra}"
    return "\n".join(wrap(text, 80, "  "))


def check_days(n: int, what: str, option: str) -> None:
    """Chinese usage errors for a length our arithmetic accepts."""
    if n < 0:
        raise Refused(f"{what}不能为负数（{n}）", f"{option}写 0 到 {MAX_DAYS} 之间的整数。", "H134",
                      exit_code=ExitCode.USAGE)
    if n > MAX_DAYS:
        raise Refused(f"{what} {n} 过大：最多 {MAX_DAYS}", f"{option}写 0 到 {MAX_DAYS} 之间的整数；"
                      "条例和制度中的期限都在此范围内。", "H134", exit_code=ExitCode.USAGE)


def refuse_provisional(years) -> None:
    from dwgk.workdays import IMPORT_HINT
    ys = "、".join(str(y) for y in years)
    raise Refused(f"{ys} 年尚无节假日数据，结果只能暂定（--strict 不接受暂定结果）", IMPORT_HINT, "H131")


def day_runs(days) -> list[tuple[str, str, int]]:
    """Consecutive days folded: [(span, names, count)], e.g. ('2026-10-01 至 2026-10-07', '国庆节', 7)."""
    runs: list[list] = []
    for d in days:
        if runs and (d.date - runs[-1][-1].date).days == 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    out = []
    for r in runs:
        names: list[str] = []
        for d in r:
            if d.name not in names:
                names.append(d.name)
        label = "周末" if set(names) == {"周六", "周日"} else "、".join(names)
        span = r[0].date.isoformat() if len(r) == 1 else f"{r[0].date} 至 {r[-1].date}"
        out.append((span, label, len(r)))
    return out


def describe_runs(days) -> list[str]:
    return [f"{span} {label}" + (f"（{n} 天）" if n > 1 else "") for span, label, n in day_runs(days)]


# ---------------------------------------------------------------- commands


def status(
    ctx: typer.Context, fmt: str = FORMAT,
    first: Optional[int] = typer.Option(None, "--from", metavar="年份", help="从哪一年列起（默认前两年）"),
    last: Optional[int] = typer.Option(None, "--to", metavar="年份", help="列到哪一年（默认明年）"),
) -> None:
    """各年份的节假日数据来自哪里：chinesecalendar 库、holidays.yaml（注明通知文号），或暂定。"""
    from dwgk.workdays import IMPORT_HINT, SOURCE_PROVISIONAL, library_data
    c = get(ctx)
    check_format(fmt, ("text", "json"))
    today = c.today()
    cal = load_calendar(c)
    lo = first if first is not None else today.year - 2
    hi = last if last is not None else today.year + 1
    if not (1 <= lo <= hi <= 9998):
        raise Refused("年份范围无效", "--from 不能大于 --to，年份为四位数字。", "H132", exit_code=ExitCode.USAGE)
    years = sorted(set(range(lo, hi + 1)) | set(cal.years))
    lib = sorted(library_data()[2])
    rows = [cal.year_source(y) for y in years]
    if fmt == "json":
        print_json({"today": today.isoformat(), "library_years": [lib[0], lib[-1]],
                    "years": [{"year": s.year, "source": s.kind, "notice": s.notice or None,
                               "provisional": s.kind == SOURCE_PROVISIONAL} for s in rows]})
        return
    out(f"节假日数据来源（chinesecalendar 库覆盖 {lib[0]}–{lib[-1]} 年；holidays.yaml 中的年份优先）")
    for s in rows:
        mark = "  ← 当前年份" if s.year == today.year else ""
        out(f"  {s.year}  {s.describe()}{mark}")
    missing = [s.year for s in rows if s.kind == SOURCE_PROVISIONAL and s.year >= today.year]
    if missing:
        from dwgk.cli.textfmt import wrap
        err("\n".join(wrap(f"注意：{'、'.join(map(str, missing))} 年尚无节假日数据，涉及这些年份的期限均为暂定。"
                           f"{IMPORT_HINT}", 80, "  ")))


def add(
    ctx: typer.Context,
    start: str = typer.Argument(..., metavar="起算日", help="起算日 YYYY-MM-DD（当日不计入）"),
    n: int = typer.Argument(..., metavar="天数", help=f"期限长度（0 到 {MAX_DAYS}）"),
    days: bool = typer.Option(False, "--days", help="按自然日计算（期末遇休息日顺延至下一个工作日）；默认按工作日"),
    fmt: str = FORMAT, strict: bool = STRICT,
) -> None:
    """计算期限：起算日后第 N 个工作日（或 N 日）是哪一天，并列出跳过的休息日和计入的调休上班日。"""
    from dwgk.workdays import DAYS, WEEKDAY_NAMES, WORKDAYS, step
    c = get(ctx)
    check_format(fmt, ("text", "json"))
    d0 = c.date_opt(start, "起算日")
    check_days(n, "天数", "天数")
    cal = load_calendar(c)
    unit = DAYS if days else WORKDAYS
    try:
        s = step(cal, d0, n, unit)
    except (ValueError, OverflowError):
        raise Refused("日期超出可计算的范围", "检查起算日和天数。", "H133", exit_code=ExitCode.USAGE) from None
    if strict and s.provisional:
        refuse_provisional(s.provisional_years)
    if fmt == "json":
        print_json({"start": d0.isoformat(), "n": n, "unit": unit, "due": s.due.isoformat(),
                    "provisional": s.provisional, "provisional_years": list(s.provisional_years),
                    "rest_days": [d.date.isoformat() for d in s.skipped],
                    "workdays": [d.date.isoformat() for d in s.counted],
                    "days": [d.to_json() for d in (*s.skipped, *s.counted)],
                    "sources": {str(y): cal.year_source(y).kind
                                for y in range(d0.year, s.due.year + 1)}})
    else:
        what = f"{n} 个工作日" if unit == WORKDAYS else f"{n} 日"
        mark = "，暂定" if s.provisional else ""
        out(f"起算日 {d0}（{WEEKDAY_NAMES[d0.weekday()]}），当日不计入；{what}后到期：")
        out(f"  {s.due}（{WEEKDAY_NAMES[s.due.weekday()]}{mark}）")
        if unit == DAYS and s.rolled_from:
            out(f"期末 {s.rolled_from} 为休息日，顺延至下一个工作日。")
        if s.skipped:
            out(f"{'跳过的休息日' if unit == WORKDAYS else '顺延跳过的休息日'}（{len(s.skipped)} 天）：")
            for line in describe_runs(s.skipped):
                out(f"  {line}")
        if s.counted:
            out(f"计入的调休上班日（{len(s.counted)} 天）：")
            for d in s.counted:
                out(f"  {d.date} {d.name}调休上班")
    if s.provisional:
        err(provisional_note(s.provisional_years))


def is_workday(
    ctx: typer.Context,
    day: Optional[str] = typer.Argument(None, metavar="日期", help="YYYY-MM-DD（默认今天，北京时间）"),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="不输出，只用退出码回答（供 cron 使用）"),
    strict: bool = STRICT,
) -> None:
    """某天是不是工作日（含调休上班日，不含法定节假日）：是则退出码 0，否则 1。

    cron 用它只在工作日运行：dwgk calendar is-workday -q && dwgk overdue --fail-on-overdue
    """
    from dwgk.workdays import ADJUSTED, HOLIDAY, WEEKDAY_NAMES
    c = get(ctx)
    d = c.date_opt(day, "日期")
    cal = load_calendar(c)
    provisional = cal.is_provisional(d.year)
    if strict and provisional:
        refuse_provisional([d.year])
    kind = cal.kind(d)
    yes = cal.is_workday(d)
    if not quiet:
        why = {ADJUSTED: f"，{cal.day_name(d)}调休上班", HOLIDAY: f"，{cal.day_name(d)}"}.get(kind, "")
        out(f"{d}（{WEEKDAY_NAMES[d.weekday()]}{why}）{'是工作日' if yes else '是休息日'}"
            + ("（暂定）" if provisional else ""))
    if provisional:
        err(provisional_note([d.year]))
    if not yes:
        raise typer.Exit(int(ExitCode.FINDINGS))


def check(
    ctx: typer.Context,
    file: Optional[Path] = typer.Argument(None, metavar="文件", help="要检查的 holidays.yaml（默认登记簿中的）"),
    fmt: str = FORMAT,
) -> None:
    """检查 holidays.yaml：日期、区间重叠、调休上班日、与 chinesecalendar 库是否一致。从不修改文件。"""
    from dwgk.holidays import check as check_holidays
    c = get(ctx)
    check_format(fmt, ("text", "json"))
    if file is None:
        _, file = _holidays_file(c)
        if file is None:
            msg = "没有 holidays.yaml：日历只使用 chinesecalendar 库的数据。"
            if fmt == "json":
                print_json({"ok": True, "errors": 0, "warnings": 0, "findings": [], "file": None})
            else:
                out(msg)
            return
    elif not file.is_file():
        raise CannotRun(f"找不到文件 {file}", "检查文件路径。", "H100")
    data, diags, text = _read(file)
    if not diags:
        diags = check_holidays(data, text, file.name)
    errors = [d for d in diags if d.severity == "error"]
    if fmt == "json":
        print_json({"ok": not errors, "errors": len(errors), "warnings": len(diags) - len(errors),
                    "file": str(file), "findings": [d.to_json() for d in diags]})
    else:
        print_diagnostics(diags)
        (err if diags else out)(summary(diags))
    if errors:
        raise typer.Exit(int(ExitCode.FINDINGS))


def _read_notice(path: str) -> str:
    import sys
    if path == "-":
        raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    else:
        from dwgk.cli.infile import read_bytes  # a regular file, size-capped
        raw = read_bytes(path, "H120", ExitCode.CANNOT_RUN)
    for enc in ("utf-8-sig", "gb18030"):  # notices saved on Windows are often GBK
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise Refused("通知文件既不是 UTF-8 也不是 GBK 编码", "用文本编辑器另存为 UTF-8 后重试。", "H120")


def import_notice(
    ctx: typer.Context,
    notice: str = typer.Argument(..., metavar="通知.txt", help="国务院办公厅关于YYYY年部分节假日安排的通知（文本；- 表示标准输入）"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只显示读到的安排，不写入"),
    reason: str = typer.Option("", "--reason", metavar="理由", help="与 chinesecalendar 库不一致时，说明原因"),
    by: str = typer.Option("", "--by", metavar="姓名", help="经办人（记入提交）"),
    no_commit: bool = typer.Option(False, "--no-commit", help="只改文件，不做 git 提交"),
    fmt: str = FORMAT,
) -> None:
    """导入国务院节假日安排通知，写入登记簿的 holidays.yaml（该年已有则替换），并提交。"""
    from dwgk.holidays import FILE, disagreements, merge, parse_notice, render
    c = get(ctx)
    check_format(fmt, ("text", "json"))
    n = parse_notice(_read_notice(notice))
    y = n.data
    if reason.strip():
        y = replace(y, reason=reason.strip())
    diff = disagreements({y.year: y}).get(y.year)
    if diff and not y.reason:
        shown = "、".join(f"{d}（通知：{'上班' if w else '休息'}）" for d, w in diff[:5])
        raise Refused(f"{y.year} 年的通知与 chinesecalendar 库的数据不一致：{shown}",
                      "核对通知原文；确属不同（例如库有误），用 --reason 说明原因后重新导入。", "H108")
    written = False
    if not dry_run:
        written = _write(c, y, by, no_commit, merge, render, FILE)
    if fmt == "json":
        print_json({"year": y.year, "rest_days": [d.isoformat() for d in y.rest_days()],
                    "workdays": [d.isoformat() for d in y.work_days()]})
    else:
        head = f"{y.year} 年节假日安排" + (f"（{y.notice}）" if y.notice else "")
        out(f"{head}：放假 {len(y.rest_days())} 天，调休上班 {len(y.work_days())} 天")
        for s in sorted(y.rest, key=lambda s: s.start):
            span = str(s.start) if s.start == s.end else f"{s.start} 至 {s.end}"
            out(f"  放假  {span}  {s.name}")
        for d, name in sorted(y.workdays):
            out(f"  上班  {d}  {name}（调休）")
        for line, text in n.ignored:
            out(f"  （第 {line} 行只是倡导，未作为放假日：{text}）")
        if dry_run:
            out("（--dry-run：未写入任何文件）")
        elif written:
            out(f"已写入 {FILE}。")
        else:
            out(f"{FILE} 中 {y.year} 年的安排已与通知一致，无需修改。")


def _write(c: Ctx, y, by: str, no_commit: bool, merge, render, FILE: str) -> bool:
    from dwgk.cli.write import apply
    from dwgk.records import Change
    root = c.find_root(required=False)
    if root is None:
        raise CannotRun("不在 dwgk 登记簿中，无法写入 holidays.yaml",
                        "进入登记簿目录或用 -R 指定；只想查看读到的安排，加 --dry-run。", "E010")

    def plan(root: Path):
        data, old = None, None
        path = root / FILE
        if os.path.lexists(path):  # a symlink or FIFO there is refused, not followed
            data, diags, old = _read(path)
            if diags:
                raise Refused("现有的 holidays.yaml 无法读取，不能合并", "先修正下列错误（dwgk calendar check）。",
                              "H100", diagnostics=diags)
        text = render(merge(data, y))
        if old == text:
            return None
        body = f"放假 {len(y.rest_days())} 天，调休上班 {len(y.work_days())} 天。"
        if y.reason:
            body += f"\n与 chinesecalendar 库不一致的原因：{y.reason}"
        return {FILE: text}, Change("", "calendar-import", f"导入 {y.year} 年节假日安排"
                                    + (f"（{y.notice}）" if y.notice else ""), by, c.today(),
                                    extra={"Dwgk-Year": str(y.year)}, body=body)
    return apply(c, no_commit, plan, root=root) is not None
