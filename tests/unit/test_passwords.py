"""Password hashing (scrypt) and the rules a new password must meet."""

from __future__ import annotations

import pytest

from desktop.core.errors import ValidationError
from desktop.core.staff.passwords import (
    MIN_LENGTH,
    check_password_rules,
    hash_password,
    verify_password,
)


@pytest.fixture(scope="module")
def stored() -> str:
    """One hash of a known password (scrypt is slow; hash once)."""
    return hash_password("Correct-horse-9 汉字")


def test_roundtrip(stored: str) -> None:
    """The password that was hashed verifies, including non-ASCII characters."""
    assert verify_password("Correct-horse-9 汉字", stored)


def test_hash_format(stored: str) -> None:
    """The stored form names the scheme and never contains the password."""
    assert stored.startswith("scrypt$")
    assert len(stored.split("$")) == 6
    assert "Correct-horse" not in stored


def test_salt_differs(stored: str) -> None:
    """Hashing the same password twice gives different salts and keys; both verify."""
    again = hash_password("Correct-horse-9 汉字")
    assert again != stored
    assert again.split("$")[4] != stored.split("$")[4]
    assert verify_password("Correct-horse-9 汉字", again)


@pytest.mark.parametrize(
    "attempt",
    ["correct-horse-9 汉字", "Correct-horse-9 汉", "Correct-horse-9 汉字 ", "", "x"],
)
def test_wrong_password(stored: str, attempt: str) -> None:
    """Any other password, even one character off or differing in case, is refused."""
    assert not verify_password(attempt, stored)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "garbage",
        "scrypt$1$2$3",
        "bcrypt$32768$8$1$c2FsdA==$a2V5",
        "scrypt$abc$8$1$c2FsdA==$a2V5",
        "scrypt$32768$8$1$!!!notbase64$a2V5",
        "scrypt$3$8$1$c2FsdA==$a2V5",
        "scrypt$32768$8$1$c2FsdA==$a2V5$extra",
    ],
)
def test_malformed_stored_hash_is_false(bad: str) -> None:
    """A damaged or foreign stored hash makes verification fail, never raise."""
    assert verify_password("Correct-horse-9", bad) is False


@pytest.mark.parametrize(
    ("password", "username"),
    [
        ("", "alice"),
        ("        ", "alice"),
        ("\t \n    ", "alice"),
        ("abcdefg", "alice"),
        ("Alice.Smith", "alice.smith"),
        (" alice.smith ", "Alice.Smith"),
        ("aaaaaaaaaa", "bob"),
        ("abababababab", "bob"),
    ],
)
def test_rules_reject(password: str, username: str) -> None:
    """Empty, blank, short, equal-to-user-name and repetitive passwords are refused."""
    with pytest.raises(ValidationError) as caught:
        check_password_rules(password, username)
    assert caught.value.field == "password"
    assert str(caught.value)


def test_rules_field_is_passed_through() -> None:
    """The error names the field the caller asked for (new_password in a change dialog)."""
    with pytest.raises(ValidationError) as caught:
        check_password_rules("short", "bob", field="new_password")
    assert caught.value.field == "new_password"


def test_min_length_boundary() -> None:
    """Seven characters are refused, eight are accepted."""
    assert MIN_LENGTH == 8
    with pytest.raises(ValidationError):
        check_password_rules("abc1234", "bob")
    check_password_rules("abc12345", "bob")


@pytest.mark.parametrize(
    ("password", "username"),
    [
        ("correct-horse-9", "admin"),
        ("abcabcab", "bob"),
        ("密码很安全的一句话", "wang"),
        ("alice.smith1", "alice.smith"),
    ],
)
def test_rules_accept(password: str, username: str) -> None:
    """Reasonable passwords pass without error."""
    check_password_rules(password, username)


def test_password_equal_to_casefolded_username_refused() -> None:
    """A password that is the user name under Unicode case folding is refused too."""
    from desktop.core.staff.accounts import normalise_username

    stored_name = normalise_username("Straßenbahn")
    assert stored_name == "strassenbahn"
    with pytest.raises(ValidationError):
        check_password_rules("Straßenbahn", stored_name)
