"""The git merge driver for register record files: ``python -m dwgk.cli.merge_driver %O %A %B %P``.

git calls it (``.gitattributes``: ``merge=dwgk``; ``git config merge.dwgk.driver``, set by
``dwgk init``, ``dwgk remote add`` and ``dwgk sync``) when both sides changed one record
file. It writes the merged file over ``%A`` and exits 0, or leaves ``%A`` exactly as it was
(this clone's version, never a half-merged file) and exits 1 with the reason on stderr and,
with ``--report FILE`` (``dwgk sync`` runs git with that in the driver's command), as one JSON
line appended to FILE.

Kept free of typer and the rest of the cli: git may call it for many files in one merge.
"""

from __future__ import annotations

import json
import os
import sys

MAX_BYTES = 4 << 20  # a record file is a few KB; refuse to parse anything absurd


def _read(path: str):
    from dwgk.yamlread import parse
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError:
        return None, False
    if len(raw) > MAX_BYTES:
        return None, False
    if not raw.strip():
        return None, True  # an empty ancestor: the file was added on both sides
    try:
        data, diags = parse(raw.decode("utf-8"), path)
    except UnicodeDecodeError:
        return None, False
    return (None, False) if diags else (data, True)


def merge_files(base: str, ours: str, theirs: str, path: str):
    """(merged text or None, Conflict or None)."""
    from dwgk import merge, serials
    from dwgk.yamlread import dump
    b, _ = _read(base)
    o, ok_o = _read(ours)
    t, ok_t = _read(theirs)
    rid = path.rsplit("/", 1)[-1].removesuffix(".yaml")
    if not (ok_o and ok_t):
        side = "本副本" if not ok_o else "共享登记簿"
        return None, merge.Conflict(path, rid, f"{side}中的文件无法读取（YAML 有错误），无法自动合并")
    if path == serials.SERIALS:
        result = serials.merge(b, o, t)
        if isinstance(result, str):
            return None, merge.Conflict(path, "索引号流水号段", result)
        return serials.dump_blocks(serials.blocks_of(result)[0]), None
    result = merge.merge(path, b, o, t)
    if isinstance(result, merge.Conflict):
        return None, result
    return dump(result), None


def _write_atomic(path: str, text: str) -> None:
    tmp = f"{path}.dwgk-merge.{os.getpid()}"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def main(argv: list[str]) -> int:
    report = ""
    if len(argv) == 6 and argv[0] == "--report":
        report, argv = argv[1], argv[2:]
    if len(argv) != 4:
        sys.stderr.write("用法：python -m dwgk.cli.merge_driver [--report 文件] 祖先文件 本方文件 对方文件 路径\n")
        return 2
    base, ours, theirs, path = argv
    try:
        text, conflict = merge_files(base, ours, theirs, path)
    except Exception as e:  # never a half-merged file, whatever went wrong
        from dwgk.merge import Conflict
        text, conflict = None, Conflict(path, path, f"合并程序出错（{type(e).__name__}），未自动合并")
    if conflict is not None:
        sys.stderr.write(f"dwgk: {path}：{conflict.what}\n")
        if conflict.ours or conflict.theirs:
            sys.stderr.write(f"  本副本：{conflict.ours}\n  共享登记簿：{conflict.theirs}\n")
        if report:
            with open(report, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(conflict.to_json(), ensure_ascii=False) + "\n")
        return 1
    try:
        _write_atomic(ours, text)
    except OSError as e:
        sys.stderr.write(f"dwgk: {path}：无法写入合并结果（{e.strerror}）\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
