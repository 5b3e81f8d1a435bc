"""Sentence boundaries: line breaks, and final stops before a capital (abbreviation-aware)."""

from __future__ import annotations

import re

_ABBREVIATIONS = re.compile(r"(?:TP|TX|TS|ThS|PGS|GS|Th\.S|BS|St|Mr|Ms|Tp|P|Q|[A-ZĐ])\.$")


_SENTENCE_END = re.compile(r"[.!?…]+[\"')]*[ \t]+[\"'(*\-]?[ \t]*(?=\w)|\n+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentences of the (blanked) text: line breaks, and final stops before a capital."""
    sentences: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        token = m.group()
        if token[0] != "\n":
            if not text[m.end()].isupper() or text[m.end()].isdigit():
                continue
            if token[0] == "." and _ABBREVIATIONS.search(text[max(0, m.start() - 5) : m.start() + 1]):
                continue
            end = m.start() + len(token.rstrip(" \t\"'(*-"))
        else:
            end = m.start()
        _push(text, sentences, start, end)
        start = m.end() if token[0] == "\n" else end
    _push(text, sentences, start, len(text))
    return sentences


def _push(text: str, sentences: list[tuple[int, int]], start: int, end: int) -> None:
    segment = text[start:end]
    stripped = segment.strip()  # (blanked text has long runs of spaces: no loop per character)
    if stripped:
        start += len(segment) - len(segment.lstrip())
        sentences.append((start, start + len(stripped)))
