"""Encryption of personal data at rest (Fernet: AES-128-CBC with an HMAC-SHA256 check).

The key comes from APP_ENCRYPTION_KEY. To change keys, put the new key first and the old ones after it,
separated by commas: new data uses the first key, old data stays readable, and `rotate` (MultiFernet)
can re-encrypt it. Without APP_ENCRYPTION_KEY a key is made on first run in var/secrets/ (mode 600).
Losing the key loses the data it protects: back up var/secrets/ or set the variable from a secret store.
"""
from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

__all__ = ["Cipher", "InvalidToken", "encryption_keys", "load_cipher"]

KEY_FILE_NAME = "app-encryption-key"


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


def encryption_keys(var_dir: Path) -> str:
    """APP_ENCRYPTION_KEY, or the key made on first run: for the Rasa server's tracker store too."""
    return os.environ.get("APP_ENCRYPTION_KEY", "").strip() or _key_from_file(var_dir / "secrets" / KEY_FILE_NAME)


def _key_from_file(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.parent.chmod(0o700)
        # Written whole to a private file, then linked into place: if two processes start together,
        # one link wins and both read the same complete key.
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(Fernet.generate_key().decode())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text().strip()
