"""Event extraction quality on the PLOVER gold standard records (../shared/data/plover/gsr_dev.json).

Each gold record is one sentence with one coded event: type, source actors and target actors. We run
the full extraction (entities, times, events) on the sentence alone and take the sentence's main
event (``newsfuse.extract.events.main_event``: asserted before non-asserted, then the trigger highest
in the dependency tree). The gold file is coded with an older PLOVER draft; its labels are mapped to
the 16 types of the current codebook (draft 0.8) that newsfuse produces:

    DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT

Figures:

* type accuracy: main event type == gold type; a sentence with no event counts as wrong.
* macro F1: per-type F1 over the gold types (no event = a wrong "none" prediction), averaged.
* mode accuracy: over gold records whose mode names one of the current codebook's modes for that type.
* actor match: over gold records with a source actor. The predicted actor span matches when the head
  word of one of the gold source actors (its last word, lower-cased, punctuation stripped, e.g.
  "government" in "Sudanese government") is one of the words of the predicted actor span, or the
  predicted span's last word is a word of the gold actor text. No predicted actor = no match.
* target match: the same for the predicted target against the gold target actors, over gold records
  with a target; for reciprocal events (gold target empty, several source actors) nothing is scored.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
GSR = ROOT.parent / "shared" / "data" / "plover" / "gsr_dev.json"

LABEL_MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
GOLD_MODE_MAP = {
    "deport": "expel",
    "assassinate": "targeted",
    "strike-hun": "hunger",
    "strike-gen": "strike",
    "riot-spon": "riot",
    "demo-org": "demo",
    "demo-spon": "demo",
    "confiscate": "seize",
}
_WORD = re.compile(r"[a-z0-9]+")


def load_gold(path: Path = GSR) -> list[dict]:
    """Gold records (the DOCUMENT header dropped), with ``type`` mapped to the current codebook."""
    records = []
    for r in json.loads(path.read_text(encoding="utf-8")):
        if r.get("event") == "DOCUMENT" or not r.get("text"):
            continue
        r = dict(r)
        r["type"] = LABEL_MAP.get(r["event"], r["event"])
        records.append(r)
    return records


def _actors(field) -> list[str]:
    return [a["actorText"] for a in field] if isinstance(field, list) else []


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("'s", ""))


def span_matches(predicted: str | None, gold: list[str]) -> bool:
    """The head-word match defined in the module docstring."""
    if not predicted or not gold:
        return False
    pw = _words(predicted)
    if not pw:
        return False
    for g in gold:
        gw = _words(g)
        if gw and (gw[-1] in pw or pw[-1] in gw):
            return True
    return False


def evaluate_events(limit: int | None = None, verbose: bool = False) -> dict:
    """Type accuracy / macro F1, mode accuracy, actor and target match on gsr_dev.json."""
    from newsfuse.annotate import load_nlp
    from newsfuse.extract.entities import extract_entities
    from newsfuse.extract.events import extract_events, main_event
    from newsfuse.extract.plover import PLOVER_MODES
    from newsfuse.extract.times import extract_times

    gold = load_gold()[:limit]
    nlp = load_nlp()
    docs = nlp.pipe([r["text"] for r in gold], batch_size=64)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    correct = mode_n = mode_ok = actor_n = actor_ok = target_n = target_ok = 0
    errors = []
    for r, doc in zip(gold, docs, strict=True):
        published = r.get("date") or None
        ents = extract_entities(doc)
        times = extract_times(doc.text, published, doc=doc)
        ev = main_event(extract_events(doc, ents, times, published), doc)
        pred = ev.type if ev else "none"
        if pred == r["type"]:
            correct += 1
            tp[pred] += 1
        else:
            fn[r["type"]] += 1
            fp[pred] += 1
            errors.append((r["type"], pred, ev.text if ev else "", r["text"]))
        gmode = GOLD_MODE_MAP.get(r.get("mode") or "", r.get("mode") or "")
        if gmode and gmode in PLOVER_MODES.get(r["type"], ()):
            mode_n += 1
            mode_ok += bool(ev and ev.type == r["type"] and ev.mode == gmode)
        src, tar = _actors(r.get("source")), _actors(r.get("target"))
        if src:
            actor_n += 1
            actor_ok += span_matches(ev.actor.text if ev and ev.actor else None, src)
        if tar:
            target_n += 1
            target_ok += span_matches(ev.target.text if ev and ev.target else None, tar)
    labels = sorted({r["type"] for r in gold})
    f1s = {}
    for lab in labels:
        p = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        rc = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else 0.0
        f1s[lab] = 2 * p * rc / (p + rc) if p + rc else 0.0
    result = {
        "records": len(gold),
        "type_accuracy": correct / len(gold) if gold else 0.0,
        "type_macro_f1": sum(f1s.values()) / len(f1s) if f1s else 0.0,
        "per_type_f1": {k: round(v, 3) for k, v in f1s.items()},
        "mode_accuracy": mode_ok / mode_n if mode_n else 0.0,
        "mode_records": mode_n,
        "actor_match": actor_ok / actor_n if actor_n else 0.0,
        "actor_records": actor_n,
        "target_match": target_ok / target_n if target_n else 0.0,
        "target_records": target_n,
        "no_event": fp["none"],
        "match_definition": (
            "actor/target match: the last word of a gold actor text is a word of the predicted span, or the "
            "span's last word is a word of the gold text; no prediction = no match"
        ),
        "goals": {"type_accuracy": 0.80, "actor_match": 0.75, "target_match": 0.75},
    }
    if verbose:
        result["errors"] = errors
    return result


def main() -> None:
    verbose = "-v" in sys.argv
    res = evaluate_events(verbose=verbose)
    g = res["goals"]
    print(f"PLOVER events on gsr_dev.json ({res['records']} gold records, labels mapped to codebook 0.8)")
    print(
        f"  type accuracy  {res['type_accuracy']:.3f}   (goal >= {g['type_accuracy']:.2f}); "
        f"sentences with no event: {res['no_event']}"
    )
    print(f"  type macro F1  {res['type_macro_f1']:.3f}")
    print(f"  mode accuracy  {res['mode_accuracy']:.3f}   over {res['mode_records']} records with a mode")
    print(
        f"  actor match    {res['actor_match']:.3f}   (goal >= {g['actor_match']:.2f}) "
        f"over {res['actor_records']}"
    )
    print(
        f"  target match   {res['target_match']:.3f}   (goal >= {g['target_match']:.2f}) over "
        f"{res['target_records']}"
    )
    print(f"  ({res['match_definition']})")
    print("  per-type F1:", " ".join(f"{k}={v:.2f}" for k, v in res["per_type_f1"].items()))
    if verbose:
        for gold_type, pred, trig, text in res["errors"]:
            print(f"  {gold_type:>10} <- {pred:<10} [{trig}] {text[:150]}")


if __name__ == "__main__":
    main()
