"""Passwords kept only as salted scrypt hashes, and session tokens kept only as their sha256."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# scrypt's cost; the stored hash names its own parameters, so raising these later keeps old hashes working.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=256 * r * n)


def hash_password(password: str) -> str:
    """A self-describing scrypt hash: "scrypt$n$r$p$salt$hash" (salt and hash in base64)."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
        return hmac.compare_digest(computed, base64.b64decode(digest))
    except ValueError:
        return False


# Checked when the username is unknown, so that an unknown user costs the same time as a wrong password
# and the timing does not tell which usernames exist. Its all-zero digest matches no password.
NO_SUCH_USER = f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(bytes(16))}${_b64(bytes(32))}"


def token_hash(token: str) -> str:
    # The token is 32 random bytes: a plain sha256 is enough, and a stolen table gives no usable cookie.
    return hashlib.sha256(token.encode()).hexdigest()
