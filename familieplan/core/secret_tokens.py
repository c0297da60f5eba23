"""Secret tokens that stand for a person in an address (a calendar subscription): 256 random
bits, shown once; only their SHA-256 hash is stored, so an address cannot be read back from
the database."""

from __future__ import annotations

import hashlib
import secrets

#: A token longer than this is no token of ours (and is not hashed).
MAX_TOKEN_LENGTH = 100


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def plausible(token: str) -> bool:
    return bool(token) and len(token) <= MAX_TOKEN_LENGTH
