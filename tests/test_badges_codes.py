"""The code in a badge's QR: small, typed unchanged by a keyboard-wedge scanner, and impossible to forge or
alter; a door device holding only the public key can check it; anything else reads as invalid."""

from __future__ import annotations

import base64
import random
import string

import pytest
import qrcode
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from qrcode.constants import ERROR_CORRECT_M
from qrcode.util import QRData

from eventdesk.badges import codec, qr, render
from eventdesk.errors import Refused
from tests.conftest import TEST_SIGNING_KEY

CONFIG = {"BADGE_SIGNING_KEY": TEST_SIGNING_KEY, "BADGE_KEY_ID": "T"}
ALPHANUMERIC = set(string.digits + string.ascii_uppercase + " $%*+-./:")


def new_seed() -> str:
    seed = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.b64encode(seed).decode()


def test_a_code_names_its_event_invitation_and_serial_and_verifies() -> None:
    code = codec.encode(7, 123456, 42, CONFIG)
    assert codec.verify(code, CONFIG) == codec.BadgeCode(event_id=7, invitation_id=123456, serial=42, key_id="T")
    assert code.startswith("EDT") and len(code) == 131


def test_the_code_is_alphanumeric_and_fits_qr_version_6_at_level_m() -> None:
    code = codec.encode(2**31, 2**40, 99999, CONFIG)
    assert set(code) <= ALPHANUMERIC
    version, modules = render.qr_modules(code)
    assert version <= 6
    assert len(modules) == 17 + 4 * version


def test_one_changed_character_anywhere_makes_the_code_invalid() -> None:
    code = codec.encode(1, 2, 3, CONFIG)
    for position in range(len(code)):
        replacement = "B" if code[position] != "B" else "C"
        altered = code[:position] + replacement + code[position + 1:]
        assert codec.verify(altered, CONFIG) is None, position


@pytest.mark.parametrize("text", [
    "", " ", "ED", "EDT", "hello", None, 42, b"EDT", "ED" * 200, "二维码", "EDT" + "A" * 127, "EDT" + "A" * 129,
    "EDT" + "1" * 128, "EDT" + "=" * 128,
])
def test_anything_that_is_not_our_code_is_invalid_without_an_error(text: object) -> None:
    assert codec.verify(text, CONFIG) is None


def test_lower_case_or_surrounding_whitespace_is_not_accepted() -> None:
    code = codec.encode(1, 2, 3, CONFIG)
    assert codec.verify(code.lower(), CONFIG) is None
    assert codec.verify(f" {code}\n", CONFIG) is None


def test_a_code_signed_with_another_key_is_invalid() -> None:
    forged = codec.encode(1, 2, 3, {"BADGE_SIGNING_KEY": new_seed(), "BADGE_KEY_ID": "T"})
    assert codec.verify(forged, CONFIG) is None


def test_after_a_key_rotation_older_badges_verify_with_the_old_public_key() -> None:
    old = codec.encode(1, 2, 3, CONFIG)
    rotated = {"BADGE_SIGNING_KEY": new_seed(), "BADGE_KEY_ID": "U",
               "BADGE_VERIFY_KEYS": {"T": codec.public_keys(CONFIG)["T"]}}
    new = codec.encode(1, 2, 4, rotated)
    assert new.startswith("EDU")
    assert codec.verify(old, rotated) == codec.BadgeCode(1, 2, 3, "T")
    assert codec.verify(new, rotated) == codec.BadgeCode(1, 2, 4, "U")
    assert codec.verify(new, CONFIG) is None  # the old configuration does not know key U


def test_a_door_device_verifies_with_the_public_key_alone() -> None:
    code = codec.encode(5, 6, 7, CONFIG)
    door = {"BADGE_VERIFY_KEYS": codec.public_keys(CONFIG)}
    assert codec.verify(code, door) == codec.BadgeCode(5, 6, 7, "T")
    with pytest.raises(Refused):
        codec.encode(5, 6, 8, door)
    # ... or without eventdesk at all: the public key, base32 and Ed25519.
    raw = base64.b32decode(code[3:])
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(codec.public_keys(CONFIG)["T"]))
    public.verify(raw[16:], b"EDT" + raw[:16])


def test_loaded_keys_are_cached_for_the_door_hot_path() -> None:
    assert codec.keyring(dict(CONFIG)) is codec.keyring(dict(CONFIG))


@pytest.mark.parametrize("config", [
    {"BADGE_SIGNING_KEY": "not base64!", "BADGE_KEY_ID": "T"},
    {"BADGE_SIGNING_KEY": base64.b64encode(b"short").decode(), "BADGE_KEY_ID": "T"},
    {"BADGE_SIGNING_KEY": TEST_SIGNING_KEY, "BADGE_KEY_ID": "t"},
    {"BADGE_SIGNING_KEY": None, "BADGE_KEY_ID": "T"},
])
def test_a_missing_or_malformed_key_is_a_clear_configuration_error(config: dict) -> None:
    with pytest.raises(Refused) as refused:
        codec.encode(1, 2, 3, config)
    assert refused.value.code == "badge_key_problem"


def qrcode_matrix(text: str) -> tuple[int, tuple[tuple[bool, ...], ...]]:
    drawn = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=qr.MASK)
    drawn.add_data(QRData(text))
    drawn.make(fit=True)
    return drawn.version, tuple(tuple(row) for row in drawn.get_matrix())


@pytest.mark.parametrize("length", [1, 2, 9, 10, 20, 25, 34, 47, 48, 61, 77, 78, 90, 114, 122, 131, 154])
def test_badge_qr_codes_are_module_for_module_what_the_qrcode_library_draws(length: int) -> None:
    # badges.qr draws badge codes several times faster than qrcode; every version it takes (1 to 6) comes out the same.
    characters, draw = sorted(ALPHANUMERIC), random.Random(length)
    for _ in range(5):
        text = "".join(draw.choice(characters) for _ in range(length - 1)) + draw.choice(string.ascii_uppercase)
        assert qr.modules(text) == qrcode_matrix(text)
    code = codec.encode(7, 123456, 42, CONFIG)
    assert render.qr_modules(code) == qr.modules(code) == qrcode_matrix(code)


def test_text_the_badge_encoder_does_not_take_is_left_to_the_qrcode_library() -> None:
    for text in ("ED" + "A" * 153, "https://eventdesk.example/r/abc", "0123456789"):  # version 7, byte, numeric
        assert qr.modules(text) is None
        drawn = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=qr.MASK)
        drawn.add_data(text)
        assert render.qr_modules(text) == (drawn.version, tuple(tuple(row) for row in drawn.get_matrix()))
