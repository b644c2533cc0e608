import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctip.intel.engine import InvalidIndicator, normalise
from ctip.intel.engine.crypto import _bech32_polymod, eip55

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def b58check(payload: bytes) -> str:
    raw = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number = int.from_bytes(raw, "big")
    out = ""
    while number:
        number, rem = divmod(number, 58)
        out = B58[rem] + out
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + out


def to_5bit(program: bytes) -> list[int]:
    bits = "".join(f"{byte:08b}" for byte in program)
    bits += "0" * (-len(bits) % 5)
    return [int(bits[i : i + 5], 2) for i in range(0, len(bits), 5)]


def segwit(version: int, program: bytes) -> str:
    data = [version, *to_5bit(program)]
    constant = 1 if version == 0 else 0x2BC830A3
    polymod = _bech32_polymod([3, 3, 0, 2, 3, *data, 0, 0, 0, 0, 0, 0]) ^ constant
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return "bc1" + "".join(BECH32[d] for d in data + checksum)


# Reference vectors: EIP-55's own examples, BIP-173/350 and well-known addresses.
EIP55_VECTORS = [
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
]


@pytest.mark.parametrize("address", EIP55_VECTORS)
def test_eip55_vectors(address):
    assert eip55(address.lower()) == address
    found = normalise("crypto", address)
    assert found.key == "evm:" + address.lower()
    assert normalise("crypto", address.lower()).key == found.key
    assert normalise("crypto", "0x" + address[2:].upper()).key == found.key


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
        ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "btc:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
        (
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            "btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        ),
        (
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
            "btc:bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        ),
        ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
    ],
)
def test_known_addresses(address, key):
    assert normalise("crypto", address).key == key
    assert normalise("crypto", key).key == key


@pytest.mark.parametrize(
    "address",
    [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",  # one letter's case flipped
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
        # A v1 program with a bech32 (not bech32m) checksum, from BIP-350.
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
        "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        "0x12",
        "not a wallet",
        "",
    ],
)
def test_mistyped_addresses_are_refused(address):
    with pytest.raises(InvalidIndicator):
        normalise("crypto", address)


def test_usdt_network_must_match_the_address():
    assert normalise("crypto", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", platform="USDT TRC20")
    assert normalise("crypto", EIP55_VECTORS[0], platform="ERC20")
    assert normalise("crypto", EIP55_VECTORS[0], platform="USDT")
    with pytest.raises(InvalidIndicator, match="TRON"):
        normalise("crypto", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", platform="ERC20")
    with pytest.raises(InvalidIndicator, match="Unknown network"):
        normalise("crypto", EIP55_VECTORS[0], platform="dogecoin")


@given(st.binary(min_size=20, max_size=20), st.sampled_from([0x00, 0x05, 0x41]))
def test_base58check_addresses_round_trip(body, version):
    address = b58check(bytes([version]) + body)
    family = "tron" if version == 0x41 else "btc"
    found = normalise("crypto", address)
    assert found.key == f"{family}:{address}"
    assert normalise("crypto", found.key) == found


@given(st.binary(min_size=20, max_size=20), st.data())
def test_a_single_substitution_is_caught(body, data):
    address = b58check(b"\x41" + body)
    position = data.draw(st.integers(1, len(address) - 1))
    replacement = data.draw(st.sampled_from(B58).filter(lambda c: c != address[position]))
    with pytest.raises(InvalidIndicator):
        normalise("crypto", address[:position] + replacement + address[position + 1 :])


@given(st.sampled_from([(0, 20), (0, 32), (1, 32)]), st.data())
def test_segwit_addresses_in_any_case_are_one_key(shape, data):
    version, size = shape
    address = segwit(version, data.draw(st.binary(min_size=size, max_size=size)))
    assert normalise("crypto", address.upper()).key == "btc:" + address
    position = data.draw(st.integers(4, len(address) - 1))
    replacement = data.draw(st.sampled_from(BECH32).filter(lambda c: c != address[position]))
    with pytest.raises(InvalidIndicator):
        normalise("crypto", address[:position] + replacement + address[position + 1 :])


@given(st.binary(min_size=20, max_size=20))
def test_ethereum_checksum_lower_and_upper_case_are_one_key(body):
    lower = "0x" + body.hex()
    found = normalise("crypto", lower)
    assert found.key == "evm:" + lower
    assert normalise("crypto", eip55(lower)).key == found.key
    assert normalise("crypto", found.key) == found
