"""Reading a file a clerk names on the command line (``--content-file``, a holiday notice).

The clerk's own path, so a symlink is followed; but only a regular file is read, never more
than ``safefs.MAX_BYTES``: ``--content-file /dev/zero`` used to run out of memory and a FIFO
with no writer to hang. A UTF-8 byte-order mark (Windows Notepad writes one) is not content.
"""

from __future__ import annotations

import os
from pathlib import Path

from dwgk import safefs
from dwgk.diag import ExitCode, Refused, os_reason


def read_bytes(path: Path | str, code: str, exit_code: ExitCode = ExitCode.USAGE) -> bytes:
    shown = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise Refused(f"无法读取文件 {shown}：{os_reason(e)}", "检查路径。", code, exit_code=exit_code) from None
    try:
        return safefs.read_fd(fd, shown)
    except safefs.Unsafe as u:
        hint = ("把内容存成一个普通的文本文件再指定它。" if u.code != "Y012" else u.hint)
        raise Refused(f"无法读取文件 {shown}：{u.message}", hint, code, exit_code=exit_code) from None
    except OSError as e:
        raise Refused(f"无法读取文件 {shown}：{os_reason(e)}", "检查路径。", code, exit_code=exit_code) from None
    finally:
        os.close(fd)


def read_text(path: Path | str, code: str, exit_code: ExitCode = ExitCode.USAGE) -> str:
    """UTF-8 text without a byte-order mark; Refused (``code``) if it is not UTF-8."""
    try:
        return read_bytes(path, code, exit_code).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(f"无法读取文件 {path}：不是 UTF-8 编码的文本", "用文本编辑器另存为 UTF-8 后重试。",
                      code, exit_code=exit_code) from None
