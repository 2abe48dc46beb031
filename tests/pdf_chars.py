"""Every character a PDF page draws, with its box in points, read from the page itself.

A small interpreter of the content stream (pypdf parses it): the graphics state's matrix
(q/Q/cm), the text state (BT/ET, Tf, Td/TD/Tm/T*, TL, Tc, Tw, Tz, Ts) and the text-showing
operators (Tj, TJ, ', "). A glyph's width comes from its font's own /W table (Type0,
Identity-H, as matplotlib writes with pdf.fonttype 42) or /Widths (a simple font); its height
from the font descriptor's /Ascent and /Descent. So the boxes are where a PDF viewer draws the
text, independently of how the app measured it when it laid the page out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypdf import PageObject
from pypdf.generic import ContentStream


@dataclass(frozen=True)
class Char:
    """A drawn character: its text (from the font's ToUnicode map) and box in points, origin at
    the page's lower left."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def _matmul(a, b):
    """Product of two PDF matrices [a b c d e f] (row vectors: a then b)."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def _apply(m, x, y):
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


class _Font:
    """What the interpreter needs of a font: code length, widths, vertical extent, text."""

    def __init__(self, font) -> None:
        font = font.get_object()
        self.two_byte = font.get("/Subtype") == "/Type0"
        self.widths: dict[int, float] = {}
        if self.two_byte:
            descendant = font["/DescendantFonts"][0].get_object()
            self.default = float(descendant.get("/DW", 1000))
            w = descendant.get("/W")
            w = w.get_object() if w is not None else []
            i = 0
            while i < len(w):
                first = int(w[i])
                if isinstance(w[i + 1].get_object(), list):
                    for k, value in enumerate(w[i + 1].get_object()):
                        self.widths[first + k] = float(value)
                    i += 2
                else:
                    for code in range(first, int(w[i + 1]) + 1):
                        self.widths[code] = float(w[i + 2])
                    i += 3
            descriptor = descendant["/FontDescriptor"].get_object()
        else:
            self.default = 0.0
            first = int(font.get("/FirstChar", 0))
            for k, value in enumerate(font.get("/Widths", [])):
                self.widths[first + k] = float(value)
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
        self.ascent = float(descriptor.get("/Ascent", 800)) / 1000
        self.descent = float(descriptor.get("/Descent", -200)) / 1000
        self.unicode = _to_unicode(font)

    def codes(self, data: bytes):
        """The character codes of a string operand."""
        if self.two_byte:
            return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]
        return list(data)

    def width(self, code: int) -> float:
        """Advance of a code in text space units (per unit of font size)."""
        return self.widths.get(code, self.default) / 1000


def _to_unicode(font) -> dict[int, str]:
    """The font's ToUnicode map (bfchar and bfrange entries), code → text."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    data = stream.get_object().get_data().decode("latin-1")
    mapping: dict[int, str] = {}

    def text_of(hexa: str) -> str:
        raw = bytes.fromhex(hexa)
        return raw.decode("utf-16-be", errors="replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = text_of(target)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for first, last, target, targets in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])",
                block):
            codes = range(int(first, 16), int(last, 16) + 1)
            if targets:  # <first> <last> [<text> <text> …]: one text per code
                for code, each in zip(codes, re.findall(r"<([0-9A-Fa-f]+)>", targets),
                                      strict=False):
                    mapping[code] = text_of(each)
            else:  # <first> <last> <text>: consecutive code points
                start = int(target, 16)
                for offset, code in enumerate(codes):
                    mapping[code] = chr(start + offset)
    return mapping


def page_chars(page: PageObject) -> list[Char]:
    """Every character the page draws, in drawing order."""
    fonts = {name: _Font(font) for name, font in
             page["/Resources"].get("/Font", {}).items()}
    content = ContentStream(page.get_contents(), page.pdf)
    ctm = [1, 0, 0, 1, 0, 0]
    stack = []
    tm = tlm = [1, 0, 0, 1, 0, 0]
    font, size = None, 0.0
    char_spacing = word_spacing = rise = leading = 0.0
    scale = 1.0
    chars: list[Char] = []

    def show(data) -> None:
        nonlocal tm
        # pypdf decodes a string operand to text; its bytes as written are what the font reads.
        raw = getattr(data, "_original_bytes", None) or bytes(data)
        for code in font.codes(raw):
            advance = font.width(code) * size
            trm = _matmul([size * scale, 0, 0, size, 0, rise], _matmul(tm, ctm))
            corners = [_apply(trm, x, y) for x in (0, font.width(code))
                       for y in (font.descent, font.ascent)]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            chars.append(Char(font.unicode.get(code, "\ufffd"), min(xs), min(ys), max(xs),
                              max(ys)))
            spacing = char_spacing + (word_spacing if code == 32 and not font.two_byte else 0)
            tm = _matmul([1, 0, 0, 1, (advance + spacing) * scale, 0], tm)

    for operands, operator in content.operations:
        op = operator.decode("latin-1") if isinstance(operator, bytes) else operator
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            ctm = _matmul([float(v) for v in operands], ctm)
        elif op == "BT":
            tm = tlm = [1, 0, 0, 1, 0, 0]
        elif op == "Tf":
            font, size = fonts[operands[0]], float(operands[1])
        elif op == "Tc":
            char_spacing = float(operands[0])
        elif op == "Tw":
            word_spacing = float(operands[0])
        elif op == "Tz":
            scale = float(operands[0]) / 100
        elif op == "Ts":
            rise = float(operands[0])
        elif op == "TL":
            leading = float(operands[0])
        elif op in ("Td", "TD"):
            tx, ty = float(operands[0]), float(operands[1])
            if op == "TD":
                leading = -ty
            tm = tlm = _matmul([1, 0, 0, 1, tx, ty], tlm)
        elif op == "Tm":
            tm = tlm = [float(v) for v in operands]
        elif op == "T*":
            tm = tlm = _matmul([1, 0, 0, 1, 0, -leading], tlm)
        elif op == "Tj":
            show(operands[0])
        elif op == "'":
            tm = tlm = _matmul([1, 0, 0, 1, 0, -leading], tlm)
            show(operands[0])
        elif op == '"':
            word_spacing, char_spacing = float(operands[0]), float(operands[1])
            tm = tlm = _matmul([1, 0, 0, 1, 0, -leading], tlm)
            show(operands[2])
        elif op == "TJ":
            for item in operands[0]:
                if isinstance(item, (int, float)) or hasattr(item, "as_numeric"):
                    shift = -float(item) / 1000 * size * scale
                    tm = _matmul([1, 0, 0, 1, shift, 0], tm)
                else:
                    show(item)
    return chars
