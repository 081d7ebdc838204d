"""Passwords too common to protect anything, though long enough for the length rule.

A short built-in list (the long entries of the public most-used-password lists, and their
Russian-keyboard cousins) plus the patterns they follow: one character repeated, a run of the
keyboard or the alphabet, a common word padded with digits. It is checked when a password is
set, never at sign-in. A bank with a breached-password service would call it here instead.
"""

from __future__ import annotations

import re

_COMMON = frozenset(
    {
        "password", "passw0rd", "p@ssw0rd", "qwerty", "qwertyuiop", "qwertyuiop[]", "asdfghjkl", "zxcvbnm",
        "1q2w3e4r5t6y", "1qaz2wsx3edc", "q1w2e3r4t5y6", "qazwsxedc", "iloveyou", "administrator", "admin",
        "letmein", "welcome", "monkey", "dragon", "football", "baseball", "superman", "princess", "sunshine",
        "trustno1", "changeme", "secret", "master", "starwars", "whatever", "default", "password1",
        "йцукенгшщзхъ", "пароль", "parol", "ytrewq", "qwerty123", "abc123", "abcdef", "bank", "credit",
    }
)  # fmt: skip
_RUNS = ("0123456789012345678901234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm")


def is_common(password: str) -> bool:
    """Whether `password` is a well-known one, or one of their patterns."""
    text = password.strip().lower()
    if len(set(text)) <= 2:  # "aaaaaaaaaaaa", "abababababab"
        return True
    if any(text in run or text in run[::-1] for run in _RUNS):  # "123456789012", "abcdefghijkl"
        return True
    core = re.sub(r"^[\d\W_]+|[\d\W_]+$", "", text)  # "password1234!", "2024admin2024"
    half = text[: len(text) // 2]
    return text in _COMMON or core in _COMMON or (half * 2 == text and half in _COMMON)  # "passwordpassword"
