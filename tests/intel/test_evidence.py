"""Evidence: encrypted at rest, hash-checked, custody-logged, exported as a verifiable zip."""

import datetime as dt
import hashlib
import io
import json
import subprocess
import zipfile

import pytest
from django.core.exceptions import PermissionDenied

from ctip.intel import actions, evidence, selectors
from ctip.intel.models import CustodyEvent, EvidenceItem
from tests.intel.factories import make_evidence

CONTENT = "Tin nhắn: chuyển 50 triệu vào 0011001234567 Vietcombank\n".encode()


def test_stored_encrypted_with_the_plaintext_hash(world):
    item = make_evidence(world, CONTENT)
    assert item.sha256 == hashlib.sha256(CONTENT).hexdigest()
    blob = (evidence.storage_dir() / item.storage_name).read_bytes()
    assert CONTENT not in blob
    assert b"Vietcombank" not in blob
    assert actions.evidence_open(actor=world.users["investigator"], item=item) == CONTENT
    assert [e.action for e in selectors.custody(item)] == ["collected", "accessed"]
    assert evidence.custody_intact(item)


def test_a_link_hashes_what_the_export_documents_so_earlier_chains_still_verify(world):
    """The hash is the README's: SHA-256 of the previous hash, a newline and the canonical
    JSON of the link's body; written here without the platform's chain module."""
    item = make_evidence(world, CONTENT)
    actions.evidence_transfer(
        actor=world.users["investigator"], item=item, to_agency=world.other, note="Niêm phong"
    )
    prev = "0" * 64
    for link in selectors.custody(item):
        body = {
            "seq": link.seq,
            "evidence_sha256": item.sha256,
            "action": link.action,
            "actor": link.actor_label,
            "agency": link.agency.code,
            "to_agency": link.to_agency.code if link.to_agency else "",
            "at": link.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "note": link.note,
        }
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert link.prev_hash == prev
        assert link.hash == hashlib.sha256(f"{prev}\n{canonical}".encode()).hexdigest()
        prev = link.hash
    assert prev != "0" * 64
    assert CustodyEvent.verify(item).checked == 2
    with pytest.raises(PermissionError):
        link.delete()


def test_a_changed_file_is_refused(world):
    item = make_evidence(world, CONTENT)
    path = evidence.storage_dir() / item.storage_name
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 1
    path.write_bytes(bytes(blob))
    with pytest.raises(evidence.EvidenceDamaged):
        actions.evidence_open(actor=world.users["investigator"], item=item)


def test_transfer_moves_custody(world):
    item = make_evidence(world, CONTENT)
    investigator = world.users["investigator"]
    actions.evidence_transfer(actor=investigator, item=item, to_agency=world.other, note="VKS")
    item.refresh_from_db()
    assert item.holder == world.other
    # The new holder sees it; the transfer is in the chain.
    assert selectors.evidence_item(world.other_users["investigator"], item.pk) == item
    assert [e.action for e in selectors.custody(item)] == ["collected", "transferred"]
    assert evidence.custody_intact(item)


def test_a_tampered_custody_log_is_detected(world):
    item = make_evidence(world, CONTENT)
    actions.evidence_open(actor=world.users["investigator"], item=item)
    CustodyEvent.objects.filter(evidence=item, seq=2).update(actor_label="someone-else")
    assert not evidence.custody_intact(item)


def test_a_transfer_read_before_another_cannot_take_the_item_back(world):
    """Two hand-overs of one item at once: the second was read while the first agency
    still held it. It must not move the item out of the agency that now holds it."""
    item = make_evidence(world, CONTENT)
    stale = EvidenceItem.objects.get(pk=item.pk)
    investigator = world.users["investigator"]
    actions.evidence_transfer(actor=investigator, item=item, to_agency=world.other, note="VKS")
    with pytest.raises(PermissionDenied):
        actions.evidence_transfer(actor=investigator, item=stale, to_agency=world.national)
    item.refresh_from_db()
    assert item.holder == world.other
    assert [e.action for e in selectors.custody(item)] == ["collected", "transferred"]
    assert evidence.custody_intact(item)


def test_other_agency_cannot_open(world):
    item = make_evidence(world, CONTENT)
    with pytest.raises(PermissionDenied):
        actions.evidence_open(actor=world.other_users["investigator"], item=item)


def test_package_verifies_with_sha256sum(world, tmp_path):
    item = make_evidence(world, CONTENT)
    actions.evidence_add(
        actor=world.users["investigator"],
        data=actions.EvidenceInput(
            report=item.report,
            filename="../../etc/ảnh chụp.png",
            content=b"\x89PNG fake image",
            media_type="image/png",
        ),
    )
    data = actions.evidence_export(actor=world.users["investigator"], report=item.report)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert {"SHA256SUMS", "manifest.json", "custody.json", "README.txt"} <= set(names)
        assert all(not n.startswith(("/", "..")) and "/../" not in n for n in names)
        archive.extractall(tmp_path)
    check = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count(": OK") == 2
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert next(i["sha256"] for i in manifest["items"]) == item.sha256
    custody = json.loads((tmp_path / "custody.json").read_text())
    assert [e["action"] for e in custody[item.reference]] == ["collected", "exported"]
    assert evidence.custody_intact(item)
