"""The document's XMP metadata (PDF/UA-1, and PDF/A-2 on request) and the
PDF/A output intent.

The XMP repeats the document information dictionary (title, author,
subject, keywords, creator and producer, dates) as PDF/A requires, and
identifies the parts the file claims: pdfuaid:part 1 always; pdfaid:part 2,
conformance A with `archival`. A PDF/A file declares the schema of every
property outside XMP's predefined ones (pdfuaid), hence the extension schema.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

from planpress.writers.pdf.reportlab_internals import (
    PlainStream,
    document_info,
    info_date,
    pdf_document,
    set_catalog_entry,
)
from planpress.writers.pdf.srgb import NAME as SRGB
from planpress.writers.pdf.srgb import srgb_profile
from planpress.writers.xmltext import escape

PDFA_PART, PDFA_CONFORMANCE = 2, "A"

_PDFUA_SCHEMA = """
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>"""


def xmp_packet(info, date: str, archival: bool) -> bytes:
    """The XMP packet for document info `info` (title, author, subject,
    keywords, creator, producer) created and modified at `date` (ISO 8601)."""
    e = escape
    parts = [
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        '  <rdf:Description rdf:about=""',
        '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
        '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
        '    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
        '    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"',
    ]
    if archival:
        parts += [
            '    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"',
            '    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"',
            '    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"',
            '    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"',
        ]
    parts += [
        "   >",
        "   <dc:format>application/pdf</dc:format>",
        f'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(info.title)}</rdf:li></rdf:Alt></dc:title>',
        f"   <dc:creator><rdf:Seq><rdf:li>{e(info.author)}</rdf:li></rdf:Seq></dc:creator>",
        f'   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(info.subject)}'
        + "</rdf:li></rdf:Alt></dc:description>",
        f"   <pdf:Keywords>{e(info.keywords)}</pdf:Keywords>",
        f"   <pdf:Producer>{e(info.producer)}</pdf:Producer>",
        f"   <xmp:CreatorTool>{e(info.creator)}</xmp:CreatorTool>",
        f"   <xmp:CreateDate>{date}</xmp:CreateDate>",
        f"   <xmp:ModifyDate>{date}</xmp:ModifyDate>",
        "   <pdfuaid:part>1</pdfuaid:part>",
    ]
    if archival:
        parts += [
            f"   <pdfaid:part>{PDFA_PART}</pdfaid:part>",
            f"   <pdfaid:conformance>{PDFA_CONFORMANCE}</pdfaid:conformance>",
            _PDFUA_SCHEMA,
        ]
    parts += ["  </rdf:Description>", " </rdf:RDF>", "</x:xmpmeta>", '<?xpacket end="w"?>']
    return "\n".join(parts).encode("utf-8")


def _iso_date(pdf_date: str) -> str:
    """D:20000101000000+00'00' → 2000-01-01T00:00:00+00:00."""
    d = pdf_date.removeprefix("D:")
    zone = d[14:].replace("'", "")
    zone = "Z" if zone in ("", "Z") else f"{zone[:3]}:{zone[3:5]}"
    return f"{d[0:4]}-{d[4:6]}-{d[6:8]}T{d[8:10]}:{d[10:12]}:{d[12:14]}{zone}"


def write_metadata(canv, archival: bool) -> None:
    """The catalog's /Metadata and, with `archival`, the sRGB output intent."""
    doc = pdf_document(canv)
    packet = xmp_packet(document_info(canv), _iso_date(info_date(canv)), archival)
    metadata = PlainStream({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}, packet)
    set_catalog_entry(canv, "Metadata", metadata)
    if archival:
        profile = PDFStream(PDFDictionary({"N": 3}), srgb_profile())
        intent = PDFDictionary(
            {
                "Type": PDFName("OutputIntent"),
                "S": PDFName("GTS_PDFA1"),
                "OutputConditionIdentifier": PDFString(SRGB),
                "Info": PDFString(SRGB),
                "DestOutputProfile": doc.Reference(profile),
            }
        )
        set_catalog_entry(canv, "OutputIntents", PDFArray([intent]))
