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
* type found: the gold type is the type of some event extracted from the sentence (not only the main
  one); "actor (found)" / "target (found)" score that event's actor and target (the main event's when
  none has the gold type).

Two fixed halves (``bench/halves.py``: SHA-256 of the record id): every figure is printed for the
"read" half (whose errors may be read, ``-v`` prints only those) and the "unread" half, with the gap.

A second set, ``--set petrarch``: the unit-test records of the PETRARCH coders
(``../shared/data/petrarch-records/PETR.UnitTest.records.xml``), one record per ``<EventCoding>``
whose CAMEO code maps to a PLOVER type through ``plover/CAMEO2PLOVER-2021.txt`` (the code itself, else
its parent code; PETRARCH's own test codes 9xx and CAMEO codes PLOVER dropped are left out). Actors are
CAMEO codes there ("ARN", "GONGOV"): a predicted span matches when one of its capitalised words starts
with the code's three-letter country part (the invented countries: Arnor, Gondor) or names that country
(ISO alpha-3, through the gazetteer, demonyms and capitals included: "Philippine" for PHL, "Pyongyang"
for PRK); codes with no country
("---GOV") are not scored. The date anchors times; ``sentence="true"`` records only.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
DATA = ROOT.parent / "shared" / "data"
GSR = DATA / "plover" / "gsr_dev.json"
PETRARCH = DATA / "petrarch-records" / "PETR.UnitTest.records.xml"
CAMEO2PLOVER = DATA / "plover" / "CAMEO2PLOVER-2021.txt"

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


def cameo_to_plover(path: Path = CAMEO2PLOVER) -> dict[str, tuple[str, str]]:
    """CAMEO code -> (PLOVER type, mode)."""
    table = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        body = raw.split("#", 1)[0].strip()
        if ":" not in body:
            continue
        code, rest = body.split(":", 1)
        fields = [f.strip() for f in rest.split(",")]
        if fields and fields[0]:
            table[code.strip()] = (fields[0], fields[1] if len(fields) > 1 else "")
    return table


def load_petrarch(path: Path = PETRARCH) -> list[dict]:
    """One record per mappable event coding: id, text, date, type, mode, source/target codes."""
    import xml.etree.ElementTree as ET

    table = cameo_to_plover()
    records = []
    for sent in ET.parse(path).getroot().iter("Sentence"):
        if sent.get("sentence", "true") != "true":
            continue
        text = " ".join((sent.findtext("Text") or "").split())
        date = sent.get("date", "")
        date = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 else None
        for n, coding in enumerate(sent.findall("EventCoding")):
            code = coding.get("eventcode", "")
            mapped = table.get(code) or table.get(code[:3]) or (table.get(code[:2]) if len(code) > 2 else None)
            if not mapped or not text:
                continue
            records.append(
                {
                    "id": sent.get("id", ""),
                    "coding": n,
                    "text": text,
                    "date": date,
                    "type": mapped[0],
                    "mode": mapped[1],
                    "source_code": coding.get("sourcecode", ""),
                    "target_code": coding.get("targetcode", ""),
                }
            )
    return records


def code_matches(predicted: str | None, code: str) -> bool:
    """A predicted actor span against a CAMEO actor code (see the module docstring)."""
    from newsfuse.extract import gazetteer

    if not predicted:
        return False
    country = code[:3].upper()
    words = re.findall(r"[A-Za-z][\w'-]*", predicted)
    for w in words:
        if w[:1].isupper() and w[:3].upper() == country:
            return True
    name = gazetteer.country_of_code(country)
    alpha2 = gazetteer.country_alpha2(name) if name else None
    if alpha2 is None:
        return False
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + 4) + 1):
            phrase = " ".join(words[i:j])
            if gazetteer.country_alpha2(phrase) == alpha2 or gazetteer.demonym_alpha2(phrase) == alpha2:
                return True
            place = gazetteer.resolve_place(phrase) if phrase[:1].isupper() else None
            if place is not None and place.country_code == alpha2 and gazetteer.is_capital(place):
                return True  # "Pyongyang" for North Korea
    return False


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


def _outcomes(gold: list[dict], petrarch: bool) -> list[dict]:
    """Per gold record: what the extraction got right (the aggregation is done per half)."""
    from newsfuse.annotate import load_nlp
    from newsfuse.extract.entities import extract_entities
    from newsfuse.extract.events import extract_events, main_event
    from newsfuse.extract.plover import PLOVER_MODES
    from newsfuse.extract.times import extract_times

    nlp = load_nlp()
    texts = list(dict.fromkeys(r["text"] for r in gold))
    analysed = {}
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=64), strict=True):
        analysed[text] = doc
    out = []
    for r in gold:
        doc = analysed[r["text"]]
        published = r.get("date") or None
        ents = extract_entities(doc)
        times = extract_times(doc.text, published, doc=doc)
        events = extract_events(doc, ents, times, published)
        ev = main_event(events, doc)
        typed = [e for e in events if e.type == r["type"]]
        found = main_event(typed, doc) if typed else ev
        o = {"id": r["id"], "gold": r["type"], "pred": ev.type if ev else "none", "found": bool(typed)}
        o["error"] = (r["type"], o["pred"], ev.text if ev else "", r["text"])
        if petrarch:
            gmode = r.get("mode") or ""
            src = [] if r["source_code"].startswith("---") or not r["source_code"] else [r["source_code"]]
            tar = [] if r["target_code"].startswith("---") or not r["target_code"] else [r["target_code"]]

            def match(span, codes: list[str]) -> bool:
                return any(code_matches(span.text if span else None, c) for c in codes)
        else:
            gmode = GOLD_MODE_MAP.get(r.get("mode") or "", r.get("mode") or "")
            src, tar = _actors(r.get("source")), _actors(r.get("target"))

            def match(span, names: list[str]) -> bool:
                return span_matches(span.text if span else None, names)

        if gmode and gmode in PLOVER_MODES.get(r["type"], ()):
            o["mode"] = bool(ev and ev.type == r["type"] and ev.mode == gmode)
        if src:
            o["actor"] = match(ev.actor if ev else None, src)
            o["actor_found"] = match(found.actor if found else None, src)
        if tar:
            o["target"] = match(ev.target if ev else None, tar)
            o["target_found"] = match(found.target if found else None, tar)
        out.append(o)
    return out


def aggregate(outcomes: list[dict]) -> dict:
    """The figures of the module docstring over ``outcomes``."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for o in outcomes:
        if o["pred"] == o["gold"]:
            tp[o["gold"]] += 1
        else:
            fn[o["gold"]] += 1
            fp[o["pred"]] += 1
    f1s = {}
    for lab in sorted({o["gold"] for o in outcomes}):
        p = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        rc = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else 0.0
        f1s[lab] = 2 * p * rc / (p + rc) if p + rc else 0.0

    def share(key: str) -> tuple[float, int]:
        scored = [o[key] for o in outcomes if key in o]
        return (sum(scored) / len(scored) if scored else 0.0), len(scored)

    n = len(outcomes)
    result = {
        "records": n,
        "type_accuracy": sum(tp.values()) / n if n else 0.0,
        "type_found": sum(o["found"] for o in outcomes) / n if n else 0.0,
        "type_macro_f1": sum(f1s.values()) / len(f1s) if f1s else 0.0,
        "per_type_f1": {k: round(v, 3) for k, v in f1s.items()},
        "no_event": fp["none"],
    }
    for key, name in (
        ("mode", "mode_accuracy"),
        ("actor", "actor_match"),
        ("target", "target_match"),
        ("actor_found", "actor_found"),
        ("target_found", "target_found"),
    ):
        result[name], result[name.split("_")[0] + ("_records" if "found" not in name else "_found_records")] = share(
            key
        )
    return result


def evaluate_events(limit: int | None = None, verbose: bool = False, dataset: str = "plover") -> dict:
    """Figures on all records and on each fixed half (``result["halves"]``); ``dataset`` is "plover"
    (gsr_dev.json) or "petrarch" (the PETRARCH unit-test records)."""
    from halves import HALVES, half

    gold = (load_petrarch() if dataset == "petrarch" else load_gold())[:limit]
    outcomes = _outcomes(gold, dataset == "petrarch")
    result = aggregate(outcomes)
    result["halves"] = {h: aggregate([o for o in outcomes if half(o["id"]) == h]) for h in HALVES}
    result["match_definition"] = (
        "actor/target match: the last word of a gold actor text is a word of the predicted span, or the "
        "span's last word is a word of the gold text; no prediction = no match"
        if dataset != "petrarch"
        else "actor/target match: a capitalised word of the span starts with the code's country letters, or "
        "names that country"
    )
    result["goals"] = {"type_accuracy": 0.80, "actor_match": 0.75, "target_match": 0.75}
    if verbose:  # errors of the read half only
        result["errors"] = [o["error"] for o in outcomes if half(o["id"]) == "read" and o["pred"] != o["gold"]]
    return result


_SHOWN = (
    ("type_accuracy", "type (main event)"),
    ("type_found", "type found in sentence"),
    ("type_macro_f1", "type macro F1"),
    ("mode_accuracy", "mode"),
    ("actor_match", "actor (main event)"),
    ("actor_found", "actor (event of gold type)"),
    ("target_match", "target (main event)"),
    ("target_found", "target (event of gold type)"),
)


def print_result(res: dict, title: str) -> None:
    from halves import line

    rd, un = res["halves"]["read"], res["halves"]["unread"]
    print(f"{title}: {res['records']} records (read {rd['records']}, unread {un['records']})")
    for key, label in _SHOWN:
        print(line(label, rd[key], un[key], 28) + f"   all {res[key]:.3f}")
    print(
        f"  (actor scored on read {rd['actor_records']} / unread {un['actor_records']}, target on "
        f"{rd['target_records']} / {un['target_records']}, mode on {rd['mode_records']} / {un['mode_records']})"
    )
    print(f"  ({res['match_definition']})")
    print("  per-type F1 (all):", " ".join(f"{k}={v:.2f}" for k, v in res["per_type_f1"].items()))
    for gold_type, pred, trig, text in res.get("errors", []):
        print(f"  {gold_type:>10} <- {pred:<10} [{trig}] {text[:150]}")


def main() -> None:
    verbose = "-v" in sys.argv
    sets = ["plover", "petrarch"]
    if "--set" in sys.argv:
        sets = [sys.argv[sys.argv.index("--set") + 1]]
    for name in sets:
        res = evaluate_events(verbose=verbose, dataset=name)
        title = (
            "PLOVER events on gsr_dev.json (labels mapped to codebook 0.8)"
            if name == "plover"
            else "PETRARCH unit-test records (CAMEO mapped to PLOVER)"
        )
        print_result(res, title)


if __name__ == "__main__":
    main()
