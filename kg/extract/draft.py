"""The extractor's working state for one article.

Components of the spaCy pipeline add to a :class:`Draft` (kept on ``doc._.draft``);
the last one turns it into :class:`kg.facts.ArticleFacts`.  Entities are keyed by
their folded canonical label so that repeated mentions in one article collapse
into one entity with several mentions.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from kg.facts import (
    Article,
    ArticleFacts,
    Body,
    Document,
    Meeting,
    Mention,
    PartialDate,
    Person,
    Place,
    Position,
)
from kg.text import canonical, fold


@dataclass
class Draft:
    article: Article
    text: str  # Article.text normalised in place, non-body characters blanked
    sentences: list[tuple[int, int]] = field(default_factory=list)
    persons: dict[str, Person] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    positions: dict[tuple[str, str, str | None], Position] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    meetings: list[Meeting] = field(default_factory=list)
    province: str | None = None  # the article's province, when it can be known
    district: str | None = None  # the district whose own portal published the article (its URL)
    province_votes: Counter[str] = field(default_factory=Counter)
    event_date: PartialDate | None = None
    used_spans: list[tuple[int, int]] = field(default_factory=list)  # dates read as document dates
    author: str | None = None
    words: list[tuple[int, str]] = field(default_factory=list)  # (offset, lower-cased word) of every word
    _word_starts: list[int] = field(default_factory=list)
    _sentence_starts: list[int] = field(default_factory=list)
    _ids: Counter[str] = field(default_factory=Counter)

    # --- positions in the text -------------------------------------------------
    def set_sentences(self, sentences: list[tuple[int, int]]) -> None:
        self.sentences = sentences
        self._sentence_starts = [start for start, _ in sentences]

    def set_words(self, words: list[tuple[int, str]]) -> None:
        self.words = words
        self._word_starts = [offset for offset, _ in words]
        self._by_word: dict[str, list[int]] = {}
        for offset, word in words:
            self._by_word.setdefault(word, []).append(offset)
        self._candidates: dict[frozenset[str], list[int]] = {}
        self._whole_scans: dict[tuple[int, frozenset[str]], list[re.Match[str]]] = {}
        self._matches: dict[tuple[int, int], re.Match[str] | None] = {}

    def _offsets_of(self, firsts: frozenset[str]) -> list[int]:
        """Sorted offsets where a word of ``firsts`` begins (cached per set of words)."""
        # keyed by the set itself (a frozenset keeps its hash), not by id(): a set built for
        # one call and freed can leave its id to another set, which would get its offsets
        key = firsts
        cached = self._candidates.get(key)
        if cached is None:
            by_word = self._by_word
            cached = sorted(o for word in by_word.keys() & firsts for o in by_word[word])
            self._candidates[key] = cached
        return cached

    def scan(
        self, regex: re.Pattern[str], firsts: frozenset[str], start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        """Like ``regex.finditer(text, start, end)``, trying only where a word of ``firsts`` begins.

        A scan of the whole text is kept: several components look for the same things
        (the places for the article's context and for the places themselves, the roles
        for bodies and for persons)."""
        if start == 0 and end is None:
            key = (id(regex), firsts)  # regexes are module-level or cached: their ids are stable
            found = self._whole_scans.get(key)
            if found is None:
                found = self._whole_scans[key] = list(self._scan(regex, firsts, 0, len(self.text), remember=True))
            return iter(found)
        return self._scan(regex, firsts, start, len(self.text) if end is None else end)

    def match_at(self, regex: re.Pattern[str], pos: int) -> re.Match[str] | None:
        """``regex.match(text, pos)``, remembered: bodies are looked for at the same places
        by the body, person and document rules, and whole-text scans have tried many."""
        key = (id(regex), pos)
        if key in self._matches:
            return self._matches[key]
        found = self._matches[key] = regex.match(self.text, pos)
        return found

    def _scan(
        self, regex: re.Pattern[str], firsts: frozenset[str], start: int, end: int, remember: bool = False
    ) -> Iterator[re.Match[str]]:
        offsets = self._offsets_of(firsts)
        last = -1
        for index in range(bisect.bisect_left(offsets, start), len(offsets)):
            offset = offsets[index]
            if offset >= end:
                break
            if offset < last:
                continue
            m = regex.match(self.text, offset, end)
            if remember:  # end is the end of the text: what match_at would find
                self._matches[(id(regex), offset)] = m
            if m and m.end() > m.start():
                last = m.end()
                yield m

    def sentence_of(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._sentence_starts, offset) - 1
        if index < 0:
            return (0, len(self.text))
        return self.sentences[index]

    def mention(self, start: int, end: int) -> Mention:
        s_start, s_end = self.sentence_of(start)
        return Mention(self.article.text[start:end], start, end, s_start, max(s_end, end))

    def _next_id(self, prefix: str) -> str:
        self._ids[prefix] += 1
        return f"{prefix}{self._ids[prefix]}"

    # --- entities ----------------------------------------------------------------
    def add_person(self, name: str, start: int, end: int) -> Person:
        name = canonical(name)
        key = fold(name)
        person = self.persons.get(key)
        if person is None:
            person = Person(id=self._next_id("p"), name=name)
            self.persons[key] = person
        _add_mention(person.mentions, self.mention(start, end))
        return person

    def find_person(self, name: str) -> Person | None:
        return self.persons.get(fold(name))

    def add_place(self, name: str, kind: str, province: str | None, start: int, end: int) -> Place:
        name = canonical(name)
        key = fold(name)
        place = self.places.get(key)
        if place is None:
            place = Place(id=self._next_id("pl"), name=name, kind=kind, province=province)  # type: ignore[arg-type]
            self.places[key] = place
        _add_mention(place.mentions, self.mention(start, end))
        return place

    def add_body(
        self,
        name: str,
        kind: str,
        level: str,
        place: str | None = None,
        parent: Body | None = None,
        resolved: bool = True,
        span: tuple[int, int] | None = None,
        alias: str | None = None,
    ) -> Body:
        name = canonical(name)
        key = fold(name) if resolved else "?" + fold(name)
        body = self.bodies.get(key)
        if body is None:
            body = Body(
                id=self._next_id("b"),
                name=name,
                kind=kind,
                level=level,  # type: ignore[arg-type]
                place=place,
                parent=parent.id if parent else None,
                resolved=resolved,
                alias=alias,
            )
            self.bodies[key] = body
        elif parent and not body.parent:
            body.parent = parent.id
        if span:
            _add_mention(body.mentions, self.mention(*span))
        return body

    def body_by_id(self, body_id: str | None) -> Body | None:
        if body_id is None:
            return None
        return next((b for b in self.bodies.values() if b.id == body_id), None)

    def add_position(
        self, person: Person, role: str, body: Body | None, span: tuple[int, int], kind: str = "holds"
    ) -> Position:
        key = (person.id, fold(role), body.id if body else None)
        if key in self.positions:
            return self.positions[key]
        self.positions[key] = Position(
            person=person.id,
            role=canonical(role),
            body=body.id if body else None,
            date=None,
            kind=kind,  # type: ignore[arg-type]
            evidence=self.mention(*span),
        )
        return self.positions[key]

    def add_document(self, key: str, make: Document, start: int, end: int) -> Document:
        doc = self.documents.get(key)
        if doc is None:
            make.id = self._next_id("d")
            doc = make
            self.documents[key] = doc
        else:
            for attr in ("issuer", "date", "term", "subject", "identifier", "number"):
                if getattr(doc, attr) is None and getattr(make, attr) is not None:
                    setattr(doc, attr, getattr(make, attr))
        _add_mention(doc.mentions, self.mention(start, end))
        return doc

    def new_meeting(self, kind: str, name: str, start: int, end: int) -> Meeting:
        meeting = Meeting(id=self._next_id("m"), kind=kind, name=name)
        meeting.mentions.append(self.mention(start, end))
        self.meetings.append(meeting)
        return meeting

    # --- output --------------------------------------------------------------------
    def facts(self) -> ArticleFacts:
        date = self.event_date or self.article.published  # the event, else the publication
        positions = list(self.positions.values())
        for position in positions:
            if position.date is None:
                position.date = date
        return ArticleFacts(
            article=self.article,
            persons=list(self.persons.values()),
            places=list(self.places.values()),
            bodies=list(self.bodies.values()),
            positions=positions,
            documents=list(self.documents.values()),
            meetings=self.meetings,
            author=self.author,
            event_date=date,
        )


def _add_mention(mentions: list[Mention], mention: Mention) -> None:
    if all(m.start != mention.start for m in mentions):
        mentions.append(mention)
