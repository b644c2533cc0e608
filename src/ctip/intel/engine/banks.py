"""Vietnamese banks and e-wallets from a shipped list; bank accounts keyed on the bank's BIN."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources

from ctip.core.engine.labels import Label

from .base import Indicator, InvalidIndicator, clean
from .names import fold
from .phones import normalise_phone

ACCOUNT_MIN_DIGITS = 6
ACCOUNT_MAX_DIGITS = 19
_SEPARATORS = re.compile(r"[\s.\-_/]+")
_BIN = re.compile(r"\d{6}")
# Words people put around a bank's name that do not tell banks apart ("NH", "Ngân hàng
# TMCP", "... Bank"); stripped the same way from the list and from what is typed.
# "Bank" is only noise as a separate word: "SaigonBank" (970400) is not "Sài Gòn" (SCB).
_BANK_NOISE = re.compile(r"^(?:(?:ngan hang|nh)\s+)?(?:tmcp\s+)?|\s+bank$")


@dataclass(frozen=True, slots=True)
class Bank:
    bin: str
    code: str
    short_name: str
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EWallet:
    provider: str
    short_name: str
    name: str
    aliases: tuple[str, ...]


# The same for e-wallets: "Ví điện tử MoMo", "MoMo wallet", "e-wallet ZaloPay".
_WALLET_NOISE = re.compile(
    r"^(?:vi dien tu|vi|e wallet|ewallet)\s+|\s+(?:e wallet|ewallet|wallet)$"
)


def _lookup_key(text: str, noise: re.Pattern[str] = _BANK_NOISE) -> str:
    folded = fold(text)
    return noise.sub("", folded).replace(" ", "") or folded.replace(" ", "")


def _compact(text: str) -> str:
    return fold(text).replace(" ", "")


def _lookup(
    text: str, noise: re.Pattern[str], index: dict[str, str], compact: dict[str, str]
) -> str | None:
    """Look a typed name up without its noise words, then as written with no spaces.

    Spacing never matters: "Zalo Pay", "ZaloPay" and "zalopay" are one key; "Vietcom Bank"
    finds "Vietcombank" and "VikkiBank" finds "Vikki Bank" through the compact form.
    """
    found = index.get(_lookup_key(text, noise)) or compact.get(_compact(text))
    if found is None and noise is _WALLET_NOISE:
        # "ViMoMo", "vidientuzalopay": the word for wallet run into the name.
        found = index.get(_compact(text).removeprefix("vidientu").removeprefix("vi"))
    return found


def _load() -> tuple[dict[str, Bank], dict[str, EWallet]]:
    raw = json.loads(resources.files(__package__).joinpath("data/banks.json").read_text())
    banks = {
        b["bin"]: Bank(b["bin"], b["code"], b["short_name"], b["name"], tuple(b["aliases"]))
        for b in raw["banks"]
    }
    wallets = {
        w["provider"]: EWallet(w["provider"], w["short_name"], w["name"], tuple(w["aliases"]))
        for w in raw["ewallets"]
    }
    return banks, wallets


BANKS, EWALLETS = _load()


def _index(entries: dict[str, tuple[str, ...]], noise: re.Pattern[str]) -> dict[str, str]:
    """Map every folded spelling to its id, refusing a spelling that names two entries."""
    index: dict[str, str] = {}
    for ident, spellings in entries.items():
        for spelling in spellings:
            key = _lookup_key(spelling, noise)
            if index.setdefault(key, ident) != ident:
                raise ValueError(f"{spelling!r} names both {index[key]} and {ident}")
    return index


def _compact_index(entries: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Every spelling with its spaces (and noise words) run together; ambiguous ones left out."""
    found: dict[str, set[str]] = {}
    for ident, spellings in entries.items():
        for spelling in spellings:
            found.setdefault(_compact(spelling), set()).add(ident)
    return {key: next(iter(ids)) for key, ids in found.items() if len(ids) == 1}


_BANK_SPELLINGS = {b.bin: (b.bin, b.code, b.short_name, b.name, *b.aliases) for b in BANKS.values()}
_WALLET_SPELLINGS = {
    w.provider: (w.provider, w.short_name, w.name, *w.aliases) for w in EWALLETS.values()
}
_BANK_INDEX = _index(_BANK_SPELLINGS, _BANK_NOISE)
_WALLET_INDEX = _index(_WALLET_SPELLINGS, _WALLET_NOISE)
_BANK_COMPACT = _compact_index(_BANK_SPELLINGS)
_WALLET_COMPACT = _compact_index(_WALLET_SPELLINGS)


def resolve_bank(value: str) -> Bank:
    """Find a bank by BIN, VietQR code, short name, full name or alias."""
    text = clean(value)
    if _BIN.fullmatch(text):
        if text in BANKS:
            return BANKS[text]
        raise InvalidIndicator(Label("No Vietnamese bank has the BIN {bin}.", bin=text))
    bin_ = _lookup(text, _BANK_NOISE, _BANK_INDEX, _BANK_COMPACT)
    if bin_ is None:
        raise InvalidIndicator(
            Label("Unknown bank “{value}”: give its name, short name or BIN.", value=text)
        )
    return BANKS[bin_]


def resolve_ewallet(value: str) -> EWallet:
    """Find an e-wallet provider by its id, name or alias."""
    text = clean(value)
    provider = _lookup(text, _WALLET_NOISE, _WALLET_INDEX, _WALLET_COMPACT)
    if provider is None:
        known = ", ".join(w.short_name for w in EWALLETS.values())
        raise InvalidIndicator(
            Label("Unknown e-wallet “{value}”; known: {known}.", value=text, known=known)
        )
    return EWALLETS[provider]


def _account_digits(value: str) -> str:
    text = clean(value)
    digits = _SEPARATORS.sub("", text)
    if not digits:
        raise InvalidIndicator(Label("Enter an account number."))
    if not digits.isascii() or not digits.isdigit():
        raise InvalidIndicator(Label("An account number has only digits: “{value}”.", value=text))
    if not ACCOUNT_MIN_DIGITS <= len(digits) <= ACCOUNT_MAX_DIGITS:
        raise InvalidIndicator(
            Label(
                "An account number has {low} to {high} digits; “{value}” has {count}.",
                low=ACCOUNT_MIN_DIGITS,
                high=ACCOUNT_MAX_DIGITS,
                value=text,
                count=len(digits),
            )
        )
    return digits


def normalise_bank_account(value: str, bank: str | None) -> Indicator:
    """Key a bank account as ``BIN:number``; leading zeros are part of the number."""
    if not bank:
        raise InvalidIndicator(Label("Say which bank holds the account."))
    found = resolve_bank(bank)
    # "970436:0011001234567" is how accounts come back from our own key and display.
    text = clean(value)
    if ":" in text:
        prefix, _, text = text.partition(":")
        if resolve_bank(prefix).bin != found.bin:
            raise InvalidIndicator(
                Label(
                    "“{value}” names another bank than {bank}.", value=value, bank=found.short_name
                )
            )
    digits = _account_digits(text)
    return Indicator(
        kind="bank_account", key=f"{found.bin}:{digits}", display=f"{found.short_name} {digits}"
    )


def normalise_ewallet(value: str, provider: str | None) -> Indicator:
    """Key an e-wallet as ``provider:E.164`` when it is a phone number, else ``provider:id``."""
    if not provider:
        raise InvalidIndicator(Label("Say which e-wallet (MoMo, ZaloPay, Viettel Money, ...)."))
    wallet = resolve_ewallet(provider)
    text = clean(value)
    if text.lower().startswith(wallet.provider + ":"):
        text = text[len(wallet.provider) + 1 :]
    try:
        account = normalise_phone(text).key
    except InvalidIndicator:
        account = _account_digits(text)
    return Indicator(
        kind="ewallet", key=f"{wallet.provider}:{account}", display=f"{wallet.short_name} {account}"
    )
