"""components/text.py: data text shown literally, quotations always marked."""

from __future__ import annotations

import pytest

from components.text import guillemets, md_escape


@pytest.mark.parametrize(("text", "quoted"), [
    ("Өңірлік қолбасшылықтың негізгі міндеті", "«Өңірлік қолбасшылықтың негізгі міндеті»"),
    ("«Астана» өңірлік қолбасшылығы — резерві.", "«„Астана“ өңірлік қолбасшылығы — резерві.»"),
])
def test_a_quotation_is_always_in_guillemets_with_inner_quotes_nested(text, quoted):
    assert guillemets(text) == quoted


@pytest.mark.parametrize("text", ["**bold**", "[link](javascript:alert(1))", ":red[x]", "$x$",
                                  "# heading", "<b>tag</b>", "a\n- list"])
def test_markdown_in_data_is_escaped_into_one_literal_paragraph(text):
    escaped = md_escape(text)
    assert "\n" not in escaped
    assert escaped.replace("\\", "") == " ".join(text.split())
    for special in "*[]():$#<>-":
        assert f"\\{special}" in escaped or special not in text
