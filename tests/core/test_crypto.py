import base64
import datetime as dt

import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import connection

from ctip.core import crypto
from ctip.core.models import User


def test_round_trip_and_context_binding():
    token = crypto.encrypt("Nguyễn Văn An", "cases.person.full_name")
    assert token.startswith("v1.t1.")
    assert "Nguy" not in token
    assert crypto.decrypt(token, "cases.person.full_name") == "Nguyễn Văn An"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, "cases.person.other_names")


def test_nonce_is_fresh_each_time():
    assert crypto.encrypt("x", "c") != crypto.encrypt("x", "c")


def test_tampered_ciphertext_is_refused():
    token = crypto.encrypt("secret", "c")
    prefix, kid, b64 = token.split(".")
    blob = bytearray(base64.b64decode(b64))
    blob[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(f"{prefix}.{kid}.{base64.b64encode(bytes(blob)).decode()}", "c")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt("not a ciphertext", "c")


def test_many_values_decrypt_as_each_alone_and_are_refused_alike():
    context = "cases.person.full_name"
    tokens = [
        crypto.encrypt("Nguyễn Văn An", context),
        None,
        "",
        crypto.encrypt("Lò Thị Xuân", context),
    ]
    assert crypto.decrypt_many(tokens, context) == ["Nguyễn Văn An", None, "", "Lò Thị Xuân"]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_many(tokens, "cases.person.other_names")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_many([tokens[0], "not a ciphertext"], context)


def test_encrypted_fields_read_many_values_as_one_at_a_time(db):
    from ctip.cases.models import Person

    for name, value in (
        ("full_name", "Nguyễn Văn An"),
        ("other_names", ["An Nguyen", "Nguyen Van An"]),
        ("birth_date", dt.date(1999, 2, 28)),
    ):
        field = Person._meta.get_field(name)
        raw = [field.get_prep_value(value), None, ""]
        one_by_one = [field.from_db_value(v, None, connection) for v in raw]
        assert field.from_db_many(raw) == one_by_one
        assert one_by_one[0] == value


def test_blind_index_is_keyed_and_separated_by_purpose():
    a = crypto.blind_index("phone", "+84912345678")
    assert a == crypto.blind_index("phone", "+84912345678")
    assert a != crypto.blind_index("identity_number", "+84912345678")
    assert "84912345678" not in a


@pytest.mark.parametrize(
    "spec",
    [
        "",
        "nokey",
        "k1:not-base64!",
        "k1:" + base64.b64encode(b"short").decode(),
        "k1:"
        + base64.b64encode(b"0" * 32).decode()
        + ",k1:"
        + base64.b64encode(b"1" * 32).decode(),
    ],
)
def test_bad_keyrings_are_refused(spec):
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_keyring(spec)


def test_encrypted_field_refuses_lookups_that_would_match_nothing(db):
    with pytest.raises(FieldError):
        list(User.objects.filter(totp_secret="ABC"))


def test_database_holds_no_plaintext_personal_value(world):
    user = world.users["case_worker"]
    user.totp_secret = "JBSWY3DPEHPK3PXPSECRETVALUE"
    user.save()
    user.refresh_from_db()
    assert user.totp_secret == "JBSWY3DPEHPK3PXPSECRETVALUE"
    with connection.cursor() as cur:
        cur.execute("SELECT totp_secret FROM core_user WHERE id = %s", [user.pk])
        raw = cur.fetchone()[0]
    assert raw.startswith("v1.")
    assert "SECRETVALUE" not in raw
    # And nowhere else in any table either.
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            cur.execute(f'SELECT * FROM "{table}"')
            for row in cur.fetchall():
                assert not any("SECRETVALUE" in str(v) for v in row), table


def test_a_key_changed_under_the_same_id_is_used_at_once(settings):
    """The cipher of a data key is built once and kept: a key ring read again with another
    key under the same id must decrypt with that key, not the kept cipher."""
    token = crypto.encrypt("Nguyễn Văn An", "c")
    kid = crypto.key_id_of(token)
    before = settings.CTIP_DATA_KEY
    settings.CTIP_DATA_KEY = f"{kid}:" + base64.b64encode(b"k" * 32).decode()
    crypto.reset_keyring_cache()
    try:
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(token, "c")
        assert crypto.decrypt(crypto.encrypt("Trần Thị Bích", "c"), "c") == "Trần Thị Bích"
    finally:
        settings.CTIP_DATA_KEY = before
        crypto.reset_keyring_cache()
    assert crypto.decrypt(token, "c") == "Nguyễn Văn An"
