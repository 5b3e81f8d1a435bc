"""Phrases that start page furniture, read from ``data/gazetteers/boilerplate.txt``.

The file holds one phrase per line (``#`` starts a comment).  Until it exists the
small built-in list below is used, so that the data file can grow without code changes.
"""

from __future__ import annotations

import functools
from pathlib import Path

from kg.text import fold

BOILERPLATE_FILE = Path(__file__).resolve().parents[2] / "data" / "gazetteers" / "boilerplate.txt"

# Used only when data/gazetteers/boilerplate.txt is missing.
DEFAULT_PHRASES: tuple[str, ...] = (
    "Tin cùng chuyên mục",
    "Tin liên quan",
    "Bài liên quan",
    "Tin mới",
    "Tin khác",
    "Các tin khác",
    "Tin đọc nhiều",
    "Tin nổi bật",
    "Xem thêm",
    "Đọc thêm",
    "Chia sẻ:",
    "Chia sẻ bài viết",
    "Ý kiến bạn đọc",
    "Gửi bình luận",
    "Từ khóa:",
    "Tags:",
    "In bài viết",
    "doanh nghiệp - Sản phẩm - Dịch vụ",
    "Thông cáo báo chí",
    "Rao vặt",
    "Các đơn vị thông tin của TTXVN",
    "Banner",
    "mask",
    "Quảng cáo",
)

# Stray furniture that can sit anywhere on the page (before, inside or after the body):
# such a line is dropped but does not end the body.
LINE_ONLY = frozenset(fold(p) for p in ("mask", "Banner", "Quảng cáo", "Advertisement", "Loading"))


def parse_phrases(lines: list[str]) -> tuple[str, ...]:
    """Phrases of a boilerplate file's lines: blank lines and ``#`` comments skipped."""
    phrases = []
    for line in lines:
        phrase = line.strip()
        if phrase and not phrase.startswith("#"):
            phrases.append(phrase)
    return tuple(phrases)


@functools.lru_cache(maxsize=8)
def load_phrases(path: Path = BOILERPLATE_FILE) -> tuple[str, ...]:
    """The phrases of ``path``, or :data:`DEFAULT_PHRASES` when it does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return DEFAULT_PHRASES
    return parse_phrases(text.splitlines()) or DEFAULT_PHRASES
