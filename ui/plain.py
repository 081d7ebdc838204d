"""Stored or typed text shown as itself, never as Markdown.

Streamlit renders the body of `st.markdown`, `st.title`, `st.subheader`, `st.caption`,
`st.info`/`st.error`/..., widget labels and metric labels as Markdown, so a client's name or
a promotion reason holding `![x](http://host/x.png)` would make every browser that shows it
fetch that image, and `**x**` or `:red[x]` would restyle it. Every such text passes through
`plain` first. Streamlit has no plain-text mode for these elements (`st.text` is monospace
and has no heading or notice form), hence this small escape.
"""

from __future__ import annotations

import re

# CommonMark lets a backslash escape any ASCII punctuation, and then shows it as itself;
# escaping them all also disarms GFM autolinks, `:directives[...]`, `$math$` and entities.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def plain(text: object) -> str:
    """`text` escaped so that Markdown shows it exactly, on one line (None shows as nothing)."""
    if text is None:
        return ""
    return _PUNCTUATION.sub(r"\\\1", _BREAKS.sub(" ", str(text)).strip())
