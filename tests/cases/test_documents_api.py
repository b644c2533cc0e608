"""Attachments through the API: multipart upload (checked, encrypted, in memory only),
list, audited download, problem+json for bad input."""

from django.core.files.uploadedfile import SimpleUploadedFile

from ctip.cases import documents
from ctip.cases.models import CaseDocument
from ctip.core.models import AuditEvent
from tests.cases.factories import PNG

PDF = b"%PDF-1.7\n" + b"scanned passport" * 10


def _upload(client, case, content, *, kind="identity", name="passport.pdf", **extra):
    data = {"kind": kind, "title": "Hộ chiếu của An", **extra}
    if content is not None:
        data["file"] = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(f"/api/v1/cases/{case.pk}/documents", data)


def test_upload_list_and_download(world, client_for, case, worker):
    client = client_for(worker)
    created = _upload(client, case, PDF)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["content_type"] == "application/pdf"
    assert body["size"] == len(PDF)
    assert body["title"] == "Hộ chiếu của An"
    stored = CaseDocument.objects.get(pk=body["id"])
    # Encrypted on disk: the clear content is nowhere in the sealed file.
    sealed = (documents._folder() / f"{stored.storage_name}.bin").read_bytes()
    assert b"scanned passport" not in sealed
    assert AuditEvent.objects.filter(event_type="DOCUMENT_ADDED").count() == 1

    listed = client.get(f"/api/v1/cases/{case.pk}/documents")
    assert listed.status_code == 200
    assert [d["id"] for d in listed.json()] == [stored.pk]

    download = client.get(body["download"])
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Disposition"] == (
        f'attachment; filename="{case.reference}-identity-{stored.pk}.pdf"'
    )
    assert "no-store" in download["Cache-Control"]
    assert AuditEvent.objects.filter(
        event_type="DOCUMENT_DOWNLOADED", target_id=str(stored.pk)
    ).exists()


def test_bad_uploads_are_clear_errors_and_write_nothing(world, client_for, case, worker):
    client = client_for(worker)
    files_before = set(documents._folder().glob("*"))
    for content, kind in [
        (None, "identity"),
        (b"", "identity"),
        (b"MZ\x90\x00 an executable", "identity"),
        (PDF, "photo"),
        (PNG, "weapon"),
    ]:
        response = _upload(client, case, content, kind=kind)
        assert response.status_code == 422, (kind, response.content)
        assert response["Content-Type"] == "application/problem+json"
    too_big = _upload(client, case, PDF + b"x" * documents.MAX_BYTES)
    assert too_big.status_code == 413
    assert too_big["Content-Type"] == "application/problem+json"
    assert not CaseDocument.objects.exists()
    assert set(documents._folder().glob("*")) == files_before


def test_other_agency_and_sensitive_documents(world, client_for, case, worker):
    medical = _upload(client_for(worker), case, PDF, kind="medical").json()
    other = client_for(world.other_users["case_worker"])
    assert _upload(other, case, PDF).status_code == 404
    assert other.get(medical["download"]).status_code == 404
    assert other.get(f"/api/v1/cases/{case.pk}/documents").status_code == 404
    investigator = client_for(world.users["investigator"])
    listed = investigator.get(f"/api/v1/cases/{case.pk}/documents").json()
    assert listed[0]["title"] == ""
    assert listed[0]["sensitive"] is True
    refused = investigator.get(medical["download"])
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"


def test_tampered_file_is_a_problem_not_a_crash(world, client_for, case, worker):
    client = client_for(worker)
    body = _upload(client, case, PDF).json()
    stored = CaseDocument.objects.get(pk=body["id"])
    (documents._folder() / f"{stored.storage_name}.bin").write_bytes(b"CTIPF1" + b"\x00" * 40)
    response = client.get(body["download"])
    assert response.status_code == 410
    assert response["Content-Type"] == "application/problem+json"


def test_uploads_never_touch_the_temporary_folder(world, client_for, case, worker, monkeypatch):
    from django.core.files import uploadhandler

    def refuse(*args, **kwargs):
        raise AssertionError("an upload was spooled to disk")

    monkeypatch.setattr(uploadhandler.TemporaryFileUploadHandler, "new_file", refuse)
    monkeypatch.setattr(uploadhandler.MemoryFileUploadHandler, "new_file", refuse)
    big = PDF + b"x" * (5 * 2**20)  # over Django's in-memory limit of 2.5 MB
    assert _upload(client_for(worker), case, big).status_code == 201
