"""The overdue list (超期清单) as a document: what is late, grouped by department and person,
worst first, and the outside parties' periods that ran out (the office acts next, nobody in it
is late). ``dwgk overdue`` prints it as text, or renders ``templates/overdue.{md,html}`` (which
a register may override) or its JSON form."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from dwgk.dates import minute
from dwgk.deadline import SERIOUS, Row, grouped
from dwgk.model import Register
from dwgk.render import Document
from dwgk.workdays import IMPORT_HINT

# what the office does when the applicant's or a consulted party's period ran out
AFTER_OTHERS = {"request_amend_period": "收到补正的登记 dwgk request amended，未补正的登记 dwgk request lapse",
                "request_fee": "已缴费的登记 dwgk request paid，未缴费的登记 dwgk request lapse",
                "request_consult": "登记对方意见（逾期未答复的写 --opinion 未答复）：dwgk request consulted"}
WAITING_TITLE = "申请人或被征求意见方的期限已满、待本机关处理的（{n} 项，不计超期）"
NO_DEPARTMENT, NO_PERSON = "（未指定科室）", "（未指定责任人）"


def provisional_years(rows: Sequence[Row]) -> list[int]:
    return sorted({y for r in rows for y in r.provisional_years})


def due_text(r: Row) -> str:
    if r.state.hourly:  # an hour clock (舆情, 应急) falls due at a moment
        return minute(r.state.due_at)
    return f"{r.due}{'*' if r.provisional else ''}" if r.due else "暂停计时"


def late_text(r: Row) -> str:
    if r.state.hourly:
        return r.state.late_text()
    return f"{r.state.days_late}{'*' if r.state.provisional_years else ''}"


def summary_line(late: Sequence[Row]) -> str:
    serious = sum(1 for r in late if r.serious)
    return f"共 {len(late)} 项超期" + (f"，其中严重超期 {serious} 项（超过时限两倍）" if serious else "")


def departments(late: Sequence[Row]) -> list[tuple[str, list[tuple[str, list[Row]]]]]:
    """[(department, [(person, rows)])] — people grouped under their department, worst first."""
    groups: list[tuple[str, list]] = []
    for (dep, who), rs in grouped(list(late)):
        if not groups or groups[-1][0] != dep:
            groups.append((dep, []))
        groups[-1][1].append((who, rs))
    return groups


def waiting_rows(rows: Sequence[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (r.due, r.deadline.subject))


def provisional_note(late: Sequence[Row]) -> str:
    years = provisional_years(late)
    return (f"暂定：{'、'.join(map(str, years))} 年尚无节假日数据，按周末和固定日期的节日计算。{IMPORT_HINT}"
            if years else "")


def document(reg: Register, today: date, late: Sequence[Row], waiting: Sequence[Row] = ()) -> Document:
    deps = [{"name": dep or NO_DEPARTMENT, "count": sum(len(rs) for _, rs in people),
             "people": [{"person": who or NO_PERSON,
                         "rows": [{**r.brief_json(), "due_text": due_text(r), "late_text": late_text(r)}
                                  for r in rs]}
                        for who, rs in people]}
            for dep, people in departments(late)]
    others = [{"id": r.deadline.subject, "title": r.deadline.title, "label": r.deadline.clock.label,
               "due": due_text(r), "next": AFTER_OTHERS.get(r.deadline.rule, "登记后续办理")}
              for r in waiting_rows(waiting)]
    context = {"org": reg.config.org, "today": today.isoformat(), "departments": deps, "serious": SERIOUS,
               "summary": summary_line(late), "note": provisional_note(late), "others": others,
               "others_title": WAITING_TITLE.format(n=len(others))}
    data = {"org": reg.config.org, "today": today.isoformat(), "count": len(late),
            "serious": sum(1 for r in late if r.serious),
            "provisional": any(r.provisional for r in late), "provisional_years": provisional_years(late),
            "groups": [{"department": dep, "person": who, "count": len(rs)} for (dep, who), rs in grouped(list(late))],
            "overdue": [r.brief_json() for r in late],
            "expired_for_others": [r.brief_json() for r in waiting]}
    return Document("overdue", context, f"超期清单 {reg.config.org} {today}", data)
