"""Property-based: whatever bytes or text arrive, the readers, the cleaner and the extractors give a result or a
one-line InputError, never an exception. bench/fuzz.py runs the same properties on 100,000+ inputs."""

import tempfile
from pathlib import Path

from hostile import hostile_html, input_file, mutated_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.extract import extract_doc
from newsfuse.pipeline import clean_documents
from newsfuse.read import read_paths
from newsfuse.records import Article, InputError, RawDocument

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_reading(name: str, data: bytes) -> list[RawDocument | InputError]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        items = list(read_paths([path]))
        for item in items:
            assert isinstance(item, (RawDocument, InputError))
            if isinstance(item, InputError):
                assert item.reason and "\n" not in str(item) and item.path.startswith(str(path))
    return items


def check_cleaning(doc: RawDocument) -> Article | InputError:
    (item,) = clean_documents([doc])
    assert isinstance(item, (Article, InputError))
    if isinstance(item, InputError):
        assert item.reason and "\n" not in item.reason
    else:
        assert item.text.strip() and item.id
    return item


def check_extraction(nlp, text: str, published: str | None) -> None:
    extraction = extract_doc(nlp(text), "fuzz", published)
    for item in [*extraction.times, *extraction.quantities, *extraction.quotes]:
        assert 0 <= item.start <= item.end <= len(text)


@FAST
@given(input_file())
def test_readers_give_documents_or_one_line_errors(file):
    check_reading(*file)


@FAST
@given(st.one_of(mutated_text().map(lambda t: RawDocument("fuzz.txt", text=t)),
                 hostile_html().map(lambda h: RawDocument("fuzz.html", html=h))))
def test_the_cleaner_gives_an_article_or_a_one_line_error(doc):
    check_cleaning(doc)


@SLOW
@given(mutated_text(), st.sampled_from([None, "2025-04-19", "1987-02-26", "2024-02-29"]))
def test_the_extractors_never_raise_on_hostile_text(nlp, text, published):
    check_extraction(nlp, text, published)
