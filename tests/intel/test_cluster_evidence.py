"""Evidence attached to a network: kept with one of its linking indicators, so it stays
with the network through merges (incremental) and full rebuilds, where cluster ids
change; the same encryption, hash, custody log and package as a report's evidence."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from ctip.core.models import AuditEvent
from ctip.intel import actions, evidence, selectors
from ctip.intel.actions import IndicatorInput
from ctip.intel.models import Cluster, EvidenceItem, Report
from tests.intel.factories import make_report

CHAT = "Tin nhắn Telegram: 'chuyển 30 triệu để chuộc người'\n".encode()
PHONE_A = IndicatorInput("phone", "0912345678")
PHONE_B = IndicatorInput("phone", "0912000111")


def _add(actor, cluster, content=CHAT, name="telegram.txt"):
    return actions.evidence_add(
        actor=actor,
        data=actions.EvidenceInput(
            cluster=cluster,
            filename=name,
            content=content,
            media_type="text/plain",
            description="Tin nhắn đòi tiền chuộc",
        ),
    )


def _cluster_of(report: Report) -> Cluster:
    report.refresh_from_db()
    return Cluster.objects.get(pk=report.cluster_id)


def test_evidence_of_a_network_is_anchored_encrypted_and_logged(world, investigator):
    first = make_report(investigator, PHONE_A)
    make_report(investigator, PHONE_A, IndicatorInput("name", "Công ty TNHH Việt Đức"))
    cluster = _cluster_of(first)
    item = _add(investigator, cluster)
    assert item.report is None
    assert item.indicator.ref == "phone:+84912345678"
    assert (evidence.storage_dir() / item.storage_name).read_bytes().find(CHAT) == -1
    assert evidence.unseal(item) == CHAT
    assert [e.action for e in item.custody.all()] == ["collected"]
    event = AuditEvent.objects.get(event_type="EVIDENCE_COLLECTED")
    assert event.data["cluster"] == cluster.pk
    assert list(selectors.cluster_evidence(investigator, cluster)) == [item]


def test_it_survives_merges_and_full_rebuilds(world, investigator):
    one = make_report(investigator, PHONE_A)
    two = make_report(investigator, PHONE_B)
    on_one = _add(investigator, _cluster_of(one), name="one.txt")
    on_two = _add(investigator, _cluster_of(two), name="two.txt")
    old_ids = {_cluster_of(one).pk, _cluster_of(two).pk}
    # A third report naming both numbers merges the networks (incremental update).
    make_report(investigator, PHONE_A, PHONE_B)
    merged = _cluster_of(one)
    assert merged.pk == _cluster_of(two).pk
    # At least one old id is gone (both, when the new report's ref is the smallest).
    assert not Cluster.objects.filter(pk__in=old_ids - {merged.pk}).exists()
    assert old_ids - {merged.pk}
    assert set(selectors.cluster_evidence(investigator, merged)) == {on_one, on_two}
    # A full rebuild deletes and rewrites every cluster.
    Cluster.objects.filter(pk=merged.pk).update(id="c-stale")  # ids may change on rebuild
    actions.clusters_rebuild(actor=None)
    rebuilt = _cluster_of(one)
    assert rebuilt.pk == merged.pk
    assert set(selectors.cluster_evidence(investigator, rebuilt)) == {on_one, on_two}
    assert EvidenceItem.objects.count() == 2
    assert evidence.custody_intact(on_one)
    assert evidence.custody_intact(on_two)


def test_a_network_without_a_linking_indicator_is_refused(world, investigator):
    report = make_report(investigator, IndicatorInput("name", "Công ty TNHH Việt Đức"))
    with pytest.raises(ValidationError):
        _add(investigator, _cluster_of(report))
    assert EvidenceItem.objects.count() == 0


def test_exactly_one_of_report_and_network(world, investigator):
    report = make_report(investigator, PHONE_A)
    cluster = _cluster_of(report)
    for extra in ({}, {"report": report, "cluster": cluster}):
        with pytest.raises(ValidationError):
            actions.evidence_add(
                actor=investigator, data=actions.EvidenceInput(filename="x", content=b"x", **extra)
            )
    item = _add(investigator, cluster)
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceItem.objects.filter(pk=item.pk).update(report=report)
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceItem.objects.filter(pk=item.pk).update(indicator=None)


def test_other_agencies_cannot_attach_or_export(world, investigator):
    cluster = _cluster_of(make_report(investigator, PHONE_A))
    _add(investigator, cluster)
    other = world.other_users["investigator"]
    with pytest.raises(PermissionDenied):
        _add(other, cluster)
    with pytest.raises(PermissionDenied):
        actions.evidence_export(actor=other, cluster=cluster)
    with pytest.raises(PermissionDenied):
        _add(world.users["analyst"], cluster)


def test_the_network_package_verifies_with_sha256sum(world, investigator, tmp_path):
    report = make_report(investigator, PHONE_A)
    make_report(investigator, PHONE_A)
    cluster = _cluster_of(report)
    on_network = _add(investigator, cluster)
    on_report = actions.evidence_add(
        actor=investigator,
        data=actions.EvidenceInput(report=report, filename="bank.pdf", content=b"%PDF statement"),
    )
    data = actions.evidence_export(actor=investigator, cluster=cluster)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(tmp_path)
    check = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path, capture_output=True, text=True
    )
    assert check.returncode == 0
    assert check.stdout.count(": OK") == 2
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["package"] == cluster.pk
    by_ref = {i["reference"]: i for i in manifest["items"]}
    assert by_ref[on_network.reference]["network_indicator"] == "phone:+84912345678"
    assert by_ref[on_report.reference]["report"] == report.reference
    assert [e.action for e in on_network.custody.all()] == ["collected", "exported"]
    empty = _cluster_of(make_report(investigator, PHONE_B))
    with pytest.raises(ValidationError):
        actions.evidence_export(actor=investigator, cluster=empty)


def test_cluster_page_upload_message_list_and_package(world, client_for, investigator):
    report = make_report(investigator, PHONE_A)
    cluster = _cluster_of(report)
    client = client_for(investigator)
    upload = io.BytesIO(b"screenshot bytes")
    upload.name = "chat.png"
    url = f"/intel/clusters/{cluster.pk}/evidence/"
    assert client.post(url, {"file": upload, "description": "Zalo"}).status_code == 302
    assert client.post(url, {"message": "Chuyển tiền ngay", "description": ""}).status_code == 302
    nothing = client.post(url, {"description": "no file"}, follow=True)
    assert "Chọn tệp" in nothing.content.decode() or "Choose a file" in nothing.content.decode()
    items = list(EvidenceItem.objects.order_by("pk"))
    assert [i.filename for i in items] == ["chat.png", "captured-message.txt"]
    assert evidence.unseal(items[1]) == "Chuyển tiền ngay".encode()
    page = client.get(f"/intel/clusters/{cluster.pk}/").content.decode()
    assert items[0].sha256 in page
    assert page.count('data-testid="cluster-evidence"') == 1
    title = page[page.index("<title>") : page.index("</title>")]
    # Named by its indicators; the hash stays the reference on the page.
    assert "+84 912 345 678" in title
    assert cluster.pk in page
    assert "<section" not in title
    detail = client.get(f"/intel/evidence/{items[0].pk}/").content.decode()
    assert 'data-testid="evidence-network"' in detail
    assert cluster.pk in detail
    package = client.post(f"/intel/clusters/{cluster.pk}/package/")
    assert package["Content-Type"] == "application/zip"
    other = client_for(world.other_users["investigator"])
    assert other.post(url, {"message": "x"}).status_code == 404
    assert other.post(f"/intel/clusters/{cluster.pk}/package/").status_code == 404
