"""The name index: search keys for every label of every entity, stored in the graph.

A user types a name as it comes: "Phan Xuân Thủy", "phan xuan thuy", "PHAN XUÂN THUỶ".
Matching that with ``CONTAINS(LCASE(...))`` over every label reads every label of the
store (200,000 at 100,000 articles) for each question.  Instead, the merged description of
each entity (the entities graph, :func:`kg.store.entity_descriptions`) carries, for each of
its labels:

* ``kg:nameKey``: its canonical label folded to a *bare key* - canonical tone marks,
  lower case, then every diacritic removed and đ→d ("Ban Tuyên giáo Tỉnh ủy Nghệ An" →
  "ban tuyen giao tinh uy nghe an");
* ``kg:searchKey``: every run of 1 to :data:`MAX_WORDS` consecutive words of that key,
  words being runs of letters and digits ("05-CT/TW" → "05", "ct", "tw", "05 ct", "ct tw");
* ``kg:altNameKey``: the bare key of each of its other labels (for whole-name lookups
  such as ``kg explain``'s).

A name question then starts from an exact match on ``kg:searchKey`` (an index lookup in
any quad store, Oxigraph's included) and checks the few entities found with
``CONTAINS`` on their ``kg:nameKey``; a whole-name question matches ``kg:nameKey``
exactly.  The canned queries get both forms of a text parameter bound
(:func:`kg.queries.bind`): ``?param_NAME_key`` (:func:`lookup_key`) and
``?param_NAME_bare`` (:func:`bare`).

What this changes for a user: a name matches in whole words ("Nghệ" finds "Nghệ An",
"Ngh" finds nothing), with or without diacritics, in the entity's canonical label as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.text import fold, strip_diacritics

KG = "https://w3id.org/vnkg/ontology#"
NAME_KEY = KG + "nameKey"
SEARCH_KEY = KG + "searchKey"
ALT_NAME_KEY = KG + "altNameKey"
#: Longest run of words stored as a search key; a longer name is looked up by its first
#: MAX_WORDS words and checked whole with CONTAINS on the name keys.  Two words find few
#: candidates ("nguyen quang": the Nguyễn Quang ...) and make a 20-word meeting name 39
#: keys (three words: 57; six: 105, which made the keys 40% of the store).
MAX_WORDS = 2

_WORD = re.compile(r"\w+", re.UNICODE)


def bare(text: str) -> str:
    """The bare key of a name: folded (canonical, lower case, single spaces), no diacritics."""
    return strip_diacritics(fold(text)).lower()


def words(text: str) -> list[str]:
    """The words of a name's bare key (letters and digits; punctuation separates)."""
    return _WORD.findall(bare(text))


def lookup_key(text: str) -> str:
    """The search key a name is looked up by: its first :data:`MAX_WORDS` words."""
    return " ".join(words(text)[:MAX_WORDS])


def search_keys(label: str) -> set[str]:
    """Every run of 1 to :data:`MAX_WORDS` consecutive words of the label."""
    return _runs(words(label))


def _runs(found: list[str]) -> set[str]:
    return {
        " ".join(found[i : i + n]) for i in range(len(found)) for n in range(1, MAX_WORDS + 1) if i + n <= len(found)
    }


def key_lines(subject: str, label: str, alternatives: Iterable[str] = ()) -> list[str]:
    """N-Triples lines of the keys of one entity (``subject`` in N-Triples form): the name
    and search keys of its canonical ``label``, the name keys of its other labels
    (``kg:altNameKey``), sorted so that the same labels always give the same text.

    The search keys come from the canonical label only: the canned questions have always
    matched that label, and the other labels include the odd spelling an article got
    wrong, which would make a name find entities it does not name."""
    name = bare(label)
    lines = [f"{subject} <{NAME_KEY}> {_literal(name)} ."] if name else []
    lines += [f"{subject} <{SEARCH_KEY}> {_literal(key)} ." for key in sorted(_runs(_WORD.findall(name)))]
    others = {bare(text) for text in alternatives} - {name, ""}
    lines += [f"{subject} <{ALT_NAME_KEY}> {_literal(other)} ." for other in sorted(others)]
    return lines


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _literal(text: str) -> str:
    return '"' + text.translate(_ESCAPES) + '"'
