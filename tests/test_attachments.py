"""Attachments (issue 13): copied into the register with their SHA-256, covered by approval,
scanned (.txt, .docx, the text layer of .pdf), checked, published with the item in the
reading room — and every refusal leaves the register as it was."""

from __future__ import annotations

import hashlib
import subprocess

import pytest

from conftest import snapshot
from dwgk import journal, writer
from dwgk.items.attachments import text_of

ID_NUMBER = "11010519491231002X"
DIGIT_ID = "110105199003071239"  # 身份证号 whose check digit is a digit (for an ASCII-only PDF)


def docx_bytes(tmp_path, text: str) -> bytes:
    import docx
    d = docx.Document()
    d.add_paragraph("录用人员名单")
    t = d.add_table(rows=1, cols=2)
    t.rows[0].cells[0].text, t.rows[0].cells[1].text = "张三", text
    path = tmp_path / "made.docx"
    d.save(path)
    return path.read_bytes()


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF whose text layer holds ``text`` (ASCII, Helvetica)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def submit(run, reg, content="名单见附件。", scope="向社会公开"):
    r = run("submit", "--entry", "Z02", "--title", "录用人员名单", "--scope", scope, "--content", content,
            "--by", "张三", "--date", "2026-11-02", *(["--channel", "书面告知"] if scope != "向社会公开" else []),
            cwd=reg)
    assert r.exit_code == 0, r
    return r.stdout.strip()


def approve(run, reg, iid, secrecy="可以公开", *extra):
    assert run("review", iid, "--step", "保密审查", "--result", secrecy, *extra, "--by", "李四", "--date", "2026-11-03",
               cwd=reg).exit_code == 0
    for step in ("审核", "审批"):
        assert run("review", iid, "--step", step, "--result", "同意", "--by", "王五", "--date", "2026-11-04",
                   cwd=reg).exit_code == 0


@pytest.fixture
def with_files(run, reg, tmp_path):
    iid = submit(run, reg)
    files = tmp_path / "files"
    files.mkdir()
    (files / "说明.txt").write_text("联系人：李四\n", encoding="utf-8")
    (files / "名单.docx").write_bytes(docx_bytes(tmp_path, "身份证 " + ID_NUMBER))
    return reg, iid, files


def test_attach_copies_records_and_commits(with_files, run):
    reg, iid, files = with_files
    r = run("attach", iid, files / "说明.txt", files / "名单.docx", "--by", "张三", "--date", "2026-11-02", cwd=reg)
    assert r.exit_code == 0, r
    for name in ("说明.txt", "名单.docx"):
        copy = reg / "attachments" / iid / name
        assert copy.read_bytes() == (files / name).read_bytes()
    item = next(reg.glob(f"items/*/{iid}.yaml")).read_text(encoding="utf-8")
    assert hashlib.sha256((files / "名单.docx").read_bytes()).hexdigest() in item
    shown = run("show", iid, cwd=reg).stdout
    assert "附件：说明.txt" in shown and "附件：名单.docx" in shown
    status = subprocess.run(["git", "-C", str(reg), "status", "--porcelain"], capture_output=True, text=True).stdout
    assert status == ""  # the files and the item file in one commit
    log = subprocess.run(["git", "-C", str(reg), "show", "--stat", "--format=%s", "HEAD"], capture_output=True,
                         text=True).stdout
    assert "添加附件" in log and "名单.docx" in log and iid in log
    assert run("check", cwd=reg).exit_code == 0


def test_the_scan_reads_docx_txt_and_pdf_and_publish_refuses_a_public_channel(with_files, run, tmp_path):
    reg, iid, files = with_files
    (files / "表.pdf").write_bytes(pdf_bytes("ID " + DIGIT_ID))
    assert text_of("表.pdf", (files / "表.pdf").read_bytes()).strip().endswith(DIGIT_ID)
    assert run("attach", iid, files / "名单.docx", files / "表.pdf", "--by", "张三", "--date", "2026-11-02",
               cwd=reg).exit_code == 0
    r = run("scan", iid, "--format", "json", cwd=reg)
    assert r.exit_code == 1
    where = {f["where"] for f in __import__("json").loads(r.stdout)["findings"]}
    assert where == {f"{iid} 附件《名单.docx》", f"{iid} 附件《表.pdf》"}
    assert ID_NUMBER not in r.stdout and DIGIT_ID not in r.stdout  # masked
    approve(run, reg, iid)
    before = snapshot(reg)
    r = run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-06", cwd=reg)
    assert r.exit_code != 0 and "P001" in r.stderr and "附件《名单.docx》" in r.stderr
    assert snapshot(reg) == before
    r = run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-06",
            "--accept-finding", "身份证号=本人书面同意公开", cwd=reg)
    assert r.exit_code == 0, r


def test_an_unreadable_attachment_is_a_finding_of_its_own(with_files, run):
    reg, iid, files = with_files
    (files / "图.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert run("attach", iid, files / "图.png", "--by", "张三", "--date", "2026-11-02", cwd=reg).exit_code == 0
    r = run("scan", iid, cwd=reg)
    assert r.exit_code == 1 and "无法读取" in r.stdout and "附件《图.png》" in r.stdout
    # the binary file came through the journal and the writer byte for byte
    assert (reg / "attachments" / iid / "图.png").read_bytes() == (files / "图.png").read_bytes()


def test_changing_an_attachment_after_approval_is_reported_and_never_published(with_files, run, tmp_path):
    reg, iid, files = with_files
    assert run("attach", iid, files / "说明.txt", "--public-name", "联系人说明", "--by", "张三", "--date", "2026-11-02",
               cwd=reg).exit_code == 0
    approve(run, reg, iid)
    assert run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-06", cwd=reg).exit_code == 0
    out = tmp_path / "site"
    assert run("site", "build", out, cwd=reg).exit_code == 0
    page = (out / "items" / f"{iid}.html").read_text(encoding="utf-8")
    assert "联系人说明" in page and (out / "files" / iid / "说明.txt").read_text(encoding="utf-8") == "联系人：李四\n"
    (reg / "attachments" / iid / "说明.txt").write_text("联系人：李四，手机 13812345678\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(reg), "commit", "-qam", "换了附件"], check=True)
    r = run("check", "--format", "json", cwd=reg)
    assert '"I047"' in r.stdout
    r = run("site", "build", out, cwd=reg)
    assert r.exit_code == 0 and "I047" in r.stderr
    assert not (out / "files").exists() and "13812345678" not in (out / "items" / f"{iid}.html").read_text("utf-8")


def test_a_partly_public_items_attachments_stay_out_of_the_site(run, reg, tmp_path):
    iid = submit(run, reg, content=f"张三（身份证 {ID_NUMBER}）录用。")
    (tmp_path / "a.txt").write_text("附件正文", encoding="utf-8")
    assert run("attach", iid, tmp_path / "a.txt", "--by", "张三", "--date", "2026-11-02", cwd=reg).exit_code == 0
    approve(run, reg, iid, "部分公开", "--redact", f"（身份证 {ID_NUMBER}）", "--exemption", "个人隐私")
    assert run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-06", cwd=reg).exit_code == 0
    out = tmp_path / "site"
    r = run("site", "build", out, cwd=reg)
    assert r.exit_code == 0 and "部分公开" in r.stderr
    assert not (out / "files").exists()


@pytest.mark.parametrize("case", ["decided", "published", "unknown", "same-name", "missing-file", "folder",
                                  "two-with-one-name"])
def test_refusals_change_nothing(with_files, run, tmp_path, case):
    reg, iid, files = with_files
    assert run("attach", iid, files / "说明.txt", "--by", "张三", "--date", "2026-11-02", cwd=reg).exit_code == 0
    if case in ("decided", "published"):
        approve(run, reg, iid)
    if case == "published":
        assert run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-06",
                   cwd=reg).exit_code == 0
    argv = {"decided": ["attach", iid, files / "名单.docx"], "published": ["detach", iid, "说明.txt"],
            "unknown": ["detach", iid, "没有.docx"], "same-name": ["attach", iid, files / "说明.txt"],
            "missing-file": ["attach", iid, files / "没有.txt"], "folder": ["attach", iid, files],
            "two-with-one-name": ["attach", iid, files / "名单.docx", files / "说明.txt", "--public-name", "名单"]}[case]
    before = snapshot(reg)
    r = run(*argv, "--by", "张三", cwd=reg)
    code = {"decided": "I048", "published": "I048", "unknown": "I049", "same-name": "I049", "missing-file": "I050",
            "folder": "I050", "two-with-one-name": "I049"}[case]
    assert r.exit_code != 0 and code in r.stderr, r
    assert "Traceback" not in r.stderr
    assert snapshot(reg) == before


def test_detach_before_review_removes_file_and_entry(with_files, run):
    reg, iid, files = with_files
    assert run("attach", iid, files / "说明.txt", "--by", "张三", "--date", "2026-11-02", cwd=reg).exit_code == 0
    r = run("detach", iid, "说明.txt", "--by", "张三", "--date", "2026-11-02", cwd=reg)
    assert r.exit_code == 0, r
    assert not (reg / "attachments" / iid / "说明.txt").exists()
    assert "attachments" not in next(reg.glob(f"items/*/{iid}.yaml")).read_text(encoding="utf-8")
    assert subprocess.run(["git", "-C", str(reg), "status", "--porcelain"], capture_output=True,
                          text=True).stdout == ""


def test_an_interrupted_binary_write_is_completed_from_the_journal(reg):
    """The journal holds a binary file (as surrogate-escaped text, escaped in its JSON): a
    command killed after writing it and before the item file and the commit is completed, the
    binary file recognised byte for byte."""
    from dwgk import safefs
    data = bytes(range(256)) * 4
    held = data.decode("utf-8", "surrogateescape")  # as Transaction.write_bytes stages it
    rel, other = "attachments/GK-2026-000001/x.bin", "attachments/GK-2026-000001/说明.txt"
    intent = journal.Intent("添加附件 x.bin", "张三", True, writer.head(reg), {rel: None, other: None},
                            {rel: held, other: "说明\n"})
    journal.record(reg, intent)
    assert journal.load(reg).new[rel] == held
    safefs.write_atomic(reg, rel, data)  # killed here
    outcome = writer.recover(reg)
    assert outcome is not None and outcome.action == "completed", outcome
    assert (reg / rel).read_bytes() == data and (reg / other).read_text(encoding="utf-8") == "说明\n"
    assert not journal.pending(reg)
    shown = subprocess.run(["git", "-C", str(reg), "show", f"HEAD:{rel}"], capture_output=True).stdout
    assert shown == data
