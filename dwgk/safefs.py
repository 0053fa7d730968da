"""Opening files inside a register without trusting what the register holds.

A register reaches a clerk's machine through git, from other people: any path in it may be a
committed symlink (to ``/dev/zero``, to another folder, dangling), and a local copy may hold a
FIFO or a huge file. This module is the one place that opens register files for dwgk:

* **reads** open regular files only: never through a symlink (``O_NOFOLLOW``), never waiting
  on a FIFO (``O_NONBLOCK``), never more than ``MAX_BYTES``;
* **writes and deletes** walk from the register root one folder at a time with
  ``O_NOFOLLOW``, so a symlinked folder can never send them elsewhere; a symlink (or anything
  but a regular file) where a file is to be written or deleted is refused;
* problems are raised as :class:`Unsafe` (code, Chinese message, hint): the loader turns one
  into a finding for that file alone, the writer into a refusal before anything is written.

Codes: Y010 a symlink, Y011 not a regular file (folder, FIFO, device), Y012 too large, Y014
cannot be opened (permissions …).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import Sequence

from dwgk.diag import Diagnostic, os_reason

# Far above any real record (a long document's text is a few hundred KB) and far below what
# would take a parse more than a moment or the memory of a small office PC.
MAX_BYTES = 8 * 1024 * 1024

_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_DIR = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class Unsafe(Exception):
    """A path dwgk will not read or write: ``message`` says what it is (without the path)."""

    def __init__(self, code: str, message: str, hint: str, rel: str = ""):
        super().__init__(message)
        self.code, self.message, self.hint, self.rel = code, message, hint, rel

    def diagnostic(self, rel: str | None = None, severity: str = "error") -> Diagnostic:
        return Diagnostic(rel if rel is not None else self.rel, 1, 1, self.code, self.message, self.hint, severity)


class Missing(Unsafe):
    """The file, or a folder on the way, does not exist (no problem for a caller that may
    find nothing)."""

    def __init__(self, rel: str):
        super().__init__("Y014", "文件或目录不存在", "", rel)


def symlink_problem(rel: str) -> Unsafe:
    return Unsafe("Y010", "这是一个符号链接：登记簿文件须是普通文件，dwgk 不会跟随符号链接读写",
                  "删除该链接（git rm），把真正的内容作为普通文件放进登记簿后提交。", rel)


def _kind_problem(rel: str, mode: int) -> Unsafe:
    what = ("一个目录" if stat.S_ISDIR(mode) else "一个命名管道（FIFO）" if stat.S_ISFIFO(mode)
            else "一个设备文件" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "一个套接字" if stat.S_ISSOCK(mode) else "一个特殊文件")
    return Unsafe("Y011", f"这是{what}，不是普通文件，dwgk 不读取", "删除或移走它，该位置只能放普通文件。", rel)


def too_large(rel: str, size: int | None = None) -> Unsafe:
    mb = MAX_BYTES // (1024 * 1024)
    had = f"（{size // (1024 * 1024)} MB）" if size else ""
    return Unsafe("Y012", f"文件过大{had}：登记簿文件不能超过 {mb} MB",
                  "检查是否误把其他文件放进了登记簿；正文很长的，放到附件中。", rel)


def _os_problem(rel: str, e: OSError) -> Unsafe:
    if e.errno == errno.ENOENT:
        return Missing(rel)
    if e.errno == errno.ELOOP:
        return symlink_problem(rel)
    if e.errno == errno.ENOTDIR:
        return Unsafe("Y011", "路径中有一段不是目录（或是指向别处的符号链接）", "检查该路径上的各级目录。", rel)
    return Unsafe("Y014", f"无法读取：{os_reason(e)}", "检查文件的权限（ls -l），修正后重试。", rel)


def read_fd(fd: int, rel: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of an open file, refused unless it is a regular file of at most ``limit``."""
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        raise _kind_problem(rel, st.st_mode)
    if st.st_size > limit:
        raise too_large(rel, st.st_size)
    chunks, total = [], 0
    while True:
        chunk = os.read(fd, min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:  # grew while we read
            raise too_large(rel)
    return b"".join(chunks)


def open_regular(path: str | Path, rel: str = "") -> int:
    """A regular file opened for reading (its descriptor, for :func:`read_fd` later; the
    caller closes it), never through a symlink in its last component, as :func:`read_bytes`."""
    rel = rel or str(path)
    try:
        fd = os.open(path, _READ)
    except OSError as e:
        raise _os_problem(rel, e) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise _kind_problem(rel, mode)
    return fd


def read_bytes(path: str | Path, rel: str = "", limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes; the last component of ``path`` is never followed if it is a
    symlink. Callers make sure the folders above it are real (:func:`real_dir`, or the
    loader's walk, which never enters a symlinked folder)."""
    rel = rel or str(path)
    try:
        fd = os.open(path, _READ)
    except OSError as e:
        raise _os_problem(rel, e) from None
    try:
        return read_fd(fd, rel, limit)
    finally:
        os.close(fd)


def read_text(path: str | Path, rel: str = "", limit: int = MAX_BYTES) -> str:
    """:func:`read_bytes` decoded as UTF-8 (``UnicodeDecodeError`` is the caller's to report)."""
    return read_bytes(path, rel, limit).decode("utf-8")


def read_in(root: str | Path, rel: str, limit: int = MAX_BYTES) -> str:
    """The text of ``rel`` inside the register, refused if any part of the path is a symlink."""
    return read_bytes_in(root, rel, limit).decode("utf-8")


def read_bytes_in(root: str | Path, rel: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of ``rel`` inside the register (an attachment), as :func:`read_in`."""
    folder, _, name = rel.rpartition("/")
    fd = open_dir(root, folder)
    try:
        try:
            f = os.open(name, _READ, dir_fd=fd)
        except OSError as e:
            raise _os_problem(rel, e) from None
        try:
            return read_fd(f, rel, limit)
        finally:
            os.close(f)
    finally:
        os.close(fd)


def is_regular(root: str | Path, rel: str) -> bool:
    """Is ``rel`` a regular file reached without any symlink (no exceptions)?"""
    try:
        fd = open_dir(root, rel.rpartition("/")[0])
    except Unsafe:  # Missing too
        return False
    try:
        return stat.S_ISREG(os.stat(rel.rpartition("/")[2], dir_fd=fd, follow_symlinks=False).st_mode)
    except OSError:
        return False
    finally:
        os.close(fd)


def lexists(root: str | Path, rel: str) -> bool:
    return os.path.lexists(os.path.join(root, rel))


# ---------------------------------------------------------------- folders

def open_dir(root: str | Path, rel: str, create: bool = False) -> int:
    """A descriptor of the folder ``rel`` under ``root``, reached without following any
    symlink (``create``: make missing folders). The caller closes it. Raises Unsafe."""
    fd = os.open(root, _DIR & ~getattr(os, "O_NOFOLLOW", 0))  # the root itself is the user's choice
    done = []
    try:
        for part in [p for p in rel.split("/") if p and p != "."]:
            done.append(part)
            here = "/".join(done)
            if part == "..":
                raise Unsafe("Y011", "路径中不能有“..”", "", here)
            try:
                nxt = os.open(part, _DIR, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise Missing(here) from None
                try:
                    os.mkdir(part, 0o777, dir_fd=fd)
                except FileExistsError:
                    pass
                except OSError as e:
                    raise Unsafe("Y014", f"无法创建目录：{os_reason(e)}", "检查目录的写权限。", here) from None
                try:
                    nxt = os.open(part, _DIR, dir_fd=fd)
                except OSError as e:
                    raise _dir_problem(here, fd, part, e) from None
            except OSError as e:
                raise _dir_problem(here, fd, part, e) from None
            os.close(fd)
            fd = nxt
        return fd
    except BaseException:
        os.close(fd)
        raise


def _dir_problem(here: str, fd: int, part: str, e: OSError) -> Unsafe:
    try:
        mode = os.stat(part, dir_fd=fd, follow_symlinks=False).st_mode
    except OSError:
        return _os_problem(here, e)
    if stat.S_ISLNK(mode):
        return Unsafe("Y010", "这是一个符号链接：登记簿中的目录须是真实目录，dwgk 不会跟随符号链接读写",
                      "删除该链接（git rm），改用真实目录后提交。", here)
    if not stat.S_ISDIR(mode):
        return Unsafe("Y011", "这里应是目录，却是一个文件", "删除或改名该文件。", here)
    return _os_problem(here, e)


def real_dir(root: str | Path, rel: str) -> Unsafe | None:
    """The problem with folder ``rel`` (a symlink on the way, not a folder), or None: a
    missing folder is no problem."""
    try:
        os.close(open_dir(root, rel))
    except Missing:
        return None
    except Unsafe as u:
        return u
    return None


# ---------------------------------------------------------------- writing

def check_target(root: str | Path, rel: str) -> str | None:
    """Before writing ``rel``: refuse (Unsafe) a symlinked folder on the way or anything but a
    regular file at the place; return the file's current text, or None if there is none."""
    folder, _, name = rel.rpartition("/")
    try:
        fd = open_dir(root, folder)
    except Missing:
        return None
    try:
        try:
            st = os.stat(name, dir_fd=fd, follow_symlinks=False)
        except FileNotFoundError:
            return None
        except OSError as e:
            raise _os_problem(rel, e) from None
        if stat.S_ISLNK(st.st_mode):
            raise symlink_problem(rel)
        try:
            f = os.open(name, _READ, dir_fd=fd)
        except OSError as e:
            raise _os_problem(rel, e) from None
        try:
            return read_fd(f, rel).decode("utf-8", "surrogateescape")
        finally:
            os.close(f)
    finally:
        os.close(fd)


def write_atomic(root: str | Path, rel: str, data: bytes | Sequence[bytes | memoryview],
                 mode: int | None = None, sync: bool = True) -> None:
    """Write ``rel`` under ``root`` (``data``: bytes, or a sequence of parts): a temp file in
    the same real folder, fsynced (unless ``sync`` is false: a cache), renamed over the old
    one (a rename replaces a symlink itself, never its target; ``check_target`` refuses one
    beforehand). Missing folders are created, a symlinked one is refused (Unsafe)."""
    folder, _, name = rel.rpartition("/")
    fd = open_dir(root, folder, create=True)
    try:
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        # os.urandom, as secrets.token_hex does: importing secrets (random, hashlib) is 8 ms of every start
        tmp = f".{name}.{os.urandom(4).hex()}{TEMP_SUFFIX}"
        f = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                    | getattr(os, "O_CLOEXEC", 0), mode, dir_fd=fd)
        try:
            try:
                os.fchmod(f, mode)  # mkstemp-like creation ignores nothing: set the mode we mean
                for part in ((data,) if isinstance(data, (bytes, bytearray, memoryview)) else data):
                    view = memoryview(part).cast("B")
                    while view:
                        view = view[os.write(f, view):]
                if sync:
                    os.fsync(f)
            finally:
                os.close(f)
            os.replace(tmp, name, src_dir_fd=fd, dst_dir_fd=fd)
        except BaseException:
            try:
                os.unlink(tmp, dir_fd=fd)
            except OSError:
                pass
            raise
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


TEMP_SUFFIX = ".tmp"


def remove_temps(root: str | Path, rel: str) -> list[str]:
    """Delete the temp files a killed :func:`write_atomic` of ``rel`` left beside it (only
    names it makes: ``.<name>.<8 hex>.tmp``, regular files); their paths."""
    folder, _, name = rel.rpartition("/")
    pattern = re.compile(r"^\." + re.escape(name) + r"\.[0-9a-f]{8}" + re.escape(TEMP_SUFFIX) + "$")
    gone = []
    for here, problem in files_in(root, folder or "."):
        leaf = here.rpartition("/")[2]
        if problem is None and pattern.match(leaf):
            remove(root, f"{folder}/{leaf}" if folder else leaf)
            gone.append(here)
    return gone


def create_new(root: str | Path, rel: str, data: bytes) -> bool:
    """Create ``rel`` only if nothing (not even a dangling symlink) is there; True if created."""
    folder, _, name = rel.rpartition("/")
    fd = open_dir(root, folder, create=True)
    try:
        try:
            f = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666, dir_fd=fd)
        except FileExistsError:
            return False
        try:
            os.write(f, data)
        finally:
            os.close(f)
        return True
    finally:
        os.close(fd)


def remove(root: str | Path, rel: str) -> None:
    """Delete the regular file ``rel`` (missing is fine); a symlink on the way or at the place,
    or a folder, is refused — unlink never follows a symlink, but a symlink is not dwgk's to
    delete either."""
    folder, _, name = rel.rpartition("/")
    try:
        fd = open_dir(root, folder)
    except Missing:
        return
    try:
        try:
            st = os.stat(name, dir_fd=fd, follow_symlinks=False)
        except FileNotFoundError:
            return
        if stat.S_ISLNK(st.st_mode):
            raise symlink_problem(rel)
        if not stat.S_ISREG(st.st_mode):
            raise _kind_problem(rel, st.st_mode)
        os.unlink(name, dir_fd=fd)
    finally:
        os.close(fd)


# ---------------------------------------------------------------- listing

def walk(root: str | Path, folder: str):
    """(rel, problem) for every entry below ``folder`` that is not a folder, top-down, sorted
    as ``os.walk`` with sorted names gives them. ``problem`` is None for a regular file, an
    Unsafe for a symlink (to a file or a folder: never followed) or a FIFO, device or socket.
    A symlinked ``folder`` itself is one problem; a missing one yields nothing."""
    base = os.path.join(root, folder)
    try:
        st = os.lstat(base)
    except OSError:
        return
    if stat.S_ISLNK(st.st_mode):
        yield folder, _folder_link(folder)
        return
    if not stat.S_ISDIR(st.st_mode):
        return
    yield from _walk(base, folder)


def _folder_link(rel: str) -> Unsafe:
    return Unsafe("Y010", "这是一个指向别处的符号链接：登记簿中的目录须是真实目录，dwgk 不读取其中的文件",
                  "删除该链接（git rm），改用真实目录后提交。", rel)


def _walk(path: str, rel: str):
    try:
        with os.scandir(path) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        yield rel, _os_problem(rel, e)
        return
    dirs = []
    for entry in entries:
        here = f"{rel}/{entry.name}"
        try:
            if entry.is_symlink():
                yield here, (_folder_link(here) if entry.is_dir() else symlink_problem(here))
            elif entry.is_dir(follow_symlinks=False):
                dirs.append((entry.path, here))
            elif entry.is_file(follow_symlinks=False):
                yield here, None
            else:
                yield here, _kind_problem(here, entry.stat(follow_symlinks=False).st_mode)
        except OSError as e:
            yield here, _os_problem(here, e)
    for path, here in dirs:
        yield from _walk(path, here)


def files_in(root: str | Path, folder: str) -> list[tuple[str, Unsafe | None]]:
    """(rel, problem) for each entry directly in ``folder``, sorted; a sub-folder is a problem
    (Y011) here, since the caller expects files. A symlinked ``folder`` is one problem."""
    problem = real_dir(root, folder)
    if problem is not None:
        return [(folder, problem)]
    try:
        with os.scandir(os.path.join(root, folder)) as it:
            entries = sorted(it, key=lambda e: e.name)
    except FileNotFoundError:
        return []
    except OSError as e:
        return [(folder, _os_problem(folder, e))]
    out: list[tuple[str, Unsafe | None]] = []
    for entry in entries:
        here = f"{folder}/{entry.name}"
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as e:
            out.append((here, _os_problem(here, e)))
            continue
        out.append((here, None if stat.S_ISREG(mode) else
                    symlink_problem(here) if stat.S_ISLNK(mode) else _kind_problem(here, mode)))
    return out
