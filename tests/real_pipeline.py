"""Helpers for the tests that need the real ingest + extraction + rdf stages.

They are skipped only while one of those stages is missing from the checkout (a
ModuleNotFoundError naming it); any other import problem fails the test."""

from __future__ import annotations

import importlib

import pytest

STAGES = ("kg.ingest", "kg.extract", "kg.rdf", "kg.resolve")


def require_pipeline() -> None:
    for stage in STAGES:
        try:
            importlib.import_module(stage)
        except ModuleNotFoundError as error:
            if error.name in STAGES:
                pytest.skip(f"{error.name} is not in this checkout yet")
            raise
