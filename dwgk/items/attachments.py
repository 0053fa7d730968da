"""An item's attachments on disk: ``attachments/<ID>/<file>``, each recorded in the item with
its size and SHA-256 (``Attachment``), so approval covers exactly these bytes.

What the scan reads of them: plain text (UTF-8, else GBK), the paragraphs and tables of a
.docx, the text layer of a .pdf. Any other file, or one that cannot be read, is a finding of
its own (``detectors.UNREADABLE``): a person must look at it before it goes out.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from dwgk import safefs
from dwgk.detectors import UNREADABLE, Finding, scan
from dwgk.items.model import Attachment, Item

FOLDER = "attachments"
MAX_BYTES = safefs.MAX_BYTES  # like every other register file: what a shared register may hold
TEXT = (".txt", ".md", ".csv")


def rel_path(item_id: str, file: str) -> str:
    return f"{FOLDER}/{item_id}/{file}"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Problem:
    attachment: Attachment
    what: str  # "missing" | "changed" | "unreadable"
    detail: str = ""


def read(root: str | Path, item: Item, a: Attachment) -> bytes | Problem:
    """The attachment's bytes as recorded, or what is wrong with the file."""
    try:
        data = safefs.read_bytes_in(root, rel_path(item.id, a.file), MAX_BYTES)
    except safefs.Missing:
        return Problem(a, "missing")
    except (safefs.Unsafe, OSError) as e:
        return Problem(a, "unreadable", getattr(e, "message", str(e)))
    if a.sha256 and digest(data) != a.sha256:
        return Problem(a, "changed")
    return data


def problems(root: str | Path, item: Item) -> list[Problem]:
    """Attachments recorded with a hash whose file is missing, unreadable or not those bytes."""
    return [got for a in item.attachments if a.sha256 and isinstance(got := read(root, item, a), Problem)]


def text_of(file: str, data: bytes) -> str | None:
    """The text a reader sees in the file, or None when dwgk cannot read it."""
    suffix = Path(file).suffix.lower()
    try:
        if suffix in TEXT:
            try:
                return data.decode("utf-8-sig")
            except UnicodeDecodeError:
                return data.decode("gbk")
        if suffix == ".docx":
            import docx
            doc = docx.Document(io.BytesIO(data))
            cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
            return "\n".join([p.text for p in doc.paragraphs] + cells)
        if suffix == ".pdf":
            import pypdf
            return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    except Exception:  # a damaged or disguised file: unreadable is a finding, never a crash
        return None
    return None


def findings(root: str | Path, item: Item) -> list[Finding]:
    """The scan of every attachment kept in the register: what its text holds, or that it
    cannot be read. One only named (no file, no hash) is not in the register: nothing to scan,
    and nothing dwgk publishes."""
    return [f for a in item.attachments if a.sha256 for f in scan_one(a, read(root, item, a))]


def scan_one(a: Attachment, data: bytes | Problem) -> list[Finding]:
    """The scan of one attachment read (``read``)."""
    where = f"附件《{a.shown}》"
    text = text_of(a.file, data) if isinstance(data, bytes) else None
    if text is None:
        why = ("文件缺失或已被改动" if isinstance(data, Problem) else
               "dwgk 读不出其中的文字（只读取 .txt、.docx 和 .pdf 的文字层）")
        return [Finding(UNREADABLE, where, 1, 1, why)]
    return scan(text, where)
