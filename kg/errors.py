"""Errors that name a file and say, in one line, what is wrong with it."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A file (or one record of it) that cannot be read as an article.

    ``path`` names the place: a file, or ``file#line N`` / ``file#N`` for one record.
    ``str()`` is the one line shown to the user: ``"<path>: <reason>"``.
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        # Keep the message on one line whatever the reason's origin.
        self.reason = " ".join(reason.split())
        super().__init__(f"{self.path}: {self.reason}")

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"

    def __repr__(self) -> str:
        return f"InputError({self.path!r}, {self.reason!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, InputError) and (self.path, self.reason) == (other.path, other.reason)

    def __hash__(self) -> int:
        return hash((self.path, self.reason))
