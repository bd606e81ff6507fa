"""Uploads, re-index and remove behind the documents tab; originals behind citations."""
import pytest

from assistant.document_service import DocumentService, safe_upload_name


def test_upload_names_cannot_escape_the_uploads_folder():
    assert safe_upload_name("../../etc/報告書.pdf") == "報告書.pdf"
    assert safe_upload_name("C:\\Users\\x\\plan.txt") == "plan.txt"
    for bad in ("..", ".hidden.pdf", "a\x00b.pdf", "notes.exe", "dir/"):
        with pytest.raises(ValueError):
            safe_upload_name(bad)


def test_upload_traversal_name_lands_inside_uploads(fixture_service, settings, tmp_path):
    docs = DocumentService(settings, fixture_service.index)
    src = tmp_path / "x.md"
    src.write_text("# 追加\n\n第9章 資料\n\n商店街の空き店舗に家賃補助を始めました。\n", encoding="utf-8")
    msg = docs.add_uploads([str(src)], names=["../../outside.md"])
    assert "OK outside.md: indexed" in msg
    assert (docs.uploads / "outside.md").is_file()
    assert not (settings.home.parent / "outside.md").exists()
    assert "outside.md" in [d["source"] for d in docs.list()]


def test_bad_uploads_are_reported_and_good_ones_indexed(fixture_service, settings, tmp_path):
    docs = DocumentService(settings, fixture_service.index)
    before = fixture_service.index.chroma.count()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ")
    good = tmp_path / "good.txt"
    good.write_text("商店街の空き店舗対策として家賃補助を始めました。\n", encoding="utf-8")
    msg = docs.add_uploads([str(empty), str(exe), str(good)])
    assert "ERROR empty.txt" in msg and "empty" in msg
    assert "ERROR tool.exe" in msg and "unsupported" in msg
    assert "OK good.txt: indexed" in msg
    assert fixture_service.index.chroma.count() > before


def test_remove_keeps_user_files_and_reindex_reports_missing(fixture_service, settings, tmp_path):
    docs = DocumentService(settings, fixture_service.index)
    own = tmp_path / "own.txt"
    own.write_text("観光案内所を新設しました。\n", encoding="utf-8")
    fixture_service.index.ingest([own])
    assert "OK own.txt: removed" in docs.remove("own.txt")
    assert own.exists()  # the user's own file is never deleted
    fixture_service.index.ingest([own])
    own.unlink()
    msg = docs.reindex("own.txt")
    assert "no longer" in msg and "own.txt" in [d["source"] for d in docs.list()]
    assert "not in the index" in docs.remove("nope.txt")
