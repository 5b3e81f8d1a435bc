"""Writing a command's result to ``-o PATH`` without ever destroying what is there.

* A regular file (or a new one) is written to a temporary file beside it and renamed
  over it once complete: an interrupted command never leaves half a file.  An existing
  file keeps its permission bits (and, when we may, its owner); a new file gets the
  usual ``0666`` minus the umask, as a shell redirection would.
* A symbolic link is followed, as a shell's ``>`` follows it: the file it points to is
  replaced, the link stays a link.
* Anything else that exists (a FIFO, a character or block device such as /dev/null or
  /dev/full, a socket) is opened and written through, never replaced.
* A missing folder, a full disk (ENOSPC), a folder given as the file: one line on
  stderr and exit status 2.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import click


class OutputFailure(click.ClickException):
    """The output cannot be written: one line, exit status 2."""

    exit_code = 2


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _reason(error: OSError) -> str:
    return error.strerror or " ".join(str(error).split())


@contextlib.contextmanager
def output_stream(path: Path | str) -> Iterator[IO[bytes]]:
    """A binary stream for ``path`` (see the module docstring); any OS error met while
    opening, writing or closing it becomes an :class:`OutputFailure` naming the path."""
    shown = str(path)
    target = Path(os.path.realpath(path))  # follows every link, also a dangling one
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise OutputFailure(f"cannot write {shown}: {_reason(error)}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputFailure(f"cannot write {shown}: it is a folder")
    if info is not None and not stat.S_ISREG(info.st_mode):
        try:
            with open(target, "wb", buffering=1 << 16) as stream:
                yield stream
        except OSError as error:
            raise OutputFailure(f"cannot write {shown}: {_reason(error)}") from None
        return
    folder = target.parent
    if not folder.is_dir():
        raise OutputFailure(f"cannot write {shown}: the folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    except OSError as error:
        raise OutputFailure(f"cannot write {shown}: {_reason(error)}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            if info is not None:
                os.fchmod(stream.fileno(), stat.S_IMODE(info.st_mode))
                if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
                    with contextlib.suppress(OSError):  # only root may give a file away
                        os.fchown(stream.fileno(), info.st_uid, info.st_gid)
            else:
                os.fchmod(stream.fileno(), 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as error:
        raise OutputFailure(f"cannot write {shown}: {_reason(error)}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def check_destination(path: Path | str) -> None:
    """Fail early (before any work) when ``path`` cannot be written: a folder, or a
    file in a folder that does not exist."""
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise OutputFailure(f"cannot write {path}: it is a folder")
    if not target.exists() and not target.parent.is_dir():
        raise OutputFailure(f"cannot write {path}: the folder {target.parent} does not exist")


def write_output(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` the way :func:`output_stream` does."""
    with output_stream(path) as stream:
        stream.write(data)
