"""A restore checks every file of the archive before it touches anything."""

import hashlib
import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from ctip.core import backups
from tests.serving import instance_env


def _archive(path, entries, manifest=None):
    sums = {
        n[len("files/") :]: hashlib.sha256(b).hexdigest()
        for n, b in entries.items()
        if n.startswith("files/")
    }
    manifest = manifest or {
        "format": backups.FORMAT,
        "database": {
            "vendor": "sqlite",
            "name": "database.sqlite3",
            "sha256": hashlib.sha256(entries.get("database.sqlite3", b"")).hexdigest(),
        },
        "files": sums,
        "named": sorted(sums),
    }
    with tarfile.open(path, "w") as tar:
        for name, body in {**entries, backups.MANIFEST: json.dumps(manifest).encode()}.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return manifest


ENTRIES = {
    "database.sqlite3": b"SQLite format 3\x00 a database",
    "files/cases/a.bin": b"CTIPF2 sealed bytes of a document",
    "files/intel/evidence/b": b"CTIPF2 sealed bytes of evidence",
}


def _unpack(source, work):
    with backups.unpacked(source, work) as done:
        return done


def test_a_whole_archive_unpacks(tmp_path):
    _archive(tmp_path / "b.tar", ENTRIES)
    done = _unpack(tmp_path / "b.tar", tmp_path / "work")
    assert done.count == 2
    assert (done.files / "cases" / "a.bin").read_bytes() == ENTRIES["files/cases/a.bin"]


def test_an_altered_file_is_refused(tmp_path):
    manifest = _archive(tmp_path / "good.tar", ENTRIES)
    altered = {**ENTRIES, "files/cases/a.bin": b"CTIPF2 other bytes"}
    _archive(tmp_path / "b.tar", altered, manifest)
    with pytest.raises(backups.BackupError, match="does not match its recorded SHA-256"):
        _unpack(tmp_path / "b.tar", tmp_path / "work")


def test_a_missing_file_is_refused(tmp_path):
    manifest = _archive(tmp_path / "good.tar", ENTRIES)
    lacking = {k: v for k, v in ENTRIES.items() if k != "files/intel/evidence/b"}
    _archive(tmp_path / "b.tar", lacking, manifest)
    with pytest.raises(backups.BackupError, match="lacks 1 files its manifest lists"):
        _unpack(tmp_path / "b.tar", tmp_path / "work")


def test_a_file_dropped_from_the_manifest_too_is_refused(tmp_path):
    manifest = _archive(tmp_path / "good.tar", ENTRIES)
    del manifest["files"]["intel/evidence/b"]
    lacking = {k: v for k, v in ENTRIES.items() if k != "files/intel/evidence/b"}
    _archive(tmp_path / "b.tar", lacking, manifest)
    with pytest.raises(backups.BackupError, match="lacks files that records name"):
        _unpack(tmp_path / "b.tar", tmp_path / "work")


def test_an_entry_outside_the_folder_is_refused(tmp_path):
    _archive(tmp_path / "b.tar", {**ENTRIES, "files/../../escape": b"x"})
    with pytest.raises(backups.BackupError, match="outside its folder"):
        _unpack(tmp_path / "b.tar", tmp_path / "work")
    assert not (tmp_path / "escape").exists()


def _ctip(env, *args, check=True):
    done = subprocess.run(
        [sys.executable, "-m", "ctip", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if check:
        assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.mark.slow
def test_the_server_refuses_to_start_without_its_key(tmp_path: Path) -> None:
    env = instance_env(tmp_path / "var", CTIP_ADMIN_PASSWORD="a long admin passphrase 42")
    _ctip(env, "migrate")
    _ctip(env, "createadmin", "--username", "root")
    secret = (
        "from ctip.core.models import User; u = User.objects.get(); u.totp_secret = 'S'; u.save()"
    )
    _ctip(env, "shell", "-c", secret)
    keys = tmp_path / "var-keys"
    assert (keys / "data.key").is_file()
    assert not (tmp_path / "var" / "data.key").exists()  # apart from the database
    (keys / "data.key").unlink()
    done = _ctip(env, "serve", "--port", "1", "--no-worker", check=False)
    assert done.returncode != 0
    assert "CTIP does not start: The data key file" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (keys / "data.key").exists()  # and no new key was made
