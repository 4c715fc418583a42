"""Shared test paths: ../shared beside the repository (as CI has it)."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def nlp():
    from newsfuse.annotate import load_nlp

    return load_nlp()
