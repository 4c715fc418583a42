"""Cleaning benchmarks: article extraction (HTML and plain-text paths), Reuters datelines, speed.

    .venv/bin/python bench/extraction.py [--skip-html] [--skip-reuters] [--n-speed 10000]

1. Zyte's article-extraction benchmark, development half (../shared/data/article-extraction/dev),
   scored as its evaluate.py does: per page, precision and recall of word 4-gram shingles
   against ``articleBody`` (token = ``\\w+``), averaged over pages, F1 of the two averages.
   - HTML path (``clean_document`` on the page's HTML) next to trafilatura's own output
     (output/trafilatura.json) and the other stored extractors.
   - Plain-text path: ``clean_document`` fed each page's full text (output/html-text.json).
   What the cleaner keeps is scored: the body with its kept subheadings put back in place.
   Every figure is printed for two fixed halves of the pages (``bench/halves.py``: SHA-256 of the page
   key; "read" and "unread") with the gap, and the HTML path is compared page by page with trafilatura
   as newsfuse calls it (``clean.html.extract_html``, before the clean-up): the pages where the clean-up
   loses more than 0.01 F1 are counted per half and listed for the read half.
2. Reuters-21578: each article's text as wire copy prints it (the <DATELINE> field followed by the
   <BODY>), cleaned; the recovered dateline place must equal the place in <DATELINE>, and its month
   and day must equal those of <DATE>.
3. Speed: cleaning 10,000 plain-text Reuters articles, single process.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from halves import HALVES, half, line  # noqa: E402
from reuters import iter_reuters  # noqa: E402

from newsfuse.clean import clean_document  # noqa: E402
from newsfuse.records import Article, RawDocument  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
AEB = SHARED / "article-extraction" / "dev"
GOAL_HTML, GOAL_TEXT, GOAL_DATELINE, GOAL_SECONDS = 0.97, 0.90, 0.98, 60.0

# ------------------------------------------------------------ shingle scoring (as in evaluate.py)
_TOKEN = re.compile(r"\w+")


def _shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def shingle_match(true: str, pred: str) -> tuple[float, float, float]:
    a, b = _shingles(true), _shingles(pred)
    tp = fp = fn = 0.0
    for key in set(a) | set(b):
        t, p = a.get(key, 0), b.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def f1_score(truth: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    """(F1, precision, recall) over pages, as evaluate.py computes them."""
    rows = [shingle_match(truth[k], pred.get(k, "")) for k in truth]

    def prec(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))

    def rec(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))

    p = statistics.mean(prec(*r) for r in rows if r[0] + r[1] > 0)
    r = statistics.mean(rec(*r) for r in rows if r[0] + r[2] > 0)
    return 2 * p * r / (p + r), p, r


def kept_text(article: Article) -> str:
    """The body with its subheadings put back where their sections start."""
    body, out, pos = article.text, [], 0
    for h in sorted(article.headings, key=lambda h: h.start):
        out += [body[pos : h.start], h.text + "\n"]
        pos = h.start
    out.append(body[pos:])
    return "".join(out)


def _clean(raw: RawDocument) -> str:
    try:
        return kept_text(clean_document(raw))
    except ValueError:
        return ""


def _by_half(truth: dict[str, str], pred: dict[str, str]) -> dict[str, tuple[float, float, float]]:
    return {h: f1_score({k: v for k, v in truth.items() if half(k) == h}, pred) for h in HALVES}


def _halves_line(label: str, truth: dict[str, str], pred: dict[str, str]) -> str:
    by = _by_half(truth, pred)
    return line(label, by["read"][0], by["unread"][0], 26)


def _page_f1(truth: str, pred: str) -> float:
    tp, fp, fn = shingle_match(truth, pred)
    return 2 * tp / (2 * tp + fp + fn) if tp else (1.0 if fp == fn == 0 else 0.0)


def bench_extraction(skip_html: bool) -> None:
    from newsfuse.clean.html import extract_html

    truth = {k: v.get("articleBody", "") for k, v in json.loads((AEB / "ground-truth.json").read_text()).items()}
    print(f"Article extraction, {AEB.relative_to(SHARED.parent)} ({len(truth)} pages), F1 of word 4-gram shingles")
    n_half = {h: sum(half(k) == h for k in truth) for h in HALVES}
    print(f"  halves: read {n_half['read']} pages, unread {n_half['unread']}")
    stored = {}
    stored_pred = {}
    for path in sorted((AEB / "output").glob("*.json")):
        out = json.loads(path.read_text())
        stored_pred[path.stem] = {k: v.get("articleBody", "") for k, v in out.items()}
        stored[path.stem] = f1_score(truth, stored_pred[path.stem])
    for name, (f1, p, r) in sorted(stored.items(), key=lambda x: -x[1][0]):
        print(f"  baseline {name:<22} F1={f1:.3f}  P={p:.3f}  R={r:.3f}")
    if not skip_html:
        t0 = time.perf_counter()
        pred = {}
        base_live = {}
        for k in truth:
            with gzip.open(AEB / "html" / f"{k}.html.gz") as fh:
                html = fh.read().decode("utf-8", "replace")
            pred[k] = _clean(RawDocument(path=k, html=html))
            base_live[k] = extract_html(html).text
        f1, p, r = f1_score(truth, pred)
        base = stored.get("trafilatura", (float("nan"),))[0]
        print(
            f"  newsfuse HTML path          F1={f1:.3f}  P={p:.3f}  R={r:.3f}   "
            f"(baseline trafilatura.json {base:.3f}; goal >= {GOAL_HTML})  {time.perf_counter() - t0:.1f}s"
        )
        lf1, lp, lr = f1_score(truth, base_live)
        print(f"  trafilatura as newsfuse calls it, no clean-up  F1={lf1:.3f}  P={lp:.3f}  R={lr:.3f}")
        print(_halves_line("newsfuse HTML path", truth, pred))
        print(_halves_line("trafilatura (newsfuse's call)", truth, base_live))
        if "trafilatura" in stored_pred:
            print(_halves_line("trafilatura.json (stored)", truth, stored_pred["trafilatura"]))
        for h in HALVES:
            worse = sorted(
                (_page_f1(truth[k], pred[k]) - _page_f1(truth[k], base_live[k]), k) for k in truth if half(k) == h
            )
            lost = [(d, k) for d, k in worse if d < -0.01]
            gained = sum(d > 0.01 for d, _ in worse)
            print(f"  {h} half: clean-up worse than its trafilatura on {len(lost)} pages, better on {gained}")
            if h == "read":
                for d, k in lost:
                    print(f"      {d:+.3f}  {k}")
    texts = json.loads((AEB / "output" / "html-text.json").read_text())
    t0 = time.perf_counter()
    pred = {k: _clean(RawDocument(path=k, text=texts[k].get("articleBody", ""))) for k in truth}
    f1, p, r = f1_score(truth, pred)
    base = stored.get("html-text", (float("nan"),))[0]
    print(
        f"  newsfuse plain-text path    F1={f1:.3f}  P={p:.3f}  R={r:.3f}   "
        f"(baseline html-text.json as is {base:.3f}; goal >= {GOAL_TEXT})  {time.perf_counter() - t0:.1f}s"
    )
    print(_halves_line("newsfuse plain-text path", truth, pred))


# ----------------------------------------------------------------------------- Reuters datelines
_MONTHS = {
    m: i
    for i, m in enumerate(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], start=1)
}


def _norm_place(s: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", s.lower()))


def gold_place(dateline: str) -> str:
    """The place part of a <DATELINE> field: everything before the ", Month day" date."""
    m = re.match(
        r"^(.*?),?\s*(?:-\s*)?\b(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
        r"\.?(?:\s+\d{1,2}\b|\s*-?\s*$)",
        dateline.strip(),
        re.I,
    )
    return _norm_place(m.group(1) if m else dateline)


def _next_day(year: int, month: int, day: int) -> tuple[int, int] | None:
    import datetime as dt

    try:
        d = dt.date(year, month, day) + dt.timedelta(days=1)
    except ValueError:
        return None
    return d.month, d.day


def bench_reuters(limit: int | None) -> None:
    n = place_ok = md_ok = both_ok = written_ok = found = year_ok = year_n = local_ok = both_local = 0
    both_written = 0
    misses: list[str] = []
    for doc in iter_reuters(limit=limit):
        dl, body = doc["dateline"], doc["body"]
        if not dl:
            continue
        n += 1
        text = f"{dl} {body}"
        try:
            art = clean_document(RawDocument(path=doc["id"], text=text))
        except ValueError:
            art = None
        d = art.dateline if art else None
        gm = re.match(r"(\d{1,2})-([A-Z]{3})-(\d{4})", doc["date"] or "")
        g_day, g_mon, g_year = (int(gm.group(1)), _MONTHS[gm.group(2)], int(gm.group(3))) if gm else (0, 0, 0)
        p_ok = d is not None and _norm_place(" ".join(d.places)) == gold_place(dl)
        md = None
        if d is not None and d.date:
            from newsfuse.clean.dateline import parse_date_parts

            _, mon, day = parse_date_parts(d.date)
            md = (mon, day)
        found += d is not None
        place_ok += p_ok
        wm = re.search(r"([A-Za-z]{3,9})\.?\s+(\d{1,2})\s*-?\s*$", dl)
        written = None
        if wm:
            from newsfuse.clean.dateline import MONTHS

            written = (MONTHS.get(wm.group(1).lower()), int(wm.group(2)))
        written_ok += md is not None and md == written
        both_written += p_ok and md is not None and md == written
        ok_md = md == (g_mon, g_day)
        md_ok += ok_md
        both_ok += p_ok and ok_md
        # a dateline carries the local date; <DATE> is when the desk in New York filed it
        nxt = _next_day(g_year, g_mon, g_day)
        ok_local = ok_md or md == nxt
        local_ok += ok_local
        both_local += p_ok and ok_local
        if art and art.published:
            year_n += 1
            year_ok += art.published == f"{g_year:04d}-{g_mon:02d}-{g_day:02d}"
        if not (p_ok and ok_local) and len(misses) < 12:
            misses.append(f"    {dl!r} date={doc['date'][:11]} -> {d.places if d else None} {d.date if d else None}")
    print(f"Reuters-21578 datelines ({n} articles with <DATELINE>; text = dateline + body)")
    print(f"  dateline found            {found / n:.4f}")
    print(f"  place right               {place_ok / n:.4f}   (goal >= {GOAL_DATELINE})")
    print(f"  month/day = <DATE>        {md_ok / n:.4f}   (goal >= {GOAL_DATELINE})")
    print(f"  month/day = as written    {written_ok / n:.4f}   (the dateline's own date; <DATE> may be a day later)")
    print(f"  month/day = <DATE> or next day  {local_ok / n:.4f}   (local date, east of New York)")
    print(f"  place and date right      {both_ok / n:.4f}   (strict: date = <DATE>; goal >= {GOAL_DATELINE})")
    print(f"  place and date right      {both_local / n:.4f}   (date = <DATE> or next day; goal >= {GOAL_DATELINE})")
    print(f"  place and date right      {both_written / n:.4f}   (both as in <DATELINE>; goal >= {GOAL_DATELINE})")
    print(
        f"  full date with inferred year = <DATE>: {year_ok}/{year_n} of the articles given one "
        f"({year_n / n:.3f} of all; no year is written, so it is inferred from the text)"
    )
    if misses:
        print("  first misses:")
        print("\n".join(misses))


def bench_speed(n: int) -> None:
    docs = [RawDocument(path=d["id"] or "", text=f"{d['dateline'] or ''} {d['body']}") for d in iter_reuters(limit=n)]
    t0 = time.perf_counter()
    for raw in docs:
        with contextlib.suppress(ValueError):
            clean_document(raw)
    secs = time.perf_counter() - t0
    print(
        f"Speed: cleaned {len(docs)} plain-text Reuters articles in {secs:.1f}s single-process "
        f"({len(docs) / secs:.0f}/s; goal: 10,000 in < {GOAL_SECONDS:.0f}s)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--skip-html", action="store_true", help="skip the (slower) HTML path")
    ap.add_argument("--skip-reuters", action="store_true")
    ap.add_argument("--reuters-limit", type=int, default=None, help="only the first N Reuters articles")
    ap.add_argument("--n-speed", type=int, default=10000)
    args = ap.parse_args()
    bench_extraction(args.skip_html)
    if not args.skip_reuters:
        bench_reuters(args.reuters_limit)
    if args.n_speed:
        bench_speed(args.n_speed)


if __name__ == "__main__":
    main()
