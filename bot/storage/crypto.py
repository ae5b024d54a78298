"""Encryption of personal data at rest (Fernet: AES-128-CBC with an HMAC-SHA256 check).

The key comes from APP_ENCRYPTION_KEY (read in bot/config.py). To change keys, put the new key first and the old ones after it,
separated by commas: new data uses the first key, old data stays readable, and `rotate` (MultiFernet)
can re-encrypt it. Without APP_ENCRYPTION_KEY a key is made on first run in var/secrets/ (mode 600).
Losing the key loses the data it protects: back up var/secrets/ or set the variable from a secret store.

Personal data that must be found by value without being readable (a phone number, to limit call-backs to
it) is kept as a keyed hash too: HMAC-SHA256 with a key made from the first key for that one purpose. A
plain hash of a phone number is undone by hashing every number; without the key it cannot be. After a key
change, values hashed with the old key no longer match.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.config import encryption_keys

__all__ = ["Cipher", "InvalidToken", "load_cipher"]


class Cipher:
    def __init__(self, keys: list[str]):
        if not keys:
            raise ValueError("at least one encryption key is needed")
        try:
            self._fernet = MultiFernet([Fernet(k.strip().encode()) for k in keys])
            self._first_key = base64.urlsafe_b64decode(keys[0].strip().encode())
        except ValueError:
            raise ValueError("APP_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64 bytes), "
                             "comma-separated; make one with: python -c 'from cryptography.fernet "
                             "import Fernet; print(Fernet.generate_key().decode())'") from None

    def encrypt(self, data: dict[str, Any]) -> bytes:
        return self._fernet.encrypt(json.dumps(data, ensure_ascii=False, sort_keys=True).encode())

    def decrypt(self, token: bytes) -> dict[str, Any]:
        return json.loads(self._fernet.decrypt(token))

    def rotate(self, token: bytes) -> bytes:
        return self._fernet.rotate(token)

    def keyed_hash(self, purpose: str, value: str) -> str:
        """HMAC-SHA256 of value, in hex, under a key for this purpose alone: the same value gives the same
        hash, so it can be looked up, and a hash made for one purpose says nothing about another."""
        key = hmac.new(self._first_key, f"keyed-hash:{purpose}".encode(), hashlib.sha256).digest()
        return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def load_cipher(var_dir: Path) -> Cipher:
    return Cipher([k for k in encryption_keys(var_dir).split(",") if k.strip()])
