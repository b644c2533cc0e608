"""Social media and messaging accounts, canonical per platform."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from ctip.core.engine.labels import Label

from .base import Indicator, InvalidIndicator, clean
from .names import fold
from .phones import normalise_phone
from .weburl import WebAddress, split_url

PLATFORMS = ("facebook", "zalo", "telegram", "tiktok", "whatsapp")
_DISPLAY = {
    "facebook": "Facebook",
    "zalo": "Zalo",
    "telegram": "Telegram",
    "tiktok": "TikTok",
    "whatsapp": "WhatsApp",
}
_PLATFORM_ALIASES = {
    **{p: p for p in PLATFORMS},
    "fb": "facebook",
    "face book": "facebook",
    "messenger": "facebook",
    "tele": "telegram",
    "tg": "telegram",
    "tik tok": "tiktok",
    "wa": "whatsapp",
    "whats app": "whatsapp",
    "zalo me": "zalo",
}
_HOSTS = {
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "fb.me": "facebook",
    "m.me": "facebook",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "telegram.dog": "telegram",
    "zalo.me": "zalo",
    "tiktok.com": "tiktok",
    "wa.me": "whatsapp",
    "whatsapp.com": "whatsapp",
}
# Subdomains that serve the same profiles as the bare domain.
_HOST_PREFIXES = ("www.", "m.", "mobile.", "web.", "mbasic.", "touch.", "api.", "chat.")

_TELEGRAM = re.compile(r"[a-z][a-z0-9_]{3,31}")
_TELEGRAM_INVITE = re.compile(r"\+[A-Za-z0-9_\-]{8,}")
_TIKTOK = re.compile(r"[a-z0-9_.]{2,24}")
_FACEBOOK = re.compile(r"[a-z0-9.]{5,50}")
_DIGITS = re.compile(r"\d{5,20}")
_CODE = re.compile(r"[A-Za-z0-9_\-]{4,64}")
# First path segments that are Facebook features, not profiles.
_FACEBOOK_RESERVED = frozenset(
    [
        "share",
        "sharer",
        "sharer.php",
        "watch",
        "reel",
        "reels",
        "photo",
        "photo.php",
        "photos",
        "story.php",
        "permalink.php",
        "events",
        "marketplace",
        "login",
        "help",
        "pages",
        "hashtag",
        "search",
        "notes",
        "gaming",
        "l.php",
        "dialog",
        "plugins",
        "privacy",
        "policies",
        "settings",
        "home.php",
        "stories",
        "video.php",
        "videos",
        "media",
    ]
)
_TELEGRAM_RESERVED = frozenset(
    ["share", "addstickers", "addtheme", "setlanguage", "proxy", "socks", "iv"]
)


def resolve_platform(value: str) -> str:
    """Map a platform name or alias to one of `PLATFORMS`."""
    folded = fold(clean(value))
    platform = _PLATFORM_ALIASES.get(folded) or _PLATFORM_ALIASES.get(folded.replace(" ", ""))
    if platform is None:
        raise InvalidIndicator(
            Label(
                "Unknown platform “{value}”; known: {known}.",
                value=value,
                known=", ".join(_DISPLAY.values()),
            )
        )
    return platform


def _indicator(platform: str, handle: str, shown: str) -> Indicator:
    return Indicator(
        kind="social", key=f"{platform}:{handle}", display=f"{_DISPLAY[platform]} {shown}"
    )


def _phone_account(platform: str, value: str, *, international: bool = False) -> Indicator:
    # wa.me and api.whatsapp.com carry numbers in international form without the plus.
    digits = value.lstrip("+")
    text = "+" + digits if international and digits.isdigit() else value
    phone = normalise_phone(text)
    return _indicator(platform, phone.key, phone.display)


def _from_handle(platform: str, value: str) -> Indicator:
    handle = value.strip().removeprefix("@").strip()
    if platform == "telegram":
        if _TELEGRAM_INVITE.fullmatch(handle):
            return _indicator(platform, handle, f"t.me/{handle}")
        lowered = handle.lower()
        if not _TELEGRAM.fullmatch(lowered):
            raise InvalidIndicator(
                Label(
                    "A Telegram username has 4 to 32 letters, digits or _, starting with a "
                    "letter: “{value}”.",
                    value=value,
                )
            )
        return _indicator(platform, lowered, "@" + lowered)
    if platform == "tiktok":
        lowered = handle.lower()
        if not _TIKTOK.fullmatch(lowered):
            raise InvalidIndicator(Label("Not a TikTok username: “{value}”.", value=value))
        return _indicator(platform, lowered, "@" + lowered)
    if platform == "facebook":
        for prefix in ("id:", "group:"):
            if handle.startswith(prefix):
                return _facebook_prefixed(prefix, handle[len(prefix) :], value)
        if _DIGITS.fullmatch(handle):
            return _indicator(platform, f"id:{handle}", f"id {handle}")
        # Facebook ignores case and dots in usernames: john.smith is johnsmith.
        username = handle.lower().replace(".", "")
        if not _FACEBOOK.fullmatch(handle.lower()) or len(username) < 5:
            raise InvalidIndicator(
                Label("Not a Facebook username or numeric id: “{value}”.", value=value)
            )
        return _indicator(platform, username, username)
    if platform == "zalo":
        if handle.startswith("g/") and _CODE.fullmatch(handle[2:]):
            return _indicator(platform, handle, f"zalo.me/{handle}")
        if handle.startswith("id:") and _DIGITS.fullmatch(handle[3:]):
            return _indicator(platform, handle, handle)
        try:
            return _phone_account(platform, handle)
        except InvalidIndicator:
            # Official accounts and some profiles have long numeric ids, not numbers.
            if _DIGITS.fullmatch(handle) and len(handle) >= 15:
                return _indicator(platform, f"id:{handle}", f"id:{handle}")
            raise
    if handle.startswith("chat/") and _CODE.fullmatch(handle[5:]):
        return _indicator(platform, handle, f"chat.whatsapp.com/{handle[5:]}")
    return _phone_account(platform, handle)


def _facebook_prefixed(prefix: str, rest: str, value: str) -> Indicator:
    if prefix == "id:" and _DIGITS.fullmatch(rest):
        return _indicator("facebook", f"id:{rest}", f"id {rest}")
    if prefix == "group:" and _CODE.fullmatch(rest.replace(".", "")):
        group = rest.lower()
        return _indicator("facebook", f"group:{group}", f"group {group}")
    raise InvalidIndicator(Label("Not a Facebook account: “{value}”.", value=value))


def platform_for_host(host: str) -> str | None:
    """The platform whose profiles live on ``host``, if any."""
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host[len(prefix) :] in _HOSTS:
            return _HOSTS[host[len(prefix) :]]
    return _HOSTS.get(host)


def from_web_address(address: WebAddress) -> Indicator | None:
    """The account a profile URL names, or None when the URL is not a profile."""
    platform = platform_for_host(address.host)
    if platform is None:
        return None
    segments = [s for s in address.path.split("/") if s]
    query = parse_qs(address.query)
    first = segments[0] if segments else ""
    try:
        if platform == "facebook":
            if "id" in query and first in ("profile.php", ""):
                return _from_handle("facebook", query["id"][0])
            if first == "people" and len(segments) >= 3:
                return _from_handle("facebook", segments[2])
            if first == "groups" and len(segments) >= 2:
                return _facebook_prefixed("group:", segments[1], address.path)
            if first and first.lower() not in _FACEBOOK_RESERVED:
                return _from_handle("facebook", first)
            return None
        if platform == "telegram":
            if first == "joinchat" and len(segments) >= 2:
                return _from_handle("telegram", "+" + segments[1])
            if first == "s" and len(segments) >= 2:
                return _from_handle("telegram", segments[1])
            if first and first.lower() not in _TELEGRAM_RESERVED:
                return _from_handle("telegram", first)
            return None
        if platform == "tiktok":
            if first.startswith("@"):
                return _from_handle("tiktok", first)
            return None
        if platform == "zalo":
            return _from_handle("zalo", "/".join(segments[:2])) if first else None
        if address.host.startswith("chat.") and first:
            return _from_handle("whatsapp", "chat/" + first)
        number = query.get("phone", [first])[0]
        return _phone_account("whatsapp", number, international=True) if number else None
    except InvalidIndicator:
        return None


def _looks_like_url(text: str) -> bool:
    head = text.split("/", 1)[0].lower()
    return "://" in text or ("/" in text and "." in head) or platform_for_host(head) is not None


def normalise_social(value: str, platform: str | None = None) -> Indicator:
    """Canonicalise an account given as ``@handle``, a bare handle or number, or a profile URL."""
    text = clean(value)
    if not text:
        raise InvalidIndicator(Label("Enter an account name or link."))
    wanted = resolve_platform(platform) if platform else None
    if _looks_like_url(text):
        found = from_web_address(split_url(text))
        if found is None:
            raise InvalidIndicator(
                Label(
                    "“{value}” is not a link to a Facebook, Zalo, Telegram, TikTok or "
                    "WhatsApp account.",
                    value=text,
                )
            )
        if wanted and not found.key.startswith(wanted + ":"):
            raise InvalidIndicator(
                Label("“{value}” is not a {platform} link.", value=text, platform=_DISPLAY[wanted])
            )
        return found
    prefix, sep, rest = text.partition(":")
    if sep and prefix.lower() in PLATFORMS:
        if wanted and wanted != prefix.lower():
            raise InvalidIndicator(
                Label(
                    "“{value}” is not a {platform} account.", value=text, platform=_DISPLAY[wanted]
                )
            )
        wanted, text = prefix.lower(), rest
    if wanted is None:
        raise InvalidIndicator(Label("Say which platform the account is on."))
    return _from_handle(wanted, text)
