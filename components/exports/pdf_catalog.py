"""What matplotlib's PDF leaves out of the document catalog: the language, the title as the
window's title, and XMP metadata. Added as an incremental update (ISO 32000-1, 7.5.6): the
catalog is written again with the new entries after the file matplotlib made, so the pages,
and the measured text layout on them, stay byte for byte as drawn.

Not tagged: matplotlib cannot mark its text as structure (headings, paragraphs, tables); a
structure tree without marked content would claim an accessibility the file does not have."""

from __future__ import annotations

import re
from datetime import datetime
from xml.sax.saxutils import escape

_TRAILER = re.compile(rb"trailer\s*<<(?P<body>.*?)>>\s*startxref\s+(?P<xref>\d+)\s+%%EOF\s*$",
                      re.S)
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def _trailer_ref(body: bytes, key: bytes) -> int:
    found = re.search(rb"/" + key + rb"\s+(\d+)\s+0\s+R", body)
    if found is None:
        raise ValueError(f"the PDF's trailer has no /{key.decode()} reference")
    return int(found.group(1))


def _xmp(lang: str, title: str, description: str, created: datetime, creator: str,
         producer: str) -> bytes:
    """An XMP packet (Dublin Core, XMP basic and PDF schemas) with the Info dictionary's
    values, so both say the same."""
    when = created.isoformat(timespec="seconds").replace("+00:00", "Z")

    def alt(text: str) -> str:
        text = escape(text)
        return (f'<rdf:Alt><rdf:li xml:lang="x-default">{text}</rdf:li>'
                f'<rdf:li xml:lang="{lang}">{text}</rdf:li></rdf:Alt>')

    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <dc:format>application/pdf</dc:format>
   <dc:title>{alt(title)}</dc:title>
   <dc:description>{alt(description)}</dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   <xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool>
   <pdf:Producer>{escape(producer)}</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


def with_catalog_entries(pdf: bytes, *, lang: str, title: str, description: str,
                         created: datetime, creator: str, producer: str) -> bytes:
    """`pdf` with /Lang, /ViewerPreferences << /DisplayDocTitle true >> and an XMP /Metadata
    stream in its catalog, appended as an incremental update."""
    if not _LANG.match(lang):
        raise ValueError(f"not a language tag: {lang!r}")
    trailer = _TRAILER.search(pdf[-4096:])
    if trailer is None:
        raise ValueError("no trailer at the end of the PDF")
    body, previous_xref = trailer.group("body"), int(trailer.group("xref"))
    root, info = _trailer_ref(body, b"Root"), _trailer_ref(body, b"Info")
    size = int(re.search(rb"/Size\s+(\d+)", body).group(1))
    catalog = re.search(rb"(?:^|\n)%d 0 obj\s*<<(?P<entries>(?:(?!<<|>>).)*)>>\s*endobj" % root,
                        pdf, re.S)
    if catalog is None:
        raise ValueError("the PDF's catalog is not a flat dictionary")
    entries = catalog.group("entries").strip()
    if re.search(rb"/(Lang|ViewerPreferences|Metadata)\b", entries):
        raise ValueError("the PDF's catalog already has these entries")

    metadata = size  # the next free object number
    xmp = _xmp(lang, title, description, created, creator, producer)
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = {}
    offsets[root] = len(out)
    out += (b"%d 0 obj\n<< %s /Lang (%s) /ViewerPreferences << /DisplayDocTitle true >>"
            b" /Metadata %d 0 R >>\nendobj\n" % (root, entries, lang.encode(), metadata))
    offsets[metadata] = len(out)
    out += (b"%d 0 obj\n<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n"
            % (metadata, len(xmp)) + xmp + b"\nendstream\nendobj\n")
    xref = len(out)
    out += b"xref\n"
    for number in sorted(offsets):
        out += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
    out += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
            % (metadata + 1, root, info, previous_xref, xref))
    return bytes(out)
