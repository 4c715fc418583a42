"""Time-expression quality: TempEval-3 style scoring of ``extract_times`` on TimeBank + AQUAINT.

Data: ``../shared/data/timeml/{timebank,aquaint}/*.tml`` (TBAQ-cleaned, the TempEval-3
training data). For each document the text inside ``<TEXT>`` is stripped of tags (keeping
character offsets), the creation time (``functionInDocument="CREATION_TIME"``) anchors the
run and is not scored. Scores, as in TempEval-3:

- extent strict P/R/F1: exact span match; extent relaxed P/R/F1: any overlap (one-to-one);
- value F1 / type F1: attribute F1 over relaxed matches, P = correct / system timexes,
  R = correct / gold timexes; value accuracy = correct / relaxed matches.

Two fixed halves (``bench/halves.py``: SHA-256 of the .tml file name): every figure is printed for the
"read" half and the "unread" half with the gap; ``-v`` prints the errors of the read half only.

Run: ``.venv/bin/python bench/quality_times.py [-v]`` (``-v`` prints value errors).
"""

from __future__ import annotations

import html
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeml"
GOAL_VALUE_F1 = 0.85

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class GoldDoc:
    name: str
    text: str
    dct: str | None
    timexes: list[GoldTimex]


def parse_tml(path: Path) -> GoldDoc:
    """The raw ``<TEXT>`` of a .tml file, its gold TIMEX3s (offsets into it) and its DCT."""
    raw = path.read_text(encoding="utf-8")
    dct = None
    for m in re.finditer(r"<TIMEX3([^>]*)>", raw):
        attrs = dict(_ATTR.findall(m.group(1)))
        if attrs.get("functionInDocument") == "CREATION_TIME":
            dct = attrs.get("value", "")[:10]
            break
    body_m = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    body = body_m.group(1) if body_m else ""
    out: list[str] = []
    pos = 0
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes: list[GoldTimex] = []
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m.group(1), m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            open_timex = None
            if attrs.get("functionInDocument") == "CREATION_TIME":
                continue
            text = "".join(out)[start:length]
            timexes.append(GoldTimex(start, length, text, attrs.get("type", ""), attrs.get("value", "")))
    out.append(html.unescape(body[pos:]))
    return GoldDoc(path.name, "".join(out), dct, timexes)


def load_docs() -> list[GoldDoc]:
    files = sorted((DATA / "timebank").glob("*.tml")) + sorted((DATA / "aquaint").glob("*.tml"))
    return [parse_tml(p) for p in files]


def _prf(tp: float, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _relaxed_pairs(gold: list[GoldTimex], system: list) -> Iterator[tuple[GoldTimex, object]]:
    """One-to-one overlap matching, greedy by largest overlap."""
    cands = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            ov = min(g.end, s.end) - max(g.start, s.start)
            if ov > 0:
                cands.append((-ov, gi, si))
    cands.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    for _, gi, si in cands:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        yield gold[gi], system[si]


def _doc_counts(d: GoldDoc, verbose: bool) -> tuple[dict[str, float], list[str]]:
    from newsfuse.extract.times import extract_times

    t0 = time.perf_counter()
    system = extract_times(d.text, d.dct)
    c = {"elapsed": time.perf_counter() - t0, "gold": len(d.timexes), "system": len(system)}
    gold_spans = {(g.start, g.end) for g in d.timexes}
    c["strict"] = sum((s.start, s.end) in gold_spans for s in system)
    c["relaxed"] = c["val_ok"] = c["type_ok"] = 0
    errors: list[str] = []
    matched_s = set()
    matched_g = set()
    for g, s in _relaxed_pairs(d.timexes, system):
        c["relaxed"] += 1
        matched_s.add(id(s))
        matched_g.add(id(g))
        c["val_ok"] += s.value == g.value  # type: ignore[attr-defined]
        c["type_ok"] += s.type == g.type  # type: ignore[attr-defined]
        if verbose and s.value != g.value:  # type: ignore[attr-defined]
            errors.append(f"VAL  {d.dct} {g.text!r} gold={g.value} sys={s.value} ({s.text!r})")  # type: ignore[attr-defined]
    if verbose:
        for g in d.timexes:
            if id(g) not in matched_g:
                ctx = d.text[max(0, g.start - 40) : g.end + 20].replace("\n", " ")
                errors.append(f"MISS {d.dct} {g.text!r} {g.type} {g.value}   ...{ctx}...")
        for s in system:
            if id(s) not in matched_s:
                ctx = d.text[max(0, s.start - 40) : s.end + 20].replace("\n", " ")
                errors.append(f"FP   {d.dct} {s.text!r} {s.type} {s.value}   ...{ctx}...")
    return c, errors


def _figures(counts: list[dict[str, float]]) -> dict:
    t = {k: sum(c[k] for c in counts) for k in ("elapsed", "gold", "system", "strict", "relaxed", "val_ok", "type_ok")}
    n_sys, n_gold, relaxed = int(t["system"]), int(t["gold"]), t["relaxed"]
    sp, sr, sf = _prf(t["strict"], n_sys, n_gold)
    rp, rr, rf = _prf(relaxed, n_sys, n_gold)
    vp, vr, vf = _prf(t["val_ok"], n_sys, n_gold)
    tp_, tr, tf = _prf(t["type_ok"], n_sys, n_gold)
    return {
        "documents": len(counts),
        "gold": n_gold,
        "system": n_sys,
        "strict_p": sp,
        "strict_r": sr,
        "strict_f1": sf,
        "relaxed_p": rp,
        "relaxed_r": rr,
        "relaxed_f1": rf,
        "value_p": vp,
        "value_r": vr,
        "value_f1": vf,
        "value_accuracy": t["val_ok"] / relaxed if relaxed else 0.0,
        "type_f1": tf,
        "type_accuracy": t["type_ok"] / relaxed if relaxed else 0.0,
        "ms_per_doc": 1000 * t["elapsed"] / max(1, len(counts)),
        "goal_value_f1": GOAL_VALUE_F1,
    }


def evaluate_times(verbose: bool = False) -> dict:
    """TempEval-3 style figures of ``extract_times`` on TimeBank + AQUAINT, on all documents and on each
    fixed half (``result["halves"]``); with ``verbose`` the read half's errors."""
    from halves import HALVES, half

    docs = load_docs()
    per_doc = [_doc_counts(d, verbose) for d in docs]
    result = _figures([c for c, _ in per_doc])
    result["halves"] = {
        h: _figures([c for d, (c, _) in zip(docs, per_doc, strict=True) if half(d.name) == h]) for h in HALVES
    }
    if verbose:
        result["errors"] = [
            e for d, (_, errs) in zip(docs, per_doc, strict=True) if half(d.name) == "read" for e in errs
        ]
    return result


def main() -> None:
    verbose = "-v" in sys.argv
    r = evaluate_times(verbose=verbose)
    if verbose:
        for e in r.pop("errors"):
            print(e)
    print(f"TimeML (TimeBank + AQUAINT): {r['documents']} documents, {r['gold']} gold timexes, {r['system']} system")
    print(f"  extent strict   P {r['strict_p']:.3f}  R {r['strict_r']:.3f}  F1 {r['strict_f1']:.3f}")
    print(f"  extent relaxed  P {r['relaxed_p']:.3f}  R {r['relaxed_r']:.3f}  F1 {r['relaxed_f1']:.3f}")
    print(f"  type F1 {r['type_f1']:.3f}  (accuracy over relaxed matches {r['type_accuracy']:.3f})")
    goal = "reached" if r["value_f1"] >= GOAL_VALUE_F1 else "NOT reached"
    print(
        f"  value F1 {r['value_f1']:.3f}  (goal >= {GOAL_VALUE_F1:.2f}: {goal};"
        " HeidelTime ~0.78 at TempEval-3)"
        f"  value accuracy {r['value_accuracy']:.3f}"
    )
    print(f"  speed {r['ms_per_doc']:.2f} ms per document")
    print_halves(r)


def print_halves(r: dict) -> None:
    from halves import line

    rd, un = r["halves"]["read"], r["halves"]["unread"]
    print(f"  halves: read {rd['documents']} documents ({rd['gold']} timexes), unread {un['documents']} ({un['gold']})")
    for key in ("strict_f1", "relaxed_f1", "type_f1", "value_f1", "value_accuracy"):
        print(line(key, rd[key], un[key], 16))


if __name__ == "__main__":
    main()
