"""Tables whose numbers read as the page's language writes them (Russian: '0,8123', '1 549',
'12,3 %') and still sort as numbers.

`st.column_config.NumberColumn(format=...)` writes a decimal point whatever the page's language,
and its "localized" format follows the browser's locale, not the language chosen on the page. A
pandas Styler's text is what `st.dataframe` shows in a number column that has no `format` of its
own, while sorting and the download keep the numbers; so the numbers are written here, by Babel
(`ui.locale`), and column configs given for these columns carry labels and help, never a format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

from ui import locale

Formatter = Callable[[Any], str]
# A missing figure (a run without an out-of-time score, a period without outcomes): the browser
# draws a missing number itself, as 'None' whatever a Styler says, so tables pass
# `st.dataframe(placeholder=DASH)` as well.
DASH = "—"


def digits(n: int, lang: str, *, signed: bool = False) -> Formatter:
    """A figure with `n` decimals: '0,8123' (ru), '0.8123' (en); `signed` writes '+' before a gain."""

    def written(value: Any) -> str:
        text = locale.number(float(value), lang, digits=n)
        return "+" + text if signed and value > 0 else text

    return written


def whole(lang: str) -> Formatter:
    """A count: '1 549' (ru), '1,549' (en)."""
    return lambda value: locale.number(int(value), lang)


def share(lang: str, *, decimals: int = 1) -> Formatter:
    """A rate: '12,3 %' (ru), '12.3%' (en)."""
    return lambda value: locale.share(float(value), lang, digits=decimals)


def money(lang: str) -> Formatter:
    """Roubles: '150 000 ₽' (ru)."""
    return lambda value: locale.money(float(value), lang)


def localized(frame: pd.DataFrame, formats: Mapping[str, Formatter]) -> Styler:
    """`frame` to hand to `st.dataframe`, its `formats` columns written by their formatters (a
    missing value as a dash), the values underneath untouched."""
    shown = {column: formatter for column, formatter in formats.items() if column in frame.columns}
    return frame.style.format(shown, na_rep=DASH)
