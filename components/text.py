"""Showing data text safely: Streamlit markdown must render it as text, never as markup."""

from __future__ import annotations

import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# turns links, emphasis, headings, HTML, LaTeX ($) and Streamlit's :colour[...] into plain text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=\"'&%^])")


def md_escape(text: str) -> str:
    """`text` as literal markdown: shown exactly, interpreted as nothing."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    # Newlines in data would start new markdown blocks (lists, headings): keep one paragraph.
    return " ".join(escaped.split())


def guillemets(text: str) -> str:
    """A quotation in «», always; quotes inside it become „“, as Kazakh and Russian nest them
    («„Астана“ өңірлік қолбасшылығы — …»)."""
    return "«" + text.replace("«", "„").replace("»", "“") + "»"
