"""The one encrypted file storage: both apps' files, old formats, atomic writes, orphans."""

import base64
import hashlib
import os
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.management import call_command

from ctip.cases import actions as case_actions
from ctip.cases import documents
from ctip.cases.models import DocumentKind
from ctip.core import files
from ctip.intel import evidence
from ctip.intel.models import EvidenceItem

PDF = b"%PDF-1.7\n" + b"statement of the person " * 20


@pytest.fixture
def case(world):
    from ctip.cases.models import Case
    from tests.matrix import FACTORIES

    return Case.objects.get(pk=FACTORIES["case_id"](world))


def test_a_file_is_bound_to_its_name_and_owner(world):
    key = documents.write(PDF, token="a" * 32, case_id=1)
    assert documents.read(token="a" * 32, case_id=1, key=key) == PDF
    with pytest.raises(documents.DocumentError, match="failed authentication"):
        documents.read(token="a" * 32, case_id=2, key=key)  # moved to another case
    storage = Path(settings.MEDIA_ROOT)
    os.replace(storage / "cases" / f"{'a' * 32}.bin", storage / "cases" / f"{'b' * 32}.bin")
    with pytest.raises(documents.DocumentError, match="failed authentication"):
        documents.read(token="b" * 32, case_id=1, key=key)  # renamed


def test_files_written_by_older_versions_are_still_read(world):
    # Case documents: CTIPF1 | nonce | ct, bound to "ctip case document:<token>:<case>".
    key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(12)
    token = "c" * 32
    legacy = (
        b"CTIPF1"
        + nonce
        + AESGCM(key).encrypt(nonce, PDF, f"ctip case document:{token}:7".encode())
    )
    folder = Path(settings.MEDIA_ROOT) / "cases"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{token}.bin").write_bytes(legacy)
    wrapped = base64.b64encode(key).decode()
    assert documents.read(token=token, case_id=7, key=wrapped) == PDF
    # Evidence: nonce | ct, bound to the storage name.
    name = "d" * 32
    blob = nonce + AESGCM(key).encrypt(nonce, PDF, name.encode())
    evidence.storage_dir().mkdir(parents=True, exist_ok=True)
    (evidence.storage_dir() / name).write_bytes(blob)
    item = EvidenceItem(
        storage_name=name, wrapped_key=wrapped, sha256=hashlib.sha256(PDF).hexdigest()
    )
    assert evidence.unseal(item) == PDF


def test_both_apps_write_the_same_format(world):
    documents.write(PDF, token="e" * 32, case_id=1)
    evidence.seal(PDF, "f" * 32)
    case_file = (Path(settings.MEDIA_ROOT) / "cases" / f"{'e' * 32}.bin").read_bytes()
    evidence_file = (evidence.storage_dir() / ("f" * 32)).read_bytes()
    assert case_file.startswith(files.MAGIC)
    assert evidence_file.startswith(files.MAGIC)
    assert PDF not in case_file + evidence_file


def test_a_write_is_atomic_and_never_overwrites(world):
    documents.write(PDF, token="1" * 32, case_id=1)
    folder = Path(settings.MEDIA_ROOT) / "cases"
    assert not list(folder.glob("*.part"))
    assert oct((folder / f"{'1' * 32}.bin").stat().st_mode)[-3:] == "600"
    with pytest.raises(FileExistsError):
        documents.write(PDF, token="1" * 32, case_id=1)


def _age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_the_sweep_removes_files_orphaned_by_a_server_that_died_mid_upload(case, world):
    actor = world.users["case_worker"]
    kept = case_actions.document_add(
        actor=actor,
        case=case,
        data=case_actions.DocumentInput(kind=DocumentKind.OTHER, content=PDF, file_name="a.pdf"),
    )
    # The server wrote the file, then died before the record was committed:
    documents.write(PDF, token="9" * 32, case_id=case.pk)
    evidence.seal(PDF, "8" * 32)
    folder = Path(settings.MEDIA_ROOT)
    orphans = [folder / "cases" / f"{'9' * 32}.bin", evidence.storage_dir() / ("8" * 32)]
    stale_part = folder / "cases" / "x.bin.part"
    stale_part.write_bytes(b"half")
    young = folder / "cases" / f"{'7' * 32}.bin"
    young.write_bytes(b"an upload still finishing")
    for path in [*orphans, stale_part, folder / "cases" / f"{kept.storage_name}.bin"]:
        _age(path, 7200)
    call_command("files", "sweep")
    assert not any(p.exists() for p in [*orphans, stale_part])
    assert young.exists()
    assert documents.read(token=kept.storage_name, case_id=case.pk, key=kept.file_key) == PDF
