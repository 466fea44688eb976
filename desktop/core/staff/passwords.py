"""Password hashing (scrypt, from the standard library's OpenSSL binding) and rules."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from desktop.core.errors import ValidationError
from desktop.core.i18n import _

MIN_LENGTH = 8
# scrypt cost: 2**15 * 8 * 128 bytes = 32 MiB and about 0.1 s per hash here.
_N, _R, _P = 2**15, 8, 1
_MAXMEM = 64 * 1024 * 1024


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """Return a salted scrypt hash of ``password`` as ``scrypt$n$r$p$salt$key``."""
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, maxmem=_MAXMEM)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """Return True when ``password`` matches the ``stored`` hash (constant-time compare)."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_MAXMEM,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def password_hint() -> str:
    """Say what a password needs, for the fields where one is chosen."""
    return _("At least {n} characters, not the user name.").format(n=MIN_LENGTH)


def check_password_rules(password: str, username: str = "", field: str = "password") -> None:
    """Raise ``ValidationError`` unless ``password`` is acceptable for ``username``."""
    if not password or not password.strip():
        raise ValidationError(_("Enter a password."), field=field)
    if len(password) < MIN_LENGTH:
        raise ValidationError(
            _("The password must have at least {n} characters.").format(n=MIN_LENGTH), field=field
        )
    if username and password.strip().casefold() == username.strip().casefold():
        raise ValidationError(_("The password must not be the user name."), field=field)
    if len(set(password)) < 3:
        raise ValidationError(_("The password is too easy to guess."), field=field)
