"""`-o PATH` never destroys what is at PATH (issue 16, item 1): a FIFO or a device is
written through, a symlink is followed, a file keeps its mode, a new file gets the
umask's mode, a full device or a missing folder is one line and exit status 2."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import fakes
import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.store import KG, EmbeddedStore


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("output")
    fakes.write_corpus(root / "corpus", 4)
    ontology = root / "kg.ttl"
    ontology.write_text(f"<{KG}Evidence> a <http://www.w3.org/2002/07/owl#Class> .\n", encoding="utf-8")
    with EmbeddedStore(root / "store") as store:
        build(
            store,
            [str(root / "corpus")],
            jobs=1,
            ontology=ontology,
            process=fakes.fake_article_graph,
            reader=fakes.read_txt,
            lister=fakes.list_paths,
        )
    return root / "store"


def export_to(store_path: Path, target: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["export", "--store", str(store_path), "-f", "nquads", "-o", str(target), *extra])
    return result.exit_code, result.output


def reference(store_path: Path, tmp_path: Path) -> bytes:
    plain = tmp_path / "reference.nq"
    assert export_to(store_path, plain)[0] == 0
    return plain.read_bytes()


def test_fifo_is_written_through(store_path: Path, tmp_path: Path) -> None:
    expected = reference(store_path, tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, output = export_to(store_path, fifo)
    reader.join(timeout=60)
    assert code == 0, output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still a FIFO, not a file put in its place
    assert received == [expected]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left


def test_symlink_is_followed_and_kept(store_path: Path, tmp_path: Path) -> None:
    expected = reference(store_path, tmp_path)
    real = tmp_path / "real.nq"
    real.write_bytes(b"old\n")
    link = tmp_path / "link.nq"
    link.symlink_to(real.name)
    code, output = export_to(store_path, link)
    assert code == 0, output
    assert link.is_symlink() and os.readlink(link) == real.name
    assert real.read_bytes() == expected


def test_existing_file_keeps_its_mode(store_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "graph.nq"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    assert export_to(store_path, target)[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_bytes() != b"old\n"


def test_new_file_gets_the_umask_mode(store_path: Path, tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        assert export_to(store_path, tmp_path / "new.nq")[0] == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.nq").stat().st_mode) == 0o644


def _device(tmp_path: Path, name: str, minor: int) -> Path:
    """A character device in the temporary folder with the numbers of /dev/null (1, 3)
    or /dev/full (1, 7): never the system's own nodes."""
    node = tmp_path / name
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, OSError) as error:
        pytest.skip(f"cannot make a device node here: {error}")
    return node


def test_char_device_is_written_through(store_path: Path, tmp_path: Path) -> None:
    null = _device(tmp_path, "null", 3)
    code, output = export_to(store_path, null)
    assert code == 0, output
    assert stat.S_ISCHR(null.lstat().st_mode)


def test_full_device_fails_in_one_line(store_path: Path, tmp_path: Path) -> None:
    full = _device(tmp_path, "full", 7)
    code, output = export_to(store_path, full)
    assert code == 2
    assert output.strip().splitlines() == [f"Error: cannot write {full}: No space left on device"]
    assert stat.S_ISCHR(full.lstat().st_mode)


def test_missing_folder_is_one_line(store_path: Path, tmp_path: Path) -> None:
    code, output = export_to(store_path, tmp_path / "no" / "such" / "graph.ttl")
    assert code == 2
    assert len(output.strip().splitlines()) == 1 and "does not exist" in output


@pytest.mark.parametrize("command", [["query", "--sparql", "QUERY"], ["extract", "ARTICLE"]])
def test_other_outputs_in_missing_folder(store_path: Path, tmp_path: Path, command: list[str]) -> None:
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Hội nghị.\n\nBan Tuyên giáo Trung ương tổ chức hội nghị.\n", encoding="utf-8")
    args = [{"QUERY": str(query), "ARTICLE": str(article)}.get(a, a) for a in command]
    if command[0] == "query":
        args += ["--store", str(store_path)]
    result = CliRunner().invoke(cli, [*args, "-o", str(tmp_path / "missing" / "out")])
    assert result.exit_code == 2, result.output
    assert "does not exist" in result.output and len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["export", "validate", "remove", "build", "query", "stats", "explain"])
def test_help_examples_use_no_made_up_article_id(command: str) -> None:
    """Issue 16.8: an article id in --help must be a clear placeholder (ARTICLE_ID), not
    a hexadecimal id that no store holds (ids in file names, like 000_49fade46e9b719c9.txt,
    are file names)."""
    import re

    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert re.findall(r"(?<![\w/.])[0-9a-f]{16}(?![\w.])", result.output) == []


def test_viz_follows_a_symlink_and_keeps_the_mode(store_path: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(b"old\n")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real.name)
    result = CliRunner().invoke(cli, ["viz", "org", "--store", str(store_path), "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == real.name
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert real.read_bytes().startswith(b"{")
