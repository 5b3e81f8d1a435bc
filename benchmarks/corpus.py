"""A seeded generator of benchmark articles shaped like Vietnamese party news, with their gold facts.

    python benchmarks/corpus.py --n 1000 --seed 1 --out DIR

writes ``DIR/articles/NNNNNN.txt`` (one article each) and ``DIR/gold/NNNNNN.json`` (its gold
facts in the format of ``tests/gold``, scorable by :func:`kg.evaluate.score`), then
``DIR/corpus.json`` (seed, count, characters).  The gold files sit in a sibling folder, not
next to the articles, because ``kg build DIR/articles`` would read a ``.json`` file as an
article; ``python -m kg.evaluate DIR/articles DIR/gold`` scores the extractor on them.

Article ``i`` depends only on ``(seed, i)``, so the first 1,000 articles of a 10,000-article
corpus are the 1,000-article corpus of the same seed: corpus sizes nest, which keeps a
scaling curve comparing like with like.  Articles are written one at a time (nothing held
for the whole corpus).

The vocabulary of places, bodies, roles, surnames, document types and meeting kinds comes
from the gazetteers (:func:`kg.gazetteer.load`); districts are used when
``districts.csv`` exists, and shapes that need them are left out otherwise.  Given names,
topics and every sentence template are written here.  The text is synthetic: it is for
speed and regression, while the hand-annotated sample articles stay the judge of quality.

Gold follows ``/work/shared/ANNOTATION.md`` the way ``tests/gold`` does: canonical names
(old tone style), local bodies with their place, the parent committee of an organ when the
committee word is written ("Ban Tuyên giáo Tỉnh ủy" names "Tỉnh ủy X" too), central
parents and "Đảng Cộng sản Việt Nam" optional, meeting dates without a year when the
article gives none, bylines as authors, photo credits optional, and nothing from page
furniture (page-date lines, captions, "Tin cùng chuyên mục" headline lists).  A place
named only inside a body's name ("Tỉnh ủy Nghệ An") is an optional place.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: import the checkout's kg, not an installed one
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.facts import (  # noqa: E402
    Article,
    ArticleFacts,
    Body,
    Document,
    Meeting,
    PartialDate,
    Person,
    Place,
    Position,
)
from kg.gazetteer import Gazetteer, load, read_lines, read_rows  # noqa: E402
from kg.text import canonical, fold  # noqa: E402

GENERATOR_VERSION = 1
MIN_CHARS = 2000
MAX_CHARS = 8000

# ---------------------------------------------------------------- our own word lists
# fmt: off

MALE_MIDDLE = ("Văn", "Hữu", "Đức", "Minh", "Quốc", "Xuân", "Thanh", "Công", "Ngọc", "Trọng", "Đình",
               "Quang", "Mạnh", "Việt", "Tiến", "Bá", "Duy", "Hồng", "Kim", "Khắc")
FEMALE_MIDDLE = ("Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Kim", "Mai", "Phương", "Thúy", "Hoài",
                 "Bích", "Diệu", "Lan", "Thị Thu", "Thị Hoài", "Thị Minh")
MALE_GIVEN = ("Tuấn", "Hùng", "Dũng", "Nghĩa", "Thắng", "Hải", "Long", "Sơn", "Tâm", "Khoa", "Hòa", "Thủy",
              "Toàn", "Cường", "Phúc", "Lộc", "Quyết", "Thành", "Hiếu", "Huy", "Khánh", "Tám", "Chiến",
              "Đạt", "Thụy", "Thuận", "Kiên", "Tùng", "Hưng", "Lực", "Định", "Quý", "Phong", "Thọ", "Doanh",
              "Khải", "Vĩnh", "Tuyến", "Hoạt", "Triều")
FEMALE_GIVEN = ("Hoa", "Lan", "Hương", "Thủy", "Hằng", "Nga", "Hạnh", "Chung", "Thúy", "Xoan", "Hòa",
                "Loan", "Tuyết", "Yến", "Trang", "Dung", "Huyền", "Nhung", "Oanh", "Thoa", "Hiền", "Linh",
                "Quyên", "Ngân", "Vân", "Thơ", "Duyên", "Hậu", "Liên", "Khuyên")
PEN_FIRST = ("Minh", "Thu", "Quang", "Hoài", "Ngọc", "Duy", "Mai", "Thanh", "Hải", "Phương", "Hồng", "Diệp",
             "Bảo", "Khánh", "Lê", "Trần", "Việt", "Hà", "Kim", "Anh")
PEN_SECOND = ("Hằng", "Trang", "Minh", "Lương", "Phương", "Chi", "Anh", "Hà", "Long", "Thủy", "Nam",
              "Trương", "Quân", "Hòa", "Linh", "Vân", "Huy", "Giang", "Ngân", "Tú")
AGENCY_TAGS = ("TTXVN", "TTXVN", "CTV")

TOPICS = (
    "Nâng cao hiệu quả công tác tuyên truyền trên không gian mạng",
    "Phát huy vai trò của báo cáo viên ở cơ sở",
    "Đổi mới phương thức học tập, quán triệt nghị quyết của Đảng",
    "Bảo vệ nền tảng tư tưởng của Đảng trong tình hình mới",
    "Xây dựng đội ngũ cán bộ tuyên giáo đáp ứng yêu cầu nhiệm vụ",
    "Chuyển đổi số trong hoạt động của các cơ quan đảng",
    "Gắn công tác dân vận với xây dựng nông thôn mới",
    "Phát triển văn hóa đọc trong cán bộ, đảng viên",
    "Nâng cao chất lượng sinh hoạt chi bộ ở khu dân cư",
    "Vai trò của báo chí trong phòng, chống tham nhũng, tiêu cực",
    "Giữ gìn và phát huy giá trị văn hóa các dân tộc thiểu số",
    "Lan tỏa những tấm gương người tốt, việc tốt",
    "Đưa nghị quyết của Đảng vào cuộc sống",
    "Công tác nắm bắt và định hướng dư luận xã hội",
    "Phát huy sức mạnh khối đại đoàn kết toàn dân tộc",
)

DOC_SUBJECTS = (
    "về tăng cường công tác tuyên truyền, giáo dục truyền thống cách mạng",
    "về nâng cao chất lượng sinh hoạt chi bộ",
    "về đẩy mạnh công tác dân vận trong tình hình mới",
    "về công tác kiểm tra, giám sát và thi hành kỷ luật đảng",
    "về tiếp tục đổi mới công tác giáo dục lý luận chính trị",
    "về tăng cường sự lãnh đạo của Đảng đối với công tác báo chí, xuất bản",
    "về trách nhiệm nêu gương của cán bộ, đảng viên",
    "về phát triển văn hóa đọc trong cộng đồng",
    "về xây dựng đội ngũ cán bộ các cấp đủ phẩm chất, năng lực",
    "về đẩy mạnh chuyển đổi số trong các cơ quan đảng",
    "về chủ động ứng phó với biến đổi khí hậu",
    "về phát triển kinh tế tập thể trong giai đoạn mới",
    "về tăng cường công tác bảo vệ chính trị nội bộ",
    "về đẩy mạnh công tác thông tin đối ngoại",
    "về nâng cao hiệu quả công tác nắm bắt dư luận xã hội",
    "về tổ chức kỷ niệm các ngày lễ lớn và sự kiện lịch sử quan trọng",
    "về thực hành tiết kiệm, chống lãng phí",
    "về phát triển nguồn nhân lực chất lượng cao",
    "về công tác bảo vệ, chăm sóc sức khỏe nhân dân",
    "về xây dựng và phát huy giá trị văn hóa, con người Việt Nam",
)

DOMAINS_BY_ORGAN = {
    "Ban Tuyên giáo": (
        "tuyên giáo",
        "tuyên truyền miệng",
        "khoa giáo",
        "báo chí, xuất bản",
        "giáo dục lý luận chính trị",
    ),
    "Ban Dân vận": ("dân vận", "dân vận chính quyền", "tôn giáo, dân tộc"),
    "Ban Tổ chức": ("tổ chức xây dựng Đảng", "bảo vệ chính trị nội bộ", "cán bộ"),
    "Ủy ban Kiểm tra": ("kiểm tra, giám sát", "thi hành kỷ luật đảng"),
    "Ban Nội chính": ("nội chính", "phòng, chống tham nhũng, tiêu cực", "cải cách tư pháp"),
    "": ("xây dựng Đảng", "tuyên giáo", "dân vận", "kiểm tra, giám sát"),
}
# Heads of local organs and the roles held in them: (role label, ways to write the role).
LOCAL_ORGANS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "Ban Tuyên giáo": (
        ("Trưởng Ban", ("Trưởng Ban", "Trưởng ban")),
        ("Phó Trưởng Ban", ("Phó Trưởng Ban", "Phó Trưởng ban")),
        ("Phó Trưởng Ban Thường trực", ("Phó Trưởng ban Thường trực", "Phó Trưởng Ban Thường trực")),
    ),
    "Ban Dân vận": (
        ("Trưởng Ban", ("Trưởng Ban", "Trưởng ban")),
        ("Phó Trưởng Ban", ("Phó Trưởng Ban", "Phó Trưởng ban")),
    ),
    "Ban Tổ chức": (
        ("Trưởng Ban", ("Trưởng Ban", "Trưởng ban")),
        ("Phó Trưởng Ban", ("Phó Trưởng Ban", "Phó Trưởng ban")),
    ),
    "Ban Nội chính": (("Trưởng Ban", ("Trưởng Ban",)), ("Phó Trưởng Ban", ("Phó Trưởng Ban",))),
    "Ủy ban Kiểm tra": (("Chủ nhiệm", ("Chủ nhiệm",)), ("Phó Chủ nhiệm", ("Phó Chủ nhiệm",))),
}
CENTRAL_ORGANS = ("Ban Tuyên giáo Trung ương", "Ban Tổ chức Trung ương", "Ban Dân vận Trung ương",
                  "Ban Kinh tế Trung ương", "Ban Nội chính Trung ương", "Ủy ban Kiểm tra Trung ương")

INTROS = (
    "Theo báo cáo",
    "Thời gian qua",
    "Nhìn chung",
    "Đánh giá chung",
    "Qua theo dõi",
    "Trong bối cảnh còn nhiều khó khăn",
    "Thực hiện chức năng, nhiệm vụ được giao",
    "Với sự chủ động, sáng tạo",
    "Bám sát chỉ đạo của cấp trên",
)
SUBJECTS = ("công tác tuyên truyền", "đội ngũ báo cáo viên", "cấp ủy các cấp", "hệ thống tuyên giáo",
            "các tổ chức cơ sở đảng", "công tác dân vận", "hoạt động kiểm tra, giám sát",
            "công tác giáo dục chính trị, tư tưởng", "các cơ quan báo chí trên địa bàn",
            "công tác xây dựng Đảng")
PREDICATES = (
    "được triển khai kịp thời, bám sát nhiệm vụ chính trị của địa phương",
    "có nhiều đổi mới cả về nội dung lẫn hình thức",
    "tạo được sự thống nhất cao trong cán bộ, đảng viên và nhân dân",
    "góp phần củng cố niềm tin của nhân dân vào sự lãnh đạo của Đảng",
    "đi vào nền nếp, ngày càng thiết thực và hiệu quả hơn",
    "phát huy tốt vai trò tham mưu cho cấp ủy",
    "chủ động nắm bắt tình hình tư tưởng ở cơ sở",
    "kịp thời định hướng thông tin trước các vấn đề dư luận quan tâm",
    "gắn chặt với việc thực hiện các nhiệm vụ phát triển kinh tế – xã hội",
    "được các tầng lớp nhân dân đồng tình, hưởng ứng",
    "tiếp tục được quan tâm chỉ đạo sát sao",
    "đạt nhiều kết quả quan trọng, khá toàn diện",
    "ứng dụng ngày càng rộng rãi công nghệ thông tin và mạng xã hội",
    "chú trọng nhân rộng các mô hình hay, cách làm sáng tạo",
)
PROBLEMS = (
    "một số nơi việc học tập, quán triệt nghị quyết còn mang tính hình thức",
    "chất lượng đội ngũ báo cáo viên cấp cơ sở chưa đồng đều",
    "việc nắm bắt dư luận xã hội có lúc còn chậm",
    "nguồn lực bảo đảm cho hoạt động ở cơ sở còn hạn chế",
    "sự phối hợp giữa các cơ quan, đơn vị có lúc chưa chặt chẽ",
    "nội dung tuyên truyền ở một số địa bàn chưa thật sự phong phú",
    "việc đấu tranh phản bác các quan điểm sai trái chưa thường xuyên",
    "công tác sơ kết, tổng kết thực tiễn còn chậm so với yêu cầu",
    "một bộ phận cán bộ, đảng viên chưa thật sự gương mẫu",
)
CONCESSIONS = ("Bên cạnh đó", "Tuy nhiên", "Dù vậy", "Bên cạnh những kết quả đạt được", "Mặt khác")
OUTLOOKS = ("Thời gian tới", "Trong thời gian tới", "Để thực hiện tốt nhiệm vụ", "Từ thực tiễn đó",
            "Trong những tháng cuối năm")
ACTORS = (
    "các cấp ủy, tổ chức đảng",
    "ban tuyên giáo các cấp",
    "đội ngũ báo cáo viên, tuyên truyền viên",
    "các cơ quan báo chí",
    "cấp ủy cơ sở",
    "các địa phương, đơn vị",
    "cán bộ làm công tác tham mưu",
)
TASKS = (
    "tiếp tục đổi mới nội dung, phương thức tuyên truyền",
    "nâng cao chất lượng tham mưu cho cấp ủy",
    "chủ động nắm bắt tình hình tư tưởng của cán bộ, đảng viên và nhân dân",
    "làm tốt công tác định hướng thông tin",
    "kiên quyết đấu tranh phản bác các quan điểm sai trái, thù địch",
    "chú trọng bồi dưỡng nghiệp vụ cho đội ngũ cán bộ cơ sở",
    "đẩy mạnh ứng dụng công nghệ số trong hoạt động chuyên môn",
    "kịp thời biểu dương, nhân rộng các điển hình tiên tiến",
    "tăng cường phối hợp với Mặt trận và các đoàn thể",
    "làm tốt công tác chuẩn bị cho các sự kiện chính trị quan trọng",
    "bám sát cơ sở, lắng nghe ý kiến của nhân dân",
    "tổ chức tốt các hoạt động kỷ niệm các ngày lễ lớn",
    "nâng cao chất lượng sinh hoạt chuyên đề ở chi bộ",
)
DISCUSSIONS = (
    "Tại hội nghị, các đại biểu đã tập trung thảo luận, làm rõ",
    "Các ý kiến phát biểu đã phân tích",
    "Nhiều tham luận đã chia sẻ",
    "Các đại biểu cũng thẳng thắn trao đổi về",
)
DISCUSSED = (
    "những kết quả nổi bật đã đạt được",
    "nguyên nhân của những hạn chế, bất cập",
    "cách làm hay, mô hình hiệu quả ở cơ sở",
    "những khó khăn, vướng mắc trong quá trình thực hiện",
    "kinh nghiệm trong công tác tham mưu",
    "giải pháp nâng cao chất lượng hoạt động thời gian tới",
)
DOC_VERBS = ("tiếp tục triển khai thực hiện", "quán triệt, cụ thể hóa", "sơ kết 5 năm thực hiện",
             "tổng kết 10 năm thực hiện", "đẩy mạnh việc thực hiện", "tổ chức học tập, quán triệt")
GENERIC_HEADLINES = (
    "Nâng cao chất lượng công tác tuyên truyền miệng ở cơ sở",
    "Lan tỏa những điển hình tiên tiến trong học tập và làm theo lời Bác",
    "Phát huy vai trò của báo chí trong công tác xây dựng Đảng",
    "Tăng cường nắm bắt dư luận xã hội ở cơ sở",
    "Đổi mới công tác giáo dục lý luận chính trị",
    "Chủ động đấu tranh phản bác các quan điểm sai trái trên mạng xã hội",
)
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
ROMAN = {11: "XI", 12: "XII", 13: "XIII", 14: "XIV", 19: "XIX", 20: "XX", 21: "XXI"}
SHARE_BARS = ("Chia sẻ:", "Chia sẻ bài viết", "Từ khóa:")
RELATED_HEADERS = ("Tin cùng chuyên mục", "Tin liên quan", "Bài liên quan", "Tin mới")

# fmt: on

# ---------------------------------------------------------------- tone styles


def _new_style_table() -> dict[str, str]:
    """Old style ("hóa", "thủy") -> new style ("hoá", "thuỷ") for the syllable tails that differ."""
    tones = {"grave": "\u0300", "acute": "\u0301", "hook": "\u0309", "tilde": "\u0303", "dot": "\u0323"}
    table: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for mark in tones.values():
            for a, b in ((first, second), (first.upper(), second), (first.upper(), second.upper())):
                old = unicodedata.normalize("NFC", a + mark) + b
                new = a + unicodedata.normalize("NFC", b + mark)
                table[old] = new
    return table


_NEW_STYLE = _new_style_table()
# Tails at the end of a syllable (no final consonant); "qu" + "y" is a consonant cluster, not a pair.
_NEW_STYLE_TAIL = re.compile(
    "(?<![qQ])(?:" + "|".join(sorted((k for k in _NEW_STYLE if k[0].lower() in "ùúủũụ"), key=len)) + r")(?!\w)"
    "|(?:" + "|".join(k for k in _NEW_STYLE if k[0].lower() not in "ùúủũụ") + r")(?!\w)"
)


def new_style(text: str) -> str:
    """Write ``text`` (old tone style) in the new style: "Tỉnh ủy" -> "Tỉnh uỷ", "Thủy" -> "Thuỷ"."""
    return _NEW_STYLE_TAIL.sub(lambda m: _NEW_STYLE[m.group()], text)


# ---------------------------------------------------------------- vocabulary from the gazetteers


@dataclass(frozen=True, slots=True)
class Province:
    name: str
    committee: str  # "Tỉnh ủy" | "Thành ủy"
    city: bool  # centrally-run city

    @property
    def unit_phrase(self) -> str:
        """ "tỉnh Nghệ An", "thành phố Hà Nội", "TP. Hồ Chí Minh" (the name already says it)."""
        if self.name.startswith("TP."):
            return self.name
        return f"{'thành phố' if self.city else 'tỉnh'} {self.name}"


@dataclass(frozen=True, slots=True)
class District:
    name: str
    committee: str  # "Huyện ủy" | "Thị ủy" | "Thành ủy" | "Quận ủy"
    unit: str  # huyen | thi_xa | thanh_pho | quan
    province: str

    @property
    def unit_word(self) -> str:
        return {"huyen": "huyện", "thi_xa": "thị xã", "thanh_pho": "thành phố", "quan": "quận"}[self.unit]


@dataclass(slots=True)
class Vocabulary:
    provinces: list[Province]
    districts: dict[str, list[District]]  # province -> its districts with unambiguous names
    surnames: list[str]  # most common first
    central_forms: dict[str, tuple[str, ...]]  # central body -> ways to write it (canonical first)
    ministries: list[str]
    meeting_triggers: list[tuple[str, str]]  # (folded trigger, kind), longest first
    document_codes: dict[str, str]  # document type -> symbol letters
    # the hard shapes only: the provinces in force after 1 July 2025, every place name (folded)
    merged_provinces: list[Province] = field(default_factory=list)
    place_names: frozenset[str] = frozenset()

    def meeting_kind(self, name: str) -> str:
        key = fold(name)
        for trigger, kind in self.meeting_triggers:
            if key.startswith(trigger):
                return kind
        return "Hội nghị"


class CorpusError(RuntimeError):
    """The generator cannot run (a gazetteer it needs is missing); the message says which."""


def build_vocabulary(g: Gazetteer | None = None) -> Vocabulary:
    g = g or load()
    # The 63 provinces of before July 2025: the articles are dated 2017-2024.
    provinces = [
        Province(
            canonical(row["name"]),
            canonical(row.get("committee") or "Tỉnh ủy"),
            row.get("unit") == "thanh_pho",
        )
        for row in read_rows("provinces.csv")
        if not row.get("valid_from")
    ]
    if len(provinces) < 10:
        raise CorpusError("data/gazetteers/provinces.csv: fewer than 10 provinces, cannot generate articles")
    province_folds = {fold(p.name) for p in provinces}
    seen: set[tuple[str, str]] = set()
    districts: dict[str, list[District]] = {}
    for key, units in g.districts.items():
        # Only names that point to one unit and are not also a province's name.
        if len(units) != 1 or key in province_folds:
            continue
        unit = units[0]
        if (unit.name, unit.province) in seen or unit.unit not in ("huyen", "thi_xa", "thanh_pho", "quan"):
            continue
        if fold(unit.name) != key:  # an alias row; the unit is listed under its name too
            continue
        seen.add((unit.name, unit.province))
        districts.setdefault(unit.province, []).append(District(unit.name, unit.committee, unit.unit, unit.province))
    for units in districts.values():
        units.sort(key=lambda d: d.name)
    # File order (most common first); a set's order would differ between runs.
    ordered = [s for s in (canonical(line) for line in read_lines("surnames.txt")) if s in g.surnames]
    if not ordered:
        raise CorpusError("data/gazetteers/surnames.txt: no surnames, cannot generate names")
    central_forms: dict[str, tuple[str, ...]] = {}
    for name in (*CENTRAL_ORGANS, "Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành Trung ương Đảng", "Chính phủ"):
        body = g.bodies.get(name)
        aliases = body.aliases if body else ()
        short = tuple(a for a in aliases if a.endswith((" TW", " T.Ư")) and a.count(" ") == name.count(" "))
        central_forms[name] = (name, *short)
    ministries = sorted(
        b.name
        for b in g.bodies.values()
        if b.kind == "ministry" and b.name.startswith("Bộ ") and not b.valid_from and not b.valid_until
    )
    triggers = sorted(((m.trigger, m.kind) for m in g.meeting_kinds), key=lambda t: -len(t[0]))
    codes = {t.label: t.code for t in g.document_types.values() if t.code}
    merged = [
        Province(canonical(row["name"]), canonical(row.get("committee") or "Tỉnh ủy"), row.get("unit") == "thanh_pho")
        for row in read_rows("provinces.csv")
        if not row.get("valid_until")
    ]
    names = {fold(p.name) for p in provinces + merged} | {fold(a) for p in g.provinces.values() for a in p.aliases}
    return Vocabulary(
        provinces,
        districts,
        ordered,
        central_forms,
        ministries or ["Bộ Y tế"],
        triggers,
        codes,
        merged or provinces,
        frozenset(names | set(g.districts)),
    )


# ---------------------------------------------------------------- gold


class Gold:
    """The gold facts of one article, in the format of tests/gold/*.json."""

    def __init__(self, article: str) -> None:
        self.article = article
        self.persons: dict[str, None] = {}
        self.optional_persons: dict[str, None] = {}
        self.bodies: dict[str, None] = {}
        self.optional_bodies: dict[str, None] = {"Đảng Cộng sản Việt Nam": None}
        self.places: dict[str, None] = {}
        self.optional_places: dict[str, None] = {}
        self.positions: dict[tuple[str, str, str], None] = {}
        self.documents: dict[str, dict[str, Any]] = {}
        self.meetings: list[dict[str, Any]] = []
        self.optional_meetings: list[dict[str, Any]] = []
        self.author: str | None = None
        self.notes = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "persons": list(self.persons),
            "optional_persons": [p for p in self.optional_persons if p not in self.persons],
            "bodies": list(self.bodies),
            "optional_bodies": [b for b in self.optional_bodies if b not in self.bodies],
            "positions": [list(p) for p in self.positions],
            "optional_positions": [],
            "documents": list(self.documents.values()),
            "optional_documents": [],
            "meetings": self.meetings,
            "optional_meetings": self.optional_meetings,
            "places": list(self.places),
            "optional_places": [p for p in self.optional_places if p not in self.places],
            "author": self.author,
            "notes": self.notes,
        }


# ---------------------------------------------------------------- bodies, posts, people


@dataclass(frozen=True, slots=True)
class BodyRef:
    """A body and the ways an article writes it."""

    name: str  # canonical, as gold stores it
    full: tuple[str, ...]  # written with its place (or a central body's full name / abbreviations)
    short: tuple[str, ...] = ()  # written without its place, once the article's province is known
    parents: tuple[str, ...] = ()  # committees whose word is written in the name: required gold bodies
    optional: tuple[str, ...] = ()  # parents not written out
    place: str | None = None  # the province or district named inside ``full``
    province: str | None = None  # the province of a local body (short forms allowed only there)


@dataclass(frozen=True, slots=True)
class Post:
    """A role in a body, and the ways to write the pair after (or before) a name."""

    role: str
    body: BodyRef
    full: tuple[str, ...]
    short: tuple[str, ...] = ()
    bare: str = ""  # "Ủy viên Ban Thường vụ": written so when the next post is in the same committee
    committee: str = ""  # canonical committee the post belongs to

    @property
    def key(self) -> tuple[str, str]:
        return (self.role, self.body.name)


@dataclass(slots=True)
class Official:
    name: str
    female: bool
    posts: list[Post] = field(default_factory=list)


def central_body(vocab: Vocabulary, name: str, parent_optional: bool = True) -> BodyRef:
    forms = vocab.central_forms.get(name, (name,))
    parent = () if name == "Ban Chấp hành Trung ương Đảng" else ("Ban Chấp hành Trung ương Đảng",)
    return BodyRef(name, forms, optional=parent if parent_optional else ())


def committee_body(p: Province) -> BodyRef:
    name = f"{p.committee} {p.name}"
    return BodyRef(name, (name,), (p.committee,), place=p.name, province=p.name)


def organ_body(p: Province, organ: str) -> BodyRef:
    committee = f"{p.committee} {p.name}"
    name = f"{organ} {committee}"
    return BodyRef(name, (name,), (f"{organ} {p.committee}",), parents=(committee,), place=p.name, province=p.name)


def district_body(d: District, organ: str = "") -> BodyRef:
    committee = f"{d.committee} {d.name}"
    name = f"{organ} {committee}".strip()
    parents = (committee,) if organ else ()
    return BodyRef(name, (name,), parents=parents, place=d.name)


def state_body(p: Province, head: str, abbreviation: str) -> BodyRef:
    if p.name.startswith("TP."):
        name, forms = f"{head} {p.name}", (f"{head} {p.name}", f"{abbreviation} {p.name}")
        return BodyRef(name, forms, place=p.name, province=p.name)
    unit = "thành phố" if p.city else "tỉnh"
    name = f"{head} {unit} {p.name}"
    return BodyRef(
        name,
        (name, f"{abbreviation} {unit} {p.name}"),
        (f"{head} {unit}", f"{abbreviation} {unit}"),
        place=p.name,
        province=p.name,
    )


def _role_then_body(role_texts: Sequence[str], body_forms: Sequence[str], drop_ban: bool) -> tuple[str, ...]:
    """ "Trưởng Ban" + "Ban Tuyên giáo Tỉnh ủy" is written "Trưởng Ban Tuyên giáo Tỉnh ủy"."""
    out = []
    for role in role_texts:
        for body in body_forms:
            if drop_ban and body.startswith("Ban "):
                out.append(f"{role} {body[4:]}")
            elif drop_ban and body.startswith("Ủy ban Kiểm tra"):
                out.append(f"{role} {body}")
            else:
                out.append(f"{role} {body}")
    return tuple(out)


def local_posts(p: Province, organ: str | None = None) -> list[Callable[[random.Random], list[Post]]]:
    """Sets of posts one person holds in province ``p`` (each a function drawing one set).

    ``organ`` (a head of ``LOCAL_ORGANS``, or "" for the committee itself) narrows the sets
    to the leaders of that body: who chairs its meetings."""
    committee = committee_body(p)
    standing = BodyRef(
        f"Ban Thường vụ {committee.name}",
        (f"Ban Thường vụ {committee.name}",),
        (f"Ban Thường vụ {p.committee}",),
        parents=(committee.name,),
        place=p.name,
        province=p.name,
    )

    def committee_post(role: str, texts: Sequence[str]) -> Post:
        return Post(
            role,
            committee,
            tuple(f"{t} {committee.name}" for t in texts),
            tuple(f"{t} {p.committee}" for t in texts),
            committee=committee.name,
        )

    def standing_member() -> Post:
        return Post(
            "Ủy viên",
            standing,
            (f"Ủy viên Ban Thường vụ {committee.name}", f"Ủy viên BTV {committee.name}"),
            (f"Ủy viên Ban Thường vụ {p.committee}",),
            bare="Ủy viên Ban Thường vụ",
            committee=committee.name,
        )

    def organ_post(organ: str, index: int) -> Post:
        role, texts = LOCAL_ORGANS[organ][index]
        body = organ_body(p, organ)
        drop = organ.startswith("Ban ")
        return Post(
            role,
            body,
            _role_then_body(texts, body.full, drop),
            _role_then_body(texts, body.short, drop),
            committee=committee.name,
        )

    def executive_member() -> Post:
        unit = "thành phố" if p.city else "tỉnh"
        name = f"Ban Chấp hành Đảng bộ {unit} {p.name}"
        body = BodyRef(name, (name,), (f"Ban Chấp hành Đảng bộ {unit}",), place=p.name, province=p.name)
        return Post(
            "Ủy viên",
            body,
            (f"Ủy viên {name}", f"Ủy viên BCH Đảng bộ {unit} {p.name}"),
            (f"Ủy viên BCH Đảng bộ {unit}", f"Ủy viên Ban Chấp hành Đảng bộ {unit}"),
            committee=committee.name,
        )

    def state_post(role: str, head: str, abbreviation: str) -> Post:
        body = state_body(p, head, abbreviation)
        return Post(role, body, tuple(f"{role} {f}" for f in body.full), tuple(f"{role} {f}" for f in body.short))

    def secretary(rng: random.Random) -> list[Post]:
        posts = [committee_post("Bí thư", ("Bí thư",))]
        if rng.random() < 0.4:
            posts.append(state_post("Chủ tịch", "Hội đồng nhân dân", "HĐND"))
        return posts

    def deputy(rng: random.Random) -> list[Post]:
        if rng.random() < 0.5:
            return [committee_post("Phó Bí thư Thường trực", ("Phó Bí thư Thường trực",))]
        return [
            committee_post("Phó Bí thư", ("Phó Bí thư",)),
            state_post("Chủ tịch", "Ủy ban nhân dân", "UBND"),
        ]

    def organ_head(rng: random.Random) -> list[Post]:
        chosen = organ or rng.choice(tuple(LOCAL_ORGANS))
        posts = [standing_member()] if rng.random() < 0.7 else []
        return [*posts, organ_post(chosen, 0)]

    def organ_deputy(rng: random.Random) -> list[Post]:
        chosen = organ or rng.choice(tuple(LOCAL_ORGANS))
        index = rng.randrange(1, len(LOCAL_ORGANS[chosen]))
        posts = [executive_member()] if not p.city and rng.random() < 0.3 else []
        return [*posts, organ_post(chosen, index)]

    def vice_chair(rng: random.Random) -> list[Post]:
        return [standing_member(), state_post("Phó Chủ tịch", "Ủy ban nhân dân", "UBND")]

    if organ == "":
        return [secretary, deputy, deputy]
    if organ:
        return [organ_head, organ_head, organ_deputy]
    return [secretary, deputy, organ_head, organ_head, organ_deputy, organ_deputy, vice_chair]


def district_posts(d: District) -> list[Callable[[random.Random], list[Post]]]:
    committee = district_body(d)

    def secretary(rng: random.Random) -> list[Post]:
        role = rng.choice(("Bí thư", "Phó Bí thư"))
        return [Post(role, committee, (f"{role} {committee.name}",), committee=committee.name)]

    def propaganda(rng: random.Random) -> list[Post]:
        body = district_body(d, "Ban Tuyên giáo")
        role, texts = LOCAL_ORGANS["Ban Tuyên giáo"][rng.randrange(2)]
        return [Post(role, body, _role_then_body(texts, body.full, True), committee=committee.name)]

    return [secretary, propaganda]


def central_posts(vocab: Vocabulary) -> list[Callable[[random.Random], list[Post]]]:
    def implied(role: str, texts: Sequence[str], body_name: str) -> Post:
        return Post(role, central_body(vocab, body_name), tuple(texts))

    def organ_post(rng: random.Random, head: bool) -> Post:
        organ = rng.choice(CENTRAL_ORGANS)
        body = central_body(vocab, organ)
        if organ.startswith("Ủy ban"):
            role = "Chủ nhiệm" if head else "Phó Chủ nhiệm"
            return Post(role, body, tuple(f"{role} {f}" for f in body.full))
        if head:
            role, texts = "Trưởng Ban", ("Trưởng Ban", "Trưởng ban")
        elif rng.random() < 0.3:
            role, texts = "Phó Trưởng Ban Thường trực", ("Phó Trưởng ban Thường trực",)
            return Post(role, body, tuple(f"{t} {f}" for t in texts for f in body.full))
        else:
            role, texts = "Phó Trưởng Ban", ("Phó Trưởng Ban", "Phó Trưởng ban")
        return Post(role, body, _role_then_body(texts, body.full, True))

    def leader(rng: random.Random) -> list[Post]:
        posts = []
        if rng.random() < 0.3:
            posts.append(implied("Ủy viên Bộ Chính trị", ("Ủy viên Bộ Chính trị",), "Bộ Chính trị"))
        posts.append(implied("Bí thư Trung ương Đảng", ("Bí thư Trung ương Đảng", "Bí thư TW Đảng"), "Ban Bí thư"))
        posts.append(organ_post(rng, True))
        return posts

    def member(rng: random.Random) -> list[Post]:
        texts = (
            "Ủy viên Trung ương Đảng",
            "Ủy viên BCH Trung ương Đảng",
            "Ủy viên Ban Chấp hành Trung ương Đảng",
        )
        return [
            implied("Ủy viên Trung ương Đảng", texts, "Ban Chấp hành Trung ương Đảng"),
            organ_post(rng, False),
        ]

    def deputy(rng: random.Random) -> list[Post]:
        return [organ_post(rng, False)]

    def minister(rng: random.Random) -> list[Post]:
        ministry = rng.choice(vocab.ministries)
        body = BodyRef(ministry, (ministry,), optional=("Chính phủ",))
        if rng.random() < 0.5:
            texts = ("Ủy viên Trung ương Đảng", "Ủy viên BCH Trung ương Đảng")
            return [
                implied("Ủy viên Trung ương Đảng", texts, "Ban Chấp hành Trung ương Đảng"),
                Post("Bộ trưởng", body, (f"Bộ trưởng {ministry}",)),
            ]
        return [Post("Thứ trưởng", body, (f"Thứ trưởng {ministry}",))]

    return [leader, member, deputy, deputy, minister]


# ---------------------------------------------------------------- one article


@dataclass(frozen=True, slots=True)
class Event:
    name: str  # canonical
    text: str  # as written after "tổ chức"
    start: date
    end: date | None
    with_year: bool  # the article states the year


class ArticleWriter:
    """Writes one article and its gold; every choice is drawn from ``rng``."""

    def __init__(self, vocab: Vocabulary, rng: random.Random, name: str) -> None:
        self.v = vocab
        self.rng = rng
        self.gold = Gold(name)
        self.names: set[str] = set()
        self.home: Province = rng.choice(vocab.provinces)
        self.home_known = False  # the article has named its province: local bodies may drop it
        self.single_province = True
        self.held: set[tuple[str, str]] = set()  # posts given to someone: one holder each
        self.said: set[tuple[str, tuple[str, str]]] = set()  # (person, post) written in the text
        self.paragraphs: list[str] = []
        self.headline = ""
        self.family = ""

    # ------------------------------------------------------------ small helpers

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def prefer_first(self, forms: Sequence[str], p: float = 0.6) -> str:
        if len(forms) == 1 or self.chance(p):
            return forms[0]
        return self.rng.choice(forms[1:])

    def new_name(self) -> tuple[str, bool]:
        rng = self.rng
        while True:
            common = self.v.surnames[:20] if rng.random() < 0.8 else self.v.surnames
            surname = rng.choice(common)
            female = rng.random() < 0.3
            middle = rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)
            given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
            name = f"{surname} {middle} {given}"
            if name not in self.names and given not in middle.split():
                self.names.add(name)
                return name, female

    def pen_name(self) -> str:
        while True:
            if self.chance(0.25):
                name, _ = self.new_name()
                return name
            name = f"{self.rng.choice(PEN_FIRST)} {self.rng.choice(PEN_SECOND)}"
            if name not in self.names and name.split()[0] != name.split()[1]:
                self.names.add(name)
                return name

    # ------------------------------------------------------------ mentions (text + gold)

    def note_body(self, body: BodyRef, place_written: bool) -> None:
        gold = self.gold
        gold.bodies[body.name] = None
        for parent in body.parents:
            gold.bodies[parent] = None
        for parent in body.optional:
            gold.optional_bodies[parent] = None
        if place_written and body.place:
            gold.optional_places[body.place] = None
            if body.province == self.home.name:
                self.home_known = True

    def can_shorten(self, province: str | None) -> bool:
        return self.home_known and self.single_province and province == self.home.name

    def say_body(self, body: BodyRef) -> str:
        short = bool(body.short) and self.can_shorten(body.province) and self.chance(0.6)
        text = self.rng.choice(body.short) if short else self.prefer_first(body.full)
        self.note_body(body, place_written=not short)
        return text

    def say_post(self, person: Official, post: Post, *, bare: bool = False) -> str:
        self.gold.positions[(person.name, post.role, post.body.name)] = None
        self.said.add((person.name, post.key))
        if bare and post.bare:
            self.note_body(post.body, place_written=False)
            return post.bare
        short = bool(post.short) and self.can_shorten(post.body.province) and self.chance(0.6)
        text = self.rng.choice(post.short) if short else self.prefer_first(post.full)
        self.note_body(post.body, place_written=not short)
        return text

    def apposition(self, person: Official, posts: Sequence[Post] | None = None) -> str:
        posts = list(person.posts if posts is None else posts)
        parts = []
        for i, post in enumerate(posts):
            following = posts[i + 1] if i + 1 < len(posts) else None
            bare = bool(following and post.bare and following.committee == post.committee and self.chance(0.7))
            parts.append(self.say_post(person, post, bare=bare))
        return ", ".join(parts)

    def honorific(self, person: Official) -> str:
        r = self.rng.random()
        if r < 0.75:
            return "đồng chí"
        if r < 0.9:
            return "bà" if person.female else "ông"
        return self.rng.choice(("đồng chí TS.", "đồng chí PGS.TS.", "đồng chí ThS."))

    def introduce(
        self, person: Official, capital: bool = False, honorific: bool = True, title_first: bool | None = None
    ) -> str:
        """A person's first mention: honorific, name and apposition, or title before the name."""
        self.gold.persons[person.name] = None
        if title_first is None:
            title_first = self.chance(0.3)
        if person.posts and title_first:
            post = self.rng.choice(person.posts)
            phrase = f"{self.say_post(person, post)} {person.name}"
        else:
            sep = " - " if self.chance(0.2) else ", "
            phrase = f"{person.name}{sep}{self.apposition(person)}" if person.posts else person.name
            if honorific:
                phrase = f"{self.honorific(person)} {phrase}"
        return phrase[0].upper() + phrase[1:] if capital else phrase

    def again(self, person: Official) -> str:
        """A later mention: the name, or a title already given standing for the person."""
        said = [post for post in person.posts if (person.name, post.key) in self.said]
        if said and self.chance(0.25):
            return f"đồng chí {self.say_post(person, said[-1])}"
        return f"{self.rng.choice(('đồng chí', 'đồng chí', 'bà' if person.female else 'ông'))} {person.name}"

    def draw_person(self, drawers: Sequence[Callable[[random.Random], list[Post]]]) -> Official:
        for _ in range(20):
            posts = self.rng.choice(drawers)(self.rng)
            keys = {p.key for p in posts}
            if not keys & self.held:
                self.held |= keys
                name, female = self.new_name()
                return Official(name, female, posts)
        name, female = self.new_name()
        return Official(name, female, [])

    # ------------------------------------------------------------ dates

    def event_date(self, year: int, month: int | None = None, days: tuple[int, int] = (1, 27)) -> date:
        month = month or self.rng.randint(1, 12)
        return date(year, month, self.rng.randint(*days))

    def say_date(self, meeting: Event, capital: bool) -> str:
        start, end = meeting.start, meeting.end
        year = f"/{start.year}" if meeting.with_year and not self.year_in_name(meeting) else ""
        if end is not None:
            if self.chance(0.5):
                text = f"từ ngày {start.day}/{start.month} đến {end.day}/{end.month}{year}"
            else:
                text = f"từ ngày {start.day}-{end.day}/{start.month}{year}"
        else:
            part = self.rng.choice(("Sáng", "Chiều", "Ngày", "Ngày", "Tối"))
            if part == "Ngày" and self.chance(0.5):
                text = f"ngày {start.day}-{start.month}" + (f"-{start.year}" if year else "")
            else:
                text = f"{part.lower()} {start.day}/{start.month}{year}"
        return text[0].upper() + text[1:] if capital else text

    @staticmethod
    def year_in_name(meeting: Event) -> bool:
        return str(meeting.start.year) in meeting.name

    # ------------------------------------------------------------ meetings

    def meeting_gold(
        self,
        meeting: Event,
        *,
        place: str | None,
        chairs: Sequence[Official] = (),
        organisers: Sequence[str] = (),
        **extra: Any,
    ) -> dict[str, Any]:
        def iso(d: date | None) -> str | None:
            if d is None:
                return None
            return d.isoformat() if meeting.with_year else f"--{d.month:02d}-{d.day:02d}"

        record: dict[str, Any] = {
            "kind": self.v.meeting_kind(meeting.name),
            "name": meeting.name,
            "aliases": extra.pop("aliases", []),
            "start": iso(meeting.start),
            "end": iso(meeting.end),
            "place": place,
            "chairs": [p.name for p in chairs],
            "organisers": list(organisers),
            "attendees": [p.name for p in chairs],
            "attending_bodies": [],
            "documents": [],
        }
        record.update(extra)
        self.gold.meetings.append(record)
        return record

    def conference(self, organ: str, year: int, with_year: bool) -> Event:
        rng = self.rng
        domain = rng.choice(DOMAINS_BY_ORGAN.get(organ, DOMAINS_BY_ORGAN[""]))
        y = f" năm {year}" if with_year else ""
        shape = rng.randrange(7 if organ in ("Ban Tuyên giáo", "") else 6)
        end = None
        if shape == 0:
            name = f"Hội nghị sơ kết công tác {domain} 6 tháng đầu năm" + (f" {year}" if with_year else "")
            start = self.event_date(year, 7, (2, 28))
        elif shape == 1:
            name = f"Hội nghị tổng kết công tác {domain} năm {year}"
            start, with_year = self.event_date(year, 12, (10, 30)), True
        elif shape == 2:
            quarter = rng.randint(1, 4)
            name = f"Hội nghị giao ban công tác {domain} quý {('I', 'II', 'III', 'IV')[quarter - 1]}{y}"
            start = self.event_date(year, quarter * 3, (18, 30))
        elif shape == 3:
            name = f"Hội thảo khoa học “{rng.choice(TOPICS)}”"
            start = self.event_date(year)
        elif shape == 4:
            name = f"Lớp bồi dưỡng nghiệp vụ công tác {domain}{y}"
            start = self.event_date(year, days=(1, 22))
            end = start + timedelta(days=rng.randint(2, 4))
        elif shape == 5:
            name = f"Hội nghị tập huấn nghiệp vụ công tác {domain}{y}"
            start = self.event_date(year)
        else:
            month = rng.randint(1, 12)
            name = f"Hội nghị báo cáo viên tháng {month}" + (f"/{year}" if with_year and rng.random() < 0.5 else y)
            start = self.event_date(year, month, (5, 28))
        text = name if rng.random() < 0.8 else name[0].lower() + name[1:]
        return Event(canonical(name), text, start, end, with_year)

    def congress_mention(self, year: int) -> str:
        rng = self.rng
        if rng.random() < 0.5 or self.home.city or not self.single_province:
            number = ROMAN[13] if year <= 2020 else ROMAN[14]
            name = f"Đại hội đại biểu toàn quốc lần thứ {number} của Đảng"
            aliases = [
                f"Đại hội {number} của Đảng",
                f"Đại hội lần thứ {number} của Đảng",
                f"Đại hội {number}",
            ]
            written = rng.choice((name, f"Đại hội lần thứ {number} của Đảng", f"Đại hội {number} của Đảng"))
        else:
            number = ROMAN[20] if year <= 2020 else ROMAN[21]
            name = f"Đại hội Đảng bộ tỉnh {self.home.name} lần thứ {number}"
            aliases = [f"Đại hội đại biểu Đảng bộ tỉnh {self.home.name} lần thứ {number}"]
            written = rng.choice((name, aliases[0]))
            self.gold.optional_bodies[f"Đảng bộ tỉnh {self.home.name}"] = None
            self.gold.optional_places[self.home.name] = None
        self.gold.meetings.append(
            {
                "kind": "Đại hội",
                "name": name,
                "aliases": aliases,
                "start": None,
                "end": None,
                "place": None,
                "chairs": [],
                "organisers": [],
                "documents": [],
            }
        )
        return written

    # ------------------------------------------------------------ documents

    def cite(self, year: int, meeting: dict[str, Any]) -> str:
        """One document citation (sometimes two, when one refers to the other)."""
        rng = self.rng
        shape = rng.random()
        if shape < 0.55:
            text, doc_id = self.central_document(year)
        elif shape < 0.7 and self.family in ("provincial", "delegation"):
            text, doc_id = self.local_document(year)
        elif shape < 0.82:
            text, doc_id = self.state_document(year)
        elif shape < 0.92:
            text, doc_id = self.plenum_resolution(year)
        else:
            inner_text, inner_id = self.central_document(year - rng.randint(3, 6), subject=False, kinds=("Chỉ thị",))
            outer_text, outer_id = self.central_document(
                year, subject=False, kinds=("Kết luận",), subject_text=f"về tiếp tục thực hiện {inner_text}"
            )
            self.gold.documents[outer_id]["refers_to"] = [inner_id]
            meeting["documents"].append(inner_id)
            text, doc_id = outer_text, outer_id
        meeting["documents"].append(doc_id)
        return text

    def document_number(self, low: int = 1, high: int = 300) -> str:
        for _ in range(50):
            number = str(self.rng.randint(low, high))
            if all(not d.startswith(number + "-") and not d.startswith(number + "/") for d in self.gold.documents):
                break
        return number.zfill(2)

    def record_document(
        self,
        doc_id: str,
        doc_type: str,
        issuer: str | None,
        when: date | None,
        term: str | None,
        subject: str | None,
        aliases: Sequence[str] = (),
    ) -> None:
        record: dict[str, Any] = {"id": doc_id, "type": doc_type, "issuer": issuer}
        if issuer is None:
            record["issuer_optional"] = True
        if aliases:
            record["aliases"] = list(aliases)
        if when:
            record["date"] = when.isoformat()
        if term:
            record["term"] = term
        if subject:
            record["subject"] = subject
        self.gold.documents[doc_id] = record

    def doc_date(self, year: int) -> date:
        return date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))

    @staticmethod
    def term_of(year: int) -> str:
        return "XI" if year <= 2015 else "XII" if year <= 2020 else "XIII"

    def central_document(
        self,
        year: int,
        *,
        subject: bool = True,
        kinds: Sequence[str] | None = None,
        subject_text: str | None = None,
    ) -> tuple[str, str]:
        rng = self.rng
        doc_type = rng.choice(kinds or ("Chỉ thị", "Nghị quyết", "Kết luận", "Quy định"))
        issuers = {
            "Chỉ thị": ("Bộ Chính trị", "Ban Bí thư"),
            "Nghị quyết": ("Bộ Chính trị",),
            "Kết luận": ("Bộ Chính trị", "Ban Bí thư"),
            "Quy định": ("Bộ Chính trị", "Ban Bí thư"),
        }[doc_type]
        code = self.v.document_codes.get(doc_type, "CT")
        number = self.document_number()
        doc_id = f"{number}-{code}/TW"
        doc_year = year - rng.randint(0, 7)
        when = self.doc_date(doc_year) if rng.random() < 0.5 else None
        term = self.term_of(doc_year) if rng.random() < 0.4 else None
        issuer = rng.choice(issuers) if rng.random() < 0.85 else None
        about = subject_text or (rng.choice(DOC_SUBJECTS) if subject and rng.random() < 0.8 else None)
        parts = [f"{doc_type} {'số ' if rng.random() < 0.7 else ''}{doc_id}"]
        if when:
            parts.append(f"ngày {when.day}/{when.month}/{when.year}")
        if issuer:
            parts.append(f"của {self.say_body(central_body(self.v, issuer))}")
            if term:
                parts.append(f"(khóa {term})" if rng.random() < 0.6 else f"khóa {term}")
        elif term:
            term = None
        if about:
            parts.append(about)
        self.record_document(doc_id, doc_type, issuer, when, term, about)
        return " ".join(parts), doc_id

    def local_document(self, year: int) -> tuple[str, str]:
        rng = self.rng
        doc_type = rng.choice(("Chỉ thị", "Nghị quyết", "Kế hoạch"))
        code = self.v.document_codes.get(doc_type, "CT")
        doc_id = f"{self.document_number()}-{code}/TU"
        p = self.home
        if doc_type == "Nghị quyết":
            issuer = committee_body(p)
        else:
            committee = committee_body(p)
            issuer = BodyRef(
                f"Ban Thường vụ {committee.name}",
                (f"Ban Thường vụ {committee.name}",),
                (f"Ban Thường vụ {p.committee}",),
                parents=(committee.name,),
                place=p.name,
                province=p.name,
            )
        when = self.doc_date(year - rng.randint(0, 3)) if rng.random() < 0.6 else None
        about = rng.choice(DOC_SUBJECTS)
        text = f"{doc_type} số {doc_id}"
        if when:
            text += f" ngày {when.day}/{when.month}/{when.year}"
        text += f" của {self.say_body(issuer)} {about}"
        self.record_document(doc_id, doc_type, issuer.name, when, None, about)
        return text, doc_id

    def state_document(self, year: int) -> tuple[str, str]:
        rng = self.rng
        shape = rng.randrange(3)
        when = self.doc_date(year - rng.randint(0, 3))
        about = rng.choice(DOC_SUBJECTS)
        if shape == 0:
            doc_type, doc_id, issuer = (
                "Nghị định",
                f"{self.document_number(10, 180)}/{when.year}/NĐ-CP",
                "Chính phủ",
            )
        elif shape == 1:
            doc_type, doc_id, issuer = (
                "Quyết định",
                f"{self.document_number(100, 2500)}/QĐ-TTg",
                "Thủ tướng Chính phủ",
            )
        else:
            doc_type, doc_id, issuer = (
                "Công điện",
                f"{self.document_number(100, 1500)}/CĐ-TTg",
                "Thủ tướng Chính phủ",
            )
        self.gold.bodies[issuer] = None
        if issuer == "Thủ tướng Chính phủ":
            self.gold.optional_bodies["Chính phủ"] = None
        text = f"{doc_type} số {doc_id} ngày {when.day}/{when.month}/{when.year} của {issuer} {about}"
        self.record_document(doc_id, doc_type, issuer, when, None, about)
        return text, doc_id

    def plenum_resolution(self, year: int) -> tuple[str, str]:
        rng = self.rng
        term = self.term_of(year - 1)
        number = rng.randint(2, 10)
        doc_id = f"Nghị quyết Hội nghị Trung ương {number} khóa {term}"
        written = rng.choice(
            (
                doc_id,
                f"Nghị quyết Trung ương {number} (khóa {term})",
                f"Nghị quyết Hội nghị Trung ương {number} (khóa {term})",
            )
        )
        aliases = [
            f"Nghị quyết Trung ương {number} khóa {term}",
            f"Nghị quyết Trung ương {number} (khóa {term})",
        ]
        about = rng.choice(DOC_SUBJECTS) if rng.random() < 0.5 else None
        self.record_document(doc_id, "Nghị quyết", None, None, term, about, aliases)
        self.gold.optional_meetings.append(
            {
                "kind": "Hội nghị Trung ương",
                "name": f"Hội nghị Trung ương {number} khóa {term}",
                "start": None,
                "end": None,
                "place": None,
                "chairs": [],
                "organisers": [],
                "documents": [],
            }
        )
        return written + (f" {about}" if about else ""), doc_id

    # ------------------------------------------------------------ filler

    def filler_sentence(self, shape: int | None = None) -> str:
        """A sentence with no named entity (generic plurals only), in one of four shapes."""
        rng = self.rng
        shape = rng.randrange(4) if shape is None else shape
        if shape == 0:
            predicates = rng.sample(PREDICATES, rng.randint(1, 3))
            return f"{rng.choice(INTROS)}, {rng.choice(SUBJECTS)} {'; '.join(predicates)}."
        if shape == 1:
            return f"{rng.choice(DISCUSSIONS)} {', '.join(rng.sample(DISCUSSED, rng.randint(2, 3)))}."
        if shape == 2:
            return f"{rng.choice(CONCESSIONS)}, {', '.join(rng.sample(PROBLEMS, rng.randint(1, 3)))}."
        tasks = rng.sample(TASKS, rng.randint(2, 4))
        return f"{rng.choice(OUTLOOKS)}, {rng.choice(ACTORS)} cần {', '.join(tasks[:-1])} và {tasks[-1]}."

    def filler_paragraph(self) -> str:
        # Each shape at most once per paragraph, in a random order.
        shapes = self.rng.sample(range(4), self.rng.randint(2, 4))
        return " ".join(self.filler_sentence(shape) for shape in shapes)

    # ------------------------------------------------------------ article families

    def organiser_choice(self) -> tuple[BodyRef, str]:
        """A local organiser in the home province and the organ word that picks its domain."""
        r = self.rng.random()
        if r < 0.55:
            return organ_body(self.home, "Ban Tuyên giáo"), "Ban Tuyên giáo"
        if r < 0.8:
            organ = self.rng.choice(("Ban Dân vận", "Ban Tổ chức", "Ủy ban Kiểm tra", "Ban Nội chính"))
            return organ_body(self.home, organ), organ
        if r < 0.9:
            return committee_body(self.home), ""
        committee = committee_body(self.home)
        body = BodyRef(
            f"Ban Thường vụ {committee.name}",
            (f"Ban Thường vụ {committee.name}",),
            (f"Ban Thường vụ {self.home.committee}",),
            parents=(committee.name,),
            place=self.home.name,
            province=self.home.name,
        )
        return body, ""

    def place_phrase(self) -> tuple[str, str, list[str]]:
        """Where the meeting was held: (text after "tại", gold place, places named)."""
        p = self.home
        towns = [d for d in self.v.districts.get(p.name, []) if d.unit == "thanh_pho"]
        if towns and self.chance(0.4):
            town = self.rng.choice(towns)
            written = self.rng.choice(("Thành phố", "thành phố", "TP."))
            if self.chance(0.5):
                return f"{written} {town.name} ({p.unit_phrase})", town.name, [town.name, p.name]
            return f"{written} {town.name}", town.name, [town.name]
        return (p.name if self.chance(0.7) else p.unit_phrase), p.name, [p.name]

    def family_provincial(self, year: int, with_year: bool) -> dict[str, Any]:
        rng = self.rng
        organiser, organ = self.organiser_choice()
        meeting = self.conference(organ, year, with_year)
        where, place, named = self.place_phrase() if rng.random() < 0.7 else ("", None, [])
        for name in named:
            self.gold.places[name] = None
        when = self.say_date(meeting, capital=True)
        shape = rng.randrange(3)
        if place and shape == 0:
            self.home_known = True  # "tại Nghệ An" comes before the organiser
            lead = f"{when}, tại {where}, {self.say_body(organiser)} tổ chức {meeting.text}."
        elif place and shape == 1:
            lead = f"{when}, {self.say_body(organiser)} đã tổ chức {meeting.text} tại {where}."
        else:
            lead = f"{self.say_body(organiser)} vừa tổ chức {meeting.text} vào {self.say_date(meeting, False)}"
            lead += f" tại {where}." if place else "."
            lead = lead[0].upper() + lead[1:]
        self.home_known = True
        record = self.meeting_gold(meeting, place=place, organisers=[organiser.name])
        chair = self.draw_person(local_posts(self.home, organ))
        lead += " " + self.chair_sentence(chair, meeting)
        record["chairs"].append(chair.name)
        record["attendees"].append(chair.name)
        guests = self.attendee_sentence(record, rng.randint(0, 3), central=rng.random() < 0.4)
        self.paragraphs.append(lead + (" " + guests if guests else ""))
        self.headline = rng.choice(
            (
                f"{organiser.full[0]}: {meeting.name}",
                meeting.name,
                f"{self.home.name}: {rng.choice(GENERIC_HEADLINES)}",
            )
        )
        record["_chair"] = chair
        return record

    def chair_sentence(self, chair: Official, meeting: Event) -> str:
        head = meeting.name.split()[0]
        word = {"Hội": "hội nghị", "Lớp": "lớp bồi dưỡng"}.get(head, "hội nghị")
        if meeting.name.startswith(("Hội thảo", "Tọa đàm")):
            word = "buổi " + " ".join(meeting.name.split()[:2]).lower()
        shape = self.rng.randrange(3)
        if shape == 0:
            return f"{self.introduce(chair, capital=True)} chủ trì {word}."
        if shape == 1:
            return f"{word[0].upper() + word[1:]} do {self.introduce(chair)} chủ trì."
        return f"Chủ trì {word} có {self.introduce(chair)}."

    def attendee_sentence(self, record: dict[str, Any], count: int, central: bool) -> str:
        people: list[Official] = []
        if central:
            people.append(self.draw_person(central_posts(self.v)))
        for _ in range(count):
            drawers = local_posts(self.home)
            districts = self.v.districts.get(self.home.name, [])
            if districts and self.single_province and self.chance(0.3):
                drawers = district_posts(self.rng.choice(districts))
            people.append(self.draw_person(drawers))
        if not people:
            return ""
        for person in people:
            record["attendees"].append(person.name)
        opening = self.rng.choice(("Tham dự hội nghị có", "Dự hội nghị có", "Cùng dự có", "Tham dự có"))
        # One style for the whole list, as a reporter writes it.
        if len(people) > 1 and self.chance(0.5):
            mentions = [self.introduce(p, honorific=False, title_first=False) for p in people]
            return f"{opening} các đồng chí: {'; '.join(mentions)}."
        title_first = self.chance(0.3)
        return f"{opening} {'; '.join(self.introduce(p, title_first=title_first) for p in people)}."

    def family_central(self, year: int, with_year: bool) -> dict[str, Any]:
        """A national online conference run by a central body, with a provincial bridge point."""
        rng = self.rng
        self.home = rng.choice([p for p in self.v.provinces if p.name != "Hà Nội"])
        organ_name = rng.choice(CENTRAL_ORGANS[:3])
        organiser = central_body(self.v, organ_name)
        month = rng.randint(1, 12)
        domain = rng.choice(
            DOMAINS_BY_ORGAN[
                "Ban Tuyên giáo"
                if "Tuyên giáo" in organ_name
                else "Ban Dân vận"
                if "Dân vận" in organ_name
                else "Ban Tổ chức"
            ]
        )
        if "Tuyên giáo" in organ_name and rng.random() < 0.5:
            name = f"Hội nghị trực tuyến báo cáo viên tháng {month}"
            if with_year:
                name += f"/{year}"
            start = self.event_date(year, month, (5, 28))
        else:
            name = f"Hội nghị trực tuyến toàn quốc sơ kết công tác {domain} 6 tháng đầu năm"
            name += f" {year}" if with_year else ""
            start = self.event_date(year, 7, (2, 28))
        meeting = Event(name, name if rng.random() < 0.7 else name[0].lower() + name[1:], start, None, with_year)
        chair = Official(*self.new_name(), posts=[])
        for _ in range(10):
            posts = central_posts(self.v)[rng.randrange(3)](rng)
            if any(p.body.name == organ_name for p in posts):
                chair.posts = posts
                break
        else:
            chair.posts = [Post("Trưởng Ban", organiser, _role_then_body(("Trưởng Ban",), organiser.full, True))]
        self.held |= {p.key for p in chair.posts}
        in_hanoi = rng.random() < 0.5
        when = self.say_date(meeting, capital=True)
        if rng.random() < 0.35:
            # The chair opens the lead and the organiser is left unsaid.
            lead = f"{when}, {self.introduce(chair)} đã chủ trì {meeting.text}"
            lead += " tại Hà Nội." if in_hanoi else "."
            record = self.meeting_gold(
                meeting,
                place="Hà Nội" if in_hanoi else None,
                chairs=[chair],
                optional_organisers=[organiser.name],
            )
        else:
            where = "tại Hà Nội, " if in_hanoi else ""
            lead = f"{when}, {where}{self.say_body(organiser)} tổ chức {meeting.text}. "
            lead += f"{self.introduce(chair, capital=True)} chủ trì hội nghị."
            record = self.meeting_gold(
                meeting, place="Hà Nội" if in_hanoi else None, chairs=[chair], organisers=[organiser.name]
            )
        if in_hanoi:
            self.gold.places["Hà Nội"] = None
        record["optional_place"] = self.home.name
        self.gold.places[self.home.name] = None
        self.home_known = True  # "điểm cầu X" names the province of the local posts that follow
        guest = self.draw_person(local_posts(self.home))
        record["attendees"].append(guest.name)
        bridge = rng.choice(("Tham dự tại điểm cầu", "Tại điểm cầu", "Dự hội nghị tại điểm cầu"))
        lead += f" {bridge} {self.home.name} có {self.introduce(guest)}."
        self.paragraphs.append(lead)
        self.headline = rng.choice((f"{organ_name}: {name}", name, rng.choice(GENERIC_HEADLINES)))
        record["_chair"] = chair
        return record

    def family_delegation(self, year: int, with_year: bool) -> dict[str, Any]:
        """A working delegation of a provincial body visiting a list of district committees."""
        rng = self.rng
        candidates = [
            p for p in self.v.provinces if len([d for d in self.v.districts.get(p.name, []) if d.unit == "huyen"]) >= 4
        ]
        self.home = rng.choice(candidates)
        rural = [d for d in self.v.districts[self.home.name] if d.unit == "huyen"]
        visited = rng.sample(rural, rng.randint(3, min(6, len(rural))))
        organiser, organ = self.organiser_choice()
        start = self.event_date(year, days=(1, 24))
        end = start + timedelta(days=rng.randint(1, 3))
        name = f"Đoàn công tác {organiser.name} làm việc với {len(visited)} Huyện ủy"
        meeting = Event(name, name, start, end, with_year)
        leader = self.draw_person(local_posts(self.home, organ))
        when = self.say_date(meeting, capital=True)
        names = [d.name for d in visited]
        listed = ", ".join(names[:-1]) + (" và " if rng.random() < 0.6 else ", ") + names[-1]
        lead_in = f"{when}, đoàn công tác của {self.say_body(organiser)} do {self.introduce(leader)}"
        lead_in += " làm trưởng đoàn"
        if rng.random() < 0.6:
            lead = f"{lead_in} đã làm việc với {len(visited)} Huyện ủy: {listed}."
            aliases = [f"làm việc với {len(visited)} Huyện ủy"]
        else:
            lead = f"{lead_in} đã làm việc với các Huyện ủy {listed}."
            aliases = ["làm việc với các Huyện ủy"]
        self.home_known = True
        bodies = [f"Huyện ủy {n}" for n in names]
        for body in bodies:
            self.gold.bodies[body] = None
        for n in names:
            self.gold.places[n] = None
        self.gold.optional_places[self.home.name] = None
        record = self.meeting_gold(
            meeting,
            place=None,
            organisers=[organiser.name],
            aliases=aliases,
            optional_chairs=[leader.name],
            attending_bodies=bodies,
        )
        record["attendees"].append(leader.name)
        self.paragraphs.append(lead + " " + self.filler_sentence())
        self.headline = rng.choice(
            (
                f"{organiser.full[0]} làm việc với các Huyện ủy",
                f"{self.home.name}: {rng.choice(GENERIC_HEADLINES)}",
            )
        )
        record["_chair"] = leader
        return record

    def family_regional(self, year: int, with_year: bool) -> dict[str, Any]:
        """A briefing held together by the propaganda boards of several neighbouring provinces."""
        rng = self.rng
        provinces = [p for p in self.v.provinces if not p.city]
        first = rng.randrange(len(provinces) - 7)
        group = provinces[first : first + rng.randint(4, 7)]
        self.single_province = False
        self.home = rng.choice(group)
        name = f"Giao ban công tác tuyên giáo năm {year}"
        start = self.event_date(year, days=(1, 24))
        end = start + timedelta(days=rng.randint(1, 2)) if rng.random() < 0.6 else None
        meeting = Event(name, name[0].lower() + name[1:], start, end, True)
        names = [p.name for p in group]
        listed = ", ".join(names[:-1]) + " và " + names[-1]
        organisers = [f"Ban Tuyên giáo Tỉnh ủy {n}" for n in names]
        for n in names:
            self.gold.bodies[f"Ban Tuyên giáo Tỉnh ủy {n}"] = None
            self.gold.bodies[f"Tỉnh ủy {n}"] = None
            self.gold.places[n] = None
        where, place, named = self.place_phrase()
        for n in named:
            self.gold.places[n] = None
        who = rng.choice((f"Ban Tuyên giáo Tỉnh ủy các tỉnh {listed}", f"Ban Tuyên giáo các Tỉnh ủy {listed}"))
        lead = f"{self.say_date(meeting, capital=True)}, tại {where}, {who} đã tổ chức {meeting.text}."
        record = self.meeting_gold(
            meeting,
            place=place,
            organisers=organisers,
            aliases=[f"Giao ban công tác tuyên giáo các tỉnh từ {names[0]} đến {names[-1]}"],
        )
        self.single_province = True  # the host's own posts may follow in short form once it is named
        self.home_known = False
        if rng.random() < 0.5:
            head = Official(*self.new_name(), posts=[])
            body = organ_body(self.home, "Ban Tuyên giáo")
            head.posts = [Post("Trưởng Ban", body, _role_then_body(("Trưởng Ban",), body.full, True))]
            self.held |= {p.key for p in head.posts}
            lead += f" {self.introduce(head, capital=True)} chủ trì giao ban."
            record["chairs"].append(head.name)
            record["attendees"].append(head.name)
            record["_chair"] = head
        self.single_province = False
        guest = self.draw_person(central_posts(self.v))
        lead += f" Dự giao ban có {self.introduce(guest)}."
        record["attendees"].append(guest.name)
        self.paragraphs.append(lead)
        self.headline = f"Giao ban công tác tuyên giáo các tỉnh từ {names[0]} đến {names[-1]}"
        return record

    # ------------------------------------------------------------ the whole article

    def write(self, target: int) -> str:
        rng = self.rng
        year = rng.randint(2017, 2024)
        with_year = rng.random() < 0.65
        r = rng.random()
        if r < 0.12 and any(len(u) >= 4 for u in self.v.districts.values()):
            self.family = "delegation"
            record = self.family_delegation(year, with_year)
        elif r < 0.24:
            self.family = "regional"
            record = self.family_regional(year, with_year)
        elif r < 0.5:
            self.family = "central"
            record = self.family_central(year, with_year)
        else:
            self.family = "provincial"
            record = self.family_provincial(year, with_year)
        chair: Official | None = record.pop("_chair", None)
        meeting_year_known = bool(record["start"] and not record["start"].startswith("--"))

        body: list[str] = []
        body.append(self.filler_paragraph())
        citations = [self.cite(year, record) for _ in range(rng.randint(1, 3))]
        opener = rng.choice(("Hội nghị đã", "Các đại biểu đã", "Thời gian qua, các cấp ủy đã"))
        body.append(f"{opener} {rng.choice(DOC_VERBS)} {'; '.join(citations)}. {self.filler_sentence()}")
        if rng.random() < 0.35:
            body.append(
                f"{self.filler_sentence()} Cùng với đó, cần chuẩn bị tốt các điều kiện tiến tới "
                f"{self.congress_mention(year)}."
            )
        if self.single_province and self.family in ("provincial", "delegation") and rng.random() < 0.4:
            districts = self.v.districts.get(self.home.name, [])
            speaker = self.draw_person(
                district_posts(rng.choice(districts)) if districts and rng.random() < 0.5 else local_posts(self.home)
            )
            record["attendees"].append(speaker.name)
            body.append(
                f"Phát biểu tham luận, {self.introduce(speaker)} cho biết "
                f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES)}. {self.filler_sentence()}"
            )
        if chair is not None:
            verb = rng.choice(("đề nghị", "nhấn mạnh", "yêu cầu"))
            tasks = rng.sample(TASKS, 3)
            body.append(
                f"Phát biểu kết luận, {self.again(chair)} {verb} {self.rng.choice(ACTORS)} "
                f"{tasks[0]}; {tasks[1]}; {tasks[2]}."
            )
        if record["end"] is None and record["start"] and rng.random() < 0.3:
            body.append(self.same_day_event(record))
        caption = self.caption(record, chair) if rng.random() < 0.35 else None
        if caption:
            body.insert(1, caption)

        self.paragraphs.extend(body)
        furniture = self.furniture(year) if rng.random() < 0.6 else []
        byline = self.byline() if rng.random() < 0.85 else None
        top = self.top_lines(record, meeting_year_known)

        def assemble() -> str:
            lines = [*top, *self.paragraphs]
            if byline:
                lines.append(byline)
            lines.extend(furniture)
            return "\n\n".join(lines) + "\n"

        text = assemble()
        while len(text) < target:
            position = rng.randint(1, len(self.paragraphs))
            self.paragraphs.insert(position, self.filler_paragraph())
            text = assemble()
        self.gold.notes = (
            f"Generated by benchmarks/corpus.py (version {GENERATOR_VERSION}, template family '{self.family}')."
        )
        return text

    def same_day_event(self, main: dict[str, Any]) -> str:
        rng = self.rng
        topic = rng.choice(TOPICS)
        kind = rng.choice(("Tọa đàm", "Tọa đàm trực tuyến"))
        organiser, _ = (
            (central_body(self.v, "Ban Tuyên giáo Trung ương"), "")
            if self.family == "central"
            else self.organiser_choice()
        )
        text = f"* Cùng ngày, {self.say_body(organiser)} đã tổ chức {kind} với chủ đề “{topic}”."
        self.gold.meetings.append(
            {
                "kind": kind,
                "name": f"{kind} {topic}",
                "aliases": [f"{kind} với chủ đề {topic}", kind],
                "start": main["start"],
                "end": None,
                "place": None,
                "chairs": [],
                "organisers": [organiser.name],
                "attendees": [],
                "attending_bodies": [],
                "documents": [],
            }
        )
        return text + " " + self.filler_sentence()

    def caption(self, record: dict[str, Any], chair: Official | None) -> str:
        photographer = self.pen_name()
        self.gold.optional_persons[photographer] = None
        if chair is not None and self.rng.random() < 0.5:
            return f"Đồng chí {chair.name} phát biểu tại hội nghị. Ảnh: {photographer}"
        return f"Quang cảnh {self.rng.choice(('hội nghị', 'buổi làm việc', 'sự kiện'))}. Ảnh: {photographer}"

    def byline(self) -> str:
        author = self.pen_name()
        self.gold.author = author
        self.gold.persons[author] = None
        r = self.rng.random()
        if r < 0.2:
            return author.upper()
        if r < 0.35:
            return f"{author} ({self.rng.choice(AGENCY_TAGS)})"
        return author

    def top_lines(self, record: dict[str, Any], year_known: bool) -> list[str]:
        lines = []
        if self.rng.random() < 0.1:
            lines.append(self.rng.choice(("Banner Ban tuyên giáo sub-site-1", "mask")))
        if year_known and self.rng.random() < 0.3:
            # The page's own date: furniture, never the event date (shown only when the year is stated).
            start = date.fromisoformat(record["start"]) + timedelta(days=self.rng.randint(0, 3))
            lines.append(f"{WEEKDAYS[start.weekday()]}, {start.day:02d}/{start.month:02d}/{start.year}")
        lines.append(self.headline)
        if self.rng.random() < 0.25:
            lines.append(self.headline)
        return lines

    def furniture(self, year: int) -> list[str]:
        """Related-article headlines after the byline: page furniture, nothing from them is gold."""
        rng = self.rng
        lines = []
        if rng.random() < 0.3:
            lines.append(rng.choice(SHARE_BARS))
        if rng.random() < 0.85:
            lines.append(rng.choice(RELATED_HEADERS))
            for _ in range(rng.randint(2, 6)):
                headline = self.related_headline(year)
                lines.extend((headline, headline) if rng.random() < 0.7 else (headline,))
        return lines

    def related_headline(self, year: int) -> str:
        rng = self.rng
        other = rng.choice(self.v.provinces)
        shape = rng.randrange(5)
        if shape == 0:
            name = f"{rng.choice(self.v.surnames[:20])} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}"
            return f"Đồng chí {name} làm việc tại {other.unit_phrase}"
        if shape == 1:
            month = rng.randint(1, 12)
            board = f"Ban Tuyên giáo {other.committee} {other.name}"
            return f"{board} tổ chức hội nghị báo cáo viên tháng {month}"
        if shape == 2:
            number, topic = rng.randint(1, 60), rng.choice(TOPICS).lower()
            return f"Triển khai Chỉ thị số {number:02d}-CT/TU của Ban Thường vụ Tỉnh ủy về {topic}"
        if shape == 3:
            districts = self.v.districts.get(other.name)
            if districts:
                d = rng.choice(districts)
                return f"{d.committee} {d.name} có tân Bí thư"
            return f"{other.committee} {other.name} có tân Phó Bí thư"
        return rng.choice(GENERIC_HEADLINES)


# ---------------------------------------------------------------- the harder shapes

# fmt: off
# Sub-units of ministries (a head noun + a name) and the roles that head them.
SUB_UNITS = (
    ("Vụ", ("Tổ chức cán bộ", "Pháp chế", "Kế hoạch - Tài chính", "Hợp tác quốc tế", "Thi đua - Khen thưởng"),
     ("Vụ trưởng", "Phó Vụ trưởng")),
    ("Cục", ("Công nghệ thông tin", "Quản lý chất lượng", "Thông tin cơ sở", "Văn thư lưu trữ"),
     ("Cục trưởng", "Phó Cục trưởng")),
)
# Bodies no gazetteer lists: a head noun, a name of our own making, the roles that head them.
UNKNOWN_HEADS = (
    ("Viện", ("Nghiên cứu Phát triển", "Khoa học Xã hội vùng", "Văn hóa nghệ thuật"),
     ("Viện trưởng", "Phó Viện trưởng")),
    ("Trung tâm", ("Thông tin - Triển lãm", "Bồi dưỡng lý luận", "Truyền thông"), ("Giám đốc", "Phó Giám đốc")),
    ("Trường Cao đẳng", ("Sư phạm", "Văn hóa nghệ thuật", "Y tế"), ("Hiệu trưởng", "Phó Hiệu trưởng")),
)
COMMUNE_PARTS = ("Phúc", "Lộc", "Tân", "An", "Hòa", "Thịnh", "Bình", "Hưng", "Đông", "Tây", "Xuân", "Vĩnh", "Quang",
                 "Thuận", "Trung", "Nghĩa", "Phú", "Mỹ")
HARD_DOC_TYPES = (("Nghị quyết", "Bộ Chính trị"), ("Kết luận", "Bộ Chính trị"), ("Chỉ thị", "Ban Bí thư"),
                  ("Quy định", "Ban Bí thư"))
# fmt: on
YEAR_SHAPES = ("name", "published", "late", "none", "sentence")


class HardArticleWriter(ArticleWriter):
    """Articles of the harder shapes (issue 12): compound titles, sub-units and unknown bodies,
    people listed under one title, document number lists, years in meeting names and publication
    date lines, and commune-level party committees after July 2025.

    Gold follows ANNOTATION.md with issue 12's conventions: a compound title is decomposed
    (role "Ủy viên" in "Bộ Chính trị", never the role "Ủy viên Bộ Chính trị"); a sub-unit is
    named with the body it belongs to ("Vụ Pháp chế, Bộ Y tế"); a meeting's year is the one its
    name, its sentence or the publication date gives, and none otherwise."""

    def write(self, target: int) -> str:
        rng, gold = self.rng, self.gold
        year_shape = rng.choice(YEAR_SHAPES)
        commune = rng.random() < 0.3
        year = 2025 if commune else rng.randint(2018, 2024)
        if commune:
            self.home = rng.choice(self.v.merged_provinces)
        month = rng.randint(8, 12) if commune and year == 2025 else rng.randint(1, 12)
        start = date(year, month, rng.randint(1, 27))
        if year_shape == "late":
            start = date(year, 12, rng.randint(20, 30))
        central = not commune and rng.random() < 0.4
        p = self.home
        merged = year >= 2025
        organ = "Ban Tuyên giáo và Dân vận" if merged else rng.choice(("Ban Tuyên giáo", "Ban Dân vận"))
        committee = committee_body(p)
        if central:
            organ_name = "Ban Tuyên giáo và Dân vận Trung ương" if merged else rng.choice(CENTRAL_ORGANS[:3])
            organiser = BodyRef(organ_name, (organ_name,), optional=("Ban Chấp hành Trung ương Đảng",))
        else:
            organiser = organ_body(p, organ)
        # --- the meeting's name and date, by the source of its year
        level = "Trung ương" if central else f"{p.committee} {p.name}"
        name = f"Hội nghị báo cáo viên {level} tháng {start.month}"
        written_name = name
        lines: list[str] = []
        past = "đã tổ chức" if year_shape == "late" else rng.choice(("tổ chức", "đã tổ chức"))
        tail = ""
        if year_shape == "name":
            sep = rng.choice(("-", "/"))
            written_name = f"{name}{sep}{start.year}"
            name = written_name
        elif year_shape == "sentence":
            tail = f", triển khai nhiệm vụ 6 tháng cuối năm {start.year}"
        elif year_shape in ("published", "late"):
            published = start + timedelta(days=rng.randint(0, 3) if year_shape == "published" else 0)
            if year_shape == "late":
                published = date(start.year + 1, 1, rng.randint(2, 5))
            if year_shape == "published" and published.year != start.year:
                published = start
            stamp = f"{published.day:02d}/{published.month:02d}/{published.year}"
            clock = f"{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}"
            weekday = WEEKDAYS[published.weekday()]
            lines.append(rng.choice((f"{weekday}, {stamp} {clock}", f"{clock}, {stamp}", f"Cập nhật {stamp}, {clock}")))
        with_year = year_shape != "none"
        day_text = rng.choice(("Sáng", "Chiều")) + f" {start.day}" + rng.choice(("/", "-")) + f"{start.month}"
        # a headline that names the meeting gives its year only when the name has it
        self.headline = written_name if year_shape == "name" and rng.random() < 0.5 else "Hội nghị báo cáo viên"
        # --- the chair: a compound title
        chair = Official(*self.new_name(), posts=[])
        if central:
            member = rng.choice(
                (("Ủy viên Bộ Chính trị", "Bộ Chính trị"), ("Ủy viên Trung ương Đảng", "Ban Chấp hành Trung ương Đảng"))
            )
            role = rng.choice(("Trưởng Ban", "Phó Trưởng Ban"))
            title = f"{member[0]}, {role} {organiser.name[4:]}"
            gold.positions[(chair.name, "Ủy viên", member[1])] = None
            gold.positions[(chair.name, role, organiser.name)] = None
            gold.bodies[member[1]] = None
        elif rng.random() < 0.3:
            title = f"Ủy viên Trung ương Đảng, Bí thư {committee.name}"
            gold.positions[(chair.name, "Ủy viên", "Ban Chấp hành Trung ương Đảng")] = None
            gold.positions[(chair.name, "Bí thư", committee.name)] = None
            gold.bodies["Ban Chấp hành Trung ương Đảng"] = None
            self.home_known = True
        else:
            role = "Trưởng Ban"
            title = f"Ủy viên Ban Thường vụ {p.committee}, {role} {organ[4:]} {p.committee} {p.name}"
            gold.positions[(chair.name, "Ủy viên", f"Ban Thường vụ {committee.name}")] = None
            gold.positions[(chair.name, role, organiser.name)] = None
            gold.bodies[f"Ban Thường vụ {committee.name}"] = None
            self.home_known = True
        self.note_body(organiser, place_written=True)
        if not central:
            gold.bodies[committee.name] = None
        gold.persons[chair.name] = None
        lead = f"{day_text}, {organiser.name} {past} {written_name[0].lower()}{written_name[1:]}{tail}."
        lead += f" Đồng chí {chair.name}, {title} chủ trì hội nghị."
        meeting: dict[str, Any] = {
            "kind": "Hội nghị",
            "name": name,
            "aliases": [written_name],
            "start": start.isoformat() if with_year else f"--{start.month:02d}-{start.day:02d}",
            "end": None,
            "place": None,
            "chairs": [chair.name],
            "organisers": [organiser.name],
            "attendees": [chair.name],
            "attending_bodies": [],
            "documents": [],
        }
        gold.meetings.append(meeting)
        paragraphs = [lead]
        # --- people listed under one title
        deputies = [Official(*self.new_name(), posts=[]) for _ in range(rng.randint(2, 4))]
        listed_role = "Phó Trưởng Ban"
        if rng.random() < 0.3:  # members of a committee: "các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy: ..."
            listed_role = "Ủy viên"
            listed_body = "Ban Chấp hành Trung ương Đảng" if central else f"Ban Thường vụ {committee.name}"
            written_body = "Trung ương Đảng" if central else f"Ban Thường vụ {p.committee}"
            listed_title = f"các đồng chí Ủy viên {written_body}"
            gold.bodies[listed_body] = None
        elif central:
            listed_body, listed_title = organiser.name, f"các Phó Trưởng Ban {organiser.name[4:]}"
        else:
            listed_body, listed_title = organiser.name, f"các Phó Trưởng Ban {organ[4:]} {p.committee}"
        names = [d.name for d in deputies]
        for d in deputies:
            gold.persons[d.name] = None
            gold.positions[(d.name, listed_role, listed_body)] = None
            meeting["attendees"].append(d.name)
        paragraphs.append(f"Dự hội nghị có {listed_title}: {', '.join(names[:-1])} và {names[-1]}.")
        # --- a sub-unit of a ministry, or a body no gazetteer lists
        speaker = Official(*self.new_name(), posts=[])
        gold.persons[speaker.name] = None
        shape = rng.random()
        if shape < 0.2:  # an office the gazetteer knows, its role never repeating the body's name
            offices = (("Văn phòng Quốc hội", "Quốc hội"), ("Văn phòng Chủ tịch nước", "Chủ tịch nước"))
            body, parent = rng.choice(offices)
            roles = ("Phó Chủ nhiệm", "Chủ nhiệm")
            written = body
            gold.bodies[body] = None
            gold.optional_bodies[parent] = None
            gold.optional_bodies["Nước Cộng hòa xã hội chủ nghĩa Việt Nam"] = None
        elif shape < 0.6:
            head, units, roles = rng.choice(SUB_UNITS)
            unit = f"{head} {rng.choice(units)}"
            ministry = rng.choice(self.v.ministries)
            body = f"{unit}, {ministry}"
            written = rng.choice((f"{unit}, {ministry}", f"{unit} ({ministry})"))
            gold.bodies[body] = None
            gold.bodies[ministry] = None
            gold.optional_bodies["Chính phủ"] = None
        else:
            head, units, roles = rng.choice(UNKNOWN_HEADS)
            body = f"{head} {rng.choice(units)}"
            if head != "Viện":
                body += f" {p.unit_phrase}"
                gold.optional_places[p.name] = None
            written = body
            gold.bodies[body] = None
        role = rng.choice(roles)
        gold.positions[(speaker.name, role, body)] = None
        topic = rng.choice(TOPICS).lower()
        paragraphs.append(f"Tại hội nghị, đồng chí {speaker.name}, {role} {written} thông tin chuyên đề về {topic}.")
        # --- documents: a number list, a notice of conclusions, a provincial directive
        numbers = sorted(rng.sample(range(10, 99), rng.randint(2, 4)))
        dtype, issuer = rng.choice(HARD_DOC_TYPES)
        code = self.v.document_codes.get(dtype, "NQ")
        style = rng.random()  # the symbol after the last number, after each, or not written
        each = f"-{code}/TW" if style < 0.25 else ""
        listed = ", ".join(f"{n}{each}" for n in numbers[:-1]) + f" và {numbers[-1]}{each}"
        text = f"{dtype} số {listed}" + (f"-{code}/TW" if 0.25 <= style < 0.65 else "") + f" của {issuer}"
        gold.bodies[issuer] = None
        gold.optional_bodies["Ban Chấp hành Trung ương Đảng"] = None
        for n in numbers:
            identifier = f"{n}-{code}/TW"
            gold.documents[identifier] = {"id": identifier, "type": dtype, "issuer": issuer}
            meeting["documents"].append(identifier)
        notice = rng.randint(100, 300)
        gold.documents[f"{notice}-TB/TW"] = {"id": f"{notice}-TB/TW", "type": "Thông báo kết luận"}
        meeting["documents"].append(f"{notice}-TB/TW")
        doc_sentence = (
            f"Các đại biểu được quán triệt {text} và {rng.choice(('Thông báo kết luận', 'Thông báo Kết luận'))} "
            f"{rng.choice(('', 'số '))}{notice}-TB/TW."
        )
        if not central:
            directive = rng.randint(1, 40)
            standing = f"Ban Thường vụ {committee.name}"
            identifier = f"{directive:02d}-CT/TU"
            gold.documents[identifier] = {"id": identifier, "type": "Chỉ thị", "issuer": standing}
            gold.bodies[standing] = None
            meeting["documents"].append(identifier)
            doc_sentence += f" Hội nghị cũng thảo luận Chỉ thị số {identifier} của Ban Thường vụ {p.committee}."
        paragraphs.append(doc_sentence)
        # --- commune-level committees after July 2025
        if commune:
            unit_word = rng.choice(("xã", "phường"))
            while True:  # a made-up name that is no province's or district's
                parts = rng.sample(COMMUNE_PARTS, 2)
                place = f"{parts[0]} {parts[1]}"
                if fold(place) not in self.v.place_names:
                    break
            party = f"Đảng ủy {unit_word} {place}"
            secretary = Official(*self.new_name(), posts=[])
            gold.persons[secretary.name] = None
            gold.bodies[party] = None
            gold.optional_bodies[committee.name] = None
            gold.optional_places[place] = None
            gold.positions[(secretary.name, "Bí thư", party)] = None
            paragraphs.append(
                f"Phát biểu tại hội nghị, đồng chí {secretary.name}, Bí thư {party} đề nghị {rng.choice(TASKS)}."
            )
            if rng.random() < 0.5:
                chair_of = Official(*self.new_name(), posts=[])
                people = f"Ủy ban nhân dân {unit_word} {place}"
                gold.persons[chair_of.name] = None
                gold.bodies[people] = None
                gold.positions[(chair_of.name, "Chủ tịch", people)] = None
                written_people = rng.choice((people, f"UBND {unit_word} {place}"))
                paragraphs.append(
                    f"Đồng chí {chair_of.name}, Phó Bí thư {party}, Chủ tịch {written_people} "
                    f"báo cáo kết quả {rng.choice(TOPICS).lower()}."
                )
                gold.positions[(chair_of.name, "Phó Bí thư", party)] = None
        while sum(len(x) for x in paragraphs) < target:
            paragraphs.insert(rng.randint(2, len(paragraphs)), self.filler_paragraph())
        lines.append(self.headline)
        body_text = "\n\n".join([*lines, *paragraphs, self.byline()])
        gold.notes = f"hard shapes; year from: {year_shape if with_year else 'none'}"
        return body_text


# ---------------------------------------------------------------- gold as facts


def _partial_date(text: str | None) -> PartialDate | None:
    if not text:
        return None
    if text.startswith("--"):
        month, day = text[2:].split("-")
        return PartialDate(None, int(month), int(day))
    parts = [int(part) for part in text.split("-")]
    return PartialDate(*parts)


def facts_from_gold(gold: dict[str, Any], text: str = "") -> ArticleFacts:
    """The required gold facts of one article as :class:`kg.facts.ArticleFacts`.

    Scoring these against the same gold must be perfect (a check of the gold and the
    scorer together); they also stand in for the extractor's output where only the
    shape of the facts matters.
    """
    name = gold.get("article", "")
    facts = ArticleFacts(article=Article(id=name.removesuffix(".txt"), source=name, text=text))
    persons: dict[str, str] = {}
    bodies: dict[str, str] = {}
    places: dict[str, str] = {}
    documents: dict[str, str] = {}

    def person(label: str) -> str:
        if label not in persons:
            persons[label] = f"p{len(persons) + 1}"
            facts.persons.append(Person(persons[label], label))
        return persons[label]

    def body(label: str) -> str:
        if label not in bodies:
            bodies[label] = f"b{len(bodies) + 1}"
            facts.bodies.append(Body(bodies[label], label, "other"))
        return bodies[label]

    def place(label: str) -> str:
        if label not in places:
            places[label] = f"pl{len(places) + 1}"
            facts.places.append(Place(places[label], label))
        return places[label]

    for label in gold.get("persons", []):
        person(label)
    if gold.get("author"):
        facts.author = person(gold["author"])
    for label in gold.get("bodies", []):
        body(label)
    for label in gold.get("places", []):
        place(label)
    for who, role, where in gold.get("positions", []):
        facts.positions.append(Position(person(who), role, body(where) if where else None))
    for index, doc in enumerate(gold.get("documents", []), start=1):
        documents[doc["id"]] = f"d{index}"
    for doc in gold.get("documents", []):
        numbered = any(c.isdigit() for c in doc["id"]) and "/" in doc["id"]
        facts.documents.append(
            Document(
                id=documents[doc["id"]],
                doc_type=doc.get("type") or "",
                label=f"{doc.get('type')} {doc['id']}" if numbered else doc["id"],
                identifier=doc["id"] if numbered else None,
                issuer=body(doc["issuer"]) if doc.get("issuer") else None,
                date=_partial_date(doc.get("date")),
                term=doc.get("term"),
                subject=doc.get("subject"),
                refers_to=[documents[r] for r in doc.get("refers_to", []) if r in documents],
            )
        )
    for index, meeting in enumerate(gold.get("meetings", []), start=1):
        facts.meetings.append(
            Meeting(
                id=f"m{index}",
                kind=meeting["kind"],
                name=meeting.get("name") or meeting["kind"],
                start=_partial_date(meeting.get("start")),
                end=_partial_date(meeting.get("end")),
                place=place(meeting["place"]) if meeting.get("place") else None,
                organisers=[body(b) for b in meeting.get("organisers", [])],
                chairs=[person(p) for p in meeting.get("chairs", [])],
                attendees=[person(p) for p in meeting.get("attendees", [])],
                attending_bodies=[body(b) for b in meeting.get("attending_bodies", [])],
                documents=[documents[d] for d in meeting.get("documents", []) if d in documents],
            )
        )
    return facts


# ---------------------------------------------------------------- the corpus


def _style(text: str, rng: random.Random) -> str:
    """Both tone-mark styles occur: all old, all new, or mixed paragraph by paragraph."""
    r = rng.random()
    if r < 0.45:
        return text
    if r < 0.8:
        return new_style(text)
    return "\n\n".join(new_style(p) if rng.random() < 0.5 else p for p in text.split("\n\n"))


def article_name(index: int) -> str:
    return f"{index:06d}.txt"


SHAPE_SETS = ("default", "hard", "mixed")


def generate_article(vocab: Vocabulary, seed: int, index: int, shapes: str = "default") -> tuple[str, dict[str, Any]]:
    """Article ``index`` of the corpus ``seed``: its text and its gold (depends on nothing else).

    ``shapes`` is ``default``, ``hard`` (:class:`HardArticleWriter`) or ``mixed`` (each article
    drawn from one or the other, half and half); a default article is the same whichever set
    it is drawn in."""
    if shapes == "mixed":
        shapes = "hard" if random.Random(f"kg-bench-mix:{seed}:{index}").random() < 0.5 else "default"
    if shapes == "hard":
        rng = random.Random(f"kg-bench-hard:{seed}:{index}")
        hard = HardArticleWriter(vocab, rng, article_name(index))
        text = _style(hard.write(rng.randint(MIN_CHARS, MAX_CHARS - 3000)), rng)
        return text, hard.gold.to_dict()
    rng = random.Random(f"kg-bench:{seed}:{index}")
    writer = ArticleWriter(vocab, rng, article_name(index))
    target = rng.randint(MIN_CHARS + 300, MAX_CHARS - 1200)
    text = _style(writer.write(target), rng)
    return text, writer.gold.to_dict()


def iter_articles(
    n: int, seed: int, start: int = 0, vocab: Vocabulary | None = None, shapes: str = "default"
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(file name, text, gold) for articles ``start`` .. ``n - 1``, one at a time."""
    vocab = vocab or build_vocabulary()
    for index in range(start, n):
        text, gold = generate_article(vocab, seed, index, shapes)
        yield article_name(index), text, gold


@dataclass(slots=True)
class CorpusInfo:
    seed: int
    n: int
    chars: int
    seconds: float
    districts: bool
    shapes: str = "default"

    def to_dict(self) -> dict[str, Any]:
        extra = {} if self.shapes == "default" else {"shapes": self.shapes}
        return extra | {
            "generator_version": GENERATOR_VERSION,
            "seed": self.seed,
            "n": self.n,
            "chars": self.chars,
            "seconds": round(self.seconds, 3),
            "districts": self.districts,
        }


def write_corpus(out: Path, n: int, seed: int, shapes: str = "default") -> CorpusInfo:
    """Write ``n`` articles and their gold under ``out`` (articles/, gold/, corpus.json)."""
    started = time.perf_counter()
    vocab = build_vocabulary()
    articles, golds = out / "articles", out / "gold"
    articles.mkdir(parents=True, exist_ok=True)
    golds.mkdir(parents=True, exist_ok=True)
    chars = 0
    for name, text, gold in iter_articles(n, seed, vocab=vocab, shapes=shapes):
        (articles / name).write_text(text, encoding="utf-8")
        (golds / name.replace(".txt", ".json")).write_text(
            json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        chars += len(text)
    info = CorpusInfo(seed, n, chars, time.perf_counter() - started, bool(vocab.districts), shapes)
    (out / "corpus.json").write_text(json.dumps(info.to_dict(), indent=1) + "\n", encoding="utf-8")
    return info


def read_info(out: Path) -> dict[str, Any] | None:
    """The corpus.json of a corpus folder, or None when there is none (or it is unreadable)."""
    try:
        return json.loads((out / "corpus.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/corpus.py",
        description="Generate a benchmark corpus of articles with gold facts.",
    )
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="output folder (articles/, gold/, corpus.json)")
    parser.add_argument(
        "--shapes",
        choices=SHAPE_SETS,
        default="default",
        help="default: the shapes other benchmarks rely on; hard: compound titles, sub-units and unknown bodies, "
        "people listed under one title, document number lists, years in names and date lines, communes after "
        "July 2025 (issue 12); mixed: half of each (default: default)",
    )
    args = parser.parse_args(argv)
    if args.n < 0:
        print("error: --n must be 0 or more", file=sys.stderr)
        return 2
    try:
        info = write_corpus(args.out, args.n, args.seed, args.shapes)
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {args.out}: cannot write the corpus ({error.strerror or error})", file=sys.stderr)
        return 2
    rate = info.n / info.seconds if info.seconds else 0.0
    print(
        f"{info.n} articles, {info.chars:,} characters in {info.seconds:.1f} s ({rate:,.0f} articles/s) "
        f"-> {args.out}/articles, gold in {args.out}/gold"
        + ("" if info.districts else " (no districts.csv: district shapes left out)")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
