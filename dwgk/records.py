"""What every record kind shares: the event base, the ``Kind`` that describes a kind to the
loader, check, deadlines, the cache and the cli, the ``Change`` a command makes, and the
helpers that find a record, append an event and rebuild the new record before it is written.

Items, requests and messages each keep a ``history`` of events written the same way: one
dict per event with action, date, who (and role), plus only the fields that say something.
A command builds the new record and has it built back by the kind's own builder before
anything is written, so it can never write a file ``dwgk check`` would reject.
"""

from __future__ import annotations

import copy
import operator
import posixpath
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

from dwgk.diag import Diagnostic, ExitCode, Refused
from dwgk.fields import Findings
from dwgk.guards import duplicated

if TYPE_CHECKING:
    from dwgk.deadline import Deadline
    from dwgk.model import Register
    from dwgk.profile import Profile
    from dwgk.workdays import Calendar


@dataclass(frozen=True)
class Source:
    """Where a back-filled event came from: a 台账 imported by ``dwgk import`` — the file, the
    row, and the key of the row's content that refuses a second import of the same row."""

    file: str
    row: int
    key: str

    def to_json(self) -> dict:
        return {"file": self.file, "row": self.row, "key": self.key}


SOURCE_KEYS = ("file", "row", "key")


def read_source(raw: Any, f: Findings, keypath: tuple, n: int) -> Source | None:
    """The ``source:`` of history entry ``n`` (1-based), or None; a malformed one is a finding
    (X090) of every kind, since a lost source would let the same row be imported twice."""
    if raw is None:
        return None
    if (isinstance(raw, Mapping) and set(raw) == set(SOURCE_KEYS) and isinstance(raw["file"], str)
            and isinstance(raw["row"], int) and not isinstance(raw["row"], bool) and isinstance(raw["key"], str)
            and raw["key"].strip()):
        return Source(raw["file"], raw["row"], raw["key"])
    f.add("X090", f"历史记录第 {n} 条的来源（source）格式有误",
          "source 由 dwgk import 写入：{file: 文件名, row: 行号, key: 来源键}；恢复原样（git diff 可查）。", keypath)
    return None


class Deferred:
    """A long text the parse cache keeps in a file of its own (``dwgk.cache``), read each time
    it is asked for: most commands never look at the text of 10,000 items, and those that do
    (``check``, ``site build``) look at one item at a time, so none holds them all."""

    __slots__ = ("store", "start", "end")

    def __init__(self, store: Any, start: int, end: int):
        self.store, self.start, self.end = store, start, end

    def text(self) -> str:
        return str(self.store.raw(self.start, self.end), "utf-8", "surrogatepass")

    def raw(self) -> bytes:  # as stored: UTF-8
        return self.store.raw(self.start, self.end)

    def __reduce__(self):  # a copy, or a pickle, of a record holds the text itself
        return str, (self.text(),)


class LongText:
    """The field of a record that holds a whole document (``Item.content``): its value may be a
    ``Deferred``, whose text is read each time the field is (never kept in the record). A data
    descriptor, so ``item.content`` always passes here; ``__init__`` and ``dataclasses.replace``
    set it as any field (``__set__``)."""

    def __init__(self, name: str, default: Any):
        self.name, self.default = name, default

    def __get__(self, obj: Any, cls: Any = None) -> Any:
        if obj is None:
            if self.default is MISSING:
                raise AttributeError(self.name)
            return self.default
        d = obj.__dict__
        try:
            value = d[self.name]
        except KeyError:
            if self.default is MISSING:
                raise AttributeError(self.name) from None
            return self.default
        if type(value) is Deferred:
            return value.text()
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.name] = value


def kept(record: Any, name: str) -> Any:
    """The ``LongText`` field ``name`` of ``record`` as it is held — a ``Deferred`` stays one —
    to hand on to another record without reading it."""
    d = record.__dict__
    return d[name] if name in d else getattr(type(record), name)


def long_text(cls: type, name: str) -> type:
    """Make the dataclass field ``name`` of ``cls`` a ``LongText``."""
    setattr(cls, name, LongText(name, cls.__dataclass_fields__[name].default))
    return cls


@dataclass(frozen=True)
class Event:
    """What every event of every history has; each kind's event type adds its own fields."""

    action: str
    date: date
    by: str
    role: str = ""
    index: int = 0  # position in the history list (for line numbers)
    source: Source | None = None  # back-filled from a 台账 (dwgk import)

    def to_json(self) -> dict:
        """As ``--format json`` shows it: who, when, and each field that says something."""
        out: dict[str, Any] = {"action": self.action, "date": self.date.isoformat(), "by": self.by,
                               "role": self.role}
        if self.source is not None:
            out["source"] = self.source.to_json()
        d = self.__dict__
        shape = (type(self), tuple(d))
        present = _PRESENT.get(shape)
        if present is None:  # the own fields this shape of __dict__ holds, in declaration order
            present = _PRESENT[shape] = tuple((f.name, f.default) for f in fields(type(self))[len(_BASE):]
                                              if f.name in d)
        for name, default in present:  # a field not in __dict__ has its default (see lean)
            v = d[name]
            if v != default:
                out[name] = v if type(v) is str else plain(v)
        return out


_BASE = ("action", "date", "by", "role", "index", "source")
_LEAN: dict[type, tuple[frozenset, frozenset]] = {}
_PRESENT: dict[tuple, tuple] = {}  # (event type, keys of its __dict__) → its own (field, default) there


def lean(cls: type, **values: Any) -> Any:
    """``cls(**values)`` for a frozen record dataclass, without running its ``__init__``.

    A frozen dataclass's ``__init__`` sets every field with ``object.__setattr__`` — thirty-odd
    for an ``ItemEvent``, of which most events use three or four; building a register's events
    this way takes a sixth of the time. The object's ``__dict__`` holds the values given; a
    field not given reads its default from the class, where dataclasses keep plain defaults.
    So only for classes without ``default_factory`` fields or ``__post_init__`` (checked once
    per class); a missing required field or an unknown one raises ``TypeError`` as
    ``__init__`` would."""
    names = _LEAN.get(cls)
    if names is None:
        fs = fields(cls)
        if any(f.default_factory is not MISSING for f in fs) or hasattr(cls, "__post_init__"):
            raise TypeError(f"{cls.__name__} cannot be built lean")
        names = _LEAN[cls] = (frozenset(f.name for f in fs if f.default is MISSING), frozenset(f.name for f in fs))
    keys = values.keys()
    if not (names[0] <= keys <= names[1]):
        raise TypeError(f"{cls.__name__}: missing {sorted(names[0] - keys)}, unknown {sorted(keys - names[1])}")
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


def sparse(cls: type, **values: Any) -> Any:
    """``lean(cls, **values)`` without the values that equal their field's default (and are of
    its type): for builders that pass every field, so that an event's ``__dict__`` holds only
    what it says — a request's event with all forty fields set took 1.5 KB."""
    defaults = _DEFAULTS.get(cls)
    if defaults is None:
        defaults = _DEFAULTS[cls] = {f.name: f.default for f in fields(cls) if f.default is not MISSING}
    return lean(cls, **{k: v for k, v in values.items()
                        if not (k in defaults and type(v) is type(d := defaults[k]) and v == d)})


_DEFAULTS: dict[type, dict[str, Any]] = {}


def plain(v: Any) -> Any:
    """A typed value as JSON holds it: dates as YYYY-MM-DD, tuples as lists, pairs as a mapping."""
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, tuple):
        if v and all(isinstance(x, tuple) and len(x) == 2 for x in v):
            return {str(k): plain(x) for k, x in v}
        return [plain(x) for x in v]
    if isinstance(v, Mapping):
        return {str(k): plain(x) for k, x in v.items()}
    return v


@dataclass
class Change:
    """What a command did, for the commit message and its trailers."""

    item: str  # the record's ID ("" for a change to the register itself, e.g. the catalogue)
    action: str
    summary: str  # 中文, the commit subject
    by: str
    when: date
    step: str = ""
    result: str = ""
    role: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    body: str = ""  # the commit body; by default who did what to which record

    def trailers(self) -> dict[str, str]:
        t = {"Dwgk-Id": self.item} if self.item else {}
        t["Dwgk-Action"] = self.action
        if self.step:
            t["Dwgk-Step"] = self.step
        if self.result:
            t["Dwgk-Result"] = self.result
        if self.by:
            t["Dwgk-By"] = self.by
        if self.role:
            t["Dwgk-Role"] = self.role
        t["Dwgk-Date"] = self.when.isoformat()
        t.update(self.extra)
        return t

    def commit_body(self, title: str) -> str:
        if self.body:
            return self.body
        who = f"{self.by}（{self.role}）" if self.role else self.by
        return f"{who}于 {self.when} 办理《{title}》：{self.summary}"


@dataclass(frozen=True)
class Wait:
    """What one open record waits for, and from whom (``dwgk todo``, ``dwgk status``)."""

    subject: str  # the record's ID
    title: str
    action: str  # 中文: what is to be done next
    roles: tuple[str, ...] = ()  # the roles that may do it (their holders on the roster)
    people: tuple[str, ...] = ()  # the people the record itself names (a handler, the proposer)
    outside: str = ""  # a body outside the office that acts (保密部门 …): nobody here
    department: str = ""


Builder = Callable[[Any, Findings, str, "Profile | None"], Any]
Locator = Callable[[str, tuple], "tuple[int, int]"]
Memo = Callable[[Any, Any, Callable[[], Any]], Any]  # (record, key, compute): see cache.Session.memo


def afresh(record: Any, key: Any, compute: Callable[[], Any]) -> Any:
    """The ``Memo`` without a cache: everything derived afresh."""
    return compute()


@dataclass(frozen=True)
class Kind:
    """One kind of record file (items, requests, messages …), as everything that loops over
    the kinds sees it: where its files live, how they are built, checked and timed."""

    name: str  # its folder, and its key in ``Register.records``
    prefix: str  # the head of its IDs (GK-2026-1a2b3c)
    label: str  # what one record is called: 事项, 申请, 留言
    several: str  # "多个事项": for an ambiguous reference
    missing: str  # "事项": for a reference to nothing
    list_hint: str  # how to find its IDs: "用 dwgk list 查看事项编号。"
    codes: tuple[str, str]  # (ambiguous, not found)
    build: Builder
    deadlines: Callable[["Register", "Calendar", date], "Iterable[Deadline]"]
    check: Callable[["Register", date, Locator, Memo], "list[Diagnostic]"]
    # its deadlines not done yet, remembering with ``memo`` what depends on one file alone
    # (None: ``deadlines`` filtered — for kinds with few records)
    open_deadlines: Callable[["Register", "Calendar", date, Memo], "Iterable[Deadline]"] | None = None
    # the record as it stood at the end of a day (None: not yet made); by default its events
    # dated up to then (``until``) — a kind whose fields change with its history gives its own
    as_of: Callable[[Any, date], Any] | None = None
    # what an open record waits for and from whom (None: nothing, or this kind never waits);
    # ``memo`` as for ``check``
    waits: Callable[["Register", Any, Memo], "Wait | None"] | None = None

    def open(self, register: "Register", cal: "Calendar", today: date, memo: Memo = afresh) -> "list[Deadline]":
        """The deadlines not done yet (met or missed for good once they have a done date)."""
        if self.open_deadlines is not None:
            return list(self.open_deadlines(register, cal, today, memo))
        return [d for d in self.deadlines(register, cal, today) if d.pending]

    def until(self, record, day: date):
        return (self.as_of or until)(record, day)

    def path_for(self, record_id: str) -> str:
        return path_for(self.name, record_id)

    def new_id(self, year: int, token: str) -> str:
        return new_id(self.prefix, year, token)

    def owns(self, ref: str) -> bool:
        """Does ``ref`` look like one of this kind's IDs?"""
        return ref.startswith(self.prefix + "-")

    def resolve(self, register: "Register", ref: str):
        """The one record of this kind that ``ref`` names (its ID, or a unique head or tail)."""
        ref = ref.strip()
        if not ref:
            raise Refused(f"{self.label}编号不能为空", f"写出{self.label}编号，例如 {self.prefix}-2026-1a2b3c。"
                          + self.list_hint, "E024", exit_code=ExitCode.USAGE)
        return resolve(register.records.get(self.name, ()), ref, register.diagnostics, folder=self.name + "/",
                       what=self.label, several=self.several, missing=self.missing, codes=self.codes,
                       hint=self.list_hint)



_DATE = operator.attrgetter("date")


def until(record, day: date, rebuild: Callable[[Any, tuple], Any] | None = None):
    """``record`` as it stood at the end of ``day``: only its events dated up to then; None
    when its first event is later (it did not exist yet). ``rebuild(record, kept)`` makes the
    shortened record (by default: the same fields, the kept events)."""
    history = record.history
    if not history:
        return record
    if history[0].date > day:
        return None
    if max(map(_DATE, history)) <= day:  # most records: nothing later (C loop; histories may be out of order)
        return record
    kept = tuple(e for e in history if e.date <= day)
    return rebuild(record, kept) if rebuild is not None else replace(record, history=kept)


def path_for(folder: str, record_id: str) -> str:
    """``<folder>/<year>/<id>.yaml``: records are filed by the year their ID carries."""
    year = record_id.split("-")[1] if record_id.count("-") >= 2 else "other"
    return f"{folder}/{year}/{record_id}.yaml"


def new_id(prefix: str, year: int, token: str) -> str:
    """``<prefix>-<year>-<6 hex>``: random per record, so two clones cannot collide in practice."""
    return f"{prefix}-{year}-{token[:6]}"


def matches(records: Sequence, ref: str) -> list:
    """The record whose ID is ``ref``, else those whose ID starts or ends with it (at least
    four characters: the hex part of an ID is enough to name it)."""
    exact = [r for r in records if r.id == ref]
    if exact or len(ref) < 4:
        return exact
    return [r for r in records if r.id.endswith(ref) or r.id.startswith(ref)]


def refuse_unreadable(diagnostics: Sequence, built: Sequence, ref: str, folder: str, what: str) -> None:
    """Refuse with the file's own errors when ``ref`` names a record file that could not be read.

    Without this a clerk who broke a file by hand is told the record does not exist.
    """
    paths = {d.path for d in diagnostics if d.path.startswith(folder) and d.severity == "error"}
    # A record read under another ID (its id: no longer matches the file name) counts as unreadable.
    readable = {r.path for r in built if posixpath.splitext(posixpath.basename(r.path))[0] == r.id}
    hit = [pth for pth in paths - readable
           if (stem := posixpath.splitext(posixpath.basename(pth))[0]) == ref
           or (len(ref) >= 4 and (stem.endswith(ref) or stem.startswith(ref)))]
    if len(hit) == 1:
        raise Refused(f"{what}文件 {hit[0]} 有错误，无法读取", "先修正下列问题（dwgk check 可列出全部）。",
                      "E022", diagnostics=[d for d in diagnostics if d.path == hit[0]])


def resolve(records: Sequence, ref: str, diagnostics: Sequence, *, folder: str, what: str,
            several: str, missing: str, codes: tuple[str, str], hint: str):
    """The one record ``ref`` names (its ID, or a unique head or tail of one); otherwise refused:
    several matches (``codes[0]``), a file that names it but cannot be read (E022), none
    (``codes[1]``). ``several``/``missing`` are the Chinese words: "多件申请", "依申请公开记录"."""
    hits = matches(records, ref)
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        if len({r.id for r in hits}) == 1:  # one ID in several files, not several IDs
            raise duplicated(hits)
        raise Refused(f"“{ref}”对应{several}：" + "、".join(r.id for r in hits[:5]), "请写完整编号。", codes[0])
    refuse_unreadable(diagnostics, records, ref, folder, what)
    raise Refused(f"登记簿中没有编号为“{ref}”的{missing}", hint, codes[1])


def rebuilt(build: Builder, new_raw: dict, path: str, record_id: str, profile: "Profile | None",
            code: str) -> Any:
    """``build`` the new record as the loader would; refuse (``code``) if it has errors."""
    f = Findings(path)
    record = build(new_raw, f, record_id, profile)
    errors = f.errors()
    if record is None or errors:
        raise Refused("新记录不完整：" + "；".join(errors), "补全所缺内容后重试。", code)
    return record


def event(action: str, when: date, by: str, role: str, **kw: Any) -> dict:
    """One history entry as it is written: only the fields that say something."""
    ev: dict[str, Any] = {"action": action, "date": when.isoformat(), "by": by}
    if role:
        ev["role"] = role
    ev.update({k: v for k, v in kw.items() if v not in (None, "", [], {})})
    return ev


def append(raw: dict, ev: dict) -> dict:
    new = copy.deepcopy(raw)
    new.setdefault("history", []).append(ev)
    return new


def insert_by_date(raw: dict, ev: dict) -> dict:
    """``raw`` with ``ev`` put into its history in date order: a record entered late with its
    true date (the history stays sorted)."""
    new = copy.deepcopy(raw)
    hist = new.setdefault("history", [])
    at = len(hist)
    while at > 0 and str(hist[at - 1].get("date", "")) > ev["date"]:
        at -= 1
    hist.insert(at, ev)
    return new


def guard_not_future(when: date, today: date, code: str, what: str = "日期", option: str = "--date") -> None:
    """A record says what happened: its date cannot be after today (every kind's guard)."""
    if when > today:
        raise Refused(f"{what} {when} 晚于今天（{today}）", f"登记已经发生的事，日期不能是将来；检查 {option}。", code)
