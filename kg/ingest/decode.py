"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32, and confidently detected legacy encodings.

Raises :class:`Rejected` with a one-line reason for binary data and for text whose
encoding cannot be trusted.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer


class Rejected(Exception):
    """A reason, without the file name (the caller adds it)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Control characters that never occur in text (tab, newlines and form feed do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_RATIO = 0.02
_SAMPLE = 1 << 16

# Letters that only Vietnamese uses among Latin scripts: a text written in a
# legacy encoding and decoded right shows many of them.
_VI_SPECIFIC = frozenset("đĐăĂơƠưƯĩĨũŨ" + "".join(chr(c) for c in range(0x1EA0, 0x1EFA)))
_VI_LETTERS = _VI_SPECIFIC | frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Legacy decodings below this chaos (charset-normalizer's mess ratio) count as confident.
_MAX_CHAOS = 0.1

# How iconv spells the encodings charset-normalizer names.
_ICONV_NAMES = {"cp1258": "CP1258", "cp1252": "CP1252", "cp1250": "CP1250", "latin_1": "LATIN1"}
_DISPLAY_NAMES = {"cp1258": "windows-1258", "cp1252": "windows-1252", "cp1250": "windows-1250"}

_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def looks_vietnamese(text: str, *, min_letters: int = 20) -> bool:
    """True when the letters are those of Vietnamese (and some are Vietnamese-only)."""
    sample = unicodedata.normalize("NFC", text[:_SAMPLE])
    letters = vi_specific = foreign = 0
    for ch in sample:
        if not ch.isalpha():
            continue
        letters += 1
        if ch in _VI_SPECIFIC:
            vi_specific += 1
        elif ord(ch) > 127 and ch not in _VI_LETTERS:
            foreign += 1
    if letters < min_letters:
        return False
    return vi_specific / letters >= 0.02 and foreign / letters <= 0.005


def _control_ratio_bytes(data: bytes) -> float:
    sample = data[:_SAMPLE]
    if not sample:
        return 0.0
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / len(sample)


def _check_not_binary(text: str) -> None:
    sample = text[:_SAMPLE]
    if sample and len(_CONTROL_CHARS.findall(sample)) / len(sample) > _MAX_CONTROL_RATIO:
        raise Rejected("binary data, not text (too many control characters)")


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec name when NUL bytes fall on every other position (UTF-16 text)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.2 and even_nul < 0.02:
        return "utf-16-le"
    if even_nul > 0.2 and odd_nul < 0.02:
        return "utf-16-be"
    return None


def _declared_html_charset(data: bytes) -> str | None:
    match = _HTML_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_bytes(data: bytes, *, html: bool = False) -> str:
    """Decode a file's bytes; raise :class:`Rejected` with the reason when they are not usable text."""
    if not data:
        raise Rejected("empty file")
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as error:
                reason = f"not valid {codec.upper()} despite its byte-order mark ({error.reason})"
                raise Rejected(reason) from None
            _check_not_binary(text)
            return text
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec is None:
            raise Rejected("binary data, not text (contains NUL bytes)")
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            raise Rejected("binary data, not text (contains NUL bytes)") from None
        _check_not_binary(text)
        return text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        _reject_damaged_utf8(data, error)
    else:
        _check_not_binary(text)
        return text
    if _control_ratio_bytes(data) > _MAX_CONTROL_RATIO:
        raise Rejected("binary data, not text (too many control characters)")
    if html:
        declared = _declared_html_charset(data)
        if declared and declared not in ("utf-8", "ascii"):
            try:
                return data.decode(declared)
            except UnicodeDecodeError:
                pass
    return _decode_legacy(data)


def _reject_damaged_utf8(data: bytes, error: UnicodeDecodeError) -> None:
    """UTF-8 with a few bad bytes is a damaged UTF-8 file, not a legacy encoding: say where."""
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good_multibyte = sum(1 for ch in lenient if ord(ch) > 127) - bad
    if good_multibyte < 10 * bad:
        return
    line = data.count(b"\n", 0, error.start) + 1
    column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
    raise Rejected(
        f"not valid UTF-8: bad byte 0x{data[error.start]:02X} at line {line}, byte {column} "
        f"({bad} bad byte sequence{'s' if bad > 1 else ''}; the rest is UTF-8, the file looks damaged)"
    )


def _decode_legacy(data: bytes) -> str:
    best = charset_normalizer.from_bytes(data[: 1 << 20]).best()
    guess = best.encoding if best is not None else None
    if best is not None and best.chaos <= _MAX_CHAOS:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = ""
        if text and looks_vietnamese(text):
            return text
    # A Vietnamese legacy file detected unsurely: say which encoding it most likely is.
    guess_readable = guess is not None and looks_vietnamese(_safe_decode(data, guess), min_letters=1)
    if not guess_readable and looks_vietnamese(_safe_decode(data, "cp1258"), min_letters=1):
        guess = "cp1258"
    if guess is None:
        return _reject_unknown()
    shown = _DISPLAY_NAMES.get(guess, guess)
    iconv = _ICONV_NAMES.get(guess, guess.upper().replace("_", "-"))
    raise Rejected(f"not UTF-8 (looks like {shown}); convert it with iconv -f {iconv} -t UTF-8")


def _safe_decode(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec, errors="replace")
    except LookupError:
        return ""


def _reject_unknown() -> str:
    raise Rejected("not UTF-8 and its encoding could not be recognised; convert it to UTF-8")
