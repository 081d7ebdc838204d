"""The applicant's consent to the processing of personal data and to the credit-bureau enquiry.

An application is accepted only with the consent given; the decision record keeps the
version of the text the applicant agreed to. A changed text gets a new version (and new
`consent.text.<version>` messages), so what each applicant agreed to can always be shown.
"""

from __future__ import annotations

from core.i18n import t

CONSENT_VERSION = "2026-11-25"


def consent_text(lang: str = "en", version: str = CONSENT_VERSION) -> str:
    """The consent as the applicant reads it, in the version given (the current one by default)."""
    return t(f"consent.text.{version}", lang)
