"""Writing a document to the file ``-o`` names: never over a register file, only a regular file.

``-o dwgk.yaml`` (or any file git tracks in the register, or anything inside its record, report
and template folders, .git or .dwgk) would silently replace the register's own data: refused
(T052). A special file (a device, a FIFO) or a folder is named as what it is (T053) rather than
failing on a temp file beside it — or, run as root, replacing /dev/null with a regular file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterable

from dwgk.diag import Refused, os_reason

# Top-level names of the register that are dwgk's own (besides every file git tracks).
OWN = {"dwgk.yaml", "catalogue.yaml", "holidays.yaml", ".gitignore", "items", "requests", "messages",
       "reports", "templates", "attachments", ".git", ".dwgk"}


def target(cwd: Path, root: Path | None, output: Path) -> Path:
    """The path to write, refused (before anything is rendered) if it is not a place for a document."""
    path = output if output.is_absolute() else cwd / output
    real = Path(os.path.realpath(path))  # through any symlink: a link to dwgk.yaml is dwgk.yaml
    if root is not None:
        reg = Path(os.path.realpath(root))
        try:
            rel = real.relative_to(reg).as_posix()
        except ValueError:
            rel = None
        if rel is not None and (rel.split("/")[0] in OWN or _tracked(reg, rel)):
            raise Refused(f"-o {output} 是登记簿自己的文件（{rel}），不能用文书覆盖它",
                          "换一个文件名，或写到登记簿以外的目录，例如 -o ../公开目录.docx。", "T052")
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as e:
        raise Refused(f"无法写入文件 {output}：{os_reason(e)}", "检查路径和写入权限。", "T040") from None
    if mode is not None and not stat.S_ISREG(mode):
        what = ("一个目录" if stat.S_ISDIR(mode) else "一个命名管道（FIFO）" if stat.S_ISFIFO(mode)
                else "一个设备文件" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "一个特殊文件")
        raise Refused(f"-o {output} 是{what}，不是普通文件，dwgk 只把文书写进普通文件",
                      "给出一个文件名（如 -o 公开目录.docx）；要把 html、md 送进管道或丢弃，不加 -o，用重定向（> 文件）。",
                      "T053")
    if not real.parent.is_dir():
        raise Refused(f"无法写入文件 {output}：目录 {real.parent} 不存在", "先建好该目录，或换一个输出路径。", "T040")
    return real


def _tracked(root: Path, rel: str) -> bool:
    import subprocess
    try:
        r = subprocess.run(["git", "-C", str(root), "ls-files", "--error-unmatch", "--", rel],
                           capture_output=True, text=True)
    except OSError:
        return False
    return r.returncode == 0


def put(path: Path, data: bytes | Iterable[bytes]) -> None:
    """``path`` written with ``data``, or with its pieces in turn (a file too big to hold)."""
    with open(path, "wb") as f:
        if isinstance(data, bytes):
            f.write(data)
        else:
            f.writelines(data)


def write(path: Path, shown: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (or its pieces, in turn) to ``path`` (from :func:`target`): a temp file
    beside it, then a rename."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        put(tmp, data)
        tmp.replace(path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise Refused(f"无法写入文件 {shown}：{os_reason(e)}", "检查路径和写入权限。", "T040") from None
