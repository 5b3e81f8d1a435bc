"""Issue 16.4: spaCy's 1,000,000-character limit (E088) made long texts (still under
the 20 MB input limit) an internal error; they are now read whole, offsets exact."""

from __future__ import annotations

from pathlib import Path

from kg.extract import extract_article
from kg.facts import Article
from kg.ingest import read_path


def test_text_over_a_million_characters_is_read_whole(tmp_path: Path) -> None:
    filler = "Các đại biểu thảo luận về công tác tuyên truyền ở cơ sở trong năm tới.\n\n"
    last = "Đồng chí Nguyễn Văn Xuân, Trưởng Ban Tuyên giáo Tỉnh ủy Nghệ An chủ trì hội nghị.\n"
    text = "Hội nghị báo cáo viên\n\n" + filler * (1_200_000 // len(filler)) + last
    assert 1_200_000 < len(text) < 1_300_000
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    article = next(iter(read_path(path)))
    assert isinstance(article, Article)
    facts = extract_article(article)
    mentions = [m for person in facts.persons for m in person.mentions if m.text == "Nguyễn Văn Xuân"]
    assert mentions and all(m.start > 1_000_000 for m in mentions)
    for mention in mentions:
        assert article.text[mention.start : mention.end] == "Nguyễn Văn Xuân"
