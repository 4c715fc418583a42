"""Hostile inputs for property-based tests (hypothesis strategies), shared by tests/test_fuzz.py and the longer
run in bench/fuzz.py: real sentences mutated as in tests/test_robust.py, then broken the ways scrapers, exports
and feeds break text (invisible and random characters, absurd numbers and dates, bytes, markup, JSON)."""

from __future__ import annotations

import gzip
import json

from hypothesis import strategies as st
from test_robust import _mutated

ZERO_WIDTH_AND_BIDI = "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad"
ODD_PIECES = [
    "x" * 10_000,  # a 10,000-character word
    "9" * 400 + " people were evacuated",
    "1e308 refugees and 1e999 dollars",
    "-0.000000000000001 per cent of 10^400 votes",
    "10,000,000,000,000,000,000,000,000,000,000 tonnes",
    "on 31 February 2025",
    "February 30, 2024 at 25:61 GMT",
    "2025-02-31T99:99:99Z",
    "on 32/13/2024",
    "in the year 99999",
    "between 0 and -0 people, nearly zero",
    "said \u201cnothing\u201d \u201c\u201c\u201c unclosed quote",
    "\u2014\u2014\u2014 (AFP) (AP) (Reuters) \u2014",
    "By By By",
    "Mr. Mrs. Dr. Prof.",
    "\r\n\r\n\t\t\x0b\x0c",
    "",
]


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    """Mutated real sentences with invisible or random characters and odd pieces put in."""
    text = draw(_mutated())
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["invisible", "random", "odd"]))
        at = draw(st.integers(0, len(text)))
        if kind == "invisible":
            piece = draw(st.text(st.sampled_from(ZERO_WIDTH_AND_BIDI), min_size=1, max_size=8))
        elif kind == "random":
            piece = draw(st.text(min_size=1, max_size=30))
        else:
            piece = " " + draw(st.sampled_from(ODD_PIECES)) + " "
        text = text[:at] + piece + text[at:]
    return text


@st.composite
def hostile_html(draw: st.DrawFn) -> str:
    """A page around mutated text: deeply nested or unclosed tags, scripts, odd entities and charsets."""
    body = draw(mutated_text())
    depth = draw(st.sampled_from([0, 1, 50, 3000]))
    tag = draw(st.sampled_from(["div", "p", "span", "table", "b"]))
    close = draw(st.booleans())
    extra = draw(
        st.sampled_from(
            ["", "<script>var a = '</p>';</script>", "&#xFFFFFFFF;&#0;&bogus;", "<!-- unclosed", "<meta charset=bogus>"]
        )
    )
    inner = f"<{tag}>" * depth + f"<p>{body}</p>" + extra + (f"</{tag}>" * depth if close else "")
    return f"<html><head><title>{body[:60]}</title></head><body>{inner}</body></html>"


@st.composite
def hostile_bytes(draw: st.DrawFn, text: str) -> bytes:
    """``text`` encoded some way, then perhaps truncated mid-character or with random bytes inside."""
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-32"]))
    data = text.encode(encoding, errors="replace")
    kind = draw(st.sampled_from(["as is", "truncate", "random bytes", "nul"]))
    at = draw(st.integers(0, len(data)))
    if kind == "truncate":
        data = data[:at]
    elif kind == "random bytes":
        data = data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]
    elif kind == "nul":
        data = data[:at] + b"\x00" + data[at:]
    return data


@st.composite
def jsonl_record(draw: st.DrawFn) -> str:
    """One JSON line: a real or mutated record, wrong types, empty fields, or not JSON at all."""
    text = draw(mutated_text())
    value = st.one_of(st.none(), st.just(""), st.integers(), st.just(text), st.lists(st.integers(), max_size=3))
    record = {
        key: draw(value)
        for key in draw(st.lists(st.sampled_from(["id", "text", "html", "url", "source", "title", "published"])))
    }
    if draw(st.booleans()):
        record["text"] = text
    line = json.dumps(record, ensure_ascii=draw(st.booleans()))
    kind = draw(st.sampled_from(["ok", "cut", "not an object", "huge"]))
    if kind == "cut":
        line = line[: draw(st.integers(0, len(line)))]
    elif kind == "not an object":
        line = json.dumps([text])
    elif kind == "huge":
        line = json.dumps({"text": text + " " + "y" * 100_000})
    return line


@st.composite
def input_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file name (its format) and its bytes, as a scraper or an export might leave them."""
    fmt = draw(st.sampled_from([".txt", ".html", ".jsonl"]))
    if fmt == ".jsonl":
        text = "\n".join(draw(st.lists(jsonl_record(), min_size=0, max_size=4)))
    elif fmt == ".html":
        text = draw(hostile_html())
    else:
        text = draw(mutated_text())
    data = draw(hostile_bytes(text))
    if draw(st.booleans()):
        full = gzip.compress(data)
        data = full if draw(st.booleans()) else full[: draw(st.integers(0, len(full)))]
        fmt += ".gz"
    return f"input{fmt}", data
