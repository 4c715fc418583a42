"""Shared test paths: ../shared beside the repository (as CI has it)."""

import json
import sys
from pathlib import Path

import pytest

from newsfuse.records import Entity, EntityMention

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"
EXAMPLES = REPO / "examples"
# tests on the seed articles run where CI runs them, with ../shared beside the checkout
needs_seeds = pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not beside the checkout")
needs_reuters = pytest.mark.skipif(
    not (DATA / "reuters21578").exists(), reason="../shared/data/reuters21578 is not beside the checkout"
)


def reuters_jsonl(path: Path, n: int, start: int = 0) -> Path:
    """``n`` Reuters-21578 articles (from the ``start``-th with a body) as a JSON-lines file at ``path``."""
    sys.path.insert(0, str(REPO / "bench"))
    from reuters import iter_reuters

    with open(path, "w", encoding="utf-8") as f:
        for i, doc in enumerate(iter_reuters(start + n)):
            if i >= start:
                record = {"id": doc["id"], "text": doc["body"], "title": doc["title"], "published": doc["date"]}
                f.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="session")
def nlp():
    from newsfuse.annotate import load_nlp

    return load_nlp()


_SPACY_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "NORP": "GROUP"}


def spacy_entities(doc) -> list[Entity]:
    """Entities straight from spaCy, so an extractor's tests do not depend on the entity extractor;
    a surname joins the earlier full name, as the entity extractor does."""
    out: dict[tuple[str, str], Entity] = {}
    for ent in doc.ents:
        etype = _SPACY_TYPES.get(ent.label_)
        if etype:
            key = next(
                (k for k in out if k[0] == etype == "PERSON" and k[1].endswith(" " + ent.text)), (etype, ent.text)
            )
            e = out.setdefault(key, Entity(id=f"e{len(out) + 1}", name=ent.text, type=etype))
            e.mentions.append(EntityMention(ent.start_char, ent.end_char, ent.text, 0))
    return list(out.values())


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory):
    """A store of the seeds and the examples (4 stories), built once; tests that write copy it (closing the
    last connection folds the WAL into the .db file, so a copy of that file is whole)."""
    from newsfuse.pipeline import build_stories, ingest
    from newsfuse.store import Store

    if not SEEDS.exists():
        pytest.skip("../shared/seeds is not beside the checkout")
    path = tmp_path_factory.mktemp("web") / "seeded.db"
    with Store(path) as store:
        ingest([SEEDS, EXAMPLES], store)
        build_stories(store)
    return path


@pytest.fixture
def db_copy(seeded_db, tmp_path):
    """A private copy of the seeded store, for a test that writes to it."""
    import shutil

    target = tmp_path / "news.db"
    shutil.copy(seeded_db, target)
    return target
