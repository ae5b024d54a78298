"""Encryption of personal data at rest (Fernet: AES-128-CBC with an HMAC-SHA256 check).

The key comes from APP_ENCRYPTION_KEY (read in bot/config.py). To change keys, put the new key first and the old ones after it,
separated by commas: new data uses the first key, old data stays readable, and `rotate` (MultiFernet)
can re-encrypt it. Without APP_ENCRYPTION_KEY a key is made on first run in var/secrets/ (mode 600).
Losing the key loses the data it protects: back up var/secrets/ or set the variable from a secret store.
"""
from __future__ import annotations

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


def load_cipher(var_dir: Path) -> Cipher:
    return Cipher([k for k in encryption_keys(var_dir).split(",") if k.strip()])
