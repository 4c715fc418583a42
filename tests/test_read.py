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
    (tmp_path / "noise.txt").write_bytes(bytes(range(1, 32)) * 40)
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
    assert "binary" in reasons["noise.txt"]
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


def test_text_in_other_encodings_is_read_and_its_encoding_recorded(tmp_path):
    sentence = "Le café « Au Bon Coin » a rouvert à Montréal — 300 clients, dit-on. Ça coûte 5 €."
    (tmp_path / "cp1252.txt").write_bytes(sentence.encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(sentence.encode("utf-16"))  # with its byte-order mark
    (tmp_path / "utf32.txt").write_bytes(sentence.encode("utf-32"))
    (tmp_path / "bom8.txt").write_bytes(sentence.encode("utf-8-sig"))
    cyrillic = "<html><head><meta charset='windows-1251'></head><body><p>Москва: переговоры.</p></body></html>"
    (tmp_path / "page.html").write_bytes(cyrillic.encode("cp1251"))
    (tmp_path / "lines.jsonl").write_bytes(('{"text": "' + sentence + '"}\n').encode("cp1252"))
    items = list(read_paths([tmp_path]))
    assert _errors(items) == []
    by_name = {d.path.rsplit("/", 1)[-1]: d for d in _docs(items)}
    for name in ("cp1252.txt", "utf16.txt", "utf32.txt", "bom8.txt", "lines.jsonl:1"):
        assert by_name[name].text == sentence, name
    assert by_name["cp1252.txt"].encoding == "cp1252"
    assert (by_name["utf16.txt"].encoding, by_name["utf32.txt"].encoding) == ("utf-16", "utf-32")
    assert by_name["bom8.txt"].encoding == "utf-8"
    assert "Москва" in by_name["page.html"].html and by_name["page.html"].encoding == "cp1251"


def test_a_jsonl_larger_than_one_document_streams_and_limits_each_record(tmp_path):
    path = tmp_path / "corpus.jsonl"
    record = json.dumps({"text": ARTICLE + "x" * 4000}) + "\n"
    n = MAX_BYTES // len(record) + 200  # the file is larger than one document may be
    with open(path, "w") as f:
        f.writelines(record for _ in range(n // 2))
        f.write(json.dumps({"text": "y" * (MAX_BYTES + 10)}) + "\n")  # one record over the limit
        f.writelines(record for _ in range(n - n // 2))
    assert path.stat().st_size > 2 * MAX_BYTES
    items = read_paths([path])
    docs = errors = 0
    for item in items:  # consumed one at a time: nothing holds the whole file
        if isinstance(item, InputError):
            errors += 1
            assert item.path == f"{path}:{n // 2 + 1}" and "record too large" in item.reason
        else:
            docs += 1
    assert (docs, errors) == (n, 1)


def test_a_truncated_gzip_jsonl_keeps_its_first_records_and_names_the_line(tmp_path):
    whole = gzip.compress("".join(json.dumps({"text": f"{ARTICLE} {i}"}) + "\n" for i in range(2000)).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    items = list(read_paths([path]))
    errors = _errors(items)
    assert len(errors) == 1 and "gzip" in errors[0].reason and errors[0].path.startswith(f"{path}:")
    assert 0 < len(_docs(items)) < 2000
