"""Codes that must not be guessed: badge tokens, letter and certificate verification codes.

One home for both halves of the rule: a code is random (192 bits from ``secrets``, far past the
128 the portal requires), URL-safe, and carries no meaning, so reading it tells nobody anything;
the record it points to is found by an exact match on a unique, indexed column. The QR code is an
inline SVG, so the pages and the PDFs (WeasyPrint) embed it without files or network.
"""

import secrets
import xml.etree.ElementTree as ET

import qrcode
import qrcode.image.svg

CODE_BYTES = 24  # 192 bits; token_urlsafe gives 32 characters
CODE_LENGTH = 32


def new_code() -> str:
    """A fresh random code for a unique ``CharField(max_length=CODE_LENGTH)``."""
    return secrets.token_urlsafe(CODE_BYTES)


def qr_svg(data: str, *, label: str) -> str:
    """The QR code of ``data`` as an inline ``<svg>`` with ``role="img"`` and ``label`` as its accessible name
    (``aria-label`` for pages, a first ``<title>`` child for the PDFs' alternative text)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    root = image.get_image()
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("class", "qr")
    # The <title> is the figure's alternative text in a tagged PDF: WeasyPrint reads it, not aria-label.
    namespace = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    title = ET.Element(namespace + "title")
    title.text = label
    root.insert(0, title)
    return ET.tostring(root, encoding="unicode")
