"""The one write path: lock the register, compute the change with a pure action, write the
files atomically and make one git commit (``dwgk.writer``).

Every mutating command goes through :func:`apply` with a *plan*: a function that, under the
lock, reads what it needs and returns the files to write and the ``Change`` to commit (or
refuses, before anything is written). :func:`on_record` and :func:`on_records` build the plan
for the commands that append to records of a kind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from dwgk.cli.context import Ctx, err, out
from dwgk.diag import Refused
from dwgk.guards import refuse_duplicated
from dwgk.model import Register
from dwgk.records import Change, Kind
from dwgk.safefs import read_in
from dwgk.writer import Transaction
from dwgk.yamlread import dump, parse

Plan = Callable[[Path], "tuple[dict[str, str | bytes | None], Change] | None"]
Compute = Callable[[Register, object, "dict | None"], "tuple[dict, Change]"]


def apply(c: Ctx, no_commit: bool, plan: Plan, root: Path | None = None) -> Change | None:
    """Run ``plan`` under the register's lock, write what it returns and commit it once.
    None: the plan found nothing to write."""
    root = root or c.find_root()
    with Transaction(root, commit=not no_commit) as tx:
        planned = plan(root)
        if planned is None:
            return None
        files, change = planned
        for rel, text in files.items():  # bytes: an attachment; None: a file deleted
            tx.write_bytes(rel, text) if isinstance(text, bytes) else tx.write(rel, text)
        tx.commit(change.summary, change.body, change.trailers(), author_name=change.by)
    for w in tx.warnings:
        err(f"警告: {w}")
    return change


def editable(root: Path, reg: Register, kind: Kind, record) -> dict:
    """The record's file as a mapping to change; refused if the file has errors (a command
    must not build on a file ``check`` rejects)."""
    refuse_duplicated(reg, record)  # two files with this ID: which one the decision belongs to is unknown
    bad = [d for d in reg.diagnostics if d.path == record.path and d.severity == "error"]
    data, diags = parse(read_in(root, record.path), record.path)  # a regular file, not through a symlink
    if bad or diags or not isinstance(data, dict):
        raise Refused(f"{kind.label}文件 {record.path} 有错误，不能修改", "先修正下列问题（dwgk check 可列出全部）。",
                      "E022", diagnostics=bad or diags)
    return data


def _record_plan(root: Path, reg: Register, kind: Kind, record, compute: Compute) -> tuple[str, dict, Change, dict]:
    raw = editable(root, reg, kind, record) if record is not None else None
    new_raw, change, *files = compute(reg, record, raw)
    change.body = change.commit_body(new_raw.get("title") or (record.id if record is not None else change.item))
    return (record.path if record is not None else kind.path_for(change.item)), new_raw, change, \
        (files[0] if files else {})


def on_record(c: Ctx, kind: Kind, ref: str | None, compute: Compute, no_commit: bool) -> Change:
    """Change one record of ``kind`` (``ref`` names it), or create one (``ref`` None):
    ``compute(reg, record, raw)`` is the kind's pure action. It may return, after the new
    mapping and the change, other files to write with it (``None``: delete), e.g. attachments."""
    def plan(root: Path):
        reg = c.read(root)  # through the cache: every file's stamp checked as it is read
        record = kind.resolve(reg, ref) if ref is not None else None
        path, new_raw, change, files = _record_plan(root, reg, kind, record, compute)
        return {path: dump(new_raw), **files}, change
    change = apply(c, no_commit, plan)
    assert change is not None
    return change


def on_records(c: Ctx, kind: Kind, refs: Sequence[str], select: Callable[[Register], list] | None,
               compute: Compute, no_commit: bool, subject: Callable[[int], str], extra: dict[str, str]) -> list[Change]:
    """The same record on every chosen record, in one commit. ``select(reg)`` gives the
    records when no ID is named (a batch: finding none is not an error, so a monthly cron job
    may run it). Nothing is written unless every record can take its change."""
    changes: list[Change] = []

    def plan(root: Path):
        reg = c.read(root)  # through the cache: every file's stamp checked as it is read
        records = [kind.resolve(reg, r) for r in refs] if refs else select(reg)
        files: dict[str, str] = {}
        titled: list[tuple[Change, str]] = []
        for record in records:
            if record.path in files:
                continue
            path, new_raw, change, _ = _record_plan(root, reg, kind, record, compute)
            files[path] = dump(new_raw)
            titled.append((change, new_raw.get("title") or record.id))
        changes.extend(ch for ch, _ in titled)
        if not titled:
            return None
        if len(titled) == 1:
            return files, titled[0][0]
        first = titled[0][0]
        body = "\n".join(f"{ch.item}《{title}》" for ch, title in titled)
        extra_ = {"Dwgk-Ids": ", ".join(ch.item for ch, _ in titled), **extra}
        return files, Change("", first.action, subject(len(titled)), first.by, first.when, role=first.role,
                             extra=extra_, body=body)

    if apply(c, no_commit, plan) is None:
        out("没有需要登记的事项。")
    return changes
