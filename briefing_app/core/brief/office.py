"""Print a classification marking in the page header and footer of DOCX and ODT files.

pandoc has no option for running headers, so the written file is edited in place: a header
and footer part for DOCX, the default master page for ODT.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path

from briefing_app.core import atomicio
from briefing_app.core.errors import BriefError

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def _docx_part(tag: str, text: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:{tag} xmlns:w="{_W}" xmlns:r="{_R}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
        f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{html.escape(text)}</w:t></w:r>'
        f"</w:p></w:{tag}>"
    )


def _rewrite(path: Path, change) -> None:
    # Rebuilt in memory and replaced atomically: a kill leaves no half-written part file.
    try:
        with zipfile.ZipFile(path) as zin:
            parts = {name: zin.read(name) for name in zin.namelist()}
    except (OSError, zipfile.BadZipFile) as exc:
        reason = atomicio.describe_os_error(exc) if isinstance(exc, OSError) else exc
        raise BriefError(f"Could not add the marking to {path}: {reason}.") from exc
    parts = change(parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            # ODF wants its mimetype first and uncompressed.
            compress = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            zout.writestr(
                zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, compress_type=compress
            )
    atomicio.write_bytes(path, buffer.getvalue())


def mark_docx(path: Path, marking: str) -> None:
    """Add a header and a footer holding `marking` to every page of a DOCX file."""

    def change(parts: dict[str, bytes]) -> dict[str, bytes]:
        parts["word/header-marking.xml"] = _docx_part("hdr", marking).encode()
        parts["word/footer-marking.xml"] = _docx_part("ftr", marking).encode()
        rels = parts["word/_rels/document.xml.rels"].decode()
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Id="rIdMarkH" Type="{_REL_TYPE}header" Target="header-marking.xml"/>'
            f'<Relationship Id="rIdMarkF" Type="{_REL_TYPE}footer" Target="footer-marking.xml"/>'
            "</Relationships>",
        )
        parts["word/_rels/document.xml.rels"] = rels.encode()
        types = (
            parts["[Content_Types].xml"]
            .decode()
            .replace(
                "</Types>",
                f'<Override PartName="/word/header-marking.xml" ContentType="{_CT}header+xml"/>'
                f'<Override PartName="/word/footer-marking.xml" ContentType="{_CT}footer+xml"/>'
                "</Types>",
            )
        )
        parts["[Content_Types].xml"] = types.encode()
        refs = (
            '<w:headerReference w:type="default" r:id="rIdMarkH"/>'
            '<w:footerReference w:type="default" r:id="rIdMarkF"/>'
        )
        doc = parts["word/document.xml"].decode()
        doc = re.sub(r"(<w:sectPr\b[^>]*>)", lambda m: m.group(1) + refs, doc)
        if 'xmlns:r="' not in doc.split(">", 2)[1]:
            doc = doc.replace("<w:document ", f'<w:document xmlns:r="{_R}" ', 1)
        parts["word/document.xml"] = doc.encode()
        return parts

    _rewrite(path, change)


def mark_odt(path: Path, marking: str) -> None:
    """Add a header and a footer holding `marking` to the default master page of an ODT file."""
    text = html.escape(marking)
    block = f"<style:header><text:p>{text}</text:p></style:header><style:footer><text:p>{text}</text:p></style:footer>"

    def change(parts: dict[str, bytes]) -> dict[str, bytes]:
        styles = parts["styles.xml"].decode()
        styles, count = re.subn(
            r"(<style:master-page\b[^>]*?)/>",
            r"\1>" + block + "</style:master-page>",
            styles,
            count=1,
        )
        if not count:
            styles = re.sub(
                r"(<style:master-page\b[^>]*>)", lambda m: m.group(1) + block, styles, count=1
            )
        parts["styles.xml"] = styles.encode()
        return parts

    _rewrite(path, change)
