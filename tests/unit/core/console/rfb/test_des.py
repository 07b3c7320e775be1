"""DES against published vectors, and VNC Authentication's bit-reversed key."""

from __future__ import annotations

import pytest

from kvmdesk.core.console.rfb.des import des_encrypt_block, vnc_auth_response


@pytest.mark.parametrize(
    ("key", "plain", "cipher"),
    [
        ("133457799BBCDFF1", "0123456789ABCDEF", "85E813540F0AB405"),  # the classic worked example
        ("0E329232EA6D0D73", "8787878787878787", "0000000000000000"),
        ("0123456789ABCDEF", "4E6F772069732074", "3FA40E8A984D4815"),  # FIPS 81 "Now is t"
        ("FFFFFFFFFFFFFFFF", "FFFFFFFFFFFFFFFF", "7359B2163E4EDC58"),
        ("FEDCBA9876543210", "0123456789ABCDEF", "ED39D950FA74BCC4"),
        ("0101010101010101", "95F8A5E5DD31D900", "8000000000000000"),  # NBS variable plaintext
    ],
)
def test_des_matches_published_vectors(key: str, plain: str, cipher: str) -> None:
    assert des_encrypt_block(bytes.fromhex(key), bytes.fromhex(plain)).hex().upper() == cipher


def test_vnc_response_uses_the_bit_reversed_password_as_key() -> None:
    # "password" reversed bit by bit is 0E 86 CE CE EE F6 4E 26; cross-checked with
    # `openssl enc -des-ecb -K 0E86CECEEEF64E26 -nopad` on zero bytes.
    response = vnc_auth_response("password", bytes(16))
    assert response.hex() == "ff97502e9422f089" * 2


def test_vnc_password_is_cut_to_eight_bytes_and_padded_with_nul() -> None:
    challenge = bytes(range(16))
    assert vnc_auth_response("passwordEXTRA", challenge) == vnc_auth_response("password", challenge)
    assert vnc_auth_response("pw", challenge) == vnc_auth_response("pw\0\0\0\0\0\0", challenge)
    assert vnc_auth_response("pw", challenge) != vnc_auth_response("pw2", challenge)


def test_wrong_sizes_are_refused() -> None:
    with pytest.raises(ValueError):
        des_encrypt_block(b"short", bytes(8))
    with pytest.raises(ValueError):
        vnc_auth_response("x", bytes(8))
