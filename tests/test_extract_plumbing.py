"""The extractor's plumbing, rewritten for speed: same results as the simple forms.

Each case states what the straightforward version (kept here as the reference) gives,
so that a faster implementation that drifts from it fails.
"""

from __future__ import annotations

import re

import pytest

from kg.extract import nlp
from kg.extract.components import prepare
from kg.extract.draft import Draft
from kg.extract.patterns import patterns
from kg.facts import Article
from kg.text import _PUNCT_MAP, _same_length, normalize_in_place

_WHOLE_NEW_STYLE = re.compile(r"\w*[oOuU][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ](?!\w)")


def reference_normalize(text: str) -> str:
    out = text.translate(_PUNCT_MAP)
    out = _WHOLE_NEW_STYLE.sub(lambda m: _same_length(m.group()), out)
    return out if len(out) == len(text) else text


@pytest.mark.parametrize(
    "text",
    [
        "Hội nghị bàn về thuỷ lợi, hoà giải và sức khoẻ.",
        "HOÀ BÌNH, Thuỷ, khoẻ",  # capitals
        "hoà1 hoà_x xhoà",  # a word character after the vowels: not the end of a syllable
        "Quý, già, quà",  # "qu" and "gi" keep their tone
        "“Tuyên truyền” – ‘kịp thời’ — 2020\u00a0−\u20121",  # quotes, dashes, no-break space
        "hoà\nthuỷ",
        "",
    ],
)
def test_normalize_in_place_is_the_simple_substitution(text: str) -> None:
    assert normalize_in_place(text) == reference_normalize(text)
    assert len(normalize_in_place(text)) == len(text)


def test_new_style_becomes_old_style() -> None:
    assert normalize_in_place("Tỉnh uỷ Thanh Hoá, hoà bình") == "Tỉnh ủy Thanh Hóa, hòa bình"


def reference_blanking(text: str, spans: list[tuple[int, int]]) -> str:
    chars = [c if c == "\n" else " " for c in text]
    for start, end in spans:
        chars[start:end] = text[start:end]
    return "".join(chars)


TEXT = "Tiêu đề\nSáng 16/7, Ban Tuyên giáo tổ chức hội nghị.\nẢnh: minh họa\nTin cùng chuyên mục\n"


@pytest.mark.parametrize(
    "spans",
    [
        [(8, 52)],
        [(8, 30), (30, 52)],  # adjacent
        [(8, 40), (20, 52)],  # overlapping
        [(53, 66), (8, 52)],  # out of order
        [(8, 52), (70, 60)],  # an empty span (end before start): regression, it once repeated text
        [(0, 10_000)],  # past the end
        [(15, 20), (10, 30)],  # one inside another
    ],
)
def test_prepare_blanks_all_but_the_body(spans: list[tuple[int, int]]) -> None:
    article = Article(id="x", source="x.txt", text=TEXT, body_spans=spans)
    prepared = prepare(article)
    assert str(prepared) == reference_blanking(TEXT, spans)
    assert len(prepared) == len(TEXT) and prepared.article is article


def test_spacy_sentences_start_where_the_rules_start_them() -> None:
    text = "Sáng 16/7, Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị. Đồng chí Lê Văn A chủ trì.\nTP. Vinh đăng cai."
    article = Article(id="x", source="x.txt", text=text, body_spans=[(0, len(text))])
    doc = nlp()(prepare(article))
    starts = [sentence.start_char for sentence in doc.sents]
    assert starts == [start for start, _ in doc._.draft.sentences]
    assert starts == [0, text.index("Đồng"), text.index("TP.")]  # "TP." is an abbreviation, not an end


def test_a_whole_text_scan_is_made_once_and_gives_the_same_matches() -> None:
    text = "Tỉnh Nghệ An và tỉnh Hà Tĩnh, huyện Nam Đàn."
    article = Article(id="x", source="x.txt", text=text, body_spans=[(0, len(text))])
    draft = Draft(article=article, text=text)
    draft.set_words([(m.start(), m.group()) for m in re.finditer(r"\w+", text.lower())])
    pat = patterns()
    first = [(m.start(), m.end()) for m in draft.scan(pat.place, pat.firsts["place"])]
    again = [(m.start(), m.end()) for m in draft.scan(pat.place, pat.firsts["place"])]
    part = [(m.start(), m.end()) for m in draft.scan(pat.place, pat.firsts["place"], 0, len(text))]
    assert first == again == part
    assert [text[s:e] for s, e in first][:2] == ["Tỉnh Nghệ An", "tỉnh Hà Tĩnh"]
