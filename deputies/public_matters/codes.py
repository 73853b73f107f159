"""Receipt codes (回执码) and the hashes kept instead of them, of addresses and device cookies too.

A code is 8 characters of an alphabet without look-alikes (no 0/O, 1/I/L): 31^8 ≈ 8.5 × 10^11 codes, drawn
with `secrets`, so guessing one is hopeless at the hourly limits. Only HMAC-SHA256(SECRET_KEY, code) is stored.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
SLUG_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
SLUG_LENGTH = 12


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def new_slug() -> str:
    return "".join(secrets.choice(SLUG_ALPHABET) for _ in range(SLUG_LENGTH))


def normalised(typed: str) -> str:
    """What a resident typed, as the code is written: spaces and dashes dropped, upper case."""
    return "".join(c for c in (typed or "").upper() if c.isalnum())


def digest(value: str, purpose: str) -> str:
    key = f"renda.public_matters.{purpose}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def code_hash(code: str) -> str:
    return digest(normalised(code), "code")


def well_formed(code: str) -> bool:
    code = normalised(code)
    return len(code) == LENGTH and all(c in ALPHABET for c in code)
