"""A handover list through the API: checked in the request, imported by a job that says
how many rows of how many are through, all or nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ctip.cases import imports
from ctip.cases.models import Case, HandoverImport
from ctip.core.models import Job
from tests.cases.factories import days_ago

pytestmark = pytest.mark.django_db


def _listing(rows: int, *, wrong_every: int = 0) -> bytes:
    lines = ["full_name,birth_date,sex"]
    for n in range(rows):
        birth = "31/02/1990" if wrong_every and n % wrong_every == 0 else "1990-01-02"
        lines.append(f"Nguyễn Văn {n:04d},{birth},nam")
    return ("\n".join(lines) + "\n").encode()


def _send(client, content: bytes, **fields: str):
    upload = SimpleUploadedFile("list.csv", content, content_type="text/csv")
    return client.post(
        "/api/v1/cases/imports",
        {"file": upload, "handover_date": days_ago(1).isoformat(), **fields},
    )


def test_progress_is_heard_in_batches_and_only_goes_forward(world) -> None:
    heard: list[tuple[int, int | None]] = []
    report = imports.handover_import(
        actor=world.users["intake_officer"],
        file_name="list.csv",
        content=_listing(250, wrong_every=50),
        handover_date=days_ago(1),
        progress=lambda done, total: heard.append((done, total)),
    )
    assert len(report.created) == 245
    # Counted; the five refused rows are through once the check is over; then every
    # hundred rows written (of the 245 that passed), and the end.
    assert heard == [(0, 250), (5, 250), (105, 250), (205, 250), (250, 250)]


def test_rows_taken_from_an_earlier_list_are_skipped_by_the_job(world, client_for) -> None:
    client = client_for(world.users["intake_officer"])
    first = client.get(_send(client, _listing(3)).json()["progress_url"]).json()
    assert first["status"] == "done"
    # The same rows again under another name: each row is skipped, nothing duplicated.
    content = _listing(3) + "Trần Thị Lan,1991-01-01,nữ\n".encode()
    again = client.get(_send(client, content).json()["progress_url"]).json()
    assert again["summary"]["skipped"] == [2, 3, 4]
    assert len(again["summary"]["created"]) == 1
    assert Case.objects.count() == 4


@pytest.mark.parametrize(
    ("content", "fields", "field"),
    [
        (_listing(2), {"handover_date": "2999-01-01"}, "handover_date"),
        (b"birth_date,sex\n1990-01-02,nam\n", {}, "file"),
        (b"\xff\xfe\x00garbage", {}, "file"),
        (_listing(imports.MAX_ROWS + 1), {}, "file"),
        (_listing(2), {"exploitation_country": "ZZ"}, "exploitation_country"),
    ],
)
def test_a_list_that_cannot_be_imported_is_refused_in_the_request(
    world, client_for, content, fields, field
) -> None:
    client = client_for(world.users["intake_officer"])
    answer = _send(client, content, **fields)
    assert answer.status_code == 422, answer.content
    assert answer["Content-Type"] == "application/problem+json"
    assert [field] in [e["loc"] for e in answer.json()["errors"]]
    assert Job.objects.count() == 0
    assert HandoverImport.objects.count() == 0


def test_the_job_refuses_a_list_past_the_limit_even_if_queued(world) -> None:
    with pytest.raises(ValidationError) as refused:
        imports.handover_import(
            actor=world.users["intake_officer"],
            file_name="list.csv",
            content=_listing(imports.MAX_ROWS + 1),
            handover_date=days_ago(1),
        )
    assert "file" in refused.value.message_dict
    assert Case.objects.count() == 0
