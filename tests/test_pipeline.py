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
