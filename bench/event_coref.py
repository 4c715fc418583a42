"""Cross-document event coreference on ECB+ dev, with newsfuse's own extracted event mentions.

    .venv/bin/python bench/event_coref.py [--topics 1,3,5] [--within story|topic] [--cache FILE]

What is measured
* Texts are rebuilt from the ECB+ tokens (sentence 0 of ``ecbplus`` files, the page URL, is
  dropped), with each token's character offsets kept, and run through the real pipeline:
  spaCy (``newsfuse.annotate``) and ``newsfuse.extract.extract_doc``; no gold mention is given.
* Documents are grouped by their gold story (topic + ``ecb``/``ecbplus``; ``--within topic``
  puts both stories of a topic together) and each group is fused with ``newsfuse.fuse.fuse_story``
  (one origin per document). Every fused StoryEvent is one system cluster of the event
  mentions it cites.
* Gold: ACTION_* and NEG_ACTION_* mentions in the sentences listed in
  ``ECBplus_coreference_sentences.csv`` (the annotated ones); clusters from CROSS_DOC_COREF
  (by instance id), then INTRA_DOC_COREF, every other gold mention a singleton.
* Mention matching: a system mention matches the gold mention whose anchor tokens overlap its
  trigger span (character overlap; the most overlapping one, each gold mention used once).
  Unmatched system mentions are DROPPED (not scored as singletons); gold mentions no system
  mention matches stay in the key and cost recall.
* Scores: MUC, B-cubed, CEAF-e and their mean (the CoNLL F1), computed here (standard formulas,
  CEAF-e with the Hungarian assignment from scipy), plus mention recall/precision, and two
  baselines on the same matched mentions: all singletons, and same trigger stem within the group
  (the usual strong "lemma" baseline of ECB+).
* Cross-article links: every pair of matched mentions from two different documents that fusion put in
  one event is a link (what the report calls corroboration); it is right when the two gold mentions are
  in one gold chain. Link precision = right links / links; link recall = right links / gold pairs of
  matched mentions from two documents of one gold story (the pairs fusion could have linked).
* Two fixed halves of the topics (``bench/halves.py``, ``balanced``: ranked by the SHA-256 of the topic
  number), "read" and "unread": every figure is printed for both, with the gap.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, str(Path(__file__).resolve().parent))
from halves import HALVES, balanced, line  # noqa: E402

from newsfuse.fuse import fuse_story  # noqa: E402
from newsfuse.fuse.events import stem
from newsfuse.records import Article, Extraction, Story

ECB = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus"
_NAME = re.compile(r"^(\d+)_(\d+)(ecb|ecbplus)\.xml$")
_GLUE_BEFORE = {
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "%",
    ")",
    "]",
    "}",
    "'s",
    "n't",
    "'re",
    "'ve",
    "'ll",
    "'d",
    "'m",
    "''",
    "'",
}
_GLUE_AFTER = {"(", "[", "{", "$", "``"}
DEFAULT_TOPICS = None  # all dev topics


@dataclass
class Doc:
    name: str  # "1_10ecbplus"
    topic: str
    story: str  # "1_ecbplus"
    text: str
    tokens: dict[str, tuple[int, int, int]]  # t_id -> (start, end, sentence)
    gold: dict[str, list[str]] = field(default_factory=dict)  # m_id -> anchor t_ids (events only)
    chains: dict[str, str] = field(default_factory=dict)  # m_id -> gold cluster key
    annotated: set[int] = field(default_factory=set)  # sentence numbers annotated for coreference


def read_doc(path: Path, annotated: set[tuple[str, int]]) -> Doc:
    """Text with token offsets, gold event mentions in annotated sentences and their chains."""
    topic, _, kind = _NAME.match(path.name).groups()  # type: ignore[union-attr]
    root = ET.parse(path).getroot()
    name = path.stem
    parts: list[str] = []
    tokens: dict[str, tuple[int, int, int]] = {}
    length, last_sentence, glue_next = 0, None, True
    for tok in root.iter("token"):
        sentence = int(tok.get("sentence", "0"))
        if kind == "ecbplus" and sentence == 0:
            continue
        word = tok.text or ""
        if last_sentence is not None and sentence != last_sentence:
            parts.append("\n")
            length += 1
            glue_next = True
        elif not glue_next and word not in _GLUE_BEFORE:
            parts.append(" ")
            length += 1
        tokens[tok.get("t_id", "")] = (length, length + len(word), sentence)
        parts.append(word)
        length += len(word)
        glue_next = word in _GLUE_AFTER
        last_sentence = sentence
    doc = Doc(name, topic, f"{topic}_{kind}", "".join(parts), tokens)
    doc.annotated = {n for t, f, n in annotated if t == topic and f == name.split("_", 1)[1]}
    markables = root.find("Markables")
    instance_of: dict[str, str] = {}
    for m in markables if markables is not None else []:
        anchors = [a.get("t_id", "") for a in m.findall("token_anchor")]
        if not anchors:
            if m.get("instance_id"):
                instance_of[m.get("m_id", "")] = m.get("instance_id", "")
            continue
        if not (m.tag.startswith("ACTION") or m.tag.startswith("NEG_ACTION")):
            continue
        anchors = [t for t in anchors if t in tokens]
        key = name.split("_", 1)[1]
        if anchors and (topic, key, tokens[anchors[0]][2]) in annotated:
            doc.gold[m.get("m_id", "")] = anchors
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        target = rel.find("target")
        if target is None:
            continue
        t_id = target.get("m_id", "")
        if rel.tag == "CROSS_DOC_COREF":
            chain = f"{topic}:{instance_of.get(t_id, rel.get('note', t_id))}"
        else:
            chain = f"{name}:intra:{t_id}"
        for source in rel.findall("source"):
            if source.get("m_id", "") in doc.gold:
                doc.chains[source.get("m_id", "")] = chain
    for m_id in doc.gold:
        doc.chains.setdefault(m_id, f"{name}:single:{m_id}")
    return doc


def read_annotated() -> set[tuple[str, str, int]]:
    with open(ECB / "ECBplus_coreference_sentences.csv", newline="") as f:
        rows = csv.DictReader(f)
        return {(r["Topic"], r["File"], int(r["Sentence Number"])) for r in rows}


def load(topics: list[str] | None) -> list[Doc]:
    annotated = read_annotated()
    docs = []
    for path in sorted((ECB / "dev").glob("*/*.xml"), key=lambda p: (int(p.parent.name), p.name)):
        if _NAME.match(path.name) and (topics is None or path.parent.name in topics):
            docs.append(read_doc(path, annotated))  # type: ignore[arg-type]
    return docs


def extract_all(docs: list[Doc]) -> dict[str, Extraction]:
    from newsfuse.annotate import annotate
    from newsfuse.extract import extract_doc

    out = {}
    for doc, spacy_doc in zip(docs, annotate(d.text for d in docs), strict=True):
        out[doc.name] = extract_doc(spacy_doc, doc.name, None)
    return out


def cached_extractions(docs: list[Doc], path: Path) -> dict[str, Extraction]:
    """Extractions from ``path`` when it has every document (for iterating on fusion), else fresh."""
    if path.exists():
        data = json.loads(path.read_text())
        if all(d.name in data for d in docs):
            return {d.name: Extraction.from_dict(data[d.name]) for d in docs}
    extractions = extract_all(docs)
    path.write_text(json.dumps({k: v.to_dict() for k, v in extractions.items()}))
    return extractions


# ------------------------------------------------------------------ scoring
Clusters = list[set[str]]


def muc(key: Clusters, response: Clusters) -> tuple[float, float]:
    def partial(a: Clusters, b: Clusters) -> float:
        where = {m: i for i, c in enumerate(b) for m in c}
        num = sum(len(c) - len({where.get(m, ("alone", m)) for m in c}) for c in a)
        den = sum(len(c) - 1 for c in a)
        return num / den if den else 0.0

    return partial(key, response), partial(response, key)


def b_cubed(key: Clusters, response: Clusters) -> tuple[float, float]:
    def partial(a: Clusters, b: Clusters) -> float:
        where = {m: c for c in b for m in c}
        total = sum(len(c) for c in a)
        score = sum(len(c & where.get(m, set())) / len(c) for c in a for m in c)
        return score / total if total else 0.0

    return partial(key, response), partial(response, key)


def ceaf_e(key: Clusters, response: Clusters) -> tuple[float, float]:
    if not key or not response:
        return 0.0, 0.0
    sim = np.array([[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in key])
    rows, cols = linear_sum_assignment(-sim)
    total = sim[rows, cols].sum()
    return total / len(key), total / len(response)


def f1(pr: tuple[float, float]) -> float:
    r, p = pr
    return 2 * p * r / (p + r) if p + r else 0.0


def score_all(key: Clusters, response: Clusters) -> dict[str, float]:
    out = {}
    for name, fn in (("MUC", muc), ("B3", b_cubed), ("CEAF-e", ceaf_e)):
        r, p = fn(key, response)
        out[name] = f1((r, p))
        out[name + " R"], out[name + " P"] = r, p
    out["CoNLL"] = (out["MUC"] + out["B3"] + out["CEAF-e"]) / 3
    return out


# ------------------------------------------------------------------ matching
def match_mentions(doc: Doc, extraction: Extraction) -> tuple[dict[int, str], int]:
    """System event index -> gold mention id (by trigger overlap); and system mentions in annotated
    sentences (the denominator of mention precision)."""
    spans = {m_id: [doc.tokens[t][:2] for t in anchors] for m_id, anchors in doc.gold.items()}
    sentence_at = {start: sent for start, _, sent in doc.tokens.values()}
    used: set[str] = set()
    matched: dict[int, str] = {}
    in_annotated = 0
    for i, event in enumerate(extraction.events):
        starts = [s for s in sentence_at if s <= event.start]
        if starts and sentence_at[max(starts)] in doc.annotated:
            in_annotated += 1
        best, best_overlap = None, 0
        for m_id, token_spans in spans.items():
            if m_id in used:
                continue
            overlap = sum(max(0, min(e, event.end) - max(s, event.start)) for s, e in token_spans)
            if overlap > best_overlap:
                best, best_overlap = m_id, overlap
        if best is not None:
            matched[i] = best
            used.add(best)
    return matched, in_annotated


def run(
    docs: list[Doc], extractions: dict[str, Extraction], within: str, errors: bool = False
) -> dict[str, dict[str, float]]:
    """Scores of fusion and the baselines; with ``errors``, the wrong links of the read half are printed."""
    key_clusters: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for m_id, chain in doc.chains.items():
            key_clusters[chain].add(f"{doc.name}#{m_id}")
    key = list(key_clusters.values())

    groups: dict[str, list[Doc]] = defaultdict(list)
    for doc in docs:
        groups[doc.story if within == "story" else doc.topic].append(doc)
    fused: Clusters = []
    lemma: dict[tuple[str, str], set[str]] = defaultdict(set)
    singles: Clusters = []
    n_system = n_annotated = n_matched = 0
    docs_by_name = {d.name: d for d in docs}
    links: dict[str, dict[str, int]] = defaultdict(lambda: {"links": 0, "right": 0, "gold": 0})
    for group_id, members in groups.items():
        gold_of: dict[tuple[str, int, int], str] = {}
        for doc in members:
            ex = extractions[doc.name]
            matched, in_annotated = match_mentions(doc, ex)
            n_system += len(ex.events)
            n_annotated += in_annotated
            n_matched += len(matched)
            for i, m_id in matched.items():
                event = ex.events[i]
                mention = f"{doc.name}#{m_id}"
                gold_of[(doc.name, event.start, event.end)] = mention
                singles.append({mention})
                lemma[(group_id, stem(event.text))].add(mention)
        articles = {d.name: Article(d.name, d.name, d.text) for d in members}
        story = Story(
            id=group_id,
            title=group_id,
            articles=[d.name for d in members],
            origins=[[d.name] for d in members],
            independent_sources=len(members),
        )
        story = fuse_story(story, articles, {d.name: extractions[d.name] for d in members})
        for event in story.events:
            cluster = {
                gold_of[(c.article, c.start, c.end)]
                for c in event.mentions
                if (c.article, c.start, c.end) in gold_of
            }
            if cluster:
                fused.append(cluster)
        chain_of = {f"{d.name}#{m}": c for d in members for m, c in d.chains.items()}
        matched_here = sorted(gold_of.values())
        topic = members[0].topic
        for i, a in enumerate(matched_here):
            for b in matched_here[i + 1 :]:
                if a.split("#")[0] != b.split("#")[0] and chain_of[a] == chain_of[b]:
                    links[topic]["gold"] += 1
        for event in story.events:
            cited = sorted({gold_of[k] for c in event.mentions if (k := (c.article, c.start, c.end)) in gold_of})
            for i, a in enumerate(cited):
                for b in cited[i + 1 :]:
                    if a.split("#")[0] != b.split("#")[0]:
                        links[topic]["links"] += 1
                        links[topic]["right"] += chain_of[a] == chain_of[b]
                        if errors and chain_of[a] != chain_of[b] and balanced(d.topic for d in docs)[topic] == "read":
                            print(f"WRONG LINK {group_id} [{event.type} {event.modality}] {event.summary}")
                            for m in (a, b):
                                print(f"    {m}: {_sentence_of(m, docs_by_name, extractions)}")
    n_gold = sum(len(c) for c in key)
    matched_ids = set().union(*singles) if singles else set()
    print(
        f"gold event mentions: {n_gold}; system event mentions: {n_system} "
        f"({n_annotated} in annotated sentences); matched: {n_matched}"
    )
    print(
        f"mention recall {n_matched / max(n_gold, 1):.3f}, "
        f"mention precision (annotated sentences) {n_matched / max(n_annotated, 1):.3f}"
    )
    matched_key = [c & matched_ids for c in key if c & matched_ids]
    print("scored on the gold mentions some system mention matched (clustering quality alone):")
    for name, response in (
        ("newsfuse fusion", fused),
        ("baseline: same trigger stem", list(lemma.values())),
        ("baseline: singletons", singles),
    ):
        s = score_all(matched_key, response)
        print(
            f"  {name:30} MUC {s['MUC']:.3f}  B3 {s['B3']:.3f}  "
            f"CEAF-e {s['CEAF-e']:.3f}  CoNLL {s['CoNLL']:.3f}"
        )
    halves = balanced(d.topic for d in docs)

    def topic_of(mention: str) -> str:
        return mention.split("_", 1)[0]

    def part(clusters: Clusters, h: str) -> Clusters:
        return [k for c in clusters if (k := {m for m in c if halves[topic_of(m)] == h})]

    print("by half (topics ranked by hash; CoNLL on the matched gold mentions; cross-article links):")
    result: dict[str, dict[str, float]] = {}
    for h in HALVES:
        s = score_all(part(matched_key, h), part(fused, h))
        b = score_all(part(matched_key, h), part(list(lemma.values()), h))
        n = {k: sum(v[k] for t, v in links.items() if halves[t] == h) for k in ("links", "right", "gold")}
        result[h] = {
            "CoNLL": s["CoNLL"],
            "baseline CoNLL": b["CoNLL"],
            "links": n["links"],
            "link precision": n["right"] / n["links"] if n["links"] else 0.0,
            "link recall": n["right"] / n["gold"] if n["gold"] else 0.0,
            "gold pairs": n["gold"],
        }
    rd, un = result["read"], result["unread"]
    read_topics = ",".join(sorted((t for t in halves if halves[t] == "read"), key=int))
    print(f"  read topics: {read_topics}")
    for k in ("CoNLL", "baseline CoNLL", "link precision", "link recall"):
        print(line(k, rd[k], un[k], 18))
    print(
        f"  links: read {rd['links']} ({rd['gold pairs']} gold pairs), unread {un['links']} "
        f"({un['gold pairs']} gold pairs); goal: link precision >= 0.95 on the unread half"
    )
    return {
        "newsfuse fusion": score_all(key, fused),
        "baseline: same trigger stem": score_all(key, list(lemma.values())),
        "baseline: singletons": score_all(key, singles),
    }


def _sentence_of(mention: str, docs: dict[str, Doc], extractions: dict[str, Extraction]) -> str:
    name, m_id = mention.split("#")
    doc = docs[name]
    first = doc.tokens[doc.gold[m_id][0]]
    words = " ".join(doc.text[s:e] for s, e, n in doc.tokens.values() if n == first[2])
    trigger = doc.text[first[0] : first[1]]
    return f"[{trigger}] {words[:220]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", help="comma-separated dev topic numbers (default: all)")
    parser.add_argument("--within", choices=["story", "topic"], default="story")
    parser.add_argument("--cache", help="JSON file to reuse extractions from (written if missing)")
    parser.add_argument("--errors", action="store_true", help="print the wrong links of the read half")
    args = parser.parse_args(argv)
    topics = args.topics.split(",") if args.topics else DEFAULT_TOPICS
    t0 = time.time()
    docs = load(topics)
    extractions = cached_extractions(docs, Path(args.cache)) if args.cache else extract_all(docs)
    t1 = time.time()
    print(
        f"ECB+ dev: {len(docs)} documents, {len({d.topic for d in docs})} topics; "
        f"extraction {t1 - t0:.0f}s; fusion within gold {args.within}"
    )
    results = run(docs, extractions, args.within, args.errors)
    print(f"fusion+scoring {time.time() - t1:.0f}s")
    print(f"{'system':32} {'MUC':>6} {'B3':>6} {'CEAF-e':>7} {'CoNLL':>6}")
    for name, s in results.items():
        print(f"{name:32} {s['MUC']:6.3f} {s['B3']:6.3f} {s['CEAF-e']:7.3f} {s['CoNLL']:6.3f}")
    for name, s in results.items():
        print(
            f"  {name}: "
            + ", ".join(f"{m} R {s[m + ' R']:.3f} P {s[m + ' P']:.3f}" for m in ("MUC", "B3", "CEAF-e"))
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
