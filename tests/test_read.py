import gzip
import json

from newsfuse.read import MAX_BYTES, read_paths
from newsfuse.records import InputError, RawDocument

ARTICLE = "Floods hit the valley\nRescue teams evacuated 300 people on Tuesday, officials said.\n"


def _docs(items):
    return [i for i in items if isinstance(i, RawDocument)]


def _errors(items):
    return [i for i in items if isinstance(i, InputError)]


def test_reads_every_format_plain_and_gzipped(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.html").write_text(f"<html><body><p>{ARTICLE}</p></body></html>")
    (tmp_path / "c.htm").write_text("<html><body><p>Another page.</p></body></html>")
    lines = [
        {"id": "x1", "text": ARTICLE, "source": "Valley Post", "published": "2026-03-03"},
        {"id": 7, "html": "<p>Page</p>", "url": "https://example.org/a"},
    ]
    (tmp_path / "d.jsonl").write_text("\n".join(json.dumps(r) for r in lines) + "\n")
    with gzip.open(tmp_path / "e.txt.gz", "wt") as f:
        f.write(ARTICLE)
    with gzip.open(tmp_path / "f.jsonl.gz", "wt") as f:
        f.write(json.dumps({"text": ARTICLE}) + "\n")
    items = list(read_paths([tmp_path]))
    assert _errors(items) == []
    by_path = {d.path: d for d in _docs(items)}
    assert by_path[str(tmp_path / "a.txt")].text == ARTICLE
    assert "<p>" in by_path[str(tmp_path / "b.html")].html
    assert by_path[str(tmp_path / "c.htm")].html
    first = by_path[f"{tmp_path / 'd.jsonl'}:1"]
    assert (first.input_id, first.source, first.published, first.text) == ("x1", "Valley Post", "2026-03-03", ARTICLE)
    second = by_path[f"{tmp_path / 'd.jsonl'}:2"]
    assert (second.input_id, second.html, second.url) == ("7", "<p>Page</p>", "https://example.org/a")
    assert by_path[str(tmp_path / "e.txt.gz")].text == ARTICLE
    assert by_path[f"{tmp_path / 'f.jsonl.gz'}:1"].text == ARTICLE


def test_directories_are_read_recursively_and_skip_other_files(tmp_path):
    nested = tmp_path / "2026" / "03"
    nested.mkdir(parents=True)
    (nested / "deep.txt").write_text(ARTICLE)
    (tmp_path / "notes.md").write_text("# not an article")
    docs = _docs(read_paths([tmp_path]))
    assert [d.path for d in docs] == [str(nested / "deep.txt")]


def test_bad_inputs_give_one_error_each_and_the_batch_goes_on(tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 r\xe9ouvert".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "lines.jsonl").write_text(
        '{"text": "ok one"}\n{"text": broken\n{"title": "no body"}\n{"text": "ok two"}\n'
    )
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: large without writing 20 MB
    (tmp_path / "zz_good.txt").write_text(ARTICLE)
    (tmp_path / "fake.txt.gz").write_bytes(b"not gzip at all")
    items = list(read_paths([tmp_path, tmp_path / "missing.txt"]))
    reasons = {e.path.rsplit("/", 1)[-1]: e.reason for e in _errors(items)}
    assert "binary" in reasons["binary.txt"]
    assert "not UTF-8" in reasons["latin1.txt"]
    assert reasons["empty.txt"] == "empty file"
    assert "malformed JSON" in reasons["lines.jsonl:2"]
    assert "no non-empty 'text'" in reasons["lines.jsonl:3"]
    assert "too large" in reasons["huge.txt"]
    assert "gzip" in reasons["fake.txt.gz"]
    assert "no such file" in reasons["missing.txt"]
    good = [d.text for d in _docs(items)]
    assert good == ["ok one", "ok two", ARTICLE]
    for err in _errors(items):
        assert "\n" not in str(err) and str(err).startswith(str(tmp_path))
