"""`kg build` end to end with the real stages: incremental runs, and a real SIGKILL of
`python -m kg build` midway through 400 generated articles, and Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner
from real_pipeline import require_pipeline

from kg.cli import cli
from kg.store import BULK_FLAG, META_GRAPH, STORE_NS, EmbeddedStore, StoreError

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "articles"
PROVINCES = ["Thái Nguyên", "Nghệ An", "Lạng Sơn", "Quảng Bình", "Hà Giang", "Cà Mau", "Đắk Lắk", "Sơn La"]
PEOPLE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Quang Cường", "Phạm Thu Dung", "Hoàng Minh Đức", "Vũ Thị Én"]


def write_articles(folder: Path, count: int) -> None:
    """Short reports in our own words, in the shape of the sample articles."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        province, person = PROVINCES[n % len(PROVINCES)], PEOPLE[n % len(PEOPLE)]
        month, day = 1 + n % 12, 1 + n % 28
        title = f"{province} bàn việc tuyên truyền tháng {month} (số {n})"
        body = (
            f"Ngày {day}-{month}, Ban Tuyên giáo Tỉnh ủy {province} tổ chức Hội nghị báo cáo viên tháng {month}. "
            f"Đồng chí {person}, Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Tỉnh ủy chủ trì hội nghị.\n\n"
            f"Hội nghị bàn cách tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị và việc chuẩn bị "
            f"tài liệu tuyên truyền cho quý tới.\n"
        )
        (folder / f"{n:04d}.txt").write_text(f"{title}\n\n{title}\n\n{body}", encoding="utf-8")


def count_records(store: Path) -> int:
    try:
        with EmbeddedStore(store, read_only=True) as opened:
            rows = opened.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?m {{ ?g <{STORE_NS}articleId> ?id }} }}")
            return int(rows[0]["n"].value)
    except StoreError:  # not created yet
        return 0


def assert_whole(store: Path, *, killed: bool = False) -> int:
    """Every record has its whole graph; graphs without a record are allowed only after a
    kill in the middle of a bulk load (the flag says so, and the next build drops them)."""
    with EmbeddedStore(store) as opened:
        records = list(opened.article_records())
        for record in records:
            assert opened.count_triples(record.graph_iri) == record.triples
        graphs = {r.graph_iri for r in records}
        article_graphs = {q.graph_name.value for q in opened.graph_quads() if isinstance(q.graph_name, ox.NamedNode)}
        if killed and opened.ask(f"ASK {{ GRAPH <{META_GRAPH}> {{ {BULK_FLAG} }} }}"):
            return len(records)
        assert article_graphs - graphs <= {
            "https://w3id.org/vnkg/graph/meta",
            "https://w3id.org/vnkg/graph/entities",
            "https://w3id.org/vnkg/graph/ontology",
            "https://w3id.org/vnkg/graph/reference",
            "https://w3id.org/vnkg/graph/derived",
        }
        return len(records)


def test_build_samples_twice(tmp_path: Path) -> None:
    require_pipeline()
    runner = CliRunner()
    store = str(tmp_path / "store")
    first = runner.invoke(cli, ["build", str(SAMPLES), "--store", store, "--jobs", "2", "--quiet"])
    assert first.exit_code == 0, first.output
    assert "articles added" in first.output
    second = runner.invoke(cli, ["build", str(SAMPLES), "--store", store, "--jobs", "1", "--quiet"])
    assert second.exit_code == 0
    unchanged = next(line for line in second.output.splitlines() if "articles unchanged" in line)
    assert unchanged.split()[-2 if unchanged.rstrip().endswith("│") else -1].strip("│") == str(
        len(list(SAMPLES.glob("*.txt")))
    )


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    require_pipeline()
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "nothing-here"), "--store", str(tmp_path / "s")])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_sigkill_of_kg_build_then_rerun(tmp_path: Path) -> None:
    require_pipeline()
    corpus, store = tmp_path / "corpus", tmp_path / "store"
    write_articles(corpus, 400)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [
        sys.executable,
        "-m",
        "kg",
        "build",
        str(corpus),
        "--store",
        str(store),
        "--jobs",
        "2",
        "--batch",
        "10",
        "--quiet",
    ]
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 240
    while count_records(store) < 20:
        assert process.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    kept = assert_whole(store, killed=True)
    assert 20 <= kept < 400
    rerun = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert assert_whole(store) == 400


def test_locked_store_and_damaged_store_are_one_line_errors(tmp_path: Path) -> None:
    require_pipeline()
    samples = str(SAMPLES)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import pyoxigraph, sys; held = pyoxigraph.Store({str(tmp_path / 'held')!r}); "
            "print('open', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        locked = CliRunner().invoke(cli, ["build", samples, "--store", str(tmp_path / "held")])
        assert locked.exit_code == 2 and "in use by another process" in locked.output
    finally:
        holder.communicate("")
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "CURRENT").write_text("garbage\n")
    result = CliRunner().invoke(cli, ["build", samples, "--store", str(damaged)])
    assert result.exit_code == 2 and "damaged" in result.output and "Traceback" not in result.output


def test_ctrl_c_stops_the_build_cleanly(tmp_path: Path) -> None:
    require_pipeline()
    corpus, store = tmp_path / "corpus", tmp_path / "store"
    write_articles(corpus, 400)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store), "--jobs", "2", "--batch", "10"]
    command.append("--quiet")
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while count_records(store) < 10:
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted" in errors and "Traceback" not in errors
    assert 10 <= assert_whole(store) < 400
