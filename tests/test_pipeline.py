"""The pipeline's wiring: failures stay with their document, stored data is never lost or doubled."""

import newsfuse.pipeline as pipeline
from newsfuse.store import Store

GOOD = "Talks resume in Ardmere\nThe union and the ministry resumed wage talks on Monday, officials said.\n"
BAD = "Crash test\nThis article makes the extractor fail on purpose, a test of isolation.\n"


def test_an_extraction_failure_skips_only_that_document(tmp_path, monkeypatch):
    real = pipeline.extract_doc

    def flaky(doc, doc_id, published):
        if "fail on purpose" in doc.text:
            raise RuntimeError("boom")
        return real(doc, doc_id, published)

    monkeypatch.setattr(pipeline, "extract_doc", flaky)
    (tmp_path / "a_good.txt").write_text(GOOD)
    (tmp_path / "b_bad.txt").write_text(BAD)
    errors = []
    with Store(tmp_path / "n.db") as store:
        result = pipeline.ingest([tmp_path], store, errors.append, workers=1)
        assert result.added == 1 and store.counts()["articles"] == 1
        assert [(e.path, e.reason) for e in errors] == [
            (str(tmp_path / "b_bad.txt"), "extraction failed (RuntimeError: boom)")
        ]
        # once the stage is fixed, ingesting the batch again adds only what was missing
        monkeypatch.setattr(pipeline, "extract_doc", real)
        again = pipeline.ingest([tmp_path], store, workers=1)
        assert (again.added, again.duplicates, store.counts()["articles"]) == (1, 1, 2)


def test_parallel_extraction_keeps_order(tmp_path):
    texts = [
        (f"d{i}", f"Minister {name} visited Velara on Tuesday.", "2026-03-04")
        for i, name in enumerate(["Ilse Marrow", "Lorcan Haverstock", "Adaline Ferrowby"] * 50)
    ]
    results = list(pipeline.extract_texts(texts, workers=2))
    assert [r.id for r in results] == [t[0] for t in texts]
    assert all(r.text == t[1] for r, t in zip(results, texts, strict=True))


def _memberships(store):
    return sorted(sorted(s.articles) for s in store.stories())


def test_ingesting_in_two_batches_gives_the_stories_of_one_batch(tmp_path):
    from conftest import EXAMPLES

    files = sorted(EXAMPLES.glob("*.txt"))
    with Store(tmp_path / "once.db") as once:
        pipeline.ingest(files, once)
        pipeline.build_stories(once)
        expected = _memberships(once)
    with Store(tmp_path / "twice.db") as twice:
        pipeline.ingest(files[::2], twice)
        first = pipeline.build_stories(twice)
        pipeline.ingest(files[1::2], twice)
        pipeline.build_stories(twice)
        assert _memberships(twice) == expected and len(expected) == 3
        # every file of the first half already found its story; the second half grows them under their ids
        final = {s.id: set(s.articles) for s in twice.stories()}
        assert len(first) == 3 and {s.id for s in first} == set(final)
        assert all(set(s.articles) < final[s.id] for s in first)


def test_a_version_1_store_is_migrated_without_loss(tmp_path):
    import sqlite3

    from newsfuse.records import Article, Extraction
    from newsfuse.store import MIGRATIONS

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)")
    db.executescript(MIGRATIONS[0])
    db.execute("INSERT INTO schema_migrations VALUES (1, '2026-11-01')")
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.version == 1 + (len(MIGRATIONS) - 1)
        store.add_article(
            Article(id="a1", path="x.txt", text="Body.", published="2026-03-03"), Extraction("a1", "Body.")
        )
        assert store.counts()["articles"] == 1 and store.newest_published() == "2026-03-03"


def test_an_input_read_before_is_known_without_cleaning_it_again(tmp_path, monkeypatch):
    from conftest import EXAMPLES

    files = sorted(EXAMPLES.glob("*.txt"))[:3]
    with Store(tmp_path / "s.db") as store:
        first = pipeline.ingest(files, store, workers=1)
        assert first.added == 3 and first.errors == []

        def no_cleaning(doc):
            raise AssertionError(f"{doc.path} was cleaned again")

        monkeypatch.setattr(pipeline, "clean_document", no_cleaning)
        again = pipeline.ingest(files, store, workers=1)
    assert (again.added, again.duplicates, again.errors) == (0, 3, [])
    assert again.articles == first.articles
