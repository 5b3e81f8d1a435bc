"""Write a network to a file, the format chosen by the file's extension.

Every writer writes a temporary file next to the target and renames it over the target
once complete, so an interrupted run never leaves half a picture behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from kg.viz.projections import Network, Projector
from kg.viz.source import VizError

# extension -> what it is, for --help and the error naming the choices
FORMATS: dict[str, str] = {
    ".html": "interactive page, self-contained (opens offline)",
    ".png": "figure for a report (matplotlib)",
    ".svg": "the same figure as vector graphics",
    ".graphml": "GraphML for Gephi, Cytoscape, networkx (all attributes)",
    ".gexf": "GEXF for Gephi, with positions and colours",
    ".json": "node-link JSON (networkx node_link_data layout)",
}
ALIASES = {".htm": ".html"}


def file_format(path: Path) -> str:
    """The extension that picks the writer, or a VizError naming the choices."""
    suffix = ALIASES.get(path.suffix.lower(), path.suffix.lower())
    if suffix not in FORMATS:
        choices = ", ".join(FORMATS)
        what = f"unknown file type {path.suffix!r}" if path.suffix else "no file extension"
        raise VizError(f"{path}: {what}; the extension chooses the format: {choices}")
    return suffix


def write_network(network: Network, projector: Projector | None, path: Path) -> str:
    """Prepare the network and write it to ``path``; returns the format used."""
    from kg.viz.prepare import prepare

    suffix = file_format(path)
    if not path.parent.is_dir():
        raise VizError(f"{path}: the folder {path.parent} does not exist")
    prepare(network, projector)
    _atomically(path, _writer(suffix, network, projector))
    return suffix


def _writer(suffix: str, network: Network, projector: Projector | None) -> Callable[[Path], None]:
    if suffix == ".html":
        from kg.viz.html import render_html

        return lambda target: target.write_text(render_html(network, projector), encoding="utf-8")
    if suffix in (".png", ".svg"):
        from kg.viz.static import write_figure

        return lambda target: write_figure(network, target, suffix[1:])
    from kg.viz import exports

    writers = {".graphml": exports.write_graphml, ".gexf": exports.write_gexf, ".json": exports.write_json}
    chosen = writers[suffix]
    return lambda target: chosen(network, target)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _atomically(path: Path, write: Callable[[Path], None]) -> None:
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(descriptor)
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a result is not
        os.replace(temporary, path)
    except OSError as error:
        raise VizError(f"{path}: cannot write: {error.strerror or error}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
