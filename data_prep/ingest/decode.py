"""Bytes to text: detect the encoding of an input file instead of asking the user.

Order of evidence: a byte-order mark; UTF-16 without a mark (NUL or 0x06 bytes on one side of
most byte pairs); strict UTF-8;
Windows-1256, the legacy Arabic code page, when it yields Arabic letters; then charset-normalizer's
guess. Binary files (PDF, images, archives with a text name) are refused with a plain reason.
"""
from __future__ import annotations

import codecs

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a zip archive (give it a .zip name to read it)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "a program (ELF binary)",
    b"RIFF": "a media file",
}


class NotText(ValueError):
    """The bytes are not text in any encoding we read; the message says why in plain words."""


def decode(data: bytes) -> tuple[str, str]:
    """The text of `data` and the name of the encoding it was read with."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise NotText(f"this is {what}, not text")
    utf16 = _utf16_without_bom(data)  # before UTF-8: Arabic in UTF-16-LE is often valid ASCII bytes
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise NotText("binary data (NUL bytes), not text")
    try:
        text = data.decode("cp1256")
        if _arabic_share(text) > 0.3:
            return text, "cp1256"
    except UnicodeDecodeError:
        pass
    guess = charset_normalizer.from_bytes(data[:200_000]).best()
    if guess is None or guess.encoding is None:
        raise NotText("not text in any known encoding")
    return data.decode(guess.encoding, errors="replace"), guess.encoding


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on one side of most byte pairs (Arabic or Latin text)."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    pairs = len(sample) // 2
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    for nuls, other, encoding in ((odd_nuls, even_nuls, "utf-16-le"), (even_nuls, odd_nuls, "utf-16-be")):
        if nuls > pairs * 0.2 and other == 0:
            try:
                data.decode(encoding)
                return encoding
            except UnicodeDecodeError:
                return None
    # Arabic in UTF-16: high byte 0x06 on one side of most pairs.
    for high, encoding in ((sample[1::2], "utf-16-le"), (sample[0::2], "utf-16-be")):
        if high.count(0x06) + high.count(0x00) > pairs * 0.8:
            try:
                data.decode(encoding)
                return encoding
            except UnicodeDecodeError:
                return None
    return None


def _arabic_share(text: str) -> float:
    """Share of letters that are Arabic: cp1256 decodes almost any bytes, so demand Arabic."""
    letters = [ch for ch in text[:20_000] if ch.isalpha()]
    if not letters:
        return 0.0
    return sum("\u0600" <= ch <= "\u06ff" for ch in letters) / len(letters)
