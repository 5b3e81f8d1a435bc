"""How well identity merges and splits: a generated benchmark with a known truth.

    PYTHONPATH=$PWD python benchmarks/identity_bench.py [--articles 3000] [--seed 14]

Generates the facts of articles (not their text: this measures the resolve stage, not
extraction) about officials whose true identity is known, runs resolve -> rdf -> a fresh
embedded store, reads back which IRI each mention got, and prints pairwise precision /
recall / F1 of merges and B-cubed precision / recall / F1, for persons, bodies and places,
overall and per scenario:

- ``homonyms``: for every district name used in more than one province (17 in
  districts.csv), the Huyện ủy of each such district with a secretary of one shared name,
  each reported by several articles;
- ``titles``: one person under different titles across articles (Phó Bí thư Tỉnh ủy, then
  Chủ tịch UBND tỉnh; Trưởng Ban Tuyên giáo Trung ương, then Bí thư Trung ương Đảng);
- ``merged``: officials of a province merged away on 1 July 2025, reported before in their
  old province's committee and after in the successor's;
- ``crowd``: local and central officials with names drawn from weighted pools (so
  namesakes occur as they do in a crowd: 14 weighted family names, 30 middle and 80 given
  names, 35% of given names two syllables long), one to five articles each, 10% central, 15% of provincial
  committees written "Ban Chấp hành Đảng bộ tỉnh X", 10% of district posts written without
  the province or the parent committee, 3% of mentions without any post, 3% of officials
  promoted from a province to a central post, and every article's byline.

Everything depends only on the seed; the truth of each mention is kept beside it.  A
pair of mentions is a merge when both got one IRI.  Target: merge precision >= 0.99 and
recall >= 0.95 (persons).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kg.facts import Article, ArticleFacts, Body, Mention, PartialDate, Person, Place, Position  # noqa: E402
from kg.mapping import load_tables  # noqa: E402
from kg.rdf import to_graph, to_ntriples  # noqa: E402
from kg.resolve import resolve  # noqa: E402
from kg.store import ArticleRecord, EmbeddedStore  # noqa: E402

# Generation parameters (not facts): rough weights of the commonest family names.
SURNAME_WEIGHTS = {"Nguyễn": 38, "Trần": 11, "Lê": 9, "Phạm": 7, "Hoàng": 5, "Phan": 4, "Vũ": 4, "Đặng": 2,
                   "Bùi": 2, "Đỗ": 2, "Hồ": 2, "Ngô": 1, "Dương": 1, "Lý": 1}
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Hữu", "Xuân", "Ngọc", "Công", "Đình", "Thế", "Trọng",
          "Hồng", "Anh", "Tiến", "Quang", "Mạnh", "Bá", "Kim", "Huy", "Đăng", "Như", "Phú", "Duy", "Khắc", "Viết",
          "Hoài", "Thu", "Mai"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Hà", "Hoa", "Hương", "Lan", "Long", "Minh", "Nam", "Nga",
         "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thắng", "Thành", "Thảo", "Thủy", "Trung", "Tuấn", "Tùng", "Vân",
         "Việt", "Vinh", "Yến", "Hạnh", "Khánh", "Lâm", "Linh", "Mai", "Nghĩa", "Oanh", "Quý", "Tài", "Toàn",
         "Chung", "Đạt", "Giang", "Hiếu", "Hòa", "Huệ", "Kiên", "Lộc", "Lợi", "Luận", "Nhân", "Ninh", "Phúc",
         "Quyết", "Sáng", "Tân", "Thái", "Thịnh", "Thông", "Tiến", "Trí", "Trinh", "Tú", "Tuyết", "Uyên", "Vũ",
         "Xuân", "Bảo", "Châu", "Diệp", "Điệp", "Hậu", "Hiền", "Khoa", "Lực", "Nguyên", "Phát", "Quang", "Thuận",
         "Tường"]
# Share of names with a two-syllable given name ("Lê Thị Hoài Chung")
TWO_SYLLABLES = 0.35
OUTLETS = ["Báo Nghệ An", "Báo Thái Nguyên", "TTXVN", "Báo Nhân Dân", "Tạp chí Tuyên giáo", "Báo Lạng Sơn",
           "Báo Hòa Bình", "Báo Quảng Bình"]
CENTRAL_POSTS = [
    ("Trưởng Ban", "Ban Tuyên giáo Trung ương", "ban_tuyen_giao"),
    ("Phó Trưởng Ban", "Ban Tuyên giáo Trung ương", "ban_tuyen_giao"),
    ("Bí thư Trung ương Đảng", "Ban Bí thư", "secretariat"),
    ("Ủy viên Bộ Chính trị", "Bộ Chính trị", "politburo"),
    ("Ủy viên Trung ương Đảng", "Ban Chấp hành Trung ương Đảng", "central_committee"),
]
# (role, kind, name pattern, level): {p} the province, {d} the district
PROVINCE_POSTS = [
    ("Bí thư", "tinh_uy", "Tỉnh ủy {p}"),
    ("Phó Bí thư", "tinh_uy", "Tỉnh ủy {p}"),
    ("Chủ tịch", "ubnd", "Ủy ban nhân dân tỉnh {p}"),
    ("Trưởng Ban", "ban_tuyen_giao", "Ban Tuyên giáo Tỉnh ủy {p}"),
    ("Phó Trưởng Ban", "ban_tuyen_giao", "Ban Tuyên giáo Tỉnh ủy {p}"),
]
DISTRICT_POSTS = [
    ("Bí thư", "huyen_uy", "Huyện ủy {d}"),
    ("Chủ tịch", "ubnd", "Ủy ban nhân dân huyện {d}"),
    ("Trưởng Ban", "ban_tuyen_giao", "Ban Tuyên giáo Huyện ủy {d}"),
]


@dataclass(frozen=True, slots=True)
class Post:
    role: str
    body: str  # canonical name
    kind: str
    level: str  # central | province | district
    province: str | None = None  # of the time
    district: str | None = None
    written: str | None = None  # the name as the article writes it, when not the canonical one
    scope_known: bool = True  # False: the article gives neither the province nor the parent committee


@dataclass(slots=True)
class Appearance:
    person: str  # gold id
    name: str
    post: Post | None  # None: named without a post
    date: PartialDate
    scenario: str


@dataclass(slots=True)
class Truth:
    """Gold identity of every mention: (article id, kind, label) -> (gold id, scenario)."""

    mentions: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)


class Generator:
    def __init__(self, seed: int, thin: float = 0.03, movers: float = 0.03) -> None:
        self.rng = random.Random(seed)
        self.thin, self.movers = thin, movers
        self.tables = load_tables()
        rows = list(csv.DictReader((self.tables.directory / "provinces.csv").open(encoding="utf-8")))
        self.old_provinces = sorted(
            {r["name"] for r in rows if not r["valid_from"] and r["unit"] == "tinh"} - {"Thừa Thiên Huế"}
        )
        self.committee = {r["name"]: r["committee"] or "Tỉnh ủy" for r in rows}
        self.merged_away = sorted(r["name"] for r in rows if r["valid_until"] == "2025-06-30" and r["successor"]
                                  and r["successor"] != r["name"])
        self.districts: dict[str, list[str]] = defaultdict(list)
        for row in csv.DictReader((self.tables.directory / "districts.csv").open(encoding="utf-8")):
            if row["unit"] == "huyen":
                self.districts[row["province"]].append(row["name"])
        self.homonym_districts = sorted(n for n, ps in self.tables.districts.items() if len(ps) > 1)
        self.person_count = 0
        self.appearances: list[Appearance] = []

    def name(self) -> str:
        surnames, weights = zip(*SURNAME_WEIGHTS.items(), strict=True)
        given = self.rng.choice(GIVEN)
        if self.rng.random() < TWO_SYLLABLES:
            given = f"{self.rng.choice(MIDDLE)} {given}"
        return f"{self.rng.choices(surnames, weights)[0]} {self.rng.choice(MIDDLE)} {given}"

    def new_person(self) -> str:
        self.person_count += 1
        return f"P{self.person_count:05d}"

    def date(self, start: tuple[int, int], end: tuple[int, int]) -> PartialDate:
        months = (end[0] - start[0]) * 12 + end[1] - start[1]
        offset = self.rng.randrange(months + 1)
        year, month = start[0] + (start[1] - 1 + offset) // 12, (start[1] - 1 + offset) % 12 + 1
        return PartialDate(year, month, self.rng.randint(1, 28))

    def appear(self, person: str, name: str, posts: list[Post], scenario: str, times: int,
               span: tuple[tuple[int, int], tuple[int, int]] = ((2021, 3), (2025, 6))) -> None:
        for _ in range(times):
            post = self.rng.choice(posts)
            if scenario == "crowd" and self.rng.random() < self.thin:
                post = None
            self.appearances.append(Appearance(person, name, post, self.date(*span), scenario))

    def province_post(self, province: str, district: str | None = None) -> Post:
        if district is not None:
            role, kind, pattern = self.rng.choice(DISTRICT_POSTS)
            hidden = self.rng.random() < 0.10
            return Post(role, pattern.format(d=district), kind, "district", province, district, scope_known=not hidden)
        role, kind, pattern = self.rng.choice(PROVINCE_POSTS)
        body = pattern.format(p=province)
        written = f"Ban Chấp hành Đảng bộ tỉnh {province}" if kind == "tinh_uy" and self.rng.random() < 0.15 else None
        return Post(role, body, kind, "province", province, written=written)

    def generate(self) -> None:
        rng = self.rng
        # homonyms: one name per ambiguous district, a secretary in each of its provinces
        for district in self.homonym_districts:
            name = self.name()
            for province in self.tables.districts[district]:
                post = Post("Bí thư", f"Huyện ủy {district.title()}", "huyen_uy", "district", province,
                            district.title())
                self.appear(self.new_person(), name, [post], "homonyms", rng.randint(2, 4))
        # titles: one person, several titles
        for _ in range(60):
            province = rng.choice(self.old_provinces)
            posts = [Post("Phó Bí thư", f"Tỉnh ủy {province}", "tinh_uy", "province", province),
                     Post("Chủ tịch", f"Ủy ban nhân dân tỉnh {province}", "ubnd", "province", province),
                     Post("Trưởng Ban", f"Ban Tuyên giáo Tỉnh ủy {province}", "ban_tuyen_giao", "province", province)]
            self.appear(self.new_person(), self.name(), posts, "titles", rng.randint(2, 5))
        for _ in range(30):
            posts = [Post(role, body, kind, "central") for role, body, kind in rng.sample(CENTRAL_POSTS, 2)]
            self.appear(self.new_person(), self.name(), posts, "titles", rng.randint(2, 5))
        # merged provinces: before in the old province, after in the successor
        for _ in range(40):
            old = rng.choice(self.merged_away)
            new = self.tables.current_province(old)
            person, name = self.new_person(), self.name()
            self.appear(person, name, [Post("Phó Bí thư", f"Tỉnh ủy {old}", "tinh_uy", "province", old)],
                        "merged", rng.randint(1, 3), ((2023, 1), (2025, 6)))
            self.appear(person, name, [Post("Ủy viên Ban Thường vụ", f"Tỉnh ủy {new}", "tinh_uy", "province", new)],
                        "merged", rng.randint(1, 3), ((2025, 8), (2025, 12)))

    def crowd(self, articles: int) -> None:
        rng = self.rng
        while len(self.appearances) < articles * 2.5:
            person, name = self.new_person(), self.name()
            times = min(5, 1 + int(rng.expovariate(0.8)))
            if rng.random() < 0.10:
                posts = [Post(role, body, kind, "central") for role, body, kind in rng.sample(CENTRAL_POSTS, 2)]
                self.appear(person, name, posts, "crowd", times)
                continue
            province = rng.choice(self.old_provinces)
            district = rng.choice(self.districts[province]) if self.districts[province] and rng.random() < 0.5 else None
            posts = [self.province_post(province, district) for _ in range(2)]
            if rng.random() < self.movers:  # promoted to the centre: a later article gives the central post
                role, body, kind = rng.choice(CENTRAL_POSTS)
                self.appear(person, name, posts, "crowd", times)
                self.appear(person, name, [Post(role, body, kind, "central")], "crowd", 1)
            else:
                self.appear(person, name, posts, "crowd", times)


def build_articles(generator: Generator, articles: int, truth: Truth) -> list[ArticleFacts]:
    rng = generator.rng
    pending = list(generator.appearances)
    rng.shuffle(pending)
    journalists = {outlet: [generator.name() for _ in range(6)] for outlet in OUTLETS}
    made: list[ArticleFacts] = []
    index = 0
    while pending:
        index += 1
        article_id = f"idb{index:06d}"
        group: list[Appearance] = []
        names: set[str] = set()
        while pending and len(group) < rng.randint(1, 4):
            candidate = pending.pop()
            # one name once per article (a person, or a district of two provinces): put it back for later
            district = candidate.post.district if candidate.post and candidate.post.district else None
            if candidate.name in names or (district and district in names):
                pending.insert(0, candidate)
                break
            names.add(candidate.name)
            if district:
                names.add(district)
            group.append(candidate)
        if not group:
            group.append(pending.pop())
        outlet = rng.choice(OUTLETS)
        author = rng.choice(journalists[outlet])
        if author in names:
            author = None
        made.append(_facts(article_id, group, outlet, author, truth, generator))
    return made


def _facts(article_id: str, group: list[Appearance], outlet: str, author: str | None, truth: Truth,
           generator: Generator) -> ArticleFacts:
    text = " ".join(f"Đồng chí {a.name} phát biểu." for a in group) + (f" {author}" if author else "")
    article = Article(id=article_id, source=f"identity-bench:{article_id}", text=text, outlet=outlet,
                      published=group[0].date)
    facts = ArticleFacts(article=article, event_date=group[0].date)
    bodies: dict[str, Body] = {}
    places: dict[str, Place] = {}
    cursor = 0
    label = generator.tables.canonical_body_name

    def mention(surface: str) -> Mention:
        nonlocal cursor
        start = text.index(surface, cursor) if surface in text[cursor:] else text.index(surface)
        return Mention(surface, start, start + len(surface), start, start + len(surface))

    def body(name: str, **fields: object) -> Body:
        if name not in bodies:
            bodies[name] = Body(id=f"b{len(bodies) + 1}", name=name, **fields)  # type: ignore[arg-type]
        return bodies[name]

    def place(name: str, kind: str, province: str | None, gold: str) -> None:
        if name not in places:
            places[name] = Place(id=f"pl{len(places) + 1}", name=name, kind=kind, province=province)  # type: ignore[arg-type]
            truth.mentions[(article_id, "place", generator.tables.province_name(name))] = (gold, "places")

    for appearance in group:
        person = Person(id=f"p{len(facts.persons) + 1}", name=appearance.name, mentions=[mention(appearance.name)])
        facts.persons.append(person)
        truth.mentions[(article_id, "person", appearance.name)] = (appearance.person, appearance.scenario)
        post = appearance.post
        if post is None:
            continue
        if post.level == "central":
            target = body(post.body, kind=post.kind, level="central")
            truth.mentions[(article_id, "body", label(post.body))] = (f"B:{post.body}", "bodies")
        elif post.level == "province":
            assert post.province is not None
            target = body(post.written or post.body, kind=post.kind, level="province", place=post.province)
            gold_body = f"B:{post.body}"
            truth.mentions[(article_id, "body", label(post.body))] = (gold_body, "bodies")
            place(post.province, "province", post.province, f"PL:{post.province}")
        else:
            assert post.province is not None and post.district is not None
            parent = None
            if post.scope_known:
                name = f"{generator.committee.get(post.province, 'Tỉnh ủy')} {post.province}"
                committee = body(name, kind="tinh_uy", level="province", place=post.province)
                truth.mentions[(article_id, "body", label(name))] = (f"B:{name}", "bodies")
                parent = committee.id
                place(post.district, "district", post.province, f"PL:{post.province}/{post.district}")
            target = body(post.body, kind=post.kind, level="district", place=post.district, parent=parent)
            truth.mentions[(article_id, "body", label(post.body))] = (f"B:{post.province}/{post.body}", "bodies")
        facts.positions.append(Position(person=person.id, role=post.role, body=target.id, date=appearance.date))
    if author:
        byline = Person(id=f"p{len(facts.persons) + 1}", name=author, mentions=[mention(author)], is_author=True)
        facts.persons.append(byline)
        facts.author = byline.id
        truth.mentions[(article_id, "person", author)] = (f"J:{outlet}:{author}", "bylines")
    facts.bodies = list(bodies.values())
    facts.places = list(places.values())
    return facts


def store_iris(store: EmbeddedStore) -> dict[tuple[str, str, str], str]:
    """(article id, kind, label) -> IRI, read back from the store's article graphs."""
    found: dict[tuple[str, str, str], str] = {}
    for kind, cls, label in (
        ("person", "http://xmlns.com/foaf/0.1/Person", "http://xmlns.com/foaf/0.1/name"),
        ("body", "http://www.w3.org/ns/org#Organization", "http://www.w3.org/2004/02/skos/core#prefLabel"),
        ("place", "https://schema.org/Place", "https://schema.org/name"),
    ):
        rows = store.select(
            f"""SELECT ?g ?e ?label WHERE {{ GRAPH ?g {{ ?e a <{cls}> ; <{label}> ?label }}
                FILTER(STRSTARTS(STR(?g), "https://w3id.org/vnkg/graph/idb")) }}"""
        )
        for row in rows:
            article_id = row["g"].value.rsplit("/", 1)[-1]
            found[(article_id, kind, row["label"].value)] = row["e"].value
    return found


def scores(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Pairwise and B-cubed precision/recall/F1 of (gold, predicted) cluster labels."""
    def choose2(n: int) -> int:
        return n * (n - 1) // 2

    cells = Counter(pairs)
    gold = Counter(g for g, _ in pairs)
    predicted = Counter(p for _, p in pairs)
    together = sum(choose2(n) for n in cells.values())
    merged, same = sum(choose2(n) for n in predicted.values()), sum(choose2(n) for n in gold.values())
    precision = together / merged if merged else 1.0
    recall = together / same if same else 1.0
    b_precision = sum(cells[(g, p)] / predicted[p] for g, p in pairs) / len(pairs) if pairs else 1.0
    b_recall = sum(cells[(g, p)] / gold[g] for g, p in pairs) / len(pairs) if pairs else 1.0

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    return {"mentions": len(pairs), "entities": len(gold), "iris": len(predicted), "merges": merged,
            "precision": precision, "recall": recall, "f1": f1(precision, recall),
            "b3_precision": b_precision, "b3_recall": b_recall, "b3_f1": f1(b_precision, b_recall)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=3000, help="about this many articles (default 3000)")
    parser.add_argument("--seed", type=int, default=14, help="generator seed (default 14)")
    parser.add_argument("--thin", type=float, default=0.03,
                        help="share of crowd mentions without any post (default 0.03)")
    parser.add_argument("--movers", type=float, default=0.03,
                        help="share of local officials later reported in a central post (default 0.03)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    generator = Generator(args.seed, args.thin, args.movers)
    generator.generate()
    generator.crowd(args.articles)
    truth = Truth()
    facts = build_articles(generator, args.articles, truth)
    tables = load_tables()
    with tempfile.TemporaryDirectory(prefix="identity-bench-") as folder:
        store = EmbeddedStore(Path(folder) / "store")
        batch = []
        for item in facts:
            graph = to_graph(resolve(item, tables), tables)
            record = ArticleRecord(article_id=item.article.id, content_hash=item.article.id, source=item.article.source,
                                   graph_iri=graph.graph_iri, article_iri=graph.article_iri, triples=len(graph))
            batch.append((graph.graph_iri, to_ntriples(graph), record))
        store.add_articles(batch)
        entities = store.recompute_entities()
        iris = store_iris(store)
        store.close()
    elapsed = time.perf_counter() - started

    missing = [key for key in truth.mentions if key not in iris]
    if missing:
        print(f"{len(missing)} mentions not found in the store, e.g. {missing[:3]}", file=sys.stderr)
        return 2
    print(f"identity benchmark: seed {args.seed}, thin {args.thin}, movers {args.movers}, "
          f"{len(facts)} articles, {len(truth.mentions)} mentions, {entities} merged entities in the store, "
          f"{elapsed:.1f} s")
    header = f"{'kind':8} {'scenario':9} {'mentions':>8} {'true':>6} {'IRIs':>6} {'P':>6} {'R':>6} {'F1':>6} " \
             f"{'B3 P':>6} {'B3 R':>6} {'B3 F1':>6}"
    print(header)
    print("-" * len(header))
    results: dict[tuple[str, str], dict[str, float]] = {}
    for kind in ("person", "body", "place"):
        rows = [(key, value) for key, value in truth.mentions.items() if key[1] == kind]
        groups = {"all": rows}
        if kind == "person":
            groups["officials"] = [r for r in rows if r[1][1] != "bylines"]
            for scenario in ("homonyms", "titles", "merged", "crowd", "bylines"):
                groups[scenario] = [r for r in rows if r[1][1] == scenario]
        for scenario, chosen in groups.items():
            result = results[(kind, scenario)] = scores([(gold, iris[key]) for key, (gold, _) in chosen])
            print(f"{kind:8} {scenario:9} {result['mentions']:>8} {result['entities']:>6} {result['iris']:>6} "
                  f"{result['precision']:6.3f} {result['recall']:6.3f} {result['f1']:6.3f} "
                  f"{result['b3_precision']:6.3f} {result['b3_recall']:6.3f} {result['b3_f1']:6.3f}")
    for group in ("all", "officials"):
        persons = results[("person", group)]
        verdict = "met" if persons["precision"] >= 0.99 and persons["recall"] >= 0.95 else "NOT met"
        print(f"target (persons, {group}: merge precision >= 0.99, recall >= 0.95): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
