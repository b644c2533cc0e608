"""Cryptocurrency addresses, accepted only when their checksum holds."""

from __future__ import annotations

import hashlib
import re

from Crypto.Hash import keccak

from ctip.core.engine.labels import Label

from .base import Indicator, InvalidIndicator, clean
from .names import fold

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {c: i for i, c in enumerate(_BECH32)}
_BECH32_CONST, _BECH32M_CONST = 1, 0x2BC830A3
_HEX40 = re.compile(r"0[xX][0-9a-fA-F]{40}")

# Base58check version bytes: Bitcoin mainnet P2PKH and P2SH, TRON mainnet.
_BTC_VERSIONS = {0x00: "P2PKH", 0x05: "P2SH"}
_TRON_VERSION = 0x41

# The network a reporter names, mapped to the address family it must be.
_NETWORKS = {
    "btc": "btc",
    "bitcoin": "btc",
    "eth": "evm",
    "ethereum": "evm",
    "erc20": "evm",
    "usdterc20": "evm",
    "bep20": "evm",
    "bsc": "evm",
    "bnb": "evm",
    "polygon": "evm",
    "matic": "evm",
    "evm": "evm",
    "trx": "tron",
    "tron": "tron",
    "trc20": "tron",
    "usdttrc20": "tron",
    # Tether runs on several chains; naming only the token says nothing about the address.
    "usdt": "any",
}
_FAMILY_NAMES = {"btc": "Bitcoin", "evm": "Ethereum/EVM", "tron": "TRON"}


def _b58decode_check(text: str) -> bytes:
    number = 0
    for char in text:
        if char not in _B58_INDEX:
            raise InvalidIndicator(
                Label("“{value}” cannot appear in a base58 address.", value=char)
            )
        number = number * 58 + _B58_INDEX[char]
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    raw = b"\x00" * (len(text) - len(text.lstrip("1"))) + body
    if len(raw) < 5:
        raise InvalidIndicator(Label("The address is too short."))
    payload, checksum = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != checksum:
        raise InvalidIndicator(Label("The address checksum is wrong: a character is mistyped."))
    return payload


def _bech32_polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            check ^= generator[i] if (top >> i) & 1 else 0
    return check


def _convert_bits(data: list[int], frombits: int, tobits: int) -> list[int] | None:
    acc = bits = 0
    out = []
    maxv = (1 << tobits) - 1
    for value in data:
        acc = (acc << frombits) | value
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            out.append((acc >> bits) & maxv)
    if bits >= frombits or ((acc << (tobits - bits)) & maxv):
        return None
    return out


def _segwit(text: str) -> str:
    """Validate a bech32 (witness v0) or bech32m (v1+) Bitcoin address; return it lower-case."""
    if text.lower() != text and text.upper() != text:
        raise InvalidIndicator(Label("A bech32 address is all lower-case or all upper-case."))
    address = text.lower()
    hrp, _, data_part = address.rpartition("1")
    if hrp != "bc" or len(data_part) < 6 or len(address) > 90:
        raise InvalidIndicator(Label("Not a Bitcoin bech32 address (bc1...)."))
    if any(c not in _BECH32_INDEX for c in data_part):
        raise InvalidIndicator(Label("The address has a character bech32 does not use."))
    data = [_BECH32_INDEX[c] for c in data_part]
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    constant = _bech32_polymod(expanded + data)
    version = data[0]
    if constant != (_BECH32_CONST if version == 0 else _BECH32M_CONST):
        raise InvalidIndicator(Label("The address checksum is wrong: a character is mistyped."))
    program = _convert_bits(data[1:-6], 5, 8)
    if program is None or not 2 <= len(program) <= 40 or version > 16:
        raise InvalidIndicator(Label("Not a valid segwit program."))
    if version == 0 and len(program) not in (20, 32):
        raise InvalidIndicator(Label("A witness v0 program is 20 or 32 bytes."))
    return address


def _keccak256(data: bytes) -> bytes:
    return keccak.new(digest_bits=256, data=data).digest()


def eip55(address: str) -> str:
    """The EIP-55 mixed-case checksum form of a 0x address."""
    hex_part = address[2:].lower()
    digest = _keccak256(hex_part.encode("ascii")).hex()
    return "0x" + "".join(
        c.upper() if c.isalpha() and int(digest[i], 16) >= 8 else c for i, c in enumerate(hex_part)
    )


def _classify(text: str) -> tuple[str, str, str]:
    """Return (family, key address, display address) or raise."""
    if _HEX40.fullmatch(text):
        body = text[2:]
        checksummed = eip55(text)
        if body != body.lower() and body != body.upper() and body != checksummed[2:]:
            raise InvalidIndicator(
                Label(
                    "The address's upper/lower case does not match its EIP-55 checksum: "
                    "a character is mistyped."
                )
            )
        return "evm", "0x" + body.lower(), checksummed
    if text[:3].lower() == "bc1":
        address = _segwit(text)
        return "btc", address, address
    if text.startswith("T"):
        payload = _b58decode_check(text)
        if len(payload) != 21 or payload[0] != _TRON_VERSION:
            raise InvalidIndicator(Label("Not a TRON address (T..., 34 characters)."))
        return "tron", text, text
    if text[:1] in ("1", "3"):
        payload = _b58decode_check(text)
        if len(payload) != 21 or payload[0] not in _BTC_VERSIONS:
            raise InvalidIndicator(Label("Not a Bitcoin address."))
        return "btc", text, text
    raise InvalidIndicator(
        Label(
            "Not a recognised wallet address (Bitcoin 1.../3.../bc1..., Ethereum 0x..., TRON T...)."
        )
    )


def normalise_crypto(value: str, network: str | None = None) -> Indicator:
    """Validate a Bitcoin, Ethereum/EVM or TRON address by checksum and key it by family."""
    text = clean(value)
    family_prefix, sep, rest = text.partition(":")
    if sep and family_prefix in _FAMILY_NAMES:
        text = rest
        network = network or family_prefix
    if not text:
        raise InvalidIndicator(Label("Enter a wallet address."))
    family, key, display = _classify(text)
    if network:
        wanted = _NETWORKS.get(fold(network).replace(" ", ""))
        if wanted is None:
            raise InvalidIndicator(Label("Unknown network “{value}”.", value=network))
        if wanted not in (family, "any"):
            raise InvalidIndicator(
                Label(
                    "This is a {family} address, not {network}.",
                    family=_FAMILY_NAMES[family],
                    network=network,
                )
            )
    return Indicator(
        kind="crypto", key=f"{family}:{key}", display=f"{display} ({_FAMILY_NAMES[family]})"
    )
