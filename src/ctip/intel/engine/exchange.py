"""Sharing indicators with CERTs and partners as STIX 2.1 bundles and MISP events.

Only indicators and their aggregates (how many reports, first and last seen) leave:
never reporters, victims, narratives or report ids. Names are not shared either: they
may belong to real people whose identity scammers borrow.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import stix2
from stix2 import CustomObservable
from stix2.properties import BooleanProperty, StringProperty

from ctip.core.engine.labels import Label

from .banks import BANKS, EWALLETS
from .base import Indicator, InvalidIndicator
from .indicators import normalise

# Fixed namespace so that the same indicator always gets the same STIX and MISP ids,
# and partners who import twice update instead of duplicating.
NAMESPACE = uuid.UUID("6f1b7a52-3c0e-5d8e-9a57-6b1f1c7e2a10")
PRODUCER = "CTIP Viet Nam"
_IDENTITY_ID = f"identity--{uuid.uuid5(NAMESPACE, PRODUCER)}"


# OpenCTI's custom observables, with the properties OpenCTI reads.
@CustomObservable("phone-number", [("value", StringProperty(required=True))], ["value"])
class _PhoneNumber:
    pass


@CustomObservable(
    "bank-account",
    [
        ("iban", StringProperty()),
        ("bic", StringProperty()),
        ("account_number", StringProperty(required=True)),
        # Vietnamese accounts have no IBAN: the six-digit NAPAS BIN names the bank.
        ("x_ctip_bank_bin", StringProperty()),
        ("x_ctip_ewallet_provider", StringProperty()),
        ("x_ctip_institution_name", StringProperty()),
        ("x_ctip_non_banking_institution", BooleanProperty()),
    ],
    ["x_ctip_bank_bin", "x_ctip_ewallet_provider", "account_number"],
)
class _BankAccount:
    pass


@CustomObservable("cryptocurrency-wallet", [("value", StringProperty(required=True))], ["value"])
class _CryptocurrencyWallet:
    pass


# The stix2 decorator returns a new observable class whose properties mypy cannot see.
PhoneNumber: Any = _PhoneNumber
BankAccount: Any = _BankAccount
CryptocurrencyWallet: Any = _CryptocurrencyWallet


@dataclass(frozen=True, slots=True)
class SharedIndicator:
    """An indicator with the aggregates that may leave the platform."""

    indicator: Indicator
    reports: int
    first_seen: datetime
    last_seen: datetime
    verified: bool = False


@dataclass(frozen=True, slots=True)
class Imported:
    indicators: tuple[Indicator, ...]
    rejected: tuple[ObjectError, ...]


def _uuid(ref: str, kind: str = "") -> str:
    return str(uuid.uuid5(NAMESPACE, kind + ref))


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _observable(indicator: Indicator) -> tuple[Any, str] | None:
    """The STIX observable for an indicator and its pattern, or None if it is not shared."""
    kind, key = indicator.kind, indicator.key
    if kind == "phone":
        return PhoneNumber(value=key), f"[phone-number:value = {_quote(key)}]"
    if kind == "bank_account":
        bin_, number = key.split(":", 1)
        observable = BankAccount(
            account_number=number,
            x_ctip_bank_bin=bin_,
            x_ctip_institution_name=BANKS[bin_].short_name,
        )
        pattern = (
            f"[bank-account:x_ctip_bank_bin = {_quote(bin_)} AND "
            f"bank-account:account_number = {_quote(number)}]"
        )
        return observable, pattern
    if kind == "ewallet":
        provider, account = key.split(":", 1)
        observable = BankAccount(
            account_number=account,
            x_ctip_ewallet_provider=provider,
            x_ctip_institution_name=EWALLETS[provider].short_name,
            x_ctip_non_banking_institution=True,
        )
        pattern = (
            f"[bank-account:x_ctip_ewallet_provider = {_quote(provider)} AND "
            f"bank-account:account_number = {_quote(account)}]"
        )
        return observable, pattern
    if kind == "social":
        platform, handle = key.split(":", 1)
        if handle.startswith("id:"):
            observable = stix2.UserAccount(account_type=platform, user_id=handle[3:])
            prop, value = "user_id", handle[3:]
        else:
            observable = stix2.UserAccount(account_type=platform, account_login=handle)
            prop, value = "account_login", handle
        pattern = (
            f"[user-account:account_type = {_quote(platform)} AND "
            f"user-account:{prop} = {_quote(value)}]"
        )
        return observable, pattern
    if kind == "url":
        if "/" in key:
            url = "https://" + key
            return stix2.URL(value=url), f"[url:value = {_quote(url)}]"
        return stix2.DomainName(value=key), f"[domain-name:value = {_quote(key)}]"
    if kind == "ip":
        if ":" in key:
            return stix2.IPv6Address(value=key), f"[ipv6-addr:value = {_quote(key)}]"
        return stix2.IPv4Address(value=key), f"[ipv4-addr:value = {_quote(key)}]"
    if kind == "email":
        return stix2.EmailAddress(value=key), f"[email-addr:value = {_quote(key)}]"
    if kind == "app":
        return stix2.Software(name=key), f"[software:name = {_quote(key)}]"
    if kind == "apk_hash":
        algorithm, digest = key.split(":", 1)
        name = _STIX_HASHES[algorithm]
        return (
            stix2.File(hashes={name: digest}),
            f"[file:hashes.{_quote(name)} = {_quote(digest)}]",
        )
    if kind == "crypto":
        address = key.split(":", 1)[1]
        return (
            CryptocurrencyWallet(value=address),
            f"[cryptocurrency-wallet:value = {_quote(address)}]",
        )
    return None


def to_stix_bundle(shared: Iterable[SharedIndicator], *, now: datetime) -> str:
    """A STIX 2.1 bundle (JSON text): for each indicator, an observable and an indicator."""
    identity = stix2.Identity(
        id=_IDENTITY_ID, name=PRODUCER, identity_class="organization", created=now, modified=now
    )
    objects: list[Any] = [identity]
    for item in shared:
        if not item.indicator.links:
            continue
        made = _observable(item.indicator)
        if made is None:
            continue
        observable, pattern = made
        stix_indicator = stix2.Indicator(
            id=f"indicator--{_uuid(item.indicator.ref)}",
            created=now,
            modified=now,
            created_by_ref=_IDENTITY_ID,
            name=item.indicator.display,
            description=(
                f"Named in {item.reports} scam report(s) to CTIP between "
                f"{item.first_seen.date().isoformat()} and {item.last_seen.date().isoformat()}."
            ),
            indicator_types=["malicious-activity"],
            pattern=pattern,
            pattern_type="stix",
            valid_from=item.first_seen,
            x_ctip_reports=item.reports,
            x_ctip_first_seen=item.first_seen.isoformat(),
            x_ctip_last_seen=item.last_seen.isoformat(),
            x_ctip_verified=item.verified,
            allow_custom=True,
        )
        relationship = stix2.Relationship(
            id=f"relationship--{_uuid(item.indicator.ref, 'based-on')}",
            created=now,
            modified=now,
            source_ref=stix_indicator.id,
            target_ref=observable.id,
            relationship_type="based-on",
        )
        objects += [observable, stix_indicator, relationship]
    bundle = stix2.Bundle(objects=objects, allow_custom=True)
    return str(bundle.serialize(sort_keys=True))


_PATTERN_TERM = re.compile(
    r"([a-z0-9\-]+):([a-z_]+(?:\.'[A-Za-z0-9\-]+')?)\s*=\s*'((?:[^'\\]|\\.)*)'"
)
# CTIP's hash names (apk_hash keys) and the STIX hash-algorithm vocabulary.
_STIX_HASHES = {"md5": "MD5", "sha1": "SHA-1", "sha256": "SHA-256"}


def _from_fields(stix_type: str, fields: dict[str, str]) -> Indicator:
    """Turn a STIX observable's (or a pattern's) properties back into an indicator."""
    if stix_type == "phone-number":
        return normalise("phone", fields["value"])
    if stix_type == "bank-account":
        number = fields.get("account_number") or fields.get("iban") or ""
        if fields.get("x_ctip_ewallet_provider"):
            return normalise("ewallet", number, bank=fields["x_ctip_ewallet_provider"])
        bank = fields.get("x_ctip_bank_bin") or fields.get("x_ctip_institution_name")
        return normalise("bank_account", number, bank=bank)
    if stix_type == "user-account":
        platform = fields.get("account_type")
        if fields.get("account_login"):
            return normalise("social", fields["account_login"], platform=platform)
        return normalise("social", "id:" + fields.get("user_id", ""), platform=platform)
    if stix_type in ("url", "domain-name"):
        return normalise("url", fields["value"])
    if stix_type in ("ipv4-addr", "ipv6-addr"):
        return normalise("ip", fields["value"])
    if stix_type == "email-addr":
        return normalise("email", fields["value"])
    if stix_type == "software":
        return normalise("app", fields["name"])
    if stix_type == "file":
        for name in ("SHA-256", "SHA-1", "MD5"):
            digest = fields.get(f"hashes.'{name}'")
            if digest:
                return normalise("apk_hash", digest)
        raise InvalidIndicator(Label("A file is kept only by its SHA-256, SHA-1 or MD5 hash."))
    if stix_type == "cryptocurrency-wallet":
        return normalise("crypto", fields.get("value") or fields.get("address") or "")
    raise InvalidIndicator(
        Label("STIX type “{value}” is not an indicator CTIP keeps.", value=stix_type)
    )


@dataclass(frozen=True, slots=True)
class PartnerItem:
    """One indicator a partner named, with what the partner said of it (if anything)."""

    indicator: Indicator
    confidence: int | None = None  # 0-100, the partner's own
    labels: tuple[str, ...] = ()
    first_seen: datetime | None = None
    last_seen: datetime | None = None


@dataclass(frozen=True, slots=True)
class ObjectError:
    """An object or attribute of a partner document that gives no indicator: where it
    stands, what the partner calls it and why it gives none. ``label`` is the whole
    sentence, which the Django layer reads in the reader's language."""

    position: int  # its place in the document (1-based)
    kind: str  # its STIX type, MISP object name or MISP attribute type; "" if it has none
    value: str  # its STIX id or its MISP attribute's value; "" if it has none
    reason: Label
    attribute: bool = False  # a loose MISP attribute, not an object

    @property
    def label(self) -> Label:
        if self.attribute:
            if self.value:
                return Label(
                    "Attribute {position} ({kind} “{value}”): {reason}",
                    position=self.position,
                    kind=self.kind,
                    value=self.value,
                    reason=self.reason,
                )
            return Label(
                "Attribute {position}: {reason}", position=self.position, reason=self.reason
            )
        if self.kind and self.value:
            return Label(
                "Object {position} ({kind} “{value}”): {reason}",
                position=self.position,
                kind=self.kind,
                value=self.value,
                reason=self.reason,
            )
        if self.kind:
            return Label(
                "Object {position} ({kind}): {reason}",
                position=self.position,
                kind=self.kind,
                reason=self.reason,
            )
        return Label("Object {position}: {reason}", position=self.position, reason=self.reason)


def _missing(exc: KeyError) -> Label:
    return Label("It lacks “{value}”.", value=str(exc.args[0]) if exc.args else "")


_NOT_AN_OBJECT = Label("It is not a JSON object.")


@dataclass(frozen=True, slots=True)
class PartnerFeed:
    """What a partner's STIX bundle or MISP event holds, normalised."""

    format: str  # "stix" or "misp"
    document_id: str  # the bundle's or event's id, else "sha256:" of the document
    title: str
    items: tuple[PartnerItem, ...]
    errors: tuple[ObjectError, ...]


class FeedError(ValueError):
    """The document as a whole is not a STIX 2.1 bundle or a MISP event. ``label`` says
    why, in words the Django layer translates; ``str()`` is English."""

    def __init__(self, label: Label) -> None:
        super().__init__(label.en)
        self.label = label


FEED_FORMATS = ("stix", "misp")
MAX_LABELS = 20
MAX_LABEL = 100


def _document(text: str | bytes | dict[str, Any], not_an_object: Label) -> dict[str, Any]:
    if isinstance(text, dict):
        return text
    try:
        data = json.loads(text)
    except UnicodeDecodeError:
        raise FeedError(Label("This is not JSON: it is not UTF-8 text.")) from None
    except json.JSONDecodeError as exc:
        raise FeedError(
            Label(
                "This is not JSON: it breaks at line {line}, column {column}.",
                line=exc.lineno,
                column=exc.colno,
            )
        ) from None
    except RecursionError:
        raise FeedError(Label("This is not JSON CTIP reads: it nests too deeply.")) from None
    if not isinstance(data, dict):
        raise FeedError(not_an_object)
    return data


def _digest(data: dict[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def _when(value: object) -> datetime | None:
    """A partner's timestamp (ISO 8601, or Unix seconds), UTC if naive; None if unreadable."""
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
            return datetime.fromtimestamp(int(value), tz=UTC)
        if not isinstance(value, str):
            return None
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _confidence(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return round(number) if 0 <= number <= 100 else None


def _labels(values: object) -> tuple[str, ...]:
    if not isinstance(values, list):
        return ()
    found: list[str] = []
    for value in values:
        name = value.get("name") if isinstance(value, dict) else value
        if isinstance(name, str) and name.strip():
            found.append(name.strip()[:MAX_LABEL])
    return tuple(found)


def merge_items(items: Iterable[PartnerItem]) -> tuple[PartnerItem, ...]:
    """One item per indicator: highest confidence, all labels, widest seen window.

    The result does not depend on the order of ``items``.
    """
    merged: dict[str, PartnerItem] = {}
    for item in items:
        ref = item.indicator.ref
        had = merged.get(ref)
        if had is None:
            merged[ref] = PartnerItem(
                item.indicator,
                item.confidence,
                tuple(sorted(set(item.labels)))[:MAX_LABELS],
                item.first_seen,
                item.last_seen,
            )
            continue
        confidences = [c for c in (had.confidence, item.confidence) if c is not None]
        firsts = [t for t in (had.first_seen, item.first_seen) if t is not None]
        lasts = [t for t in (had.last_seen, item.last_seen) if t is not None]
        merged[ref] = PartnerItem(
            had.indicator,
            max(confidences) if confidences else None,
            tuple(sorted(set(had.labels) | set(item.labels)))[:MAX_LABELS],
            min(firsts) if firsts else None,
            max(lasts) if lasts else None,
        )
    return tuple(merged[ref] for ref in sorted(merged))


_SKIPPED_STIX = ("identity", "relationship", "marking-definition", "sighting", "bundle")


def read_stix_bundle(text: str | bytes | dict[str, Any]) -> PartnerFeed:
    """A partner's STIX 2.1 bundle: each observable and each indicator whose pattern is a
    simple equality on one object type gives an item; every other object that should
    have given one is an ``ObjectError``. Raises ``FeedError`` only for a document that
    is not a bundle at all."""
    bundle = _document(text, Label("This is not a STIX 2.1 bundle: a JSON object is expected."))
    objects = bundle.get("objects", [])
    if bundle.get("type", "bundle") != "bundle" or not isinstance(objects, list):
        raise FeedError(Label("This is not a STIX 2.1 bundle: it needs a list of objects."))
    items: list[PartnerItem] = []
    errors: list[ObjectError] = []
    for position, obj in enumerate(objects, 1):
        if not isinstance(obj, dict):
            errors.append(ObjectError(position, "", "", _NOT_AN_OBJECT))
            continue
        stix_type = str(obj.get("type", ""))[:100]
        stix_id = obj.get("id")
        stix_id = stix_id[:200] if isinstance(stix_id, str) else ""
        if stix_type in _SKIPPED_STIX:
            continue
        try:
            if stix_type == "indicator":
                if obj.get("pattern_type") != "stix":
                    continue
                terms = _PATTERN_TERM.findall(str(obj.get("pattern", "")))
                types = {t for t, _, _ in terms}
                if len(types) != 1:
                    raise InvalidIndicator(
                        Label("Pattern not understood: “{value}”.", value=str(obj.get("pattern")))
                    )
                fields = {prop: value.replace("\\'", "'") for _, prop, value in terms}
                indicator = _from_fields(types.pop(), fields)
            else:
                fields = {k: str(v) for k, v in obj.items()}
                hashes = obj.get("hashes")
                if isinstance(hashes, dict):
                    fields.update({f"hashes.'{k}'": str(v) for k, v in hashes.items()})
                indicator = _from_fields(stix_type, fields)
        except InvalidIndicator as exc:
            errors.append(ObjectError(position, stix_type, stix_id, exc.label))
            continue
        except KeyError as exc:
            errors.append(ObjectError(position, stix_type, stix_id, _missing(exc)))
            continue
        items.append(
            PartnerItem(
                indicator,
                confidence=_confidence(obj.get("confidence")),
                labels=_labels(obj.get("labels")),
                first_seen=_when(obj.get("x_ctip_first_seen") or obj.get("valid_from")),
                last_seen=_when(obj.get("x_ctip_last_seen") or obj.get("modified")),
            )
        )
    document_id = bundle.get("id")
    return PartnerFeed(
        "stix",
        document_id[:200] if isinstance(document_id, str) and document_id else _digest(bundle),
        "",
        merge_items(items),
        tuple(errors),
    )


def from_stix_bundle(text: str | dict[str, Any]) -> Imported:
    """Normalised indicators from a bundle's observables and simple indicator patterns."""
    feed = read_stix_bundle(text)
    return Imported(tuple(i.indicator for i in feed.items), feed.errors)


_MISP_TEMPLATES = {
    "phone-number": ("c4b5a67c-63d2-11ec-90d6-0242ac120003", "1", "mobile"),
    "bank-account": ("b4712203-95a8-4883-80e9-b566f5df11c9", "1", "financial"),
    "telegram-account": ("06f02ecf-5afb-42c5-9cb0-b362e222f52c", "2", "misc"),
    "user-account": ("49606b06-22f0-4ac8-8eee-2f12ad46f3d3", "6", "misc"),
    "coin-address": ("d0e6997e-78da-4815-a6a1-cfc1c1cb8a46", "7", "financial"),
}
_COIN_SYMBOLS = {"btc": "BTC", "evm": "ETH", "tron": "TRX"}


def _misp_attribute(relation: str, attribute_type: str, value: str, **extra: Any) -> dict:
    attribute = {"object_relation": relation, "type": attribute_type, "value": value}
    attribute.update(extra)
    return attribute


def _misp_object(indicator: Indicator) -> dict[str, Any] | None:
    kind, key = indicator.kind, indicator.key
    if kind == "phone":
        name = "phone-number"
        attributes = [_misp_attribute("phone-number", "phone-number", key, to_ids=True)]
    elif kind in ("bank_account", "ewallet"):
        name = "bank-account"
        code, account = key.split(":", 1)
        attributes = [_misp_attribute("account", "bank-account-nr", account, to_ids=True)]
        if kind == "bank_account":
            attributes += [
                _misp_attribute("institution-code", "text", code),
                _misp_attribute("institution-name", "text", BANKS[code].name),
            ]
        else:
            attributes += [
                _misp_attribute("institution-name", "text", EWALLETS[code].short_name),
                _misp_attribute("non-banking-institution", "boolean", "1"),
            ]
    elif kind == "social":
        platform, handle = key.split(":", 1)
        if platform == "telegram":
            name = "telegram-account"
            attributes = [_misp_attribute("username", "text", handle, to_ids=True)]
        else:
            name = "user-account"
            relation = "user-id" if handle.startswith("id:") else "username"
            value = handle.removeprefix("id:")
            attributes = [
                _misp_attribute(relation, "text", value, to_ids=True),
                _misp_attribute("account-type", "text", platform),
            ]
    elif kind == "crypto":
        name = "coin-address"
        family, address = key.split(":", 1)
        relation, attribute_type = (
            ("address", "btc") if family == "btc" else ("address-crypto", "text")
        )
        attributes = [
            _misp_attribute(relation, attribute_type, address, to_ids=True),
            _misp_attribute("symbol", "text", _COIN_SYMBOLS[family]),
        ]
    else:
        return None
    template, version, category = _MISP_TEMPLATES[name]
    return {
        "name": name,
        "meta-category": category,
        "template_uuid": template,
        "template_version": version,
        "uuid": _uuid(indicator.ref, "misp-object"),
        "comment": indicator.display,
        "Attribute": attributes,
    }


def to_misp_event(shared: Iterable[SharedIndicator], *, info: str, now: datetime) -> dict[str, Any]:
    """A MISP event (the JSON MISP imports) with one object or attribute per indicator."""
    objects: list[dict[str, Any]] = []
    attributes: list[dict[str, Any]] = []
    for item in shared:
        indicator = item.indicator
        if not indicator.links:
            continue
        seen = {
            "first_seen": item.first_seen.isoformat(),
            "last_seen": item.last_seen.isoformat(),
        }
        comment = f"Named in {item.reports} scam report(s) to CTIP."
        if indicator.kind == "url":
            is_page = "/" in indicator.key
            attributes.append(
                {
                    "uuid": _uuid(indicator.ref, "misp-attribute"),
                    "type": "url" if is_page else "domain",
                    "category": "Network activity",
                    "value": "https://" + indicator.key if is_page else indicator.key,
                    "to_ids": True,
                    "comment": comment,
                    **seen,
                }
            )
            continue
        if indicator.kind in _MISP_ATTRIBUTE_TYPES or indicator.kind == "apk_hash":
            if indicator.kind == "apk_hash":
                attribute_type, value = indicator.key.split(":", 1)
                category = "Payload delivery"
            else:
                attribute_type, category = _MISP_ATTRIBUTE_TYPES[indicator.kind]
                value = indicator.key
            attributes.append(
                {
                    "uuid": _uuid(indicator.ref, "misp-attribute"),
                    "type": attribute_type,
                    "category": category,
                    "value": value,
                    "to_ids": True,
                    "comment": comment,
                    **seen,
                }
            )
            continue
        misp_object = _misp_object(indicator)
        if misp_object is not None:
            misp_object.update(seen)
            misp_object["comment"] = f"{indicator.display}. {comment}"
            objects.append(misp_object)
    return {
        "Event": {
            "uuid": _uuid(info + now.isoformat(), "misp-event"),
            "info": info,
            "date": now.date().isoformat(),
            "timestamp": str(int(now.timestamp())),
            "threat_level_id": "2",
            "analysis": "2",
            "distribution": "0",
            "Orgc": {"name": PRODUCER},
            "Tag": [{"name": "tlp:amber"}],
            "Attribute": attributes,
            "Object": objects,
        }
    }


def _from_misp_object(misp_object: dict[str, Any]) -> Indicator:
    values = {a.get("object_relation"): str(a.get("value", "")) for a in misp_object["Attribute"]}
    name = misp_object.get("name")
    if name == "phone-number":
        return normalise("phone", values["phone-number"])
    if name == "bank-account":
        if values.get("non-banking-institution") in ("1", "true", "True"):
            return normalise("ewallet", values["account"], bank=values.get("institution-name"))
        bank = (
            values.get("institution-code") or values.get("swift") or values.get("institution-name")
        )
        return normalise("bank_account", values["account"], bank=bank)
    if name == "telegram-account":
        if values.get("username"):
            return normalise("social", values["username"], platform="telegram")
        return normalise("phone", values["phone"])
    if name == "user-account":
        platform = values.get("account-type")
        if values.get("username"):
            return normalise("social", values["username"], platform=platform)
        return normalise("social", "id:" + values["user-id"], platform=platform)
    if name == "coin-address":
        symbol = values.get("symbol") or None
        address = values.get("address") or values.get("address-crypto") or ""
        network = symbol if symbol in ("BTC", "ETH", "TRX", "TRON", "USDT") else None
        return normalise("crypto", address, platform=network)
    raise InvalidIndicator(
        Label("MISP object “{value}” is not an indicator CTIP keeps.", value=name)
    )


_MISP_ATTRIBUTE_KINDS = {
    "url": "url",
    "domain": "url",
    "hostname": "url",
    "link": "url",
    "phone-number": "phone",
    "btc": "crypto",
    "email": "email",
    "email-src": "email",
    "email-dst": "email",
    "ip-src": "ip",
    "ip-dst": "ip",
    "mobile-application-id": "app",
    "md5": "apk_hash",
    "sha1": "apk_hash",
    "sha256": "apk_hash",
}
# The loose MISP attribute each of these kinds is written as (the others go as objects).
_MISP_ATTRIBUTE_TYPES = {
    "email": ("email", "Payload delivery"),
    "ip": ("ip-dst", "Network activity"),
    "app": ("mobile-application-id", "Payload delivery"),
}


def read_misp_event(event: str | bytes | dict[str, Any]) -> PartnerFeed:
    """A partner's MISP event: each object and each url, domain, phone or bitcoin
    attribute gives an item (other attribute types are skipped); the event's and the
    item's tags become labels. Raises ``FeedError`` only for a document that is not an
    event at all."""
    data = _document(event, Label("This is not a MISP event: a JSON object is expected."))
    body = data.get("Event", data)
    if not isinstance(body, dict):
        raise FeedError(Label("This is not a MISP event: Event must be a JSON object."))
    misp_objects, attributes = body.get("Object", []), body.get("Attribute", [])
    if not isinstance(misp_objects, list) or not isinstance(attributes, list):
        raise FeedError(Label("This is not a MISP event: Object and Attribute must be lists."))
    event_labels = _labels(body.get("Tag"))
    items: list[PartnerItem] = []
    errors: list[ObjectError] = []
    position = 0
    for misp_object in misp_objects:
        position += 1
        if not isinstance(misp_object, dict):
            errors.append(ObjectError(position, "", "", _NOT_AN_OBJECT))
            continue
        name = misp_object.get("name")
        name = name[:100] if isinstance(name, str) else ""
        if not isinstance(misp_object.get("Attribute"), list):
            reason = Label("A MISP object needs a list of attributes.")
            errors.append(ObjectError(position, name, "", reason))
            continue
        try:
            if not all(isinstance(a, dict) for a in misp_object["Attribute"]):
                raise InvalidIndicator(Label("Its attributes must be JSON objects."))
            indicator = _from_misp_object(misp_object)
        except InvalidIndicator as exc:
            errors.append(ObjectError(position, name, "", exc.label))
            continue
        except KeyError as exc:
            errors.append(ObjectError(position, name, "", _missing(exc)))
            continue
        tags = [*_labels(misp_object.get("Tag"))]
        for attribute in misp_object["Attribute"]:
            tags += _labels(attribute.get("Tag"))
        items.append(
            PartnerItem(
                indicator,
                labels=event_labels + tuple(tags),
                first_seen=_when(misp_object.get("first_seen")),
                last_seen=_when(misp_object.get("last_seen")),
            )
        )
    for attribute in attributes:
        position += 1
        if not isinstance(attribute, dict):
            errors.append(ObjectError(position, "", "", _NOT_AN_OBJECT, attribute=True))
            continue
        kind = _MISP_ATTRIBUTE_KINDS.get(str(attribute.get("type", "")))
        if kind is None:
            continue
        try:
            indicator = normalise(kind, str(attribute.get("value", "")))
        except InvalidIndicator as exc:
            value = str(attribute.get("value", ""))[:200]
            attribute_type = str(attribute.get("type"))[:100]
            errors.append(ObjectError(position, attribute_type, value, exc.label, attribute=True))
            continue
        items.append(
            PartnerItem(
                indicator,
                labels=event_labels + _labels(attribute.get("Tag")),
                first_seen=_when(attribute.get("first_seen")),
                last_seen=_when(attribute.get("last_seen")),
            )
        )
    document_id = body.get("uuid")
    info = body.get("info")
    return PartnerFeed(
        "misp",
        document_id[:200] if isinstance(document_id, str) and document_id else _digest(data),
        info[:300] if isinstance(info, str) else "",
        merge_items(items),
        tuple(errors),
    )


def from_misp_event(event: str | dict[str, Any]) -> Imported:
    """Normalised indicators from a MISP event's objects and loose attributes."""
    feed = read_misp_event(event)
    return Imported(tuple(i.indicator for i in feed.items), feed.errors)


def read_feed(format: str, document: str | bytes | dict[str, Any]) -> PartnerFeed:
    """``read_stix_bundle`` or ``read_misp_event`` by format name."""
    if format == "stix":
        return read_stix_bundle(document)
    if format == "misp":
        return read_misp_event(document)
    raise FeedError(Label("Unknown format “{value}”: stix or misp.", value=format))
