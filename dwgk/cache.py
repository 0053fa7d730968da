"""The parsed-register cache under ``<root>/.dwgk/cache``.

Reading a register means parsing every YAML file; for a register of ten years that is
most of the time any command takes. The cache keeps, for each record file (items,
requests, messages), the record built from it and the findings the loader made, and
hands them back as long as the file is provably the same one:

* **Key.** A file's entry is used only if its path, size, mtime_ns, ctime_ns and inode
  are all unchanged. An edit, an addition, a removal or a rename always changes one of
  them: an in-place edit that keeps the size and puts the old mtime back still changes
  ctime, which only the kernel sets. A file whose ctime is less than ``RACY_NS`` old
  when it is read is used but not stored (the "racily clean" case: a second edit within
  the same timestamp tick would otherwise look unchanged).
* **Code.** Entries hold objects built by dwgk's own code, so the cache also records the
  size and mtime of every module of the package, the Python version and ``VERSION``; any
  change discards it all. A record is also built with the profile's review steps (they
  normalise results), so a shard stores their fingerprint and is discarded when they change.
* **Derived values.** A command may remember, with a file's entry, a value it derived from
  that record alone (``Session.memo``: ``dwgk check``'s replay of an item's history, the
  deadlines of an item still open), under a key naming whatever else the value depends on
  (the profile). It lives and dies with the entry, and is used only for the very record the
  entry gave (not, say, the item as of an earlier ``--today``).
* **Never trusted.** The file starts with a magic line and a keyed BLAKE2b checksum of
  the rest; the key is a random secret in the user's own cache folder
  (``~/.cache/dwgk/cache-key``, mode 0600), so a cache written by anyone else — or a
  damaged one — fails the check and is rebuilt. The payload is unpickled with a loader
  that only accepts dwgk's record classes, dates and ``str`` (long texts are stored as
  UTF-8). A record is stored as its class and its non-default fields and rebuilt without
  ``__init__`` (``_dispatch_table``): three times faster to read than calling a frozen
  dataclass's ``__init__``, and smaller in memory.
* **Long texts apart.** The contents of items, requests and messages (``records.LongText``
  fields: two thirds of a register's bytes) are written to a text file beside their shard,
  whose checksum the shard records; a record read back holds a ``records.Deferred`` for
  each, and the text file — opened when the shard is read, so a later rewrite cannot swap
  it — is read one text at a time, every time a text is asked for (no record keeps it), each
  text checked every time against its own checksum, which follows it in the file. Commands
  that show no item contents (``status``, ``overdue``, ``list``) never read them. A text
  file of another size than the shard recorded makes the shard unusable (rebuilt); one
  whose text fails its checksum is removed and the command stops (Y017): the next one
  rebuilds it. On a cold start each text parsed
  goes at once to a file without a name in the cache folder (``_Spill``), so no command
  holds a register's contents; a shard's text file is written from there (its checksum
  worked out while the entries are pickled, a batch of ``BATCH`` entries per pickle).
* **Cold starts.** When many files are not in the cache, a forked child parses the second
  half of them while this process parses the first (``dwgk.forkread``); its results come
  back pickled as the cache stores them, a batch at a time through a file without a name,
  each used only if the file's stamp is still the one the child saw before parsing and the
  file had settled (``RACY_NS``) before the child started.
* **Shards.** One cache file per folder of record files (``items/2025`` …), so after a
  command changes one item only that year's file is written again.
* **Concurrency.** Writers write a private temp file and ``os.replace`` it into place, so
  a reader sees the old shard or the new one, never half of one; two processes at once
  at worst both rebuild. Each user has a folder of their own (``.dwgk/cache/u<uid>``).
* **Outside version control.** ``.dwgk/.gitignore`` says ``*``, so the folder is ignored
  even in registers whose own .gitignore does not mention it.
* **Never outside its folder.** A register is shared, so ``.dwgk``, ``.dwgk/cache`` or
  ``u<uid>`` may arrive as committed symlinks: the cache lives only in real folders (made by
  dwgk when missing, owned by the user), otherwise it is not used and the symlink is
  reported (Y015). Files there are opened without following symlinks, ``.gitignore`` is
  created only where nothing is, and a stale shard is deleted only if it is dwgk's own (its
  checksum verifies with the user's key).

Anything unexpected (unreadable key, read-only register, corrupt file) quietly falls back
to reading the files: the cache can make dwgk faster, never different. Config, profile,
catalogue and holidays are small and always read afresh by the loader.
"""

from __future__ import annotations

import copyreg
import dataclasses
import enum
import hashlib
import hmac
import importlib
import io
import operator
import os
import pickle
import re
import struct
import sys
import tempfile
import time
from itertools import compress
from pathlib import Path
from time import perf_counter
from typing import Any, Callable

from dwgk import forkread, loader, phases, safefs
from dwgk.diag import CannotRun, Diagnostic
from dwgk.model import Register
from dwgk.records import Deferred, Event, LongText
from dwgk.userdirs import cache_home

VERSION = 4  # long texts in a file of their own
MAGIC = b"dwgk-cache-4\n"
MAC_BYTES = 32
TAG_BYTES = 16  # each text's own checksum in its text file
CACHE_DIR = os.path.join(".dwgk", "cache")
BATCH = 500  # entries per pickle of a shard
RACY_NS = 3_000_000_000  # coarser than any filesystem's timestamps (FAT: 2 s)
KEY_BYTES = 32

Stamp = bytes  # size, mtime_ns, ctime_ns, inode: 32 bytes, a third of a tuple of four ints


def cache_dir(root: Path) -> Path:
    return Path(root) / cache_rel()


def cache_rel() -> str:
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return f".dwgk/cache/u{uid}"


def cache_problem(root: Path) -> Diagnostic | None:
    """Why the cache folder may not be used (a symlink, a file, someone else's folder) as a
    finding, or None. Making it is left to the first write."""
    rel = cache_rel()
    problem = safefs.real_dir(root, rel)
    if problem is None:
        try:
            st = os.lstat(os.path.join(root, rel))
        except OSError:
            return None
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            problem = safefs.Unsafe("Y015", "", "", rel)
    if problem is None:
        return None
    return Diagnostic(problem.rel, 1, 1, "Y015", "解析缓存的目录不是 dwgk 自己建立的真实目录"
                      + ("（是符号链接）" if problem.code == "Y010" else "") + "，本次不使用缓存",
                      f"删除 {problem.rel}（它不应纳入 git；dwgk 下次运行时会重建缓存目录）。", "warning")


def default_key_file(env: dict[str, str]) -> Path | None:
    """Where the user's cache key lives: $XDG_CACHE_HOME/dwgk or ~/.cache/dwgk."""
    home = cache_home(env)
    return Path(home) / "cache-key" if home else None


def load_cached(root: Path, key_file: Path | None = None) -> Register:
    """The register at ``root``, as ``loader.load`` reads it, reusing unchanged files.

    ``key_file`` holds the secret the cache is signed with (created on first use);
    without one, or if it cannot be used, this is plain ``loader.load``.
    """
    reg, session = open_cached(root, key_file)
    session.save()
    return reg


def open_cached(root: Path, key_file: Path | None = None,
                wrap: Callable[[loader.Reader], loader.Reader] | None = None,
                derive: Callable[[Any], dict] | None = None) -> tuple[Register, "Session"]:
    """Like ``load_cached``, but the cache is written only by ``Session.save()``, so that
    values a command derives (``Session.memo``) are stored in the same write. ``wrap`` wraps
    the per-file reader (the cli counts files read for its progress bar). ``derive(profile)``
    names the memos the command will ask for, as {kind: [(key, compute(record))]}: a child
    process reading files on a cold start works them out for its share too."""
    root = Path(root)
    wrap = wrap or (lambda read: read)
    key = _key(key_file) if key_file is not None else None
    plain = wrap(lambda kind, rel, profile: loader.read_record(root, kind, rel, profile))
    if key is None:
        return loader.load(root, read=plain), Session(None)
    problem = cache_problem(root)
    if problem is not None:
        reg = loader.load(root, read=plain)
        return dataclasses.replace(reg, diagnostics=reg.diagnostics + (problem,)), Session(None)
    session = Session(_Shards(root, key))
    try:
        return loader.load(root, read=wrap(session.read(root)), ahead=session.ahead(root, derive)), session
    finally:
        session.close()


class Session:
    """One command's use of the cache: the entries it read, and what it derived from them.

    ``memo(record, key, compute)`` returns ``compute()``, remembered with the entry of the
    file ``record`` was read from: it is reused only while that file is provably unchanged
    (the entry's stamp), for the record this session read from it (the object itself), and
    for the same ``key`` — a tuple: the value's name, then everything else it depends on (e.g.
    a fingerprint of the profile); a new key of the same name replaces the old one. Values
    must be built from dwgk's record classes.
    """

    def __init__(self, shards: "_Shards | None"):
        self.shards = shards
        self._memos: dict[str, tuple[Stamp, Any, tuple, tuple]] = {}  # rel → its entry, if storable
        self._keys: dict = {}  # memo keys, each one object
        self._share: forkread.Share | None = None  # files another process is reading
        self._derive: dict = {}  # kind → [(memo key, compute)], while another process reads too
        self._forked = 0  # when the other process started (ns)
        self._spill = _Spill(shards) if shards is not None else None  # texts of the records parsed

    def ahead(self, root: Path, derive: Callable[[Any], dict] | None = None):
        """Before the files are read: when many are not in the cache (a cold start), a child
        process parses the second half of those while this one parses the first, and works
        out the memos ``derive`` names for them."""
        shards = self.shards

        def ahead(files: list[tuple[str, str]], profile) -> None:
            if shards.context is None:
                shards.context = _profile_stamp(profile)
            missing = [(kind, rel) for kind, rel in files if rel not in shards.get(rel.rpartition("/")[0]).old]
            if len(missing) < 2 * forkread.MIN_SHARE:
                return

            self._derive = derive(profile) if derive is not None else {}

            def work(job: tuple[str, str]):
                kind, rel = job
                st = os.stat(os.path.join(root, rel))  # before the parse, as read() does
                rec, diags = loader.read_record(root, kind, rel, profile)
                return _stamp(st), rec, diags, self._derived(kind, rec)
            self._forked = _now_ns()
            self._share = forkread.Share(missing, work, _dumps, _load, spool=shards.unnamed)
        return ahead

    def _derived(self, kind: str, rec: Any) -> tuple:
        """The memos ``derive`` names for a record just read (its findings, …), worked out while
        the other process is busy too, rather than after the whole register is in."""
        if rec is None:
            return ()
        return tuple(x for key, compute in self._derive.get(kind, ()) for x in (key, compute(rec)))

    def close(self) -> None:
        if self._share is not None:
            self._share.close()
            self._share = None

    def read(self, root: Path):
        shards, memos, spill = self.shards, self._memos, self._spill
        now = _now_ns()
        prefix = os.path.join(root, "")
        timed = phases.on()

        def read(kind: str, rel: str, profile):
            if shards.context is None:
                shards.context = _profile_stamp(profile)
            if timed:
                t0 = perf_counter()
            try:
                st = os.stat(prefix + rel)
            except OSError:  # vanished since the directory was listed: let the loader say so
                return loader.read_record(root, kind, rel, profile)
            stamp = _stamp(st)
            if timed:
                t1 = perf_counter()
                phases.add("stat", t1 - t0)
            shard = shards.get(rel.rpartition("/")[0])
            hit = shard.old.pop(rel, None)  # no longer held twice when a memo replaces the entry
            if timed:
                t0 = perf_counter()
                phases.add("cache read", t0 - t1)
            if hit is not None and hit[0] == stamp:
                shard.new[rel] = hit
                memos[rel] = hit
                return hit[1], hit[2]
            shard.dirty = shard.dirty or hit is not None  # a stale entry: rewrite the shard without it
            got = self._share.take((kind, rel)) if self._share is not None else None
            changed = max(st.st_ctime_ns, st.st_mtime_ns)
            settled = changed < now - RACY_NS
            if got is not None and got[0] == stamp and changed < self._forked - RACY_NS:
                # read by the other process, and settled before it started: the stamp alone cannot
                # tell an edit within one timestamp tick while it read
                rec, diags, memo = got[1], got[2], got[3]
            else:
                rec, diags = loader.read_record(root, kind, rel, profile)
                memo = self._derived(kind, rec) if self._share is not None else ()
            spill.hold(rec)
            if settled:
                if rec is not None and rec.path == rel:
                    rel = rec.path  # one string for both (pickle writes it once)
                memos[rel] = shard.new[rel] = (stamp, rec, diags or (), memo)
                shard.dirty = True
            return rec, diags
        return read

    def memo(self, record: Any, key: Any, compute: Callable[[], Any]) -> Any:
        rel = record.path
        got = self._memos.get(rel)
        if got is None or got[1] is not record:  # not cached (no key, the file too new to trust), or another record
            return compute()
        memo = got[3]  # (key, value, key, value …): a third of a dict's size, for two or three values
        for at in range(0, len(memo), 2):
            if memo[at] == key:
                return memo[at + 1]
        value = compute()
        key = self._keys.setdefault(key, key)  # one key object: pickled once per batch
        if any(k[0] == key[0] for k in memo[::2]):  # one value per name: not last year's, the old profile's
            memo = tuple(x for at in range(0, len(memo), 2) if memo[at][0] != key[0] for x in memo[at:at + 2])
        entry = self._memos[rel] = (got[0], got[1], got[2], (*memo, key, value))
        shard = self.shards.get(rel.rpartition("/")[0])
        shard.new[rel] = entry
        shard.dirty = True
        return value

    def save(self) -> None:
        if self.shards is not None:
            with phases.span("cache write"):
                self.shards.save()


def _now_ns() -> int:
    return time.time_ns()


def _stamp(st: os.stat_result) -> Stamp:
    return _STAMP(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


_STAMP = struct.Struct("<QqqQ").pack


def _dumps(value: Any, texts: "_TextFile | None" = None) -> memoryview:
    """Records as the cache stores them (``_dispatch_table``); their long texts put in
    ``texts`` (a shard's text file) if given, else inline."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _dispatch_table()
    _SINK[0] = texts
    try:
        pickler.dump(value)
    finally:
        _SINK[0] = None
    return buf.getbuffer()


_SINK: list = [None]  # the text file of the shard being written (None: texts go inline)


class _TextFile:
    """The text file of a shard being written: its size and checksum worked out while the
    entries are pickled, its bytes written afterwards — a text already in a file (``Deferred``)
    is read again then rather than held (a shard's texts are up to tens of MB)."""

    def __init__(self, key: bytes):
        self._key, self._parts, self.size = key, [], 0
        self._mac = hashlib.blake2b(key=key, digest_size=MAC_BYTES)

    def put(self, data: bytes, held: Any) -> tuple[int, int]:
        """Where ``data`` (``held``: a Deferred of it, or the text) goes in the file, followed by
        its own checksum (``_tag``)."""
        start = self.size
        tag = _tag(self._key, start, data)
        self._mac.update(data)
        self._mac.update(tag)
        self._parts += (held if type(held) is Deferred else data), tag
        self.size = start + len(data) + TAG_BYTES
        return start, start + len(data)

    def mac(self) -> bytes:
        return self._mac.digest()

    def chunks(self):
        """The bytes, once more: a text read again from a shard's text file is checked against
        its own checksum (CannotRun if it changed); the file without a name is this command's."""
        for part in self._parts:
            yield part.raw() if type(part) is Deferred else part


def _tag(key: bytes, start: int, data: bytes) -> bytes:
    """The checksum that follows a text in its text file: keyed, and bound to where it starts."""
    return hashlib.blake2b(data, key=key, digest_size=TAG_BYTES, salt=start.to_bytes(16, "little")).digest()


def _load(f: Any) -> Any:
    """What ``_dumps`` wrote, read from the binary file ``f`` (dwgk's record classes only)."""
    return _Unpickler(f).load()


# ---------------------------------------------------------------- the files

class _Shard:
    def __init__(self, name: str, old: dict, texts: str = ""):
        self.name = name
        self.old = old  # rel → (stamp, record, findings, memo) as stored, until read (then in new)
        self.texts = texts  # the name of its text file (long texts), if it has one
        self.new: dict[str, tuple[Stamp, Any, tuple, tuple]] = {}  # … and its memo (key, value, key, value …)
        self.dirty = False


class _Shards:
    """One cache file per folder of record files (items/2025, requests/2025 …), so that an
    edit re-writes one year's share of the cache, not all of it."""

    def __init__(self, root: Path, key: bytes):
        self.root, self.rel, self.key = root, cache_rel(), key
        self.folder = root / self.rel
        self.code = _code_stamp()
        self.started = _now_ns()
        self.context: tuple | None = None  # the profile's fingerprint, set before the first shard is read
        self.shards: dict[str, _Shard] = {}

    def file(self, name: str) -> Path:
        return self.folder / self.file_name(name)

    @staticmethod
    def file_name(name: str) -> str:
        return hashlib.sha256(name.encode("utf-8")).hexdigest()[:24] + ".pickle"

    @classmethod
    def text_name(cls, name: str, mac: bytes) -> str:
        """A shard's text file: named by the shard and the checksum of its bytes, so a rewrite
        makes a new file and a reader still holding the old one reads what its shard wrote."""
        return cls.file_name(name).removesuffix(".pickle") + "." + mac.hex()[:16] + ".text"

    def get(self, name: str) -> _Shard:
        shard = self.shards.get(name)
        if shard is None:
            shard = self.shards[name] = _Shard(name, *self._read(name))
        return shard

    def save(self) -> None:
        for shard in self.shards.values():
            if shard.dirty or shard.old:  # changed, or entries left over: files gone
                self._write(shard)
        # Shards of folders that are gone, text files of older shards: only files this user's
        # dwgk wrote, and only those written before this command began (another one may have
        # written a shard, and its text file, since).
        try:
            keep = {self.file_name(n) for n in self.shards} | {s.texts for s in self.shards.values()}
            for rel, problem in safefs.files_in(self.root, self.rel):
                name = rel.rpartition("/")[2]
                if problem is None and name not in keep and (
                        _SHARD_NAME.match(name) and self._payload(self._blob(name)) is not None
                        or _TEXT_NAME.match(name) and _mac(self.key, self._blob(name)).hex()[:16] == name[25:41]
                        or _SPOOL_NAME.match(name)
                ) and os.lstat(self.folder / name).st_mtime_ns < self.started:
                    safefs.remove(self.root, rel)
        except (OSError, safefs.Unsafe):
            pass

    def _blob(self, file_name: str) -> bytes:
        try:  # never through a symlink, never a FIFO; the size is the checksum's business
            return safefs.read_bytes(self.folder / file_name, limit=1 << 40)
        except (OSError, safefs.Unsafe):
            return b""

    def _payload(self, blob: bytes) -> memoryview | None:
        """The pickled part of a shard file, if its checksum verifies with the user's key."""
        head = len(MAGIC) + MAC_BYTES
        if len(blob) < head or not blob.startswith(MAGIC):
            return None
        payload = memoryview(blob)[head:]
        if not hmac.compare_digest(blob[len(MAGIC):head], _mac(self.key, payload)):
            return None
        return payload

    def _read(self, name: str) -> tuple[dict, str]:
        """A shard's entries and the name of its text file; ({}, "") if it cannot be used."""
        payload = self._payload(self._blob(self.file_name(name)))
        if payload is None:
            return {}, ""
        try:  # two pickles: a head (what it was made with, the text file's checksum), then the entries
            stream = io.BytesIO(payload)
            code, stored_name, text_mac, text_size = _load(stream)
            if code != (self.code, self.context) or stored_name != name:
                return {}, ""
            texts = self.text_name(name, text_mac) if text_mac else ""
            store = None
            if texts:
                fd = safefs.open_regular(self.folder / texts, texts)
                store = _Texts(fd, self.key, lambda: self._discard(texts))
                if os.fstat(fd).st_size != text_size:  # cut short or grown: not the file the shard wrote
                    return {}, ""
            entries: dict = {}
            while stream.tell() < len(payload):  # the entries, a batch per pickle (see _write)
                unpickler = _Unpickler(stream)  # a fresh one: each pickle numbers its memo from 0
                unpickler.texts = store
                batch = unpickler.load()
                if not isinstance(batch, dict):
                    return {}, ""
                entries.update(batch)
        except Exception:  # whatever a damaged payload raises, a text file gone: rebuild
            return {}, ""
        return entries, texts

    def _write(self, shard: _Shard) -> None:
        try:
            texts = _TextFile(self.key)
            # the entries a batch per pickle: a pickler remembers every object it wrote until the end
            items = list(shard.new.items())
            body = [_dumps(dict(items[at:at + BATCH]), texts) for at in range(0, len(items), BATCH)]
            del items
            text_mac = texts.mac() if texts.size else b""
            head = _dumps(((self.code, self.context), shard.name, text_mac, texts.size))
            self._ignored()
            shard.texts = self.text_name(shard.name, text_mac) if texts.size else ""
            if texts.size:  # first, so that a shard is never there without its texts
                safefs.write_atomic(self.root, f"{self.rel}/{shard.texts}", texts.chunks(), mode=0o600, sync=False)
            safefs.write_atomic(self.root, f"{self.rel}/{self.file_name(shard.name)}",
                                (MAGIC, _mac(self.key, head, *body), head, *body), mode=0o600, sync=False)
        except (OSError, safefs.Unsafe, pickle.PicklingError, TypeError, AttributeError, RecursionError, CannotRun):
            pass  # read-only register, full disk, an unpicklable record, a damaged text file: just don't cache

    def unnamed(self) -> int:
        """A new file in the cache folder that has no name (``O_TMPFILE``, or made and removed
        at once where that is missing): gone when closed. Raises OSError, Unsafe."""
        self._ignored()
        folder = safefs.open_dir(self.root, self.rel, create=True)
        try:
            try:
                return os.open(".", os.O_TMPFILE | os.O_RDWR | os.O_CLOEXEC, 0o600, dir_fd=folder)
            except (OSError, AttributeError):
                name = f".spool-{os.urandom(8).hex()}"  # one a killed command leaves: removed by save
                fd = os.open(name, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600,
                             dir_fd=folder)
                try:
                    os.unlink(name, dir_fd=folder)
                except OSError:
                    os.close(fd)
                    raise
                return fd
        finally:
            os.close(folder)

    def _ignored(self) -> None:
        """.dwgk/.gitignore, made only where nothing is (not even a dangling symlink)."""
        safefs.create_new(self.root, ".dwgk/.gitignore", "# dwgk 的本地缓存等，不纳入版本管理\n*\n".encode())

    def _discard(self, texts: str) -> None:
        """Remove a text file that failed its check, so that the next command rebuilds its shard."""
        try:
            safefs.remove(self.root, f"{self.rel}/{texts}")
        except (OSError, safefs.Unsafe):
            pass


class _Spill:
    """The long texts of the records this command parsed, held in a file without a name in the
    cache folder until their shards are written (which copy them into their text files): a cold
    run does not hold a whole register's contents either. Written and read a megabyte at a time
    (a system call per text cost 50 ms for 10,000 items). Nobody else can open
    the file; if it cannot be made or written, the texts not yet in it stay in memory."""

    SHORT = 64  # characters: a Deferred costs more than a text this short
    BLOCK = 1 << 20

    def __init__(self, shards: "_Shards"):
        self._shards, self._fd = shards, None  # -1: no file to be had
        self._pending, self._flushed = bytearray(), 0  # texts not yet written; the file's size
        self._window, self._at = b"", 0  # the last block read, and where it starts

    def hold(self, record: Any) -> None:
        """Put ``record``'s long texts in the file, the record holding a ``Deferred`` for each."""
        if record is None or self._fd == -1:
            return
        own = record.__dict__
        for name in _long_fields(type(record)):
            text = own.get(name)
            if type(text) is str and len(text) > self.SHORT:
                start = self._flushed + len(self._pending)
                self._pending += text.encode("utf-8", "surrogatepass")
                own[name] = Deferred(self, start, self._flushed + len(self._pending))
        if len(self._pending) >= self.BLOCK:
            self._flush()

    def _flush(self) -> None:
        try:
            if self._fd is None:
                self._fd = self._shards.unnamed()
            view, done = memoryview(self._pending), 0
            while done < len(view):
                done += os.pwrite(self._fd, view[done:], self._flushed + done)
            del view
        except (OSError, safefs.Unsafe):  # a read-only register, a full disk: the rest stays in memory
            if self._fd is None:
                self._fd = -1
            return
        self._flushed += len(self._pending)
        self._pending = bytearray()

    def raw(self, start: int, end: int) -> bytes:
        if start >= self._flushed:
            return bytes(self._pending[start - self._flushed:end - self._flushed])
        if not (self._at <= start and end <= self._at + len(self._window)):
            self._window, self._at = os.pread(self._fd, max(self.BLOCK, end - start), start), start
        data = self._window[start - self._at:end - self._at]
        if len(data) != end - start:
            raise _changed()
        return data

    def __del__(self):
        if self._fd is not None and self._fd >= 0:
            os.close(self._fd)


class _Texts:
    """A shard's text file, opened when the shard was read. Each text is read from it on its
    own, so a command holds only the texts it uses, and checked against its own checksum every
    time: the texts are read again and again (an approval checked on one reading, the page made
    from another), and a file rewritten in between must stop the command (Y017), not publish
    what nobody checked. (The checksum of the whole file names it, and lets ``save`` know it
    for dwgk's own; what a command reads is what each text's checksum covers.)"""

    def __init__(self, fd: int, key: bytes, discard: Callable[[], None]):
        self._fd, self._key, self._discard = fd, key, discard

    def raw(self, start: int, end: int) -> bytes:
        try:
            data = os.pread(self._fd, end - start + TAG_BYTES, start)
        except OSError:
            raise _changed() from None
        text = data[:end - start]
        if len(data) != end - start + TAG_BYTES or not hmac.compare_digest(data[end - start:],
                                                                          _tag(self._key, start, text)):
            self._discard()
            raise _changed()
        return text

    def __del__(self):
        os.close(self._fd)


def _changed() -> CannotRun:
    return CannotRun("解析缓存中的正文文件已损坏或在本次运行中被改动，无法取得事项（或申请、留言）的正文",
                     "已删除该缓存文件，重新运行同一命令即可（dwgk 会重建缓存）；如一再出现，加 --no-cache 运行，"
                     "并检查是否有其他程序在改动 .dwgk/cache。", "Y017")


_SHARD_NAME = re.compile(r"^[0-9a-f]{24}\.pickle$")
_TEXT_NAME = re.compile(r"^[0-9a-f]{24}\.[0-9a-f]{16}\.text$")
_SPOOL_NAME = re.compile(r"^\.spool-[0-9a-f]{16}$")


def _code_stamp() -> tuple:
    """What the cached objects depend on besides the files: dwgk's code and Python."""
    here = Path(__file__).parent
    files = []
    for p in sorted(here.rglob("*.py")):
        try:
            st = p.stat()
        except OSError:
            continue
        files.append((p.relative_to(here).as_posix(), st.st_size, st.st_mtime_ns))
    return (VERSION, sys.version, tuple(files))


def _profile_stamp(profile) -> tuple:
    """What a built record depends on besides its file: the profile's steps and their kinds."""
    return tuple((s.name, s.kind) for s in profile.steps) if profile is not None else ()


def _mac(key: bytes, *parts: bytes | memoryview) -> bytes:
    h = hashlib.blake2b(key=key, digest_size=MAC_BYTES)
    for part in parts:
        h.update(part)
    return h.digest()


def _dispatch_table() -> dict:
    """copyreg's table, plus a reducer for each record dataclass of dwgk's loaded modules: it
    is stored as its class and the fields that differ from their defaults, and rebuilt without
    calling ``__init__`` — pickle makes the object (``NEWOBJ``) and fills its ``__dict__`` in
    C (``BUILD``), where a frozen dataclass's ``__init__`` sets every field one
    ``object.__setattr__`` at a time. A field left out reads its default from the class, as
    dataclasses keep it there; only a value that *is* the default object (``""``, ``()``,
    ``None``, ``0``, ``False``) is left out, so nothing reads back different.

    History events (``records.Event``), most of the objects, get no entry: pickle's own way
    for them is the same NEWOBJ and BUILD with the object's ``__dict__``, done in C without a
    Python call per event; builders make them with ``records.lean``, so that ``__dict__``
    holds the values given, not every default.

    Fields that hold a whole document (``records.LongText``) go to the shard's text file
    (``_SINK``) and come back as a ``records.Deferred``; without a text file (the records a
    cold start's child process sends) as UTF-8 bytes decoded by ``str`` on reading: pickling a
    str keeps a UTF-8 copy of it inside the string for as long as it lives, which for the
    contents of 50,000 items is 100 MB.

    A plain dict, built once per process: pickle looks a type up in it from C (a dict with
    ``__missing__`` would cost a Python call for every object of a type without an entry)."""
    if _TABLE:
        return _TABLE
    table = dict(copyreg.dispatch_table)
    table[_Utf8] = _utf8_reduce
    table[_At] = _at_reduce
    for name, module in list(sys.modules.items()):
        if name.startswith("dwgk.") and module is not None:
            for obj in list(vars(module).values()):
                if (isinstance(obj, type) and obj.__module__ == name and dataclasses.is_dataclass(obj)
                        and not issubclass(obj, Event)):
                    reduce = _reducer(obj)
                    if reduce is not None:
                        table[obj] = reduce
    _TABLE.update(table)
    return _TABLE


_TABLE: dict = {}


def _reducer(cls: type) -> Callable | None:
    fields = dataclasses.fields(cls)
    if not fields or any(not f.init or f.kw_only for f in fields):
        return None  # pickle's default way
    # field → its default where the class holds it (a field not in the state reads it from
    # there), else _KEEP: always stored. A key of __dict__ that is no field (a value an
    # object remembers, e.g. items.procedure._fields_digest) is looked up with itself as the
    # default, so it is left out too.
    defaults = {f.name: f.default if f.default is not dataclasses.MISSING
                and getattr(cls, f.name, _KEEP) is f.default else _KEEP for f in fields}
    default_of, is_not = defaults.get, operator.is_not
    long = _long_fields(cls)
    newobj = copyreg.__newobj__

    def reduce(obj):
        own = obj.__dict__  # the fields __init__ or lean set, or the cache's BUILD
        state = dict(compress(own.items(), map(is_not, own.values(), map(default_of, own.keys(), own.values()))))
        for name in long:
            text = state.get(name)
            if type(text) is Deferred:  # kept from the shard's last text file, or spilled: into the new one
                text = text.raw()
            elif type(text) is str:
                text = text.encode("utf-8", "surrogatepass")
            if type(text) is bytes:
                sink = _SINK[0]
                state[name] = _Utf8(text) if sink is None else _At(sink.put(text, state.get(name)))
        return newobj, (cls,), state
    return reduce


_KEEP = object()  # no default to fall back on: always stored


def _long_fields(cls: type) -> tuple[str, ...]:
    """The ``LongText`` fields of a record class."""
    long = _LONG.get(cls)
    if long is None:
        long = _LONG[cls] = tuple(f.name for f in dataclasses.fields(cls) if isinstance(vars(cls).get(f.name), LongText))
    return long


_LONG: dict[type, tuple[str, ...]] = {}


class _Utf8(bytes):
    """A long text on its way into the cache: read back by ``str(data, "utf-8", …)``."""


def _utf8_reduce(data: _Utf8):
    return str, (bytes(data), "utf-8", "surrogatepass")


class _At(tuple):
    """Where a long text lies in its shard's text file: (start, end)."""


def _at_reduce(at: _At):
    return _text_at, (at[0], at[1])


def _text_at(start: int, end: int) -> Deferred:
    """Named in a shard for each long text; its reader (``_Unpickler``) puts its own in its place."""
    raise pickle.UnpicklingError("a long text without its shard's text file")


class _Unpickler(pickle.Unpickler):
    """Only rebuilds dwgk's record classes (dataclasses and enums) and dates; a long text as a
    ``Deferred`` on the shard's text file (``texts``, set once it is open)."""

    texts: "_Texts | None" = None

    SAFE = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"),
            ("datetime", "timedelta"), ("datetime", "timezone"), ("decimal", "Decimal"),
            ("builtins", "str")}

    def find_class(self, module: str, name: str):
        if (module, name) in self.SAFE:
            return super().find_class(module, name)
        if (module, name) == ("dwgk.cache", "_text_at") and self.texts is not None:
            texts = self.texts
            return lambda start, end: Deferred(texts, start, end)
        if module.startswith("dwgk.") and module.replace(".", "").replace("_", "").isalnum():
            obj = getattr(importlib.import_module(module), name, None)
            if isinstance(obj, type) and (dataclasses.is_dataclass(obj) or issubclass(obj, enum.Enum)):
                return obj
        raise pickle.UnpicklingError(f"not allowed in the cache: {module}.{name}")


# ---------------------------------------------------------------- the key

def _key(key_file: Path) -> bytes | None:
    """The user's secret, created on first use; None if it cannot be had safely."""
    try:
        return _read_key(key_file)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        key_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".cache-key.", dir=key_file.parent)  # mode 0600
        try:
            os.write(fd, os.urandom(KEY_BYTES))
            os.close(fd)
            try:
                os.link(tmp, key_file)  # atomic, and never replaces a key another process made
            except FileExistsError:
                pass
        finally:
            os.unlink(tmp)
        return _read_key(key_file)
    except OSError:
        return None


def _read_key(key_file: Path) -> bytes | None:
    with open(key_file, "rb") as fh:
        st = os.fstat(fh.fileno())
        key = fh.read(KEY_BYTES + 1)
    if len(key) != KEY_BYTES or st.st_mode & 0o077 or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
        return None  # someone else could read or write it: do not rely on it
    return key
