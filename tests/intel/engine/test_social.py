import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctip.intel.engine import InvalidIndicator, normalise


def social(value, platform=None):
    return normalise("social", value, platform=platform).key


@pytest.mark.parametrize(
    ("typed", "platform"),
    [
        ("@ViecLamCampuchia", "telegram"),
        ("vieclamcampuchia", "Telegram"),
        ("VIECLAMCAMPUCHIA", "tele"),
        ("t.me/ViecLamCampuchia", None),
        ("https://t.me/vieclamcampuchia/123", None),
        ("https://telegram.me/ViecLamCampuchia", "telegram"),
        ("https://t.me/s/vieclamcampuchia", None),
        ("telegram:vieclamcampuchia", None),
    ],
)
def test_telegram(typed, platform):
    assert social(typed, platform) == "telegram:vieclamcampuchia"


@pytest.mark.parametrize(
    ("typed", "platform"),
    [
        ("https://www.facebook.com/profile.php?id=100012345678", None),
        ("https://m.facebook.com/profile.php?id=100012345678&ref=x", None),
        ("100012345678", "facebook"),
        ("https://www.facebook.com/people/Tuyen-Dung/100012345678/", None),
        ("facebook:id:100012345678", None),
    ],
)
def test_facebook_numeric_ids(typed, platform):
    assert social(typed, platform) == "facebook:id:100012345678"


@pytest.mark.parametrize(
    "typed",
    [
        "fb.com/Tuyen.Dung.Luong.Cao",
        "https://web.facebook.com/tuyendungluongcao/",
        "TuyenDungLuongCao",
    ],
)
def test_facebook_usernames_ignore_case_and_dots(typed):
    assert social(typed, "fb") == "facebook:tuyendungluongcao"


@pytest.mark.parametrize(
    ("typed", "platform", "key"),
    [
        ("https://zalo.me/0912345678", None, "zalo:+84912345678"),
        ("0912 345 678", "zalo", "zalo:+84912345678"),
        ("01623456789", "Zalo", "zalo:+84323456789"),
        ("https://zalo.me/g/abcdxyz123", None, "zalo:g/abcdxyz123"),
        ("wa.me/84912345678", None, "whatsapp:+84912345678"),
        ("https://wa.me/855123456789", None, "whatsapp:+855123456789"),
        ("https://api.whatsapp.com/send?phone=84912345678", None, "whatsapp:+84912345678"),
        ("+84 912 345 678", "whatsapp", "whatsapp:+84912345678"),
        ("https://www.tiktok.com/@Viec.Lam_88/video/7312345", None, "tiktok:viec.lam_88"),
        ("@viec.lam_88", "tiktok", "tiktok:viec.lam_88"),
        ("https://t.me/+AbCdEfGh1234", None, "telegram:+AbCdEfGh1234"),
        ("https://t.me/joinchat/AbCdEfGh1234", None, "telegram:+AbCdEfGh1234"),
    ],
)
def test_other_platforms(typed, platform, key):
    assert social(typed, platform) == key


@pytest.mark.parametrize(
    ("typed", "platform", "message"),
    [
        ("@ab", "telegram", "Telegram username"),
        ("scamjobs", None, "which platform"),
        ("scamjobs", "myspace", "Unknown platform"),
        ("https://t.me/scamjobs", "facebook", "not a Facebook"),
        ("https://www.facebook.com/watch", None, "not a link"),
        ("https://example.com/scam", None, "not a link"),
        ("12", "zalo", "not a valid phone number"),
    ],
)
def test_invalid_accounts_are_refused(typed, platform, message):
    with pytest.raises(InvalidIndicator, match=message):
        social(typed, platform)


TELEGRAM = st.from_regex(r"[a-z][a-z0-9_]{4,31}", fullmatch=True)


@given(TELEGRAM, st.data())
def test_every_typing_of_a_telegram_account_is_one_key(username, data):
    cased = "".join(c.upper() if data.draw(st.booleans()) else c for c in username)
    form = data.draw(
        st.sampled_from(
            ["@{}", "{}", "t.me/{}", "https://t.me/{}", "http://telegram.me/{}/", "  @{}  "]
        )
    )
    found = normalise("social", form.format(cased), platform="telegram")
    assert found.key == "telegram:" + username
    assert normalise("social", found.key) == found
