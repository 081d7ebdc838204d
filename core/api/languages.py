"""The applicant's language from the HTTP `Accept-Language` header.

Written here rather than taken from a library: choosing between two languages by the
header's quality values is a few lines, and Babel's `negotiate_locale` ignores them.
"""

from __future__ import annotations

from core.i18n import LANGUAGES

DEFAULT_LANGUAGE = "ru"  # as the questionnaire: the bank's applicants are mostly Russian speakers


def negotiate(header: str | None) -> str:
    """The best of `LANGUAGES` for an `Accept-Language` header (`ru-RU,ru;q=0.9,en;q=0.8`)."""
    best, best_q = DEFAULT_LANGUAGE, 0.0
    for item in (header or "").split(","):
        tag, _, params = item.strip().partition(";")
        lang = tag.strip().lower().split("-")[0]
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        # Strictly better only: of equal quality, the entry the client listed first wins.
        if lang in LANGUAGES and q > best_q:
            best, best_q = lang, q
        elif lang == "*" and q > best_q:
            best, best_q = DEFAULT_LANGUAGE, q
    return best
