"""The CLI end to end, in-process (the spaCy model loads once for the whole module)."""

import csv
import io
import json
import subprocess
import sys

import jsonschema
import pyarrow.parquet as pq
import pytest
from conftest import REPO, SEEDS, needs_seeds

from newsfuse.cli import main
from newsfuse.store import Store

SCHEMA = json.loads((REPO / "docs" / "report.schema.json").read_text())

FLOOD = (
    "Floods force thousands from homes in Lower Varn\n"
    "More than 12,000 people were evacuated from the Lower Varn valley on Tuesday after the river burst its "
    "banks, Governor Ilse Marrow said.\n"
    "Rescue teams from Tarsk and Velara worked through the night, and the regional council opened six shelters "
    "in schools across the valley.\n"
)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_help_works_for_every_command():
    for command in ["", "run", "clean", "extract", "ingest", "stories", "show", "export", "serve"]:
        argv = [sys.executable, "-m", "newsfuse.cli", *([command] if command else []), "--help"]
        out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
        assert "usage: newsfuse" in out


@needs_seeds
def test_run_json_on_seeds_is_valid_and_finds_one_story(capsys):
    code, out, err = run(capsys, "run", SEEDS, "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    assert len(report["articles"]) == 2
    (story,) = report["stories"]
    assert len(story["articles"]) == 2
    names = {e["name"] for e in story["entities"]}
    assert any("Dar" in n for n in names) and any("Muttaqi" in n for n in names)
    places = {e["name"] for e in story["entities"] if e["type"] == "PLACE"}
    assert {"Kabul", "Islamabad"} <= places


@needs_seeds
def test_run_md_and_html(capsys, tmp_path):
    code, out, _ = run(capsys, "run", SEEDS)
    assert code == 0 and out.startswith("1 story") and "## Who's who" in out
    page = tmp_path / "report.html"
    code, out, _ = run(capsys, "run", SEEDS, "--format", "html", "--out", page)
    html = page.read_text()
    assert code == 0 and out == "" and html.startswith("<!DOCTYPE html>") and "Kabul" in html
    assert "<script" not in html and "http" not in html.split("<body>")[1]  # self-contained


@needs_seeds
def test_clean_prints_one_article_per_line(capsys, tmp_path):
    (tmp_path / "flood.txt").write_text(FLOOD)
    code, out, _ = run(capsys, "clean", tmp_path, SEEDS)
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(lines) == 3
    assert all(line["text"] and line["id"] for line in lines)


def test_extract_items_cite_their_exact_spans(capsys, tmp_path):
    (tmp_path / "flood.txt").write_text(FLOOD)
    code, out, _ = run(capsys, "extract", tmp_path / "flood.txt", "--published", "2026-03-04", "--raw")
    assert code == 0
    doc = json.loads(out)
    assert doc["published"] == "2026-03-04" and doc["text"] == FLOOD
    for key in ("entities", "times", "quantities", "quotes", "events"):
        for item in doc[key]:
            assert doc["text"][item["start"] : item["end"]] == item["text"], (key, item)
    assert any(e["text"] == "Ilse Marrow" for e in doc["entities"])


def test_extract_jsonl_keeps_input_ids(capsys, tmp_path):
    lines = [{"id": "a-1", "text": FLOOD}, {"id": "b-2", "text": "Talks between the union and ministry resumed."}]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    code, out, _ = run(capsys, "extract", tmp_path / "in.jsonl", "--format", "jsonl")
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a-1", "b-2"]


def test_bad_input_is_skipped_with_exit_status_1(capsys, tmp_path):
    (tmp_path / "good.txt").write_text(FLOOD)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02")
    code, out, err = run(capsys, "clean", tmp_path)
    assert code == 1 and len(out.splitlines()) == 1
    assert err.strip() == f"newsfuse: skipped {tmp_path / 'bad.txt'}: binary file (contains NUL bytes), not text"
    assert run(capsys, "extract", "--published", "April 19", tmp_path)[0] == 2


@needs_seeds
def test_store_commands_end_to_end(capsys, tmp_path, monkeypatch):
    db = tmp_path / "news.db"
    monkeypatch.setenv("NEWSFUSE_DB", str(db))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "flood.txt").write_text(FLOOD)
    (tmp_path / "in" / "broken.jsonl").write_text("{nope\n")
    code, _, err = run(capsys, "ingest", tmp_path / "in", SEEDS)
    assert code == 1 and "broken.jsonl:1" in err and "3 added" in err
    with Store(db) as store:
        before = store.counts()
    # ingesting again (same texts, one with different spacing) adds nothing and loses nothing
    (tmp_path / "again").mkdir()
    (tmp_path / "again" / "flood copy.txt").write_text(FLOOD.replace(" ", "  "))
    code, _, err = run(capsys, "ingest", SEEDS, tmp_path / "again")
    assert code == 0 and "0 added, 3 already stored" in err
    with Store(db) as store:
        assert store.counts() == before and before["articles"] == 3

    code, out, _ = run(capsys, "stories")
    rows = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and len(rows) == 2
    seed_story = next(r for r in rows if r[2] == "2 articles")
    code, out, _ = run(capsys, "show", seed_story[0][:8], "--format", "json")
    assert code == 0 and json.loads(out)["stories"][0]["id"] == seed_story[0]
    assert run(capsys, "show", "no-such-story")[0] == 1

    code, out, _ = run(capsys, "export", "--table", "entities", "--format", "jsonl")
    entities = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and any(e["name"] == "Kabul" for e in entities)
    code, out, _ = run(capsys, "export", "--table", "articles", "--format", "csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 3
    target = tmp_path / "events.parquet"
    for table in ("events", "claims", "entities", "articles"):
        code, _, _ = run(capsys, "export", "--table", table, "--format", "parquet", "--out", target)
        assert code == 0 and target.exists()
    assert pq.read_table(target).num_rows == 3


@needs_seeds
@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_show_formats(capsys, tmp_path, fmt):
    db = tmp_path / "s.db"
    run(capsys, "ingest", SEEDS, "--db", db)
    story_id = run(capsys, "stories", "--db", db)[1].split("\t")[0]
    code, out, _ = run(capsys, "show", story_id, "--db", db, "--format", fmt)
    assert code == 0 and "Kabul" in out


GERMAN = (
    "Hochwasser in Niederbayern\n"
    "Mehr als 12.000 Menschen mussten am Dienstag ihre Häuser verlassen, nachdem der Fluss über die Ufer "
    "getreten war, sagte Landrätin Ilse Marrow. Die Rettungskräfte arbeiteten die ganze Nacht hindurch.\n"
)


def test_an_article_not_in_english_is_stored_but_not_analysed(capsys, tmp_path):
    (tmp_path / "de.txt").write_text(GERMAN)
    (tmp_path / "en.txt").write_text(FLOOD)
    code, out, err = run(capsys, "run", tmp_path, "--format", "json")
    assert code == 0  # not an input error: the article is kept
    assert "not analysed" in err and "de.txt" in err and "'de'" in err and "en.txt" not in err
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    assert {a["language"] for a in report["articles"]} == {"de", "en"}
    code, out, err = run(capsys, "extract", tmp_path / "de.txt", "--format", "json")
    extracted = json.loads(out)
    extracted = extracted[0] if isinstance(extracted, list) else extracted
    assert code == 0 and "not analysed" in err
    assert extracted["id"].endswith("de.txt") and not extracted["entities"] and not extracted["quantities"]


def test_a_page_with_no_article_is_no_record(capsys, tmp_path):
    nav = tmp_path / "nav.html"
    nav.write_text(
        "<html><head><title>Valley Post</title></head><body><nav><a href='/'>Home</a> | <a href='/about'>About</a>"
        "</nav><footer>(c) 2024 Valley Post</footer></body></html>"
    )
    (tmp_path / "story.txt").write_text(
        "Floods hit the valley\n\nRescue teams evacuated 300 people on Tuesday, officials said.\n"
    )
    db = tmp_path / "s.db"
    assert main(["ingest", str(tmp_path), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert f"skipped {nav}: no article text found" in err
    with Store(db) as store:
        assert [a.path for a in store.articles()] == [str(tmp_path / "story.txt")]
