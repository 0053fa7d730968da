"""The parse cache (dwgk/cache.py) and the fast YAML path: correctness never depends on them.

No timing assertions here: speed is measured by ``python -m dwgk.bench run``.
"""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from dwgk import cache, loader, yamlread
from dwgk.bench.generate import generate
from dwgk.records import Deferred

TODAY = "2026-11-20"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("gen") / "reg"
    generate(root, 60, seed=3, first_year=2025, git=False, requests=12)
    return root


@pytest.fixture
def reg(generated, tmp_path) -> Path:
    root = tmp_path / "reg"
    shutil.copytree(generated, root, ignore=shutil.ignore_patterns(".dwgk"))
    return root


@pytest.fixture(autouse=True)
def key_home(tmp_path, monkeypatch):
    """Keep the cache key out of the real home folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "dwgk" / "cache-key"


@pytest.fixture
def aged(monkeypatch):
    """Pretend every file is older than the racily-clean window, so the cache stores it."""
    monkeypatch.setattr(cache, "_now_ns", lambda: time.time_ns() + 10 * cache.RACY_NS)


@pytest.fixture
def reads(monkeypatch):
    """Count the record files actually parsed (not taken from the cache)."""
    seen: list[str] = []
    real = loader.read_record

    def counting(root, kind, rel, profile=None):
        seen.append(rel)
        return real(root, kind, rel, profile)
    monkeypatch.setattr(loader, "read_record", counting)
    return seen


def snapshot_of(reg_) -> tuple:
    return (reg_.items, reg_.requests, reg_.messages, reg_.catalogue, reg_.diagnostics)


def load_cached(root: Path, key: Path):
    return cache.load_cached(root, key_file=key)


# ---------------------------------------------------------------- every read command

READ_COMMANDS = [
    ("check",), ("check", "--format", "json"), ("check", "--strict"),
    ("status",), ("status", "--format", "json"),
    ("list",), ("list", "--format", "json"), ("list", "--stage", "published"),
    ("catalogue", "list"), ("catalogue", "list", "--format", "json"),
    ("overdue",), ("overdue", "--format", "json"), ("due",), ("due", "--format", "json"),
    ("request", "list"), ("request", "list", "--format", "json"),
    ("message", "list"),
    ("report", "annual", "--year", "2025", "--kind", "政务", "--format", "json"),
]


def _ids(root: Path) -> tuple[str, str | None]:
    item = sorted((root / "items").rglob("*.yaml"))[5].stem
    reqs = sorted((root / "requests").rglob("*.yaml"))
    return item, reqs[0].stem if reqs else None


def _commands(root: Path) -> list[tuple]:
    item, req = _ids(root)
    out = list(READ_COMMANDS) + [("show", item), ("show", item, "--format", "json"), ("explain", item)]
    if req:
        out += [("request", "show", req), ("request", "show", req, "--format", "json")]
    return out


def _same_everywhere(run, root: Path) -> None:
    for args in _commands(root):
        plain = run("-R", root, "--no-cache", *args)
        cold = run("-R", root, *args)
        warm = run("-R", root, *args)
        for r in (cold, warm):
            assert (r.exit_code, r.stdout, r.stderr) == (plain.exit_code, plain.stdout, plain.stderr), args


def test_every_read_command_is_the_same_with_and_without_the_cache(reg, run, aged, reads):
    _same_everywhere(run, reg)
    # … and the cache was really used: a last run parses no record file at all
    assert list((reg / ".dwgk" / "cache").rglob("*.pickle"))
    reads.clear()
    assert run("-R", reg, "check").exit_code == 0
    assert reads == []


def test_a_write_reads_the_register_through_the_cache_and_sees_a_hand_edit(reg, run, aged, reads):
    """A write command's plan reads the register under the lock through the cache (50,000
    items: 1.5 s, not 11), which checks every file's stamp as it reads."""
    assert run("-R", reg, "status").exit_code == 0
    path = next(p for p in sorted((reg / "items").rglob("*.yaml"))
                if "action: publish" in (t := p.read_text("utf-8")) and "action: archive" not in t)
    reads.clear()
    r = run("-R", reg, "archive", path.stem, "--by", "张三", "--no-commit")
    assert r.exit_code == 0, r.stderr
    assert reads == [] and "action: archive" in path.read_text("utf-8")
    other = next(p for p in sorted((reg / "items").rglob("*.yaml"))
                 if "action: publish" in (t := p.read_text("utf-8")) and "action: archive" not in t)
    other.write_text(other.read_text("utf-8").replace("title:", "title: [", 1), "utf-8")  # broken by hand
    r = run("-R", reg, "archive", other.stem, "--by", "张三", "--no-commit")
    assert r.exit_code != 0 and "action: archive" not in other.read_text("utf-8")


def test_remembered_check_findings_follow_the_file_and_the_profile(reg, run, aged):
    """check remembers each item's replay with its cache entry: an edited item and a changed
    profile are replayed again."""
    def same():
        plain = run("-R", reg, "--no-cache", "check", "--format", "json")
        for _ in range(2):  # the first run remembers, the second uses what was remembered
            r = run("-R", reg, "check", "--format", "json")
            assert (r.exit_code, r.stdout) == (plain.exit_code, plain.stdout)
        return plain
    assert same().exit_code == 0
    path = next(p for p in sorted((reg / "items").rglob("*.yaml")) if "action: publish" in p.read_text("utf-8"))
    text = path.read_text("utf-8")
    path.write_text(text.replace("action: review", "action: reviewed", 1), "utf-8")
    assert path.relative_to(reg).as_posix() in same().stdout
    path.write_text(text, "utf-8")
    assert same().exit_code == 0
    config = reg / "dwgk.yaml"
    config.write_text(config.read_text("utf-8").replace("profile: national", "profile: s002_shikejiju"), "utf-8")
    assert "W054" in same().stdout  # the same histories break the other profile's procedure


def test_remembered_deadlines_and_stages_follow_the_day_the_file_and_the_profile(reg, run, aged):
    """overdue, due and status remember each item's deadlines still open, and list its stage,
    with its cache entry: another day of the year, another year, an edited item and a changed
    profile give what a run without the cache gives."""
    commands = [("overdue", "--format", "json"), ("due", "--within", "40", "--format", "json"),
                ("status", "--format", "json"), ("list", "--format", "json")]

    def same():
        for day in ("2026-11-20", "2026-03-02", "2027-04-01", "2026-11-20"):
            for args in commands:
                plain = run("-R", reg, "--no-cache", "--today", day, *args)
                for _ in range(2):  # the first run remembers, the second uses what was remembered
                    r = run("-R", reg, "--today", day, *args)
                    assert (r.exit_code, r.stdout) == (plain.exit_code, plain.stdout), (day, args)
    same()
    path = next(p for p in sorted((reg / "items").rglob("*.yaml")) if "action: publish" in p.read_text("utf-8"))
    text = path.read_text("utf-8")
    path.write_text(text[:text.index("- action: publish")], "utf-8")  # no longer published: late again
    same()
    config = reg / "dwgk.yaml"
    config.write_text(config.read_text("utf-8").replace("profile: national", "profile: s002_shikejiju"), "utf-8")
    same()


def test_environment_variable_turns_the_cache_off(reg, run, aged):
    run("-R", reg, "status", env={"DWGK_NO_CACHE": "1"})
    assert not (reg / ".dwgk" / "cache").exists()
    run("-R", reg, "status")
    assert (reg / ".dwgk" / "cache").exists()


def test_generated_register_passes_check_cached_and_not(reg, run, aged):
    for extra in ((), ("--no-cache",)):
        r = run("-R", reg, *extra, "check")
        assert r.exit_code == 0, r


def _fields_typed(obj, seen=None) -> object:
    """Every field of every record, with its type: 0 == False and 1 == 1.0, repr tells them apart."""
    import dataclasses
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return (type(obj).__name__, tuple((f.name, _fields_typed(getattr(obj, f.name)))
                                          for f in dataclasses.fields(obj)))
    if isinstance(obj, (tuple, list)):
        return (type(obj).__name__, tuple(_fields_typed(x) for x in obj))
    if isinstance(obj, dict):
        return ("dict", tuple((k, _fields_typed(v)) for k, v in obj.items()))
    return (type(obj).__name__, repr(obj))


def test_records_read_back_from_the_cache_are_the_same_field_by_field(reg, key_home, aged, reads):
    """Records come back from the cache without ``__init__`` and with only their non-default
    fields stored: every field reads the same value, of the same type, as a fresh build."""
    load_cached(reg, key_home)
    reads.clear()
    warm = load_cached(reg, key_home)
    assert reads == []  # all of it from the cache
    fresh = loader.load(reg)
    assert _fields_typed(snapshot_of(warm)) == _fields_typed(snapshot_of(fresh))
    assert snapshot_of(warm) == snapshot_of(fresh) and hash(warm.items[0].history) == hash(fresh.items[0].history)
    item = next(i for i in warm.items if len(i.content) > 200)
    assert type(item.content) is str and item.content == next(i for i in fresh.items if i.id == item.id).content
    # replace, with_history and pickling again work on a record that came from the cache
    import dataclasses
    assert dataclasses.replace(item, title="x").history == item.history
    assert item.with_history(item.history[:1]).history == item.history[:1]
    assert pickle.loads(pickle.dumps(item)) == item


@pytest.mark.parametrize("child", ["works", "dies"])
def test_a_cold_start_read_by_two_processes_is_the_same(reg, key_home, aged, reads, monkeypatch, child, run):
    """Cold, a child process parses the second half of the files not in the cache
    (``dwgk.forkread``): the register is the same field by field; if the child dies, the
    parent reads its share itself."""
    from dwgk import forkread
    monkeypatch.setattr(forkread, "MIN_SHARE", 5)
    monkeypatch.setattr(forkread, "cpus", lambda: 2)
    parent = os.getpid()
    if child == "dies":
        real = loader.read_record

        def dying(*args, **kw):
            if os.getpid() != parent:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kw)
        monkeypatch.setattr(loader, "read_record", dying)
    files = len(list(reg.glob("*/*/*.yaml")))
    cold = load_cached(reg, key_home)
    parsed_here = len(reads)
    fresh = cache.loader.load(reg)
    assert _fields_typed(snapshot_of(cold)) == _fields_typed(snapshot_of(fresh))
    assert parsed_here == (files if child == "dies" else files - files // 2)  # the child's share: not here
    if child == "works":
        reads.clear()
        assert _fields_typed(snapshot_of(load_cached(reg, key_home))) == _fields_typed(snapshot_of(fresh))
        assert reads == []  # … and went into the cache with the rest
        shutil.rmtree(reg / ".dwgk")
        _same_everywhere(run, reg)


@pytest.mark.parametrize("child", ["works", "dies"])
def test_a_child_hands_its_results_back_a_batch_at_a_time(monkeypatch, child):
    """``forkread.Share``: the child's results read back in batches, in the order they are
    asked for; one of a batch already passed, or of a child that died, is the caller's to do."""
    import pickle
    from dwgk import forkread
    monkeypatch.setattr(forkread, "MIN_SHARE", 5)
    monkeypatch.setattr(forkread, "BATCH", 4)
    monkeypatch.setattr(forkread, "cpus", lambda: 2)
    parent = os.getpid()

    def work(k):
        if child == "dies" and os.getpid() != parent and k == 30:
            os.kill(os.getpid(), signal.SIGKILL)
        return k * k
    import tempfile

    def spool():
        with tempfile.TemporaryFile() as f:
            return os.dup(f.fileno())
    share = forkread.Share(range(40), work, pickle.dumps, pickle.load, spool)
    assert share.take(3) is None  # the parent's half
    if child == "dies":
        assert [share.take(k) for k in range(20, 40)] == [None] * 20
    else:
        assert [share.take(k) for k in (20, 21, 26, 27)] == [400, 441, 676, 729]
        assert share.take(22) is None  # its batch was passed: computed by the caller
        assert share.take(27) is None  # taken once
        assert [share.take(k) for k in range(28, 40)] == [k * k for k in range(28, 40)]
    share.close()


def test_a_cold_run_keeps_the_texts_it_parsed_in_a_file_not_in_memory(reg, key_home, aged):
    """On a cold start each long text parsed goes to a file without a name at once (the record
    holds a ``Deferred``), and from there into its shard's text file."""
    truth = snapshot_of(loader.load(reg))
    reg_, session = cache.open_cached(reg, key_home)
    long = [i for i in reg_.items if len(i.content) > cache._Spill.SHORT]
    assert long and all(type(i.__dict__["content"]) is Deferred for i in long)
    assert snapshot_of(reg_) == truth
    session.save()
    assert snapshot_of(load_cached(reg, key_home)) == truth


def test_a_shard_written_in_batches_reads_back_whole(reg, key_home, aged, reads, monkeypatch):
    """A shard's entries go in a pickle per batch (a pickler holds all it wrote until it ends)."""
    monkeypatch.setattr(cache, "BATCH", 7)
    truth = snapshot_of(loader.load(reg))
    load_cached(reg, key_home)
    reads.clear()
    assert snapshot_of(load_cached(reg, key_home)) == truth and reads == []


# ---------------------------------------------------------------- staleness

def _unread(records) -> int:
    return sum(type(r.__dict__.get("content")) is Deferred for r in records)


def test_contents_are_read_from_their_own_file_only_when_asked_for(reg, key_home, aged, reads):
    truth = snapshot_of(loader.load(reg))
    load_cached(reg, key_home)
    got = load_cached(reg, key_home)
    assert _unread(got.items) == len(got.items) > 0 and _unread(got.requests) == len(got.requests) > 0
    assert snapshot_of(got) == truth  # … read here, field by field
    assert _unread(got.items) == len(got.items)  # and not kept: a command reading them all never holds them all


def test_a_reader_keeps_the_texts_its_shards_named(reg, key_home, aged, reads):
    """Another command rewrites a shard (and removes the old text file) while one that read the
    old shard is still running: that one still reads the contents its records had."""
    load_cached(reg, key_home)
    before = load_cached(reg, key_home)
    path = next(p for p in sorted((reg / "items").rglob("*.yaml")) if "content:" in p.read_text("utf-8"))
    path.write_text(path.read_text("utf-8").replace("content: ", "content: 改过的", 1), "utf-8")
    after = load_cached(reg, key_home)
    texts = {p.name for p in (reg / cache.cache_rel()).glob("*.text")}
    assert len(texts) == len(list((reg / cache.cache_rel()).glob("*.pickle")))  # the old ones removed
    changed = [(a.content, b.content) for a, b in zip(before.items, after.items) if a.content != b.content]
    assert len(changed) == 1 and changed[0][1].startswith("改过的") and not changed[0][0].startswith("改过的")


def test_a_text_file_rewritten_during_a_run_stops_it(reg, key_home, aged):
    """Texts are read again each time they are asked for (the approval checked on one reading,
    the page made from another): one changed in its file since the file was checked is Y017,
    never a text nobody checked."""
    from dwgk.diag import CannotRun
    load_cached(reg, key_home)
    got = load_cached(reg, key_home)
    items = [i for i in got.items if type(i.__dict__["content"]) is Deferred]
    first = items[0]
    assert first.content  # the text file checked whole, here
    store = first.__dict__["content"].store
    other = next(i for i in items[1:] if i.__dict__["content"].store is store)
    d = other.__dict__["content"]
    path = next(p for p in (reg / cache.cache_rel()).glob("*.text") if os.path.samestat(os.stat(p), os.fstat(store._fd)))
    data = bytearray(path.read_bytes())
    data[d.start] ^= 1  # in place, the same size
    with open(path, "r+b") as f:
        f.write(data)
    with pytest.raises(CannotRun) as e:
        other.content
    assert e.value.code == "Y017" and not path.exists()


def test_a_spool_file_a_killed_command_left_is_removed(reg, key_home, aged, monkeypatch):
    """Where files without a name cannot be made, a cold run makes one and removes its name at
    once; one left by a command killed in between is removed by the next save."""
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)  # the other way: a name made and removed
    truth = snapshot_of(loader.load(reg))
    assert snapshot_of(load_cached(reg, key_home)) == truth
    assert not list((reg / cache.cache_rel()).glob(".spool-*"))
    left = reg / cache.cache_rel() / ".spool-0123456789abcdef"
    left.write_bytes(b"x")
    os.utime(left, ns=(1, 1))
    load_cached(reg, key_home)
    assert not left.exists() and list((reg / cache.cache_rel()).glob("*.text"))


@pytest.mark.parametrize("damage", ["shorter", "longer", "flipped"])
def test_a_damaged_text_file_is_rebuilt(reg, key_home, aged, reads, damage):
    """Cut short or grown: its shard is read again at once. A byte changed: found on first use
    (Y017) and removed, so the next command rebuilds it — never the same error on every run."""
    from dwgk.diag import CannotRun
    truth = snapshot_of(loader.load(reg))
    load_cached(reg, key_home)
    text = sorted((reg / cache.cache_rel()).glob("*.text"))[0]
    data = bytearray(text.read_bytes())
    if damage == "shorter":
        del data[-1]
    elif damage == "longer":
        data += b"x"
    else:
        data[0] ^= 1
    text.write_bytes(data)
    if damage == "flipped":
        with pytest.raises(CannotRun) as e:
            assert snapshot_of(load_cached(reg, key_home)) == truth  # comparing reads the contents
        assert e.value.code == "Y017" and not text.exists()
    assert snapshot_of(load_cached(reg, key_home)) == truth
    reads.clear()
    assert snapshot_of(load_cached(reg, key_home)) == truth
    assert reads == []


def test_a_shard_whose_text_file_is_gone_is_read_again(reg, key_home, aged, reads):
    truth = snapshot_of(loader.load(reg))
    load_cached(reg, key_home)
    gone = sorted((reg / cache.cache_rel()).glob("*.text"))[0]
    gone.unlink()
    reads.clear()
    assert snapshot_of(load_cached(reg, key_home)) == truth
    assert 0 < len(reads) < len(loader.record_files(reg))  # that shard's folder only
    reads.clear()
    assert snapshot_of(load_cached(reg, key_home)) == truth
    assert reads == []


def test_in_place_edit_same_size_same_second_is_seen(reg, key_home, aged, reads):
    before = load_cached(reg, key_home)
    path = next(p for p in sorted((reg / "items").rglob("*.yaml")) if "title: " in p.read_text("utf-8"))
    rel = path.relative_to(reg).as_posix()
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    old_title = next(i.title for i in before.items if i.path == rel)
    new_title = old_title[:-1] + ("甲" if old_title[-1] != "甲" else "乙")  # same byte length
    assert len(new_title.encode()) == len(old_title.encode())
    time.sleep(0.05)  # a later timestamp tick than the file's last change, still the same second
    with open(path, "r+b") as fh:  # in place: same inode
        fh.write(text.replace(f"title: {old_title}", f"title: {new_title}", 1).encode("utf-8"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # put the old mtime back
    st2 = path.stat()
    assert (st2.st_size, st2.st_mtime_ns, st2.st_ino) == (st.st_size, st.st_mtime_ns, st.st_ino)
    reads.clear()
    after = load_cached(reg, key_home)
    assert reads == [rel]
    assert next(i.title for i in after.items if i.path == rel) == new_title
    assert snapshot_of(after) == snapshot_of(loader.load(reg))


def test_added_removed_and_renamed_files_are_seen(reg, key_home, aged, reads):
    load_cached(reg, key_home)
    files = sorted((reg / "items").rglob("*.yaml"))
    # removed
    files[0].unlink()
    # renamed (file name and id together)
    old = files[1]
    new_id = old.stem[:-6] + "abcdef"
    (old.parent / f"{new_id}.yaml").write_text(old.read_text("utf-8").replace(old.stem, new_id), "utf-8")
    old.unlink()
    # added: a copy under a new id; and a file with a YAML error
    src = files[2]
    (src.parent / (src.stem[:-6] + "fedcba.yaml")).write_text(
        src.read_text("utf-8").replace(src.stem, src.stem[:-6] + "fedcba"), "utf-8")
    (src.parent / "broken.yaml").write_text("id: [unclosed\n", "utf-8")
    reads.clear()
    got = load_cached(reg, key_home)
    assert sorted(reads) == sorted([f"items/{old.parent.name}/{new_id}.yaml",
                                    f"items/{src.parent.name}/{src.stem[:-6]}fedcba.yaml",
                                    f"items/{src.parent.name}/broken.yaml"])
    assert snapshot_of(got) == snapshot_of(loader.load(reg))
    assert any(d.code == "Y001" for d in got.diagnostics)
    reads.clear()
    again = load_cached(reg, key_home)  # findings come back from the cache too
    assert reads == [] and snapshot_of(again) == snapshot_of(got)


def test_a_file_changed_within_the_timestamp_window_is_not_trusted(reg, key_home, reads):
    # no `aged`: the generated files are seconds old, so nothing may be stored yet
    load_cached(reg, key_home)
    reads.clear()
    load_cached(reg, key_home)
    assert len(reads) == len(loader.record_files(reg))


def test_code_change_discards_the_cache(reg, key_home, aged, reads, monkeypatch):
    load_cached(reg, key_home)
    monkeypatch.setattr(cache, "_code_stamp", lambda: ("another version",))
    reads.clear()
    got = load_cached(reg, key_home)
    assert len(reads) == len(loader.record_files(reg))
    assert snapshot_of(got) == snapshot_of(loader.load(reg))


# ---------------------------------------------------------------- never trusted

def _shards(reg: Path) -> list[Path]:
    return sorted((reg / ".dwgk" / "cache").rglob("*.pickle"))


@pytest.mark.parametrize("damage", ["truncate", "garbage", "flip", "empty", "magic"])
def test_corrupt_cache_is_rebuilt(reg, key_home, aged, reads, damage):
    truth = snapshot_of(loader.load(reg))
    load_cached(reg, key_home)
    for p in _shards(reg):
        blob = p.read_bytes()
        p.write_bytes({"truncate": blob[: len(blob) // 2], "garbage": os.urandom(len(blob)),
                       "flip": blob[:-10] + bytes([blob[-10] ^ 1]) + blob[-9:], "empty": b"",
                       "magic": b"x" + blob[1:]}[damage])
    reads.clear()
    assert snapshot_of(load_cached(reg, key_home)) == truth
    assert len(reads) == len(loader.record_files(reg))  # nothing was taken from the damaged files
    reads.clear()
    assert snapshot_of(load_cached(reg, key_home)) == truth
    assert reads == []  # … which were rewritten


def test_cache_signed_with_another_key_is_not_used(reg, key_home, tmp_path, aged, reads):
    load_cached(reg, key_home)
    other = tmp_path / "other-key"
    reads.clear()
    load_cached(reg, other)
    assert len(reads) == len(loader.record_files(reg))


def test_validly_signed_but_hostile_payload_is_refused(reg, key_home, aged, reads, tmp_path):
    load_cached(reg, key_home)
    key = key_home.read_bytes()
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))
    for p in _shards(reg):
        payload = pickle.dumps((cache._code_stamp(), "x", {"a": Evil()}))
        p.write_bytes(cache.MAGIC + cache._mac(key, payload) + payload)
    reads.clear()
    got = load_cached(reg, key_home)
    assert not marker.exists()
    assert snapshot_of(got) == snapshot_of(loader.load(reg))


def test_key_file_is_private_and_a_loose_one_is_not_used(reg, key_home, aged, reads):
    load_cached(reg, key_home)
    assert key_home.stat().st_mode & 0o777 == 0o600
    os.chmod(key_home, 0o644)
    reads.clear()
    got = load_cached(reg, key_home)
    assert len(reads) == len(loader.record_files(reg))  # plain load
    assert snapshot_of(got) == snapshot_of(loader.load(reg))


def test_unwritable_cache_folder_is_not_an_error(reg, key_home, aged, monkeypatch):
    def refuse(*a, **k):
        raise OSError(30, "Read-only file system")
    assert cache._key(key_home) is not None
    monkeypatch.setattr(cache.safefs, "write_atomic", refuse)
    assert snapshot_of(load_cached(reg, key_home)) == snapshot_of(loader.load(reg))
    assert not _shards(reg)


def test_cache_folder_never_shows_in_git_status(reg, key_home, aged):
    (reg / ".gitignore").unlink()  # a register whose own .gitignore does not mention .dwgk/
    subprocess.run(["git", "init", "-q", str(reg)], check=True)
    load_cached(reg, key_home)
    assert _shards(reg)
    status = subprocess.run(["git", "-C", str(reg), "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    assert ".dwgk" not in status


CONCURRENT = r"""
import sys, time
from pathlib import Path
from dwgk import cache, loader
cache._now_ns = lambda: time.time_ns() + 10 * cache.RACY_NS
root, key = Path(sys.argv[1]), Path(sys.argv[2])
for i in range(6):
    reg = cache.load_cached(root, key)
    print(len(reg.items), len(reg.requests), len(reg.diagnostics), flush=True)
"""


def test_two_processes_at_once(reg, key_home, aged):
    load_cached(reg, key_home)  # create the key first; each process then races on the cache
    shutil.rmtree(reg / ".dwgk")
    truth = loader.load(reg)
    expect = f"{len(truth.items)} {len(truth.requests)} {len(truth.diagnostics)}"
    procs = [subprocess.Popen([sys.executable, "-c", CONCURRENT, str(reg), str(key_home)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    for _ in range(4):  # meanwhile, change files under their feet
        for p in sorted((reg / "items").rglob("*.yaml"))[:3]:
            # replaced whole, as dwgk and editors save: an in-place rewrite would let a
            # reader see the half-written file, with or without a cache
            tmp = reg / f".{p.name}.tmp"  # beside the register's folders: a stray file in items/ is a finding
            tmp.write_text(p.read_text("utf-8"), "utf-8")
            os.replace(tmp, p)
        time.sleep(0.05)
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert set(out.split("\n")) - {""} == {expect}
    assert snapshot_of(load_cached(reg, key_home)) == snapshot_of(loader.load(reg))
    assert not list((reg / ".dwgk").rglob("*.tmp"))


# ---------------------------------------------------------------- the fast YAML path

TRICKY = [
    "a: 1\nb: 01\nc: 0x1F\nd: 1_000\ne: -5\nf: +3\ng: 1.5\nh: .inf\ni: -.Inf\nj: .nan\nk: 1e3\n",
    "a: yes\nb: No\nc: on\nd: off\ne: true\nf: ~\ng: null\nh:\ni: ''\nj: \"\"\n",
    "d: 2026-01-01\nt: 2026-01-01 10:00:00\nbad: 2026-13-45\n",
    "x: &a {p: 1}\ny: *a\n", "x: &a [1, 2]\ny: *a\n", "a: &x\n  b: *x\n",
    "<<: {a: 1}\nb: 2\n", "base: &b {a: 1}\nd:\n  <<: *b\n  c: 2\n",
    "1: a\n2: b\n", "? [a]\n: 1\n", "{a: 1, 1.5: x}\n",
    "a: !!binary aGVsbG8=\n", "a: !!set {x, y}\n", "a: !foo bar\n", "a: =\n",
    "a: 1\na: 2\n", "a: {b: 1, b: 2}\n", "a: [1, {x: 1, x: 2}]\nb: 1\nb: 2\n",
    "- a\n- b: c\n  d: [1, 2, {e: f}]\n", "", "# only comment\n", "---\na: 1\n---\nb: 2\n",
    "a: 'it''s'\nb: \"\\u00e9\\n\"\nc: |\n  x\n  y\nd: >\n  folded\n  text\n",
    "a: !!str 123\nb: !!int '7'\n", "a: 0o17\nb: 0b101\nc: 190:20:30\nd: 1:30\n",
    "[1, 2, 3]\n", "plain\n", "!!map {a: 1}\n", "a: b: c\n", "a:\n\t- x\n",
    "key with spaces: v\n\"quoted key\": w\n", "<<<<<<< HEAD\na: 1\n=======\na: 2\n>>>>>>> x\n",
    "a: [" * 50 + "]" * 50 + "\n",
]


def _full(text: str):
    try:
        return "ok", yaml.load(text, Loader=yamlread._Loader)
    except Exception as e:  # the same error either way
        return "error", type(e).__name__, str(e)


def _fast(text: str):
    try:
        return "ok", yamlread._load(text)
    except Exception as e:
        return "error", type(e).__name__, str(e)


@pytest.mark.parametrize("text", TRICKY)
def test_fast_path_gives_what_the_full_safe_loader_gives(text, monkeypatch):
    assert repr(_fast(text)) == repr(_full(text))
    fast = yamlread.parse(text, "x.yaml")
    monkeypatch.setattr(yamlread, "CParser", None)  # the full loader only
    assert repr(fast) == repr(yamlread.parse(text, "x.yaml"))


def test_parse_findings_are_unchanged_for_bad_files():
    for text, code in (("a: 1\na: 2\n", "Y002"), ("a: [\n", "Y001"), ("<<<<<<< ours\n", "Y003"),
                       ("a: !foo x\n", "Y001")):
        data, diags = yamlread.parse(text, "f.yaml")
        assert data is None and [d.code for d in diags] == [code]
    _, diags = yamlread.parse("x: 1\nx: 2\n", "f.yaml")
    assert (diags[0].line, diags[0].col) == (2, 1)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12),
                    st.floats(allow_nan=False), st.sampled_from(
                        ["2026-01-01", "yes", "No", "~", "null", "0x1F", "1_0", "+1", ".5", "1e3",
                         "on", "=", "<<", "12:30", "2026-01-01 10:00", "政务", "", " a", "a: b"]))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6) | scalars.filter(
        lambda v: isinstance(v, (str, int, bool)) or v is None), inner, max_size=4)), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(documents, st.booleans(), st.sampled_from([None, "'", '"', "|"]))
def test_fast_path_matches_on_generated_documents(doc, flow, style):
    text = yaml.dump(doc, allow_unicode=True, default_flow_style=flow, default_style=style)
    assert repr(_fast(text)) == repr(_full(text))


def test_generated_register_reads_the_same_both_ways(generated):
    for _, rel in loader.record_files(generated):
        text = (generated / rel).read_text("utf-8")
        assert _fast(text) == _full(text)


def test_an_items_hash_is_remembered_only_while_its_approved_fields_are_the_same(generated):
    import dataclasses
    import json
    from dwgk.items import procedure as wf

    def fresh(item):
        text = json.dumps(wf.approved_fields(item), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        decisions = [wf.decision_entry(n, d.result, d.level, d.redact) for n, d in wf.latest_decisions(item).items()]
        return wf.hash_of(text, decisions)
    item = next(i for i in loader.load(generated).items if any(e.action == "review" for e in i.history))
    first = wf.item_hash(item)
    assert first == fresh(item) and first.startswith(wf.HASH_PREFIX)
    shorter = item.with_history(item.history[:1])  # the remembered fields, without the decisions
    assert wf.item_hash(shorter) == fresh(shorter) != first
    changed = dataclasses.replace(item, content=item.content + "。")
    assert wf.item_hash(changed) == fresh(changed) != first
    assert changed == dataclasses.replace(item, content=item.content + "。")  # the remembered text is no field


def test_states_remembered_within_a_block_are_the_states_worked_out_afresh(generated):
    from dwgk.items import procedure as wf
    reg = loader.load(generated)
    fresh = [wf.state(reg.profile, i) for i in reg.items]
    with wf.states_remembered():
        first = [wf.state(reg.profile, i) for i in reg.items]
        again = [wf.state(reg.profile, i) for i in reg.items]
        waits = [wf.wait(reg.profile, i) for i in reg.items]
        item = next(i for i in reg.items if len(i.history) > 2)
        shorter = item.with_history(item.history[:1])  # another object, another history: its own state
        assert wf.state(reg.profile, shorter) == wf._state(reg.profile, shorter) != wf.state(reg.profile, item)
    assert first == fresh and all(a is b for a, b in zip(first, again))
    assert waits == [wf.wait(reg.profile, i) for i in reg.items]
    assert wf.state(reg.profile, reg.items[0]) is not first[0]  # forgotten after the block


def test_a_profiles_digest_is_the_same_in_every_process():
    """What the cache remembers is keyed by the profile's digest: one that varied with the
    process's hash seed (a frozenset's order) would never be found again."""
    code = "from dwgk.profile import available, load_profile; print([load_profile(n).digest for n in available()])"
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in (1, 2, 3)}
    assert len(seen) == 1
