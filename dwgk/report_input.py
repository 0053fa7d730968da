"""``reports/<year>.yaml``: what a year's annual report needs that the register does not hold.

The clerk writes the narrative text and the 政务 report's section 二 figures here; the
tables of sections 三 and 四 are computed from the register. ``dwgk report init --year Y``
writes :func:`skeleton` (every field, with what it means) for the clerk to fill in. Values
left empty count as missing, so a half-filled file is refused (T021), never printed as 0.

Dates recorded here keep a report reproducible: ``published`` is the day the report went
out, and the printed report carries that date however often it is rendered again;
``carried_out`` records the figure the published report gave in 四、结转下年度继续办理, so
next year's report can check its 二、上年结转 against what was actually published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Mapping, Sequence

from dwgk.dates import parse_date
from dwgk.diag import Diagnostic, Refused
from dwgk.model import Register

Locator = Callable[[str, tuple], tuple[int, int]]

TEXT_NAMES = {"overview": "一、总体情况", "problems": "五、存在的主要问题及改进情况",
              "other": "六、其他需要报告的事项", "party_overview": "党务公开情况通报的总体情况"}
PROACTIVE_KEYS = ("rules", "normative", "licensing", "penalty", "coercion", "fees")
ANNUAL_KEYS = ("overview", "party_overview", "proactive", "problems", "other", "carried_over", "carried_out",
               "published")
# 一、总体情况 of the 政务 report, in the five parts the national format asks for (国办公开办函〔2021〕30号)
OVERVIEW_PARTS = (("proactive", "（一）主动公开"), ("requests", "（二）依申请公开"), ("management", "（三）政府信息管理"),
                  ("platforms", "（四）政府信息公开平台建设"), ("supervision", "（五）监督保障"))
OVERVIEW_KEYS = ("intro", *(k for k, _ in OVERVIEW_PARTS))
DOC_KEYS = ("issued", "repealed", "in_force")
PLACEHOLDER = "【待填写】"


def path_of(year: int) -> str:
    return f"reports/{year}.yaml"


def annual_input(register: Register, year: int) -> Mapping[str, Any]:
    data = register.annual.get(year)
    return data if isinstance(data, Mapping) else {}


def has_input(register: Register, year: int) -> bool:
    return year in register.annual


def text(data: Mapping[str, Any], key: str) -> str:
    """The clerk's text for ``key``, or "" when it is missing or blank."""
    v = data.get(key)
    return v if isinstance(v, str) and v.strip() else ""


def overview_parts(data: Mapping[str, Any]) -> dict[str, str]:
    """The 政务 report's 总体情况 by part (``intro`` and the five parts); "" where not written."""
    ov = data.get("overview")
    ov = ov if isinstance(ov, Mapping) else {}
    return {k: text(ov, k) for k in OVERVIEW_KEYS}


def party_text(data: Mapping[str, Any]) -> str:
    """The 党务 通报's 总体情况: ``party_overview`` (a register keeping both reports), else a
    plain-text ``overview``."""
    return text(data, "party_overview") or text(data, "overview")


def published_on(data: Mapping[str, Any]) -> date | None:
    """The recorded publication date of the report, if the clerk has entered one."""
    return parse_date(data.get("published"))


# ---------------------------------------------------------------- validation

@dataclass
class InputProblem:
    keypath: tuple
    message: str
    missing: bool = False  # not yet filled in (rather than filled in wrongly)


def problems(data: Mapping[str, Any], texts: Sequence[str]) -> list[InputProblem]:
    """Unknown keys, missing texts, and a ``published`` that is not a date."""
    out = [InputProblem((k,), f"未知字段“{k}”（可用：" + "、".join(ANNUAL_KEYS) + "）")
           for k in data if k not in ANNUAL_KEYS]
    for key in texts:
        if not text(data, key):
            out.append(InputProblem((key,) if key in data else (), f"缺少 {key}（{TEXT_NAMES[key]}的文字）", True))
    if data.get("published") is not None and published_on(data) is None:
        out.append(InputProblem(("published",), f"published 须为 YYYY-MM-DD 格式的日期，而不是“{data['published']}”"))
    ov = data.get("overview")
    if isinstance(ov, Mapping):
        for k, v in ov.items():
            if k not in OVERVIEW_KEYS:
                out.append(InputProblem(("overview", k), f"overview 中有未知字段“{k}”（可用：" + "、".join(OVERVIEW_KEYS) + "）"))
            elif v is not None and not isinstance(v, str):
                out.append(InputProblem(("overview", k), f"overview.{k} 应为一段文字"))
    return out


def gov_overview_problems(data: Mapping[str, Any]) -> list[InputProblem]:
    """一、总体情况 of the 政务 report must be written in its five parts."""
    ov = data.get("overview")
    if ov is None:
        return [InputProblem((), "缺少 overview（一、总体情况，分主动公开、依申请公开、政府信息管理、政府信息公开平台建设、"
                                 "监督保障五个方面填写）", True)]
    if not isinstance(ov, Mapping):
        return [InputProblem(("overview",), "overview 须分五个方面填写（" + "、".join(k for k, _ in OVERVIEW_PARTS)
                             + "），不能是一段文字；原来的文字可放在 intro 下作为开头段")]
    return [InputProblem(("overview", k) if k in ov else ("overview",), f"缺少 overview.{k}（{name}的文字）", True)
            for k, name in OVERVIEW_PARTS if not text(ov, k)]


def party_problems(data: Mapping[str, Any]) -> list[InputProblem]:
    """What the 党务 通报 needs from the file besides the shared checks."""
    if party_text(data):
        return []
    key = "party_overview" if isinstance(data.get("overview"), Mapping) else "overview"
    return [InputProblem((key,) if key in data else (), f"缺少 {key}（党务公开情况通报总体情况的文字）", True)]


def _count(v: Any, allow_float: bool = False) -> tuple[Any, str]:
    if isinstance(v, bool) or v is None:
        return None, "须为数字"
    if isinstance(v, int) or (allow_float and isinstance(v, float)):
        return (v, "") if v >= 0 else (None, "不能为负数")
    return None, "须为非负整数" if not allow_float else "须为非负数"


def proactive_figures(data: Mapping[str, Any]) -> tuple[dict, list[InputProblem]]:
    """Section 二's figures from ``proactive``, with what is missing or wrong."""
    found: list[InputProblem] = []
    raw = data.get("proactive")
    if not isinstance(raw, Mapping):
        found.append(InputProblem(("proactive",) if "proactive" in data else (),
                                  "缺少 proactive（第二部分主动公开情况的数字）", data.get("proactive") is None))
        raw = {}
    for k in raw:
        if k not in PROACTIVE_KEYS:
            found.append(InputProblem(("proactive", k), f"proactive 中有未知字段“{k}”（可用："
                                      + "、".join(PROACTIVE_KEYS) + "）"))
    out: dict[str, Any] = {}
    for key, label in (("rules", "规章"), ("normative", "行政规范性文件")):
        block = raw.get(key)
        if not isinstance(block, Mapping):
            if raw:
                found.append(InputProblem(("proactive", key) if key in raw else ("proactive",),
                                          f"缺少 {key}（{label}的制发、废止、现行有效件数）", block is None))
            out[key] = {k: None for k in DOC_KEYS}
            continue
        vals = {}
        for k in DOC_KEYS:
            v, why = _count(block.get(k))
            if why:
                found.append(InputProblem(("proactive", key, k) if k in block else ("proactive", key),
                                          f"{label}的 {k} {why}", block.get(k) is None))
            vals[k] = v
        out[key] = vals
    for key, label, flt in (("licensing", "行政许可", False), ("penalty", "行政处罚", False),
                            ("coercion", "行政强制", False), ("fees", "行政事业性收费（万元）", True)):
        if key not in raw:
            if raw:
                found.append(InputProblem(("proactive",), f"缺少 {key}（{label}）", True))
            out[key] = None
            continue
        v, why = _count(raw.get(key), allow_float=flt)
        if why:
            found.append(InputProblem(("proactive", key), f"{label} {why}", raw.get(key) is None))
        out[key] = v
    return out, found


def refuse(register: Register, year: int, found: list[InputProblem], locate: Locator | None, what: str) -> None:
    path = path_of(year)
    diags = []
    for p in found:
        line, col = locate(path, p.keypath) if (locate and p.keypath and has_input(register, year)) else (0, 0)
        diags.append(Diagnostic(path, line, col, "T021", p.message))
    if has_input(register, year):
        hint = (f"按 {path} 中各字段的说明补全（dwgk report init --year {year} --print 显示带说明的完整模板）；"
                "先看草稿可加 --draft。")
        message = f"{what}所需的 {path} 不完整，不能生成正式报告（共 {len(found)} 处）"
    else:
        hint = f"运行 dwgk report init --year {year} 生成带说明的 {path}，填写后重新生成；先看草稿可加 --draft。"
        message = f"{what}所需的 {path} 还没有建立，不能生成正式报告"
    raise Refused(message, hint, "T021", diagnostics=diags)


# ---------------------------------------------------------------- the skeleton

_GOV = """\
overview:      # 一、总体情况，分五个方面写（每项文字写在下一行起、每行缩进四格，空行分段），例如：
               #   proactive: |
               #     {year}年，本机关主动公开政府信息……
  intro:       # 开头段（可不填）
  proactive:   # （一）主动公开：公开了哪些信息、解读回应、专栏建设（主动公开条数由 dwgk 统计补在后面）
  requests:    # （二）依申请公开：受理、办理、答复规范化情况（申请件数由 dwgk 统计补在后面）
  management:  # （三）政府信息管理：公开属性认定、保密审查、动态调整、规范性文件清理
  platforms:   # （四）政府信息公开平台建设：政府网站、政务新媒体、政府公报、查阅场所
  supervision: # （五）监督保障：组织领导、培训、考核、社会评议、责任追究
proactive:     # 二、主动公开政府信息情况（条例第二十条第（一）（五）（六）（八）项），每项填数字
  rules:       # 规章
    issued:    # 本年制发件数
    repealed:  # 本年废止件数
    in_force:  # 现行有效件数
  normative:   # 行政规范性文件
    issued:
    repealed:
    in_force:
  licensing:   # 行政许可：本年处理决定数量
  penalty:     # 行政处罚：本年处理决定数量
  coercion:    # 行政强制：本年处理决定数量
  fees:        # 行政事业性收费：本年收费金额（万元，可有小数；没有填 0）
problems:      # 五、存在的主要问题及改进情况（文字，写法同 overview）
other:         # 六、其他需要报告的事项（文字；含收取信息处理费的情况）
carried_over:  # 上年年度报告第三部分“结转下年度继续办理”的总计（照上年报告填写；
               #   也可按列写成 {{自然人: 1, 商业企业: 0, …}}），用于核对本年“上年结转”
carried_out:   # 本年报告发布后填写：本报告“结转下年度继续办理”的总计，供下一年核对
published:     # 报告发布后填写发布日期（YYYY-MM-DD）：报告落款用此日期，dwgk overdue 据此判断是否按时发布
"""

_PARTY = """\
overview:      # 一、总体情况（文字，写在下一行起、每行缩进两格，空行分段），例如：
               #   overview: |
               #     {year}年，本单位党组织按照公开目录……
problems:      # 存在的问题和下一步工作（文字，可不填）
other:         # 其他需要通报的事项（文字，可不填）
published:     # 通报印发后填写日期（YYYY-MM-DD）：通报落款用此日期，dwgk overdue 据此判断是否按时
"""


_BOTH = """\
party_overview: # 党务公开情况年度通报的总体情况（文字，写法同上）
"""


def skeleton(register: Register, year: int) -> str:
    """reports/<year>.yaml with every field empty and explained, for ``dwgk report init``."""
    kind = register.profile.kind
    what = {"党务": "党务公开情况年度通报", "政务": "政府信息公开工作年度报告"}.get(
        kind, "政府信息公开工作年度报告和党务公开情况年度通报")
    head = (f"# reports/{year}.yaml — {register.config.org}{year} 年度{what}中登记簿以外的材料\n"
            "# 由办公室填写；表格中的申请、复议和诉讼数字由 dwgk 从登记簿统计，不在这里填。\n"
            "# 填完后运行：dwgk report annual --year " + str(year) + "\n")
    body = _PARTY if kind == "党务" else _GOV
    if kind == "党政务":  # the 通报 of the same year needs its own 总体情况
        body += _BOTH
    return head + body.format(year=year)
