"""Year inference (kg.extract.years): each source of a year, the year-before rule, no invented year."""

from __future__ import annotations

import pytest

from kg.extract.years import YearRead, event_year, from_published, tense, year_in
from kg.facts import PartialDate


def _year(sentence: str, *, name: str | None = None, headline: str | None = None,
          published: PartialDate | None = None, stated: int | None = None,
          earlier: int | None = None, month: int = 3, day: int = 2) -> YearRead:
    span = None
    if name is not None:
        start = sentence.index(name)
        span = (start, start + len(name))
    return event_year(sentence, month, day, stated=stated, name=span, sentence=(0, len(sentence)),
                      headline=headline, published=published, earlier=earlier)


def test_a_stated_year_wins() -> None:
    read = _year("Ngày 2/3/2021, hội nghị năm 2022.", stated=2021, published=PartialDate(2023, 1, 1))
    assert read == YearRead(2021, "stated")


def test_year_in_the_event_name() -> None:
    sentence = "Chiều 2-3, Ban Tuyên giáo Trung ương tổ chức hội nghị báo cáo viên Trung ương tháng 3-2022; năm 2021."
    assert _year(sentence, name="hội nghị báo cáo viên Trung ương tháng 3-2022") == YearRead(2022, "name")


def test_year_in_the_sentence() -> None:
    sentence = "Sáng 16/7, Ban Tuyên giáo tổ chức hội nghị sơ kết, triển khai nhiệm vụ 6 tháng cuối năm 2018."
    assert _year(sentence, name="hội nghị sơ kết", month=7, day=16) == YearRead(2018, "sentence")


def test_headline_naming_the_event() -> None:
    assert _year("Chiều 28/12, hội nghị.", headline="Hội nghị báo cáo viên tháng 12/2023") == YearRead(2023, "name")


def test_publication_date_same_year_when_before_it() -> None:
    assert _year("Chiều 2/3, hội nghị.", published=PartialDate(2022, 3, 2)) == YearRead(2022, "published")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Chiều 28/12, Ban Tuyên giáo đã tổ chức hội nghị.", YearRead(2023, "published")),  # reported late
        ("Hội nghị tổng kết vừa qua diễn ra chiều 28/12.", YearRead(2023, "published")),
        ("Chiều 28/12, Ban Tuyên giáo sẽ tổ chức hội nghị.", YearRead(2024, "published")),  # announced
        ("Hội nghị dự kiến diễn ra chiều 28/12.", YearRead(2024, "published")),
        ("Chiều 28/12, Ban Tuyên giáo tổ chức hội nghị.", YearRead()),  # unclear: no year
        ("Hội nghị đã chuẩn bị xong, sẽ khai mạc chiều 28/12.", YearRead()),  # both: unclear
    ],
)
def test_after_the_publication_day_needs_a_tense(sentence: str, expected: YearRead) -> None:
    assert _year(sentence, published=PartialDate(2024, 1, 3), month=12, day=28) == expected


def test_no_year_is_invented() -> None:
    sentence = "Ngày 18-9, đồng chí Phan Văn An chủ trì hội nghị trực tuyến báo cáo viên tháng 9."
    assert _year(sentence, name="hội nghị trực tuyến báo cáo viên tháng 9", month=9, day=18) == YearRead()


def test_an_earlier_event_only_without_a_publication_date() -> None:
    assert _year("Từ ngày 25 - 27/2, đoàn công tác làm việc.", earlier=2020) == YearRead(2020, "article")
    # with a publication date the earlier event's year is not used, even when the rule gives none
    unclear = _year("Chiều 28/12, hội nghị.", earlier=2020, published=PartialDate(2024, 1, 3), month=12, day=28)
    assert unclear == YearRead()


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("tháng 3-2022", 2022),
        ("tháng 12/2023", 2023),
        ("tháng 3 năm 2022", 2022),
        ("quý I/2022", 2022),
        ("6 tháng cuối năm 2018", 2018),
        ("nhiệm kỳ 2020-2025", None),  # a span: which year?
        ("năm học 2020-2021", None),
        ("1.548 điểm cầu", None),
        ("năm 2020 và tháng 1/2021 và năm 2020", 2021),  # a month's year dates a report
        ("năm 2020, năm 2021 và năm 2020", 2020),  # else the most frequent
        ("tổng kết công tác năm 2019, triển khai nhiệm vụ năm 2020", None),  # a tie: review or plan?
        ("tháng 12/2019 và tháng 1/2020", None),  # two months of different years
        ("quy hoạch phát triển thành phố đến năm 2035", None),  # a goal's year
        ("chiến lược tầm nhìn đến năm 2045", None),
        ("thực hiện từ năm 2021", None),
        ('chuyên đề "Vùng đất đổi mới trong năm 2040"', None),  # a quoted subject
        ('hội nghị tháng 5 năm 2023 về "Phát triển đến năm 2030"', 2023),
    ],
)
def test_year_phrases(text: str, year: int | None) -> None:
    assert year_in(text, 0, len(text)) == year


def test_tense_words_come_from_data() -> None:
    assert tense("đã diễn ra", 0, 10) == "past"
    assert tense("sẽ diễn ra", 0, 10) == "future"
    assert tense("diễn ra", 0, 7) is None


def test_publication_without_a_month_gives_nothing() -> None:
    assert from_published(PartialDate(2022), 3, 2, "past") == YearRead()


def test_a_congress_opens_its_term() -> None:
    sentence = "Sáng 14/10, Đại hội đại biểu Đảng bộ khối lần thứ II, nhiệm kỳ 2027 - 2032 khai mạc."
    read = _year(sentence, name="Đại hội đại biểu Đảng bộ khối lần thứ II", month=10, day=14)
    assert read == YearRead(None, None)  # years.py reads no term on its own
    span = (sentence.index("Đại hội"), sentence.index(", nhiệm"))
    read = event_year(sentence, 10, 14, stated=None, name=span, sentence=(0, len(sentence)),
                      headline=None, published=PartialDate(2028, 1, 1), term_start=2027)
    assert read == YearRead(2027, "name")  # the caller's term year comes before the publication


def test_a_goal_year_in_the_sentence_is_not_the_meetings() -> None:
    sentence = "Sáng 9/5, Huyện ủy quán triệt Kết luận về phát triển huyện đến năm 2035."
    assert _year(sentence, month=5, day=9, published=PartialDate(2024, 5, 10)) == YearRead(2024, "published")


def test_a_review_and_a_plan_meeting_is_held_at_the_turn_of_the_year() -> None:
    # a review of one year with the plan for the next: January is the planned year, December the reviewed one
    sentence = "Ngày 8/1, hội nghị tổng kết công tác năm 2019, triển khai nhiệm vụ năm 2020."
    assert _year(sentence, month=1, day=8, published=PartialDate(2020, 1, 9)) == YearRead(2020, "sentence")
    assert _year(sentence, month=1, day=8) == YearRead(2020, "sentence")
    december = "Sáng 9/12, hội nghị đánh giá công tác năm 2019, dự kiến nhiệm vụ công tác năm 2020."
    assert _year(december, month=12, day=9) == YearRead(2019, "sentence")
    # mid-year, or two years neither of which is a plan's: no rule says which
    assert _year(sentence, month=6, day=8) == YearRead()
    assert _year("Ngày 8/1, hội nghị về năm 2019 và năm 2020.", month=1, day=8) == YearRead()
