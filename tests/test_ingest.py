"""Ingest: reading files into Articles, clean-up of page furniture, and one-line errors."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.facts import Article, PartialDate
from kg.ingest import build_article, iter_paths, read_path, read_paths
from kg.ingest.boilerplate import load_phrases, parse_phrases

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "data" / "articles"
DATA = Path(__file__).resolve().parent / "data" / "ingest"
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


# ---------------------------------------------------------------- helpers


def only(results: list[Article | InputError]) -> Article | InputError:
    assert len(results) == 1, results
    return results[0]


def article(path: Path | str, **options: object) -> Article:
    result = only(list(read_path(path, **options)))  # type: ignore[arg-type]
    assert isinstance(result, Article), result
    return result


def error(path: Path | str, **options: object) -> InputError:
    result = only(list(read_path(path, **options)))  # type: ignore[arg-type]
    assert isinstance(result, InputError), result
    message = str(result)
    assert "\n" not in message and message == f"{result.path}: {result.reason}"
    return result


def spans(item: Article) -> list[str]:
    return [item.text[start:end] for start, end in item.body_spans]


def body(item: Article) -> str:
    return "\n".join(spans(item))


def in_body(item: Article, phrase: str) -> bool:
    """Is any occurrence of ``phrase`` inside a body span?"""
    position = item.text.find(phrase)
    assert position >= 0, f"{phrase!r} is not in the text at all"
    while position >= 0:
        if any(start <= position and position + len(phrase) <= end for start, end in item.body_spans):
            return True
        position = item.text.find(phrase, position + 1)
    return False


def sample(prefix: str) -> Path:
    (path,) = ARTICLES.glob(f"{prefix}_*.txt")
    return path


def raw_lines(path: Path) -> list[str]:
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).split("\n")


def check_offsets(item: Article) -> None:
    """Spans are sorted, disjoint, trimmed and non-empty; mentions point at their text."""
    previous_end = 0
    for start, end in item.body_spans:
        assert previous_end <= start < end <= len(item.text)
        piece = item.text[start:end]
        assert piece == piece.strip() and "\n" not in piece
        previous_end = end
    for mention in (item.headline, item.byline):
        if mention is not None:
            assert item.text[mention.start : mention.end] == mention.text
            assert mention.sentence_start <= mention.start < mention.end <= mention.sentence_end
            assert "\n" not in item.text[mention.sentence_start : mention.sentence_end]
            assert not any(s < mention.end and mention.start < e for s, e in item.body_spans)


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: precomposed letters where the code page has them, else base + tone mark."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
            out += base.encode("cp1258") + "".join(c for c in decomposed if c in TONES).encode("cp1258")
    return bytes(out)


VIETNAMESE_PARAGRAPH = (
    "Chiều 5/3, Ban Tuyên giáo Huyện ủy tổ chức hội nghị sơ kết công tác tuyên truyền miệng quý I.\n\n"
    "Đồng chí Lê Thị Hồng, Phó Trưởng Ban Tuyên giáo Huyện ủy chủ trì hội nghị và đề nghị các chi bộ "
    "nâng cao chất lượng sinh hoạt, nắm chắc tình hình tư tưởng của đảng viên.\n"
)


# ---------------------------------------------------------------- the five sample articles


def test_every_sample_reads_with_consistent_offsets() -> None:
    items = [article(path) for path in sorted(ARTICLES.glob("*.txt"))]
    assert len(items) == 5
    for item in items:
        check_offsets(item)
        assert item.headline is not None and item.title == item.headline.text
        # 002 opens with a bare date line above its headline: the day the page appeared
        expected = PartialDate(2022, 5, 29) if Path(item.source).name.startswith("002") else None
        assert item.published == expected
        assert len(item.id) == 16 and len(item.content_hash) == 40


@pytest.mark.parametrize(
    ("prefix", "byline", "outlet"),
    [
        ("000", "Duy Phương", None),
        ("001", None, "Baonghean.vn"),
        ("002", "MAI CHI", None),
        ("003", "Diệp Trương", "TTXVN"),
        ("004", "Quang Minh", None),
    ],
)
def test_sample_bylines_and_outlets(prefix: str, byline: str | None, outlet: str | None) -> None:
    item = article(sample(prefix))
    assert (item.byline.text if item.byline else None) == byline
    assert item.outlet == outlet
    if item.byline is not None:
        assert not in_body(item, byline or "")


# Body lines of each sample, as line numbers of the file (NFC, split at "\n"), trimmed.
# 001 is special-cased below (outlet tag and an in-paragraph "Trong ảnh:" caption).
EXPECTED_BODY_LINES = {
    "000": [4, 6, 8, 10, 12, 14],
    "002": [4, 6, 8, 13, 15, 17, 19],
    "003": [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24],
    "004": [4, 6, 8, 10, 12, 14, 16, 18, 20],
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED_BODY_LINES))
def test_sample_body_spans_are_exactly_the_paragraphs(prefix: str) -> None:
    path = sample(prefix)
    lines = raw_lines(path)
    expected = [lines[number].strip() for number in EXPECTED_BODY_LINES[prefix]]
    if prefix == "002":
        expected[0] = expected[0].removeprefix("– ")  # the dash left of a removed outlet tag
    assert spans(article(path)) == expected


def test_sample_000_headline_printed_twice() -> None:
    item = article(sample("000"))
    headline = "Tuyên truyền đậm nét về đại hội đảng bộ các cấp"
    assert item.headline is not None and (item.headline.start, item.headline.text) == (0, headline)
    second = item.text.index(headline, 1)
    assert not any(start <= second < end for start, end in item.body_spans)
    assert spans(item)[0].startswith("Ngày 18-9, đồng chí Phan Xuân Thủy")
    assert spans(item)[-1].endswith("công tác tuyên truyền miệng của Đảng.")


def test_sample_001_furniture_and_captions() -> None:
    path = sample("001")
    item = article(path)
    lines = raw_lines(path)
    assert item.headline is not None and item.headline.text == lines[2]
    for furniture in ("mask", "các cấp ảnh 1", "Ảnh: Hiền Lương", "Tin mới", "Trong ảnh:"):
        assert not in_body(item, furniture), furniture
    assert item.byline is None  # 001 ends with a paragraph and a "Tin mới" list marker
    parts = spans(item)
    assert parts[0] == lines[4].strip().removeprefix("(Baonghean.vn) - ")
    # The paragraph holding "Trong ảnh: ..." keeps its text up to the caption.
    assert parts[1] == lines[6][: lines[6].index(" Trong ảnh:")]
    assert parts[2:7] == [lines[n].strip() for n in (7, 8, 10, 12, 14)]
    assert parts[7:] == [lines[n].strip() for n in (19, 21)]
    assert in_body(item, "Kha Văn Tám")
    assert in_body(item, "Lê Thị Hoài Chung")


def test_sample_002_page_date_and_caption() -> None:
    item = article(sample("002"))
    assert not in_body(item, "29/05/2022")
    assert not in_body(item, "Các đại biểu tham dự hội nghị tại điểm cầu tỉnh Lạng Sơn")
    assert item.headline is not None and item.headline.text.startswith("Ban Tuyên giáo Trung ương: Sơ kết")
    assert in_body(item, "Nguyễn Trọng Nghĩa")


def test_page_date_glued_to_a_boilerplate_word() -> None:
    """Pages scraped back to back give "Tin mớiChủ nhật,  29/05/2022" (a list marker + the page's date)."""
    original = sample("002").read_text(encoding="utf-8")
    lines = original.split("\n")
    lines[0] = "Tin mớiChủ nhật,\u00a0 29/05/2022"
    glued = build_article("glued", "\n".join(lines))
    plain = build_article("plain", original)
    assert glued.headline is not None and plain.headline is not None
    assert glued.headline.text == plain.headline.text
    assert spans(glued) == spans(plain)
    assert not in_body(glued, "Tin mới")
    assert glued.published is None


def test_sample_003_byline_then_related_article() -> None:
    item = article(sample("003"))
    assert item.byline is not None
    line = "Diệp Trương (TTXVN)"
    start = item.text.index(line)
    assert (item.byline.sentence_start, item.byline.sentence_end) == (start, start + len(line))
    assert (item.byline.start, item.byline.end) == (start, start + len("Diệp Trương"))
    related = "Đảng ủy Khối các cơ quan Trung ương quán triệt, tuyên truyền nội dung cuốn sách"
    for furniture in (related, "Sáng 14/11", "Chia sẻ:", "Rao vặt", "Các đơn vị thông tin của TTXVN"):
        assert not in_body(item, furniture), furniture
    assert spans(item)[-1].endswith("Hội Sinh viên Việt Nam lần thứ XI…")


def test_sample_004_related_list_is_not_body() -> None:
    path = sample("004")
    item = article(path)
    assert not in_body(item, "Banner Ban tuyên giáo")
    lines = raw_lines(path)
    marker = lines.index("Tin cùng chuyên mục")
    marker_offset = item.text.index("Tin cùng chuyên mục")
    assert all(end <= marker_offset for _, end in item.body_spans)
    for headline in {line.strip() for line in lines[marker + 1 :] if line.strip()}:
        assert not in_body(item, headline), headline
    assert in_body(item, "Chỉ thị 05 của Bộ Chính trị (khóa XII)")


# ---------------------------------------------------------------- our own text files


def test_furniture_file() -> None:
    item = article(DATA / "furniture.txt")
    check_offsets(item)
    assert item.title == "Ban Tuyên giáo Tỉnh ủy Hà Giang tập huấn công tác dư luận xã hội"
    assert spans(item) == [
        "Sáng 15/9, Ban Tuyên giáo Tỉnh ủy Hà Giang tổ chức lớp tập huấn nghiệp vụ công tác dư luận xã hội"
        " năm 2023 cho hơn 120 cộng tác viên.",
        "Đồng chí Trần Minh Khôi, Phó Trưởng Ban Tuyên giáo Tỉnh ủy phát biểu khai mạc lớp tập huấn.",
        "Các học viên được trao đổi về kỹ năng nắm bắt, tổng hợp và phản ánh dư luận xã hội ở cơ sở.",
        "Lớp tập huấn kéo dài hai ngày và kết thúc vào chiều 16/9.",
    ]
    assert item.byline is not None and item.byline.text == "Mai Lan Anh"
    assert item.outlet == "Báo Mẫu"  # the lead's tag names the outlet that published it
    assert item.published == PartialDate(2023, 9, 18)  # the date line with a time: "... 18/09/2023 - 09:15"


def test_share_bar_above_body_and_unmarked_headline_list() -> None:
    item = article(DATA / "share_first.txt")
    assert spans(item) == [
        "Chiều 2/10, Thị ủy Sơn Tây tổ chức hội nghị quán triệt nghị quyết cho cán bộ chủ chốt.",
        "Hội nghị được kết nối trực tuyến tới 15 điểm cầu cơ sở.",
        "Bí thư Thị ủy yêu cầu các chi bộ xây dựng kế hoạch thực hiện cụ thể.",
    ]
    assert item.byline is None


def test_line_endings_and_nfc(tmp_path: Path) -> None:
    text = (DATA / "furniture.txt").read_text(encoding="utf-8")
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(unicodedata.normalize("NFD", text).replace("\n", "\r\n").encode("utf-8"))
    plain = article(DATA / "furniture.txt")
    converted = article(crlf)
    assert converted.text == plain.text
    assert converted.body_spans == plain.body_spans
    assert converted.id == plain.id and converted.content_hash == plain.content_hash


def test_ids_and_content_hash() -> None:
    base = build_article("a", "Tiêu đề bài viết\n\nNội dung  bài viết có một câu.")
    spaced = build_article("b", "Tiêu đề bài viết\n\nNội dung bài viết có một câu.\n")
    assert base.id == hashlib.sha1("Tiêu đề bài viết Nội dung bài viết có một câu.".encode()).hexdigest()[:16]
    assert base.id == spaced.id  # whitespace does not make another article
    assert base.content_hash != spaced.content_hash  # but the text did change
    url = "https://example.vn/bai.html"
    first = build_article("a", "Tiêu đề\n\nBản đầu tiên của bài.", url=url)
    edited = build_article("a", "Tiêu đề\n\nBản đã sửa của bài.", url=url)
    assert first.id == edited.id == hashlib.sha1(url.encode()).hexdigest()[:16]
    assert first.content_hash != edited.content_hash
    assert build_article("a", "Tiêu đề\n\nBản đầu tiên của bài.", url=url).content_hash == first.content_hash


def test_boilerplate_phrases_are_data(tmp_path: Path) -> None:
    phrases_file = tmp_path / "boilerplate.txt"
    phrases_file.write_text("# markers\nĐọc tiếp\n\nTin cùng chuyên mục\n", encoding="utf-8")
    assert load_phrases(phrases_file) == ("Đọc tiếp", "Tin cùng chuyên mục")
    assert parse_phrases(["  # comment", "", " Xem thêm "]) == ("Xem thêm",)
    assert load_phrases(tmp_path / "missing.txt")  # falls back to the built-in phrases
    text = (
        "Tiêu đề của bài\n\nĐoạn thứ nhất của bài viết.\n\nĐọc tiếp\n\n"
        "Một đoạn của bài khác được in ở cuối trang.\n"
    )
    marked = build_article("x", text, phrases=("Đọc tiếp",))
    assert spans(marked) == ["Đoạn thứ nhất của bài viết."]
    unmarked = build_article("x", text, phrases=("Tin cùng chuyên mục",))
    assert "Một đoạn của bài khác được in ở cuối trang." in spans(unmarked)


def test_a_line_starting_like_a_marker_inside_the_body_does_not_end_it() -> None:
    text = (
        "Tiêu đề của bài\n\n"
        "Năm 2023, tỉnh có thêm 1.200 đảng viên mới, tăng 8% so với năm trước đó.\n\n"
        "Nguồn: Ban Tổ chức Tỉnh ủy\n\n"
        "Công tác phát triển đảng viên trong doanh nghiệp tư nhân vẫn còn nhiều khó khăn.\n\n"
        "Các cấp ủy cần có giải pháp cụ thể để tạo nguồn kết nạp đảng viên trong năm tới.\n\n"
        "Xem thêm\n\n"
        "Một đoạn tóm tắt của bài khác nằm dưới danh sách xem thêm ở cuối trang.\n"
    )
    item = build_article("x", text, phrases=("Nguồn:", "Xem thêm"))
    assert spans(item) == [
        "Năm 2023, tỉnh có thêm 1.200 đảng viên mới, tăng 8% so với năm trước đó.",
        "Công tác phát triển đảng viên trong doanh nghiệp tư nhân vẫn còn nhiều khó khăn.",
        "Các cấp ủy cần có giải pháp cụ thể để tạo nguồn kết nạp đảng viên trong năm tới.",
    ]


# ---------------------------------------------------------------- HTML


def test_html_page() -> None:
    item = article(DATA / "page.html")
    check_offsets(item)
    assert item.title == "Tỉnh ủy Cao Bằng tổng kết công tác tuyên giáo năm 2023"
    assert item.url == "https://baovidu.example.vn/tinh-uy-cao-bang-tong-ket-123.html"
    assert item.published == PartialDate(2023, 12, 20)
    assert item.outlet == "Báo Ví Dụ"
    assert item.id == hashlib.sha1(item.url.encode()).hexdigest()[:16]
    assert item.headline is not None and item.headline.start == 0
    assert spans(item) == [
        "Sáng 19/12, Ban Tuyên giáo Tỉnh ủy Cao Bằng tổ chức hội nghị tổng kết công tác tuyên giáo năm 2023,"
        " triển khai nhiệm vụ năm 2024.",
        "Dự hội nghị có đồng chí Hoàng Văn Bảo, Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Tỉnh ủy cùng"
        " đại diện các huyện ủy, thành ủy trực thuộc.",
        "Năm 2023, ngành tuyên giáo tỉnh đã tham mưu tổ chức học tập, quán triệt các nghị quyết cho hơn"
        " 40 nghìn lượt cán bộ, đảng viên.",
        "Phát biểu kết luận, đồng chí Hoàng Văn Bảo đề nghị các cấp ủy tiếp tục đổi mới nội dung,"
        " phương thức tuyên truyền.",
    ]
    assert item.byline is not None and item.byline.text == "Minh Đức"
    # Paragraphs are separated by blank lines in Article.text.
    assert "\n\n".join(spans(item)[:2]) in item.text.replace("(Báo Ví Dụ) - ", "")
    furniture_words = "Thời sự|Trang chủ|Facebook|Tin liên quan|Hòa An|Quang cảnh|Từ khóa|Bình luận"
    furniture_words += "|Nguyễn Văn An|Đọc nhiều|Giấy phép|dataLayer|trackPageView"
    for furniture in furniture_words.split("|"):
        assert furniture not in item.text, furniture


def test_html_page_without_metadata() -> None:
    item = article(DATA / "plain_page.htm")
    assert item.title == "Huyện ủy Bảo Lạc gặp mặt cán bộ hưu trí"  # <title> without the site's name
    assert item.url is None
    assert item.published == PartialDate(2024, 1, 5)  # the visible "Ngày đăng" line
    assert spans(item) == [
        "Sáng 4/1, Huyện ủy Bảo Lạc tổ chức gặp mặt cán bộ hưu trí nhân dịp đón năm mới.",
        "Tại buổi gặp mặt, lãnh đạo huyện thông tin tới các đại biểu kết quả phát triển kinh tế - xã hội"
        " năm 2023.",
        "Các đại biểu đóng góp nhiều ý kiến tâm huyết về công tác xây dựng Đảng ở cơ sở.",
    ]
    for furniture in ("Chia sẻ", "Bản quyền", "tổng kết công tác năm"):
        assert furniture not in item.text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thứ Ba, 15/06/2021 09:42", PartialDate(2021, 6, 15)),
        ("16:27, 23/11/2020", PartialDate(2020, 11, 23)),
        ("Cập nhật 19/5/2024, 08:51:36", PartialDate(2024, 5, 19)),
        ("27/09/2019 07:05 SA", PartialDate(2019, 9, 27)),
        ("Cập nhật lúc : 20:08 11/10/2025", PartialDate(2025, 10, 11)),
        ("Thứ Hai, 4/9/2023 10:19'(GMT+7)", PartialDate(2023, 9, 4)),
        ("Thứ Sáu, 13/03/2015, 15:32 [GMT+7]", PartialDate(2015, 3, 13)),
        ("Chủ nhật, 29/05/2022", PartialDate(2022, 5, 29)),  # a bare date line above the headline
        ("Cập nhật: 08-05-2020", PartialDate(2020, 5, 8)),
        ("(29/12/2023)", PartialDate(2023, 12, 29)),
        ("Hải Phòng, 27/02/2020", None),  # a place before the date: a print date, not the page's
        ("Hải Phòng, ngày 27 tháng 02 năm 2020", None),
        ("Thứ Hai, ngày 8 tháng 9 năm 2025", PartialDate(2025, 9, 8)),  # a weekday: the page's day
        ("Hội nghị khai mạc lúc 8:30 ngày 21/4/2023 tại hội trường tỉnh với 300 đại biểu về dự.", None),
    ],
)
def test_date_line_at_the_top_is_the_publication_date(line: str, expected: PartialDate | None) -> None:
    item = build_article("dated", f"{line}\n\nTiêu đề bài báo\n\n{VIETNAMESE_PARAGRAPH}")
    assert item.published == expected
    if expected is not None:  # a date line is page furniture, never the headline
        assert item.title == "Tiêu đề bài báo"


def test_date_line_far_below_the_top_is_not_read() -> None:
    body = "\n".join(f"Đoạn văn số {n} của bài báo này." for n in range(8))
    assert build_article("late", f"Tiêu đề\n{body}\n15/06/2021 09:42\n").published is None


def test_metadata_date_wins_over_a_date_line() -> None:
    item = build_article("meta", f"15/06/2021 09:42\n\n{VIETNAMESE_PARAGRAPH}", published=PartialDate(2021, 6, 14))
    assert item.published == PartialDate(2021, 6, 14)


@pytest.mark.parametrize("field", ["published", "datePublished", "published_at", "publishedAt"])
def test_record_publication_date_fields(tmp_path: Path, field: str) -> None:
    path = tmp_path / "one.json"
    path.write_text(f'{{"text": "Một đoạn văn.", "{field}": "2021-06-15T09:42:00+07:00"}}', encoding="utf-8")
    assert article(path).published == PartialDate(2021, 6, 15)


def test_html_json_ld_date_published(tmp_path: Path) -> None:
    page = tmp_path / "ld.html"
    page.write_text(
        '<html><head><script type="application/ld+json">'
        '{"@context": "https://schema.org", "@graph": [{"@type": "WebPage"},'
        ' {"@type": "NewsArticle", "datePublished": "2022-03-02T11:03:00+07:00"}]}</script>'
        "<title>Hội nghị báo cáo viên</title></head><body><h1>Hội nghị báo cáo viên tháng 3</h1>"
        f"<p>{VIETNAMESE_PARAGRAPH}</p></body></html>",
        encoding="utf-8",
    )
    assert article(page).published == PartialDate(2022, 3, 2)


def test_html_without_body() -> None:
    problem = error(DATA / "no_body.html")
    assert problem.reason == "no article body found in the HTML (no paragraphs of text)"


def test_html_in_a_declared_legacy_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1258"><title>Tin mẫu</title></head><body><div class="content">'
        + "".join(f"<p>{line}</p>" for line in VIETNAMESE_PARAGRAPH.split("\n") if line)
        + "</div></body></html>"
    )
    path = tmp_path / "legacy.html"
    path.write_bytes(to_cp1258(page))
    item = article(path)
    assert spans(item) == [line for line in VIETNAMESE_PARAGRAPH.split("\n") if line]


# ---------------------------------------------------------------- JSON and JSON Lines


def test_jsonl_bad_lines_do_not_stop_the_good_ones() -> None:
    path = DATA / "records.jsonl"
    results = list(read_path(path))
    assert [type(result).__name__ for result in results] == ["Article", "InputError", "InputError", "Article"]
    first, malformed, missing, last = results
    assert isinstance(first, Article) and isinstance(last, Article)
    assert isinstance(malformed, InputError) and isinstance(missing, InputError)
    assert malformed.path == f"{path}#line 2"
    assert malformed.reason.startswith("malformed JSON at column ")
    assert str(missing) == f"{path}#line 3: record has no 'text' field"
    assert first.source == f"{path}#1" and last.source == f"{path}#5"
    assert first.title == "Đảng ủy Khối tổ chức hội nghị báo cáo viên tháng 4"
    assert first.headline is not None and first.headline.text == first.title
    assert first.url == "https://example.vn/bai-1.html"
    assert first.id == hashlib.sha1(b"https://example.vn/bai-1.html").hexdigest()[:16]
    assert first.published == PartialDate(2024, 4, 3)
    assert first.outlet == "Báo Mẫu"
    assert first.byline is not None and first.byline.text == "Thanh Tâm"
    assert spans(first) == [
        "Chiều 3/4, Đảng ủy Khối tổ chức hội nghị báo cáo viên tháng 4 tại Hà Nội.",
        "Hội nghị thông tin chuyên đề về tình hình thời sự nổi bật trong nước và quốc tế.",
    ]
    assert last.published == PartialDate(2024, 5, 12)  # "dd/mm/yyyy"
    assert last.title is None and last.headline is None  # the text starts with a sentence
    assert len(last.body_spans) == 2


def test_json_list() -> None:
    path = DATA / "records.json"
    first, second = (result for result in read_path(path))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.source, second.source) == (f"{path}#1", f"{path}#2")
    assert first.published == PartialDate(2023, 10, 2)
    # A title that is not in the text: kept as the title, but no headline offsets.
    assert second.title == "Tiêu đề không xuất hiện trong nội dung" and second.headline is None
    assert spans(second)[0].startswith("Chiều 5/10")


def test_json_single_object_and_field_errors(tmp_path: Path) -> None:
    single = tmp_path / "one.json"
    single.write_text(
        '{"text": "Tiêu đề\\n\\nMột đoạn văn của bài.", "url": "https://example.vn/x"}', "utf-8"
    )
    item = article(single)
    assert item.source == str(single) and item.title == "Tiêu đề"
    bad = tmp_path / "bad.json"
    bad.write_text(
        '[{"text": "Một đoạn văn."}, {"text": 5}, {"text": "Đoạn.", "published": "32/13/2023"}, "chuỗi"]',
        "utf-8",
    )
    results = list(read_path(bad))
    assert isinstance(results[0], Article)
    assert [str(r) for r in results[1:]] == [
        f"{bad}#record 2: 'text' must be a string, got a number",
        f"{bad}#record 3: 'published' is not a date: '32/13/2023' (use YYYY-MM-DD or dd/mm/yyyy)",
        f"{bad}#record 4: expected a JSON object with a 'text' field, got a string",
    ]


def test_malformed_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"text": "Một đoạn."},\n  {"text": "Hai" "đoạn"}\n]\n', encoding="utf-8")
    assert error(path).reason == "malformed JSON at line 3, column 18: Expecting ',' delimiter"


# ---------------------------------------------------------------- bad input: one line each, never raises


def test_empty_and_whitespace(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert str(error(empty)) == f"{empty}: empty file"
    blank = tmp_path / "blank.jsonl"
    blank.write_bytes(b" \n\t\r\n\xc2\xa0\n")
    assert str(error(blank)) == f"{blank}: empty file (only whitespace)"


def test_binary(tmp_path: Path) -> None:
    with_nul = tmp_path / "image.txt"
    with_nul.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert error(with_nul).reason == "binary data, not text (contains NUL bytes)"
    controls = tmp_path / "controls.txt"
    controls.write_bytes(bytes(range(1, 32)) * 40 + "chữ".encode())
    assert error(controls).reason == "binary data, not text (too many control characters)"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_and_bom_are_accepted(tmp_path: Path, codec: str) -> None:
    """UTF-16 with a BOM, and without one (told apart by where its NUL bytes fall)."""
    text = "Tiêu đề bài viết\n\n" + VIETNAMESE_PARAGRAPH
    path = tmp_path / f"{codec}.txt"
    path.write_bytes(text.encode(codec))
    item = article(path)
    assert item.text == text
    assert item.title == "Tiêu đề bài viết"
    assert len(item.body_spans) == 2


def test_windows_1258_paragraph_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(to_cp1258(VIETNAMESE_PARAGRAPH))
    item = article(path)
    assert item.text == VIETNAMESE_PARAGRAPH  # decoded, then NFC (tone marks composed)
    assert spans(item)[0].startswith("Chiều 5/3, Ban Tuyên giáo Huyện ủy")


def test_windows_1258_too_short_to_trust_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes(to_cp1258("Đồng chí Lê Văn Hùng"))
    expected = "not UTF-8 (looks like windows-1258); convert it with iconv -f CP1258 -t UTF-8"
    assert error(path).reason == expected


def test_damaged_utf8_says_where(tmp_path: Path) -> None:
    data = ("Tiêu đề\n\n" + VIETNAMESE_PARAGRAPH).encode("utf-8")
    position = data.index(b"Chi") + 3  # inside "Chiều" on line 3
    path = tmp_path / "damaged.txt"
    path.write_bytes(data[:position] + b"\xff" + data[position:])
    assert error(path).reason == (
        "not valid UTF-8: bad byte 0xFF at line 3, byte 4 (1 bad byte sequence; the rest is UTF-8, "
        "the file looks damaged)"
    )


def test_other_legacy_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "french.txt"
    path.write_bytes("Le café est très chaud et la crème brûlée est délicieuse.".encode("cp1252"))
    reason = error(path).reason
    assert reason.startswith("not UTF-8 (looks like ") and "; convert it with iconv -f " in reason


def test_too_large_is_refused_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MiB on paper, nothing on disk

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    assert str(error(path)) == f"{path}: too large (52.4 MB > 20 MB limit)"
    monkeypatch.undo()
    # Under a higher limit it is read, and refused for what it holds (all NUL bytes).
    assert error(path, max_bytes=60_000_000).reason == "binary data, not text (contains NUL bytes)"


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    path.write_text("Tiêu đề\n\n" + VIETNAMESE_PARAGRAPH * 10, encoding="utf-8")
    assert error(path, max_bytes=1000).reason.startswith("too large (")
    assert error(path, max_bytes=1000).reason.endswith(" > 1 kB limit)")
    assert isinstance(only(list(read_path(path, max_bytes=100_000))), Article)


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04")
    assert str(error(path)) == f"{path}: unsupported file type '.docx' (use .txt, .html, .json or .jsonl)"


def test_directory_and_missing_file(tmp_path: Path) -> None:
    assert error(tmp_path).reason.startswith("is a directory")
    assert error(tmp_path / "absent.txt").reason == "no such file or directory"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Tiêu đề\n\nMột đoạn.", encoding="utf-8")
    path.chmod(0)
    try:
        assert error(path).reason.startswith("cannot read it: ")
    finally:
        path.chmod(0o600)


def test_unexpected_failure_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.ingest as ingest

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("something\nwent wrong")

    monkeypatch.setattr(ingest, "read_html", broken)
    problem = error(DATA / "page.html")
    assert problem.reason == "could not be read (ValueError: something went wrong)"


# ---------------------------------------------------------------- paths


def test_iter_paths_folders_globs_and_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b/z.txt", "b/a.HTML", "a.jsonl", "c.json", "notes.docx", ".hidden/x.txt", "b/y.htm"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    folder = [p.relative_to(tmp_path).as_posix() for p in iter_paths([str(tmp_path)])]
    assert folder == ["a.jsonl", "c.json", "b/a.HTML", "b/y.htm", "b/z.txt"]
    globbed = [p.name for p in iter_paths([str(tmp_path / "**" / "*.txt"), str(tmp_path / "b" / "z.txt")])]
    assert globbed == ["z.txt"]  # the glob skips hidden folders; duplicates are dropped
    named = list(iter_paths([str(tmp_path / "notes.docx"), str(tmp_path / "nothing-*.txt")]))
    assert [p.name for p in named] == ["notes.docx", "nothing-*.txt"]  # reading them says what is wrong
    results = list(read_paths([str(p) for p in named]))
    assert all(isinstance(r, InputError) for r in results)


def test_read_paths_over_the_samples() -> None:
    results = list(read_paths([str(ARTICLES)]))
    names = [Path(r.source).name[:3] for r in results if isinstance(r, Article)]
    assert names == ["000", "001", "002", "003", "004"]
