import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctip.intel.engine import InvalidIndicator, normalise
from ctip.intel.engine.urls import _PSL, SHARED_PLATFORMS, registrable_domain, shared_platform


@pytest.mark.parametrize(
    "typed",
    [
        "vieclam-luongcao.com.vn",
        "VIECLAM-LUONGCAO.COM.VN",
        "http://vieclam-luongcao.com.vn",
        "https://www.vieclam-luongcao.com.vn/",
        "https://tuyen-dung.vieclam-luongcao.com.vn:8443/apply?ref=fb#top",
        "//vieclam-luongcao.com.vn/path",
        "vieclam-luongcao.com.vn.",
        "hxxps://vieclam-luongcao[.]com[.]vn/x",
        "vieclam-luongcao\u200b.com.vn",
        "ｖｉｅｃｌａｍ-luongcao.com.vn",
    ],
)
def test_one_site_typed_many_ways_is_its_registrable_domain(typed):
    found = normalise("url", typed)
    assert found.key == "vieclam-luongcao.com.vn"
    assert found.links is True


def test_idn_domains_key_on_punycode_and_show_both():
    found = normalise("url", "https://www.Việc-Làm.vn/tuyen-dung")
    assert found.key == "xn--vic-lm-mta0532d.vn"
    assert found.display == "việc-làm.vn (xn--vic-lm-mta0532d.vn)"
    assert normalise("url", found.key) == found


def test_a_homoglyph_is_not_the_latin_domain():
    latin = normalise("url", "vietcombank.com.vn")
    cyrillic = normalise("url", "vietcombаnk.com.vn")  # the second a is U+0430
    assert latin.key != cyrillic.key
    assert "xn--" in cyrillic.display


def test_private_suffixes_keep_sites_apart():
    assert normalise("url", "scam-a.blogspot.com").key == "scam-a.blogspot.com"
    assert normalise("url", "scam-b.blogspot.com").key == "scam-b.blogspot.com"
    assert registrable_domain("a.b.example.co.uk") == "example.co.uk"


@pytest.mark.parametrize(
    "platform", ["facebook.com", "t.me", "zalo.me", "tiktok.com", "wa.me", "youtube.com", "bit.ly"]
)
def test_bare_shared_platforms_never_link(platform):
    assert platform in SHARED_PLATFORMS
    found = normalise("url", f"https://www.{platform}/")
    assert found.links is False


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("https://bit.ly/3AbCdE?utm_source=zalo", "bit.ly/3AbCdE"),
        ("bit.ly/3abcde", "bit.ly/3abcde"),
        (
            "https://docs.google.com/forms/d/e/1FAIpQLSx/viewform?usp=sf_link",
            "docs.google.com/forms/d/e/1FAIpQLSx/viewform",
        ),
        ("https://www.youtube.com/watch?v=dQw4&t=10s", "youtube.com/watch?v=dQw4"),
        ("https://m.youtube.com/watch?v=dQw4", "youtube.com/watch?v=dQw4"),
        ("tuyendung-cambodia.wordpress.com", "tuyendung-cambodia.wordpress.com"),
    ],
)
def test_pages_on_shared_platforms_key_on_host_and_path(typed, key):
    found = normalise("url", typed)
    assert (found.kind, found.key, found.links) == ("url", key, True)


def test_profile_links_become_social_accounts():
    assert normalise("url", "https://t.me/ViecLamCampuchia").key == "telegram:vieclamcampuchia"
    assert normalise("url", "https://zalo.me/0912345678").key == "zalo:+84912345678"


@pytest.mark.parametrize(
    "typed", ["", "not a url", "http://", "com.vn", "localhost", "http://exa_mple.com", "a..b.com"]
)
def test_invalid_addresses_are_refused(typed):
    with pytest.raises(InvalidIndicator):
        normalise("url", typed)


LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
SUFFIX = st.sampled_from(["com", "vn", "com.vn", "net", "org.vn", "info", "xyz", "co.uk", "top"])


def _ordinary_site(domain: str) -> bool:
    # The private part of the suffix list holds names like x0.com; x.com is shared.
    return _PSL.privatesuffix(domain) == domain and shared_platform(domain) is None


@st.composite
def typed_sites(draw):
    domain = draw(st.tuples(LABEL, SUFFIX).map(".".join).filter(_ordinary_site))
    sub = draw(st.sampled_from(["", "www.", "WWW.", "m.", "apply.", "a.b."]))
    scheme = draw(st.sampled_from(["", "http://", "https://", "HTTPS://", "hxxps://"]))
    port = draw(st.sampled_from(["", ":80", ":8080"]))
    path = draw(st.sampled_from(["", "/", "/Jobs", "/a/b?x=1", "#frag", "/?utm_source=fb"]))
    host = sub + domain
    host = draw(st.sampled_from([host, host.upper(), host.title()]))
    return domain, scheme + host + port + path


@given(typed_sites())
def test_every_typing_of_a_site_is_one_key(case):
    domain, typed = case
    found = normalise("url", typed)
    assert found.key == domain
    assert normalise("url", found.key) == found
    assert normalise("url", found.display.split(" ")[0]) == found


@given(st.text(max_size=40))
def test_arbitrary_text_gives_an_indicator_or_a_clear_error(text):
    message = ""
    try:
        found = normalise("url", text)
    except InvalidIndicator as exc:
        message = str(exc)
        found = None
    if found is None:
        assert message
    else:
        assert found.key.isascii()
