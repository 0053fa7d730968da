"""What dwgk.yaml says about the office for its documents: the 文号 pattern of each letter, the
bodies named in a letter's remedies (行政复议机关, 人民法院), where the annual report can be
downloaded and whom to contact about it, and the contact the 公开指南 gives::

    remedies:
      review: [东林市人民政府]          # 行政复议机关（可写多个）
      court: 东林市东城区人民法院       # 行政诉讼的管辖法院
    doc_numbers:                        # {year} 年份，{n} 当年序号
      答复书: 东科信复〔{year}〕{n}号
      补正告知书: 东科信补〔{year}〕{n}号
      终止办理告知书: 东科信终〔{year}〕{n}号
    annual_report:
      download: 东林市人民政府门户网站（www.donglin.gov.cn）“政府信息公开”专栏
      contact: {office: 东林市科学技术局办公室, address: …, postcode: …, phone: …, fax: …, email: …}
    guide:                              # 公开指南 of the reading room (dwgk site build); what is
      hours: 工作日 9:00—17:00          # not given here is taken from annual_report.contact

Each section is validated when dwgk.yaml is read (C020-C022, C026, with the line); what is missing
is a warning of ``dwgk check`` (C023-C025), since a register works without it until it
issues a letter or a report. A 文号 is assigned when the letter is issued (:func:`assign`):
the next number of its kind and year after every number already recorded in the register's
histories, so it is never reused and the letter shows the same number however often it is
rendered again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Mapping

from dwgk.diag import Diagnostic, ExitCode, Refused

KEYS = ("remedies", "doc_numbers", "annual_report", "guide")
LETTER_KINDS = ("答复书", "补正告知书", "终止办理告知书")
CONTACT_FIELDS = {"office": "联系机构", "address": "地址", "postcode": "邮编", "phone": "电话", "fax": "传真",
                  "email": "电子邮箱"}
# the 公开指南 of the reading room (dwgk site build): where and when the office takes requests
GUIDE_FIELDS = {"office": "受理机构", "address": "地址", "postcode": "邮编", "hours": "办公时间", "phone": "电话",
                "fax": "传真", "email": "电子邮箱", "website": "网站"}
NUMBER_FIELD = "doc_number"  # the event field that records a letter's 文号
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_TEXT_MAX = 200


@dataclass(frozen=True)
class Office:
    review: tuple[str, ...] = ()  # 行政复议机关
    court: str = ""  # 人民法院
    numbers: Mapping[str, str] = field(default_factory=dict)  # letter kind → 文号 pattern
    download: str = ""  # where the annual report can be downloaded
    contact: Mapping[str, str] = field(default_factory=dict)  # CONTACT_FIELDS key → value
    guide: Mapping[str, str] = field(default_factory=dict)  # GUIDE_FIELDS key → value

    def guide_contact(self) -> list[tuple[str, str]]:
        """(label, value) of the 公开指南's 联系方式: ``guide:``, else the annual report's contact."""
        merged = {**{k: v for k, v in self.contact.items() if k in GUIDE_FIELDS}, **self.guide}
        return [(label, merged[k]) for k, label in GUIDE_FIELDS.items() if merged.get(k)]

    @property
    def review_text(self) -> str:
        """The 行政复议机关 as a letter names them: "A或者B"."""
        return "或者".join(self.review)

    def contact_text(self) -> str:
        """"东林市科学技术局办公室（地址：…；邮编：…；电话：…）"."""
        rest = "；".join(f"{CONTACT_FIELDS[k]}：{v}" for k, v in self.contact.items() if k != "office" and v)
        office = self.contact.get("office", "")
        return f"{office}（{rest}）" if office and rest else office or rest


NONE = Office()


# ---------------------------------------------------------------- reading dwgk.yaml

Locate = Callable[[tuple], tuple[int, int]]


def _text(v: Any) -> str | None:
    """A one-line text, or None if ``v`` is not one."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = str(v)
    if not isinstance(v, str) or not v.strip() or "\n" in v.strip() or len(v.strip()) > _TEXT_MAX:
        return None
    return v.strip()


def pattern_problem(pattern: str) -> str | None:
    """What is wrong with a 文号 pattern, or None."""
    names = _PLACEHOLDER.findall(pattern)
    unknown = [n for n in names if n not in ("year", "n")]
    if unknown:
        return f"占位符“{{{unknown[0]}}}”无效（只能用 {{year}} 和 {{n}}）"
    if names.count("year") != 1 or names.count("n") != 1:
        return "须各含一次 {year}（年份）和 {n}（当年序号）"
    if "{" in _PLACEHOLDER.sub("", pattern) or "}" in _PLACEHOLDER.sub("", pattern):
        return "花括号不成对"
    return None


def parse(data: Mapping[str, Any], locate: Locate, path: str = "dwgk.yaml") -> tuple[Office, list[Diagnostic]]:
    """The office's sections of dwgk.yaml, with an error (and its line) for each malformed value."""
    bad: list[Diagnostic] = []

    def problem(keypath: tuple, code: str, message: str, hint: str) -> None:
        line, col = locate(keypath)
        bad.append(Diagnostic(path, line, col, code, message, hint))

    review: tuple[str, ...] = ()
    court = ""
    rem = data.get("remedies")
    hint = "写成 remedies: {review: [行政复议机关], court: 人民法院}，例如 review: [东林市人民政府]。"
    if rem is not None:
        if not isinstance(rem, Mapping):
            problem(("remedies",), "C020", "remedies 应为映射（review、court）", hint)
        else:
            for k in rem:
                if k not in ("review", "court"):
                    problem(("remedies", k), "C020", f"remedies 中有未知字段“{k}”（可用：review、court）", hint)
            raw = rem.get("review")
            items = raw if isinstance(raw, list) else [raw] if raw is not None else []
            texts = [_text(x) for x in items]
            if raw is not None and (not items or None in texts):
                problem(("remedies", "review"), "C020", "remedies.review 应为行政复议机关的名称（一个或一列）", hint)
            else:
                review = tuple(t for t in texts if t)
            if rem.get("court") is not None:
                court = _text(rem["court"]) or ""
                if not court:
                    problem(("remedies", "court"), "C020", "remedies.court 应为人民法院的名称（一行文字）", hint)

    numbers: dict[str, str] = {}
    nums = data.get("doc_numbers")
    hint = "写成 doc_numbers: {答复书: 某科信复〔{year}〕{n}号}；{year} 为年份，{n} 为当年序号。"
    if nums is not None:
        if not isinstance(nums, Mapping):
            problem(("doc_numbers",), "C021", "doc_numbers 应为映射（文书种类: 文号格式）", hint)
        else:
            seen: dict[str, str] = {}
            for k, v in nums.items():
                if k not in LETTER_KINDS:
                    problem(("doc_numbers", k), "C021", f"doc_numbers 中的文书种类“{k}”无效（可用："
                            + "、".join(LETTER_KINDS) + "）", hint)
                    continue
                text = _text(v)
                why = "应为一行文字" if text is None else pattern_problem(text)
                if why is None and text in seen:
                    why = f"与{seen[text]}的格式相同，两种文书的文号会重复"
                if why:
                    problem(("doc_numbers", k), "C021", f"doc_numbers.{k} 的文号格式“{v}”{why}", hint)
                    continue
                seen[text] = k
                numbers[k] = text

    download, contact = "", {}
    ar = data.get("annual_report")
    hint = ("写成 annual_report: {download: 下载网址或栏目, contact: {office: 联系机构, address: 地址, "
            "phone: 电话}}。")
    if ar is not None:
        if not isinstance(ar, Mapping):
            problem(("annual_report",), "C022", "annual_report 应为映射（download、contact）", hint)
        else:
            for k in ar:
                if k not in ("download", "contact"):
                    problem(("annual_report", k), "C022", f"annual_report 中有未知字段“{k}”（可用：download、contact）",
                            hint)
            if ar.get("download") is not None:
                download = _text(ar["download"]) or ""
                if not download:
                    problem(("annual_report", "download"), "C022", "annual_report.download 应为一行文字", hint)
            c = ar.get("contact")
            if c is not None and not isinstance(c, Mapping):
                problem(("annual_report", "contact"), "C022", "annual_report.contact 应为映射（office、address、phone……）",
                        hint)
            elif c is not None:
                contact = _lines(c, CONTACT_FIELDS, ("annual_report", "contact"), "C022", hint, problem)

    guide: dict[str, str] = {}
    g = data.get("guide")
    hint = "写成 guide: {office: 受理机构, address: 地址, hours: 办公时间, phone: 电话}，每项一行文字。"
    if g is not None and not isinstance(g, Mapping):
        problem(("guide",), "C026", "guide 应为映射（" + "、".join(GUIDE_FIELDS) + "）", hint)
    elif g is not None:
        guide = _lines(g, GUIDE_FIELDS, ("guide",), "C026", hint, problem)
    return Office(review, court, numbers, download, contact, guide), bad


def _lines(m: Mapping, allowed: Mapping[str, str], at: tuple, code: str, hint: str,
           problem: Callable[..., None]) -> dict[str, str]:
    """A mapping of one-line texts under known keys (in ``allowed``'s order); a problem for each other."""
    out: dict[str, str] = {}
    name = ".".join(at)
    for k, v in m.items():
        if k not in allowed:
            problem((*at, k), code, f"{name} 中有未知字段“{k}”（可用：" + "、".join(allowed) + "）", hint)
        elif _text(v) is None:
            problem((*at, k), code, f"{name}.{k}（{allowed[k]}）应为一行文字", hint)
        else:
            out[k] = _text(v)
    return {k: out[k] for k in allowed if k in out}


def of(register: Any) -> Office:
    return getattr(register.config, "office", None) or NONE


# ---------------------------------------------------------------- what check warns about

def missing(register: Any, locate: Callable[[str, tuple], tuple[int, int]]) -> list[Diagnostic]:
    """Warnings while the office's letters or report would lack what dwgk.yaml should say."""
    kind = register.profile.kind
    if kind == "党务":  # a party organisation answers no 依申请公开 request and makes no 政务 report
        return []
    o = of(register)
    out = []

    def warn(keypath: tuple, code: str, message: str, hint: str) -> None:
        line, col = locate("dwgk.yaml", keypath)
        out.append(Diagnostic("dwgk.yaml", line, col, code, message, hint, "warning"))

    if not o.review or not o.court:
        what = "、".join(x for x, ok in (("行政复议机关", o.review), ("人民法院", o.court)) if not ok)
        warn(("remedies",), "C023",
             f"dwgk.yaml 没有写明{what}：答复书只能写“向行政复议机关”“向人民法院”，不能点名救济机关",
             "在 dwgk.yaml 中写 remedies: {review: [本级人民政府], court: 管辖的人民法院}（见 README“依申请公开”）。")
    lacking = [k for k in LETTER_KINDS if k not in o.numbers]
    if lacking:
        warn(("doc_numbers",), "C024",
             "dwgk.yaml 没有写明" + "、".join(lacking) + "的文号格式：这些文书印出时只有登记编号",
             "在 dwgk.yaml 中写 doc_numbers: {答复书: 某科信复〔{year}〕{n}号, …}。")
    if not o.download or not o.contact:
        what = "、".join(x for x, ok in (("下载地址", o.download), ("联系方式", o.contact)) if not ok)
        warn(("annual_report",), "C025",
             f"dwgk.yaml 没有写明政府信息公开工作年度报告的{what}：正式报告不能生成",
             "在 dwgk.yaml 中写 annual_report: {download: 网址或栏目, contact: {office: …, address: …, phone: …}}。")
    return out


# ---------------------------------------------------------------- 文号

def _regex(pattern: str) -> re.Pattern:
    parts = _PLACEHOLDER.split(pattern)  # literal, name, literal, name, literal
    out = ""
    for i, part in enumerate(parts):
        out += re.escape(part) if i % 2 == 0 else ("(?P<year>\\d{4})" if part == "year" else "(?P<n>\\d+)")
    return re.compile(f"^{out}$")


def format_number(pattern: str, year: int, n: int) -> str:
    return pattern.replace("{year}", str(year)).replace("{n}", str(n))


def recorded(register: Any) -> list[tuple[str, Any, Any]]:
    """(文号, request, event) of every letter number recorded in the register's histories."""
    return [(e.doc_number, req, e) for req in register.requests for e in req.history if e.doc_number]


def assign(register: Any, kind: str, on: date) -> str:
    """The 文号 for a letter of ``kind`` issued on ``on``: the year's next number after every
    one recorded; "" when dwgk.yaml has no pattern for the kind."""
    pattern = of(register).numbers.get(kind)
    if not pattern:
        return ""
    rx = _regex(pattern)
    used = [int(m["n"]) for number, _, _ in recorded(register)
            if (m := rx.match(number)) and int(m["year"]) == on.year]
    return format_number(pattern, on.year, max(used, default=0) + 1)


def duplicates(register: Any) -> list[tuple[str, list[tuple[Any, Any]]]]:
    """文号 recorded more than once (a hand edit, or two clones that issued letters at once)."""
    seen: dict[str, list[tuple[Any, Any]]] = {}
    for number, req, e in recorded(register):
        seen.setdefault(number, []).append((req, e))
    return [(k, v) for k, v in seen.items() if len(v) > 1]


def findings(register: Any, locate: Callable[[str, tuple], tuple[int, int]]) -> list[Diagnostic]:
    """What ``dwgk check`` says about the office's settings and the 文号 its letters carry."""
    out = missing(register, locate)
    for number, uses in duplicates(register):
        for req, e in uses[1:]:
            line, col = locate(req.path, ("history", e.index, NUMBER_FIELD))
            first = uses[0][0]
            out.append(Diagnostic(req.path, line, col, "Q420", f"文号“{number}”已用于申请 {first.id}，文号不能重复使用",
                                  "文号由 dwgk 在答复、补正告知、终止办理时按年依次编号；手工改过的，改回原来的文号。"))
    return out


def init_office(review: list[str], court: str) -> dict[str, Any]:
    """What ``dwgk init --review-body … --court …`` writes into dwgk.yaml (checked like the file)."""
    raw: dict[str, Any] = {}
    if review or court:
        raw["remedies"] = {k: v for k, v in (("review", [x.strip() for x in review]), ("court", court.strip())) if v}
    _, bad = parse(raw, lambda kp: (0, 0))
    if bad:
        raise Refused(bad[0].message, "--review-body、--court 各写一个机关的全称（一行文字）。", "C020", exit_code=ExitCode.USAGE)
    return raw
