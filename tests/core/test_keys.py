"""A missing or wrong key stops CTIP with a clear message; only a fresh install gets keys."""

import base64

import pytest
from django.db import connection
from django.test import Client

from ctip.core import audit, crypto, keys, views


@pytest.fixture
def key_files(settings, tmp_path):
    """Keys read from files in ``tmp_path/keys`` (the embedded mode), caches reset."""
    settings.CTIP_DATA_KEY_FILE = tmp_path / "keys" / "data.key"
    settings.CTIP_AUDIT_KEY_FILE = tmp_path / "keys" / "audit.key"
    settings.CTIP_LEGACY_KEY_DIR = tmp_path / "var"

    def reset():
        crypto.reset_keyring_cache()
        audit.audit_key.cache_clear()
        views._keys_checked = False

    reset()
    yield settings
    reset()


def _use_files(settings):
    """Write the keys the world was created under into files, then read only those."""
    settings.CTIP_DATA_KEY_FILE.parent.mkdir(mode=0o700)
    settings.CTIP_DATA_KEY_FILE.write_text(settings.CTIP_DATA_KEY + "\n")
    settings.CTIP_AUDIT_KEY_FILE.write_text(settings.CTIP_AUDIT_KEY + "\n")
    settings.CTIP_DATA_KEY = ""
    settings.CTIP_AUDIT_KEY = ""


def test_a_missing_data_key_stops_everything_and_no_new_key_is_made(world, key_files):
    _use_files(key_files)
    person = world.users["supervisor"]
    person.totp_secret = "STOREDUNDERTHEKEY"
    person.save()
    keys.check_keys()
    key_files.CTIP_DATA_KEY_FILE.unlink()
    crypto.reset_keyring_cache()
    with pytest.raises(crypto.MissingKey, match="is missing, but the database already holds"):
        keys.check_keys()
    assert not key_files.CTIP_DATA_KEY_FILE.exists()
    health = Client().get("/healthz")
    assert health.status_code == 503
    assert health.json()["status"] == "error"
    assert "data key file" in health.json()["detail"]
    user = world.users["case_worker"]
    user.totp_secret = "NEWSECRET"
    with pytest.raises(crypto.MissingKey):
        user.save()  # nothing is written under a new key
    assert not key_files.CTIP_DATA_KEY_FILE.exists()


def test_a_missing_audit_key_stops_everything(world, key_files):
    _use_files(key_files)
    key_files.CTIP_AUDIT_KEY_FILE.unlink()
    with pytest.raises(crypto.MissingKey, match="audit key file"):
        keys.check_keys()
    assert not key_files.CTIP_AUDIT_KEY_FILE.exists()


def test_a_wrong_data_key_stops_everything(world, key_files):
    user = world.users["case_worker"]
    user.totp_secret = "WRITTENUNDERT1"
    user.save()
    key_files.CTIP_DATA_KEY = "t2:" + base64.b64encode(b"k" * 32).decode()
    crypto.reset_keyring_cache()
    with pytest.raises(keys.WrongKey, match="does not open the stored data"):
        keys.check_keys()
    assert Client().get("/healthz").status_code == 503


def test_a_wrong_audit_key_stops_everything(world, key_files):
    key_files.CTIP_AUDIT_KEY = base64.b64encode(b"a" * 32).decode()
    audit.audit_key.cache_clear()
    with pytest.raises(keys.WrongKey, match="audit key does not match"):
        keys.check_keys()


def test_a_fresh_install_gets_its_keys_apart_from_the_database(db, key_files):
    # The test database holds the shared world; this test's transaction, rolled back at
    # its end, empties what makes an instance "not fresh": its audit trail.
    with connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent")
    key_files.CTIP_DATA_KEY = ""
    key_files.CTIP_AUDIT_KEY = ""
    keys.check_keys()
    assert key_files.CTIP_DATA_KEY_FILE.is_file()
    assert key_files.CTIP_AUDIT_KEY_FILE.is_file()
    assert Client().get("/healthz").json() == {"status": "ok"}


def test_key_files_beside_the_database_move_to_the_keys_folder(world, key_files):
    legacy = key_files.CTIP_LEGACY_KEY_DIR
    legacy.mkdir()
    (legacy / "data.key").write_text(key_files.CTIP_DATA_KEY + "\n")
    key_files.CTIP_DATA_KEY = ""
    keys.check_keys()
    assert not (legacy / "data.key").exists()
    assert key_files.CTIP_DATA_KEY_FILE.read_text().strip().startswith("t1:")
    assert oct(key_files.CTIP_DATA_KEY_FILE.stat().st_mode)[-3:] == "600"


def test_no_key_file_is_in_the_source_tree():
    """A key committed with the code would be every installation's key: none is tracked."""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    if not (root / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files", "var-keys", "var", "*.key", "*.pem"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert tracked == []
