"""The benchmark corpus generator: reproducible, well-formed articles whose gold the scorer accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import corpus
from kg.evaluate import KINDS, identifier_key, load_gold, score
from kg.text import canonical, fold


@pytest.fixture(scope="module")
def vocab() -> corpus.Vocabulary:
    return corpus.build_vocabulary()


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    first = corpus.write_corpus(tmp_path / "a", 25, seed=7)
    corpus.write_corpus(tmp_path / "b", 25, seed=7)
    files_a = _files(tmp_path / "a")
    files_b = _files(tmp_path / "b")
    # corpus.json holds the wall time; everything else must match byte for byte
    files_a.pop("corpus.json")
    files_b.pop("corpus.json")
    assert files_a == files_b
    assert len([name for name in files_a if name.startswith("articles/")]) == 25
    assert len([name for name in files_a if name.startswith("gold/")]) == 25
    assert first.n == 25 and first.chars == sum(len(files_a[n].decode()) for n in files_a if n.endswith(".txt"))


def test_different_seeds_differ(vocab: corpus.Vocabulary) -> None:
    texts_one = [corpus.generate_article(vocab, 1, i)[0] for i in range(10)]
    texts_two = [corpus.generate_article(vocab, 2, i)[0] for i in range(10)]
    assert all(a != b for a, b in zip(texts_one, texts_two, strict=True))
    assert len(set(texts_one)) == 10  # and the articles of one corpus differ from each other


def test_sizes_nest(vocab: corpus.Vocabulary) -> None:
    """Article i does not depend on how many articles are generated."""
    small = list(corpus.iter_articles(5, seed=3, vocab=vocab))
    large = list(corpus.iter_articles(12, seed=3, vocab=vocab))
    assert small == large[:5]


def test_gold_files_load_with_the_scorer(tmp_path: Path) -> None:
    corpus.write_corpus(tmp_path, 30, seed=11)
    for gold_path in sorted((tmp_path / "gold").glob("*.json")):
        gold = load_gold(gold_path)
        assert (tmp_path / "articles" / gold["article"]).is_file()
    info = json.loads((tmp_path / "corpus.json").read_text(encoding="utf-8"))
    assert info["n"] == 30 and info["seed"] == 11


def test_gold_names_are_in_the_text(vocab: corpus.Vocabulary) -> None:
    for index in range(200):
        text, gold = corpus.generate_article(vocab, 5, index)
        folded = fold(text)
        squeezed = folded.replace(" ", "")
        assert gold["persons"], f"article {index} has no person"
        for name in gold["persons"]:
            assert fold(name) in folded, (index, name)
        for place in gold["places"]:
            assert fold(place) in folded, (index, place)
        for document in gold["documents"]:
            if "/" in document["id"]:
                assert identifier_key(document["id"]) in squeezed, (index, document["id"])
        # every required body is named by one of its words in the text (its last word at least)
        for body in gold["bodies"]:
            assert fold(body.split()[-1]) in folded, (index, body)


def test_gold_scored_against_itself_is_perfect(vocab: corpus.Vocabulary) -> None:
    seen_kinds: set[str] = set()
    for index in range(150):
        text, gold = corpus.generate_article(vocab, 9, index)
        counts = score(corpus.facts_from_gold(gold, text), gold)
        for kind, count in counts.items():
            assert count.fp == 0 and count.fn == 0, (index, kind, count)
            if count.tp:
                seen_kinds.add(kind)
    assert seen_kinds == set(KINDS)  # every kind of fact occurs in the generated corpus


def test_sizes_are_those_of_real_articles(vocab: corpus.Vocabulary) -> None:
    sizes = [len(corpus.generate_article(vocab, 4, i)[0]) for i in range(300)]
    assert min(sizes) >= corpus.MIN_CHARS and max(sizes) <= corpus.MAX_CHARS
    assert max(sizes) - min(sizes) > 2500  # a spread, not one length


def test_both_tone_styles_and_abbreviations_occur(vocab: corpus.Vocabulary) -> None:
    texts = [corpus.generate_article(vocab, 6, i)[0] for i in range(150)]
    joined = "\n".join(texts)
    assert "Tỉnh ủy" in joined and "Tỉnh uỷ" in joined
    assert "TW" in joined or "T.Ư" in joined
    assert "Tin cùng chuyên mục" in joined or "Tin liên quan" in joined


def test_furniture_is_not_gold(vocab: corpus.Vocabulary) -> None:
    """Names in the related-article list after the byline are not facts of the article."""
    checked = 0
    for index in range(200):
        text, gold = corpus.generate_article(vocab, 8, index)
        for header in corpus.RELATED_HEADERS:
            marker = f"\n\n{header}\n\n"
            if marker in text:
                body, tail = (fold(part) for part in text.split(marker, 1))
                for name in gold["persons"]:
                    assert fold(name) in body
                for document in gold["documents"]:
                    assert fold(document["id"]) in body or fold(document["id"]) not in tail
                checked += bool(tail)
                break
    assert checked > 50


def test_new_style_moves_the_tone_mark() -> None:
    assert corpus.new_style("Tỉnh ủy Thanh Hóa, đồng chí Thủy") == "Tỉnh uỷ Thanh Hoá, đồng chí Thuỷ"
    assert corpus.new_style("quý, khỏe, Hòa Bình") == "quý, khoẻ, Hoà Bình"
    assert corpus.new_style("hoạch, thuyết") == "hoạch, thuyết"  # a final consonant: no change
    sample = "Ủy viên Ban Thường vụ Tỉnh ủy Khánh Hòa, bà Lê Thị Thúy"
    assert canonical(corpus.new_style(sample)) == sample


def test_without_districts_the_district_shapes_are_left_out(vocab: corpus.Vocabulary) -> None:
    bare = corpus.Vocabulary(
        provinces=vocab.provinces,
        districts={},
        surnames=vocab.surnames,
        central_forms=vocab.central_forms,
        ministries=vocab.ministries,
        meeting_triggers=vocab.meeting_triggers,
        document_codes=vocab.document_codes,
    )
    for index in range(120):
        text, gold = corpus.generate_article(bare, 2, index)
        assert "family 'delegation'" not in gold["notes"]
        assert not any(body.startswith("Huyện ủy") for body in gold["bodies"])
        counts = score(corpus.facts_from_gold(gold, text), gold)
        assert all(c.fp == 0 and c.fn == 0 for c in counts.values())


def test_with_districts_working_visits_list_district_committees(vocab: corpus.Vocabulary) -> None:
    if not vocab.districts:
        pytest.skip("data/gazetteers/districts.csv is not in this checkout")
    found = 0
    for index in range(150):
        text, gold = corpus.generate_article(vocab, 12, index)
        if "family 'delegation'" in gold["notes"]:
            visited = gold["meetings"][0]["attending_bodies"]
            assert len(visited) >= 3 and all(b.startswith("Huyện ủy ") for b in visited)
            assert all(fold(b.removeprefix("Huyện ủy ")) in fold(text) for b in visited)
            found += 1
    assert found > 5


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert corpus.main(["--n", "3", "--seed", "1", "--out", str(tmp_path / "c")]) == 0
    assert "3 articles" in capsys.readouterr().out
    assert len(list((tmp_path / "c" / "articles").glob("*.txt"))) == 3
    assert corpus.main(["--n", "-1", "--out", str(tmp_path / "d")]) == 2
    assert capsys.readouterr().err.strip() == "error: --n must be 0 or more"
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert corpus.main(["--n", "1", "--out", str(blocker / "sub")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and str(blocker) in err and "\n" not in err


# ---------------------------------------------------------------- the harder shapes (issue 12)


def test_hard_shapes_are_reproducible_and_leave_the_default_set_alone(vocab: corpus.Vocabulary) -> None:
    hard = [corpus.generate_article(vocab, 3, i, "hard") for i in range(20)]
    assert hard == [corpus.generate_article(vocab, 3, i, "hard") for i in range(20)]
    default = [corpus.generate_article(vocab, 3, i) for i in range(20)]
    assert all(h[0] != d[0] for h, d in zip(hard, default, strict=True))
    mixed = [corpus.generate_article(vocab, 3, i, "mixed") for i in range(20)]
    # each mixed article is the default or the hard article of its index, and both kinds occur
    assert all(m in (h, d) for m, h, d in zip(mixed, hard, default, strict=True))
    assert any(m == h for m, h in zip(mixed, hard, strict=True))
    assert any(m == d for m, d in zip(mixed, default, strict=True))


def test_hard_gold_is_in_the_text_and_scores_perfectly_against_itself(vocab: corpus.Vocabulary) -> None:
    for index in range(100):
        text, gold = corpus.generate_article(vocab, 12, index, "hard")
        folded, squeezed = fold(text), fold(text).replace(" ", "")
        assert corpus.MIN_CHARS <= len(text) <= corpus.MAX_CHARS, index
        for name in gold["persons"]:
            assert fold(name) in folded, (index, name)
        for document in gold["documents"]:
            number = document["id"].split("-")[0]
            assert number in squeezed, (index, document["id"])
        counts = score(corpus.facts_from_gold(gold, text), gold)
        assert all(c.fp == 0 and c.fn == 0 for c in counts.values()), index


def test_hard_shapes_follow_issue_12(vocab: corpus.Vocabulary) -> None:
    """Compound titles decomposed, listed people each with the title, number lists expanded,
    commune committees after July 2025, and meeting years only where the article gives one."""
    roles: set[str] = set()
    sources: set[str] = set()
    communes = listed = 0
    for index in range(120):
        text, gold = corpus.generate_article(vocab, 13, index, "hard")
        roles |= {role for _, role, _ in gold["positions"]}
        listed += max(len([p for p in gold["positions"] if p[1] == r]) for r in ("Phó Trưởng Ban", "Ủy viên")) >= 2
        communes += any(b.startswith(("Đảng ủy xã", "Đảng ủy phường")) for b in gold["bodies"])
        source = gold["notes"].rsplit(": ", 1)[-1]
        sources.add(source)
        start = gold["meetings"][0]["start"]
        assert start.startswith("--") == (source == "none"), (index, start, source)
        if source == "name":
            assert start[:4] in gold["meetings"][0]["name"]
    assert "Ủy viên" in roles and not any(r.startswith("Ủy viên ") for r in roles)
    assert listed > 100 and communes > 10
    assert {"Phó Chủ nhiệm", "Chủ nhiệm"} & roles and "Chủ tịch" in roles
    assert sources == {"name", "sentence", "published", "late", "none"}
