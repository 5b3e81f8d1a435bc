"""Vietnamese text normalisation shared by every stage.

Two tone-mark styles are in use ("Tỉnh ủy" / "Tỉnh uỷ", "hóa" / "hoá").  Labels are
stored in one canonical style, the "old" one that most party newspapers print
("ủy", "hóa", "Thủy"), and :func:`fold` gives a key on which both styles, case and
odd spacing compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining tone marks (after NFD).  Vowel-quality marks (circumflex, breve, horn)
# are not tones and stay on their vowel.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

# A syllable ending in one of these vowel pairs, with no final consonant, carries
# the tone on the first vowel in the old style: "hóa", "khỏe", "thủy".
_OLD_STYLE_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}

_SYLLABLE = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_PUNCT_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)


_PUNCT_PAIRS = tuple((chr(code), plain) for code, plain in _PUNCT_MAP.items())


@lru_cache(maxsize=1 << 15)  # a few thousand syllables make every Vietnamese text
def _old_style_syllable(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = next((c for c in decomposed if c in _TONES), None)
    if tone is None:
        return syllable
    base = "".join(c for c in decomposed if c not in _TONES)
    letters = unicodedata.normalize("NFC", base)
    lower = letters.lower()
    # "qu" and "gi" start with a consonant cluster: "quý", "già" keep their tone.
    if len(lower) < 2 or lower.startswith(("qu", "gi")):
        return syllable
    first, second = lower[-2], lower[-1]
    if (first, second) not in _OLD_STYLE_PAIRS:
        return syllable
    # tone goes on the penultimate letter
    index = len(letters) - 2
    with_tone = letters[:index] + unicodedata.normalize("NFC", letters[index] + tone) + letters[index + 1 :]
    return unicodedata.normalize("NFC", with_tone)


@lru_cache(maxsize=1 << 14)
def canonical(text: str) -> str:
    """NFC, old-style tone marks, straight quotes, single spaces, trimmed."""
    text = unicodedata.normalize("NFC", text).translate(_PUNCT_MAP)
    text = _SYLLABLE.sub(lambda m: _old_style_syllable(m.group()), text)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=1 << 14)
def fold(text: str) -> str:
    """A comparison key: canonical, lower-cased, punctuation-light."""
    return canonical(text).casefold()


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """ASCII slug for IRIs: "Ban Tuyên giáo Tỉnh ủy" -> "ban-tuyen-giao-tinh-uy"."""
    return _SLUG_JUNK.sub("-", strip_diacritics(canonical(text)).lower()).strip("-")


# The end of a new-style syllable: the tone sits on the last vowel of oa/oe/uy with nothing
# after it.  (Searching for the whole syllable, with a leading \w*, tries every letter of
# the text as a start; this pattern starts only at an o or u.)
_NEW_STYLE_END = re.compile(r"[oOuU][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ](?!\w)")


def normalize_in_place(text: str) -> str:
    """Canonical tone marks and plain punctuation, keeping every character offset.

    ``text`` must be NFC.  Each substitution swaps one character for one, so an
    offset into the result is an offset into ``text``; extraction reads the result
    and reports offsets into the original.
    """
    out = text
    for char, plain in _PUNCT_PAIRS:  # str.replace is many times faster than str.translate
        if char in out:
            out = out.replace(char, plain)
    pieces: list[str] = []
    done = 0  # out[:done] is in pieces
    for match in _NEW_STYLE_END.finditer(out):
        start = match.start()
        while start > done and _is_word_char(out[start - 1]):
            start -= 1
        pieces.append(out[done:start])
        pieces.append(_same_length(out[start : match.end()]))
        done = match.end()
    if not pieces:
        return out
    pieces.append(out[done:])
    return "".join(pieces)


def _is_word_char(char: str) -> bool:
    """What ``\\w`` matches in a str pattern."""
    return char.isalnum() or char == "_"


def _same_length(syllable: str) -> str:
    changed = _old_style_syllable(syllable)
    return changed if len(changed) == len(syllable) else syllable
