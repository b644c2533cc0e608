"""Encrypted attachments: stored sealed, downloaded with permission and audit, bad files
refused as form errors."""

import io
from pathlib import Path

from django.conf import settings

from ctip.cases import documents
from ctip.cases.models import CaseDocument
from ctip.core.models import AuditEvent
from tests.cases.factories import PNG, make_document

PDF = b"%PDF-1.7\n" + "Biên bản phỏng vấn Nguyễn Văn An".encode() + b"\n%%EOF"


def _file(content: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def _stored(document: CaseDocument) -> Path:
    return Path(settings.MEDIA_ROOT) / "cases" / f"{document.storage_name}.bin"


def test_upload_is_encrypted_on_disk_and_on_the_timeline(world, client_for, case):
    client = client_for(world.users["case_worker"])
    response = client.post(
        f"/cases/{case.pk}/documents/",
        {"kind": "legal", "title": "Biên bản bàn giao", "file": _file(PDF, "bien-ban.pdf")},
        follow=True,
    )
    assert response.status_code == 200
    document = CaseDocument.objects.get()
    sealed = _stored(document).read_bytes()
    assert sealed.startswith(b"CTIPF2")
    assert b"PDF" not in sealed
    assert "Nguyễn".encode() not in sealed
    assert _stored(document).stat().st_mode & 0o077 == 0
    assert document.content_type == "application/pdf"
    page = response.content.decode()
    assert "Biên bản bàn giao" in page
    assert "Đính kèm tài liệu" in page  # the timeline in words
    assert "DOCUMENT_ADDED" not in page


def test_download_is_audited_and_scoped(world, client_for):
    document = make_document(world, kind="legal", content=PDF)
    download = client_for(world.users["case_worker"]).get(f"/cases/documents/{document.pk}/")
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "Nguy" not in download["Content-Disposition"]
    assert AuditEvent.objects.filter(event_type="DOCUMENT_DOWNLOADED").count() == 1
    outsider = client_for(world.other_users["case_worker"])
    assert outsider.get(f"/cases/documents/{document.pk}/").status_code == 404


def test_medical_records_need_the_sensitive_permission(world, client_for):
    document = make_document(world, kind="medical", content=PDF)
    assert (
        client_for(world.users["intake_officer"])
        .get(f"/cases/documents/{document.pk}/")
        .status_code
        == 403
    )
    assert not AuditEvent.objects.filter(event_type="DOCUMENT_DOWNLOADED").exists()
    assert (
        client_for(world.users["supervisor"]).get(f"/cases/documents/{document.pk}/").content == PDF
    )


def test_bad_files_are_form_errors(world, client_for, case, monkeypatch):
    client = client_for(world.users["case_worker"])
    url = f"/cases/{case.pk}/documents/"
    folder = Path(settings.MEDIA_ROOT) / "cases"
    before = set(folder.glob("*"))
    for kind, content, name in (
        ("legal", b"", "empty.pdf"),
        ("legal", b"MZ\x90\x00 not a pdf", "report.pdf"),
        ("photo", PDF, "photo.jpg"),
        ("x-ray", PNG, "a.png"),
    ):
        response = client.post(url, {"kind": kind, "file": _file(content, name)}, follow=True)
        assert response.status_code == 200
    assert client.post(url, {"kind": "photo"}, follow=True).status_code == 200
    monkeypatch.setattr(documents, "MAX_BYTES", 64)
    big = client.post(url, {"kind": "photo", "file": _file(PNG * 10, "big.png")}, follow=True)
    assert big.status_code == 200
    assert not CaseDocument.objects.exists()
    assert set(folder.glob("*")) == before


def test_a_tampered_or_moved_file_is_refused_not_a_500(world, client_for):
    first = make_document(world)
    second = make_document(world)
    client = client_for(world.users["case_worker"])
    # The second file copied over the first: its key and case do not match.
    _stored(first).write_bytes(_stored(second).read_bytes())
    response = client.get(f"/cases/documents/{first.pk}/")
    assert response.status_code == 302
    _stored(second).unlink()
    assert client.get(f"/cases/documents/{second.pk}/").status_code == 302
    assert not AuditEvent.objects.filter(event_type="DOCUMENT_DOWNLOADED").exists()
