"""The text in a badge's QR code: which event, invitation and serial, signed with Ed25519.

Form: "ED" + key id (one character) + upper-case base32, without padding, of a 16-byte payload and its
64-byte signature: 131 characters, all in QR alphanumeric mode (version 6 at level M) and typed unchanged by
a keyboard-wedge scanner under any layout or input method. The signature covers the prefix and the key id,
so a door device holding only the public keys tells a genuine badge from a forgery without the network.
No Flask here: `config` is any mapping with BADGE_SIGNING_KEY, BADGE_KEY_ID and optionally BADGE_VERIFY_KEYS.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from eventdesk.errors import Refused

PREFIX = "ED"
PAYLOAD = struct.Struct(">IQI")  # event id, invitation id, badge serial: 16 bytes
SIGNATURE_SIZE = 64
ENCODED_SIZE = 128  # base32 of 80 bytes, a multiple of 5, so no padding and no spare bits
KEY_ID = re.compile(r"[A-Z0-9]")
CODE = re.compile(rf"{PREFIX}([A-Z0-9])([A-Z2-7]{{{ENCODED_SIZE}}})")


@dataclass(frozen=True)
class BadgeCode:
    event_id: int
    invitation_id: int
    serial: int
    key_id: str = ""


@dataclass(frozen=True)
class Keyring:
    key_id: str
    signing_key: Ed25519PrivateKey | None
    verify_keys: Mapping[str, Ed25519PublicKey]


class KeyProblem(Refused):
    """The badge keys are missing or malformed: a configuration error, never a guest's fault."""

    def __init__(self, message: str) -> None:
        super().__init__("badge_key_problem", message, status=503)


def encode(event_id: int, invitation_id: int, serial: int, config: Mapping[str, Any]) -> str:
    ring = keyring(config)
    if ring.signing_key is None:
        raise KeyProblem("no badge signing key is configured: run `eventdesk init`")
    payload = PAYLOAD.pack(event_id, invitation_id, serial)
    signature = ring.signing_key.sign(_signed_part(ring.key_id, payload))
    return PREFIX + ring.key_id + base64.b32encode(payload + signature).decode("ascii")


def verify(text: object, config: Mapping[str, Any]) -> BadgeCode | None:
    """The code's content if `text` is exactly a code we signed; None (meaning `invalid`) for anything else."""
    match = CODE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return None
    key_id, encoded = match.groups()
    public_key = keyring(config).verify_keys.get(key_id)
    if public_key is None:
        return None
    raw = base64.b32decode(encoded)
    payload, signature = raw[:PAYLOAD.size], raw[PAYLOAD.size:]
    try:
        public_key.verify(signature, _signed_part(key_id, payload))
    except InvalidSignature:
        return None
    return BadgeCode(*PAYLOAD.unpack(payload), key_id=key_id)


def public_keys(config: Mapping[str, Any]) -> dict[str, str]:
    """{key id: base64 of the raw 32-byte Ed25519 public key}: all a door device needs to verify offline."""
    return {key_id: base64.b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode("ascii")
            for key_id, key in keyring(config).verify_keys.items()}


def keyring(config: Mapping[str, Any]) -> Keyring:
    older = config.get("BADGE_VERIFY_KEYS") or {}
    return _load(config.get("BADGE_SIGNING_KEY"), config.get("BADGE_KEY_ID") or "A",
                 tuple(sorted(older.items())))


@lru_cache(maxsize=8)  # verification is on the door's hot path: parse the keys once per configuration
def _load(seed: str | None, key_id: str, older: tuple[tuple[str, str], ...]) -> Keyring:
    for kid in (key_id, *(k for k, _ in older)):
        if not isinstance(kid, str) or not KEY_ID.fullmatch(kid):
            raise KeyProblem(f"a badge key id is one character A-Z or 0-9, not {kid!r}")
    verify_keys = {kid: Ed25519PublicKey.from_public_bytes(_raw(key, f"BADGE_VERIFY_KEYS[{kid!r}]"))
                   for kid, key in older}
    signing_key = None
    if seed:
        signing_key = Ed25519PrivateKey.from_private_bytes(_raw(seed, "BADGE_SIGNING_KEY"))
        verify_keys[key_id] = signing_key.public_key()
    return Keyring(key_id=key_id, signing_key=signing_key, verify_keys=verify_keys)


def _raw(value: str, name: str) -> bytes:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError, TypeError) as e:
        raise KeyProblem(f"{name} is not base64") from e
    if len(raw) != 32:
        raise KeyProblem(f"{name} must hold 32 bytes, not {len(raw)}")
    return raw


def _signed_part(key_id: str, payload: bytes) -> bytes:
    return (PREFIX + key_id).encode("ascii") + payload
