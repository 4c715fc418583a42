"""Build ``src/newsfuse/extract/resources/actor_codes.tsv`` from the Phoenix (PETRARCH) dictionaries.

Usage: ``python bench/build_actor_codes.py [DICT_DIR]`` (default ``../shared/data/petrarch-dictionaries``
relative to the repository root, i.e. ``/work/shared/data/petrarch-dictionaries``).

Output: one ``kind<TAB>phrase<TAB>code`` row per name, phrases lower-cased with words separated by
single spaces. Kinds:

* ``country`` - country-level names from Phoenix.Countries.actors.txt (country names, adjectives
  such as "afghan", and the cities the dictionary codes as the country): ``afghan -> AFG``;
* ``actor``   - named actors (people, national institutions, IGOs, NGOs, armed groups) with one
  code each: the undated default code if there is one, else the open-ended (``>date``) one, else
  the last listed (the dictionaries are dated; newsfuse has no per-date coding);
* ``agent``   - agent nouns from Phoenix.agents.txt with their suffix code: ``refugee -> REF``,
  ``foreign minister -> GOV`` (``!PERSON!``/``!MINIST!`` substitution sets expanded, and the
  irregular plurals in ``{...}`` added).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT.parent / "shared" / "data" / "petrarch-dictionaries"
OUT = ROOT / "src" / "newsfuse" / "extract" / "resources" / "actor_codes.tsv"

HEADER = (
    "# Derived from the Phoenix/PETRARCH actor and agent dictionaries (openeventdata/UniversalPetrarch),"
    " MIT License, Copyright (c) 2014 Open Event Data Alliance. Regenerate: bench/build_actor_codes.py\n"
)

_CODE = re.compile(r"\[([^\]]*)\]")


def _phrase(raw: str) -> str:
    raw = raw.strip().lstrip("+").strip()
    raw = raw.split("#", 1)[0]
    raw = _CODE.sub("", raw)
    words = raw.replace("_", " ").lower().split()
    return " ".join(words)


# Agent codes that the dictionaries sometimes give alone ("[ELI]" after a dated term of office).
_BARE = {"ELI", "GOV", "MIL", "MED", "OPP", "REB", "BUS", "CVL", "JUD", "LEG", "COP", "HLH", "EDU", "REF",
         "SPY", "AGR", "REL", "LAB", "PTY", "UAF", "CRM", "ENV"}


def _pick(codes: list[str]) -> str | None:
    """One code from a list of (possibly dated) codes: undated, else open-ended, else last.

    A bare agent ("ELI") takes the country or IGO prefix of the entry's dated codes ("IGOUNO..." ->
    "IGOELI"), as PETRARCH would after the dated term ends.
    """
    code = _pick_raw(codes)
    if code in _BARE:
        dated = [c.split()[0] for c in codes if c.split() and c.split()[0][:3] not in _BARE]
        if dated:
            last = dated[-1]
            return (last[:6] if last[:3] in ("IGO", "NGO") else last[:3]) + code
    return code


def _pick_raw(codes: list[str]) -> str | None:
    parsed = []
    for c in codes:
        parts = c.split()
        if not parts or parts[0].startswith("---"):
            continue
        parsed.append((parts[0], parts[1] if len(parts) > 1 else ""))
    if not parsed:
        return None
    for code, date in parsed:
        if not date:
            return code
    for code, date in parsed:
        if date.startswith(">"):
            return code
    return parsed[-1][0]


def parse_actors(path: Path) -> list[tuple[str, str, bool]]:
    """(phrase, code, is_country_level) for every name in a TABARI .actors file."""
    out: list[tuple[str, str, bool]] = []
    names: list[str] = []
    codes: list[str] = []

    def flush() -> None:
        code = _pick(codes)
        if code and names:
            country = bool(re.fullmatch(r"[A-Z]{3}", code))
            for n in names:
                if n:
                    out.append((n, code, country))
        names.clear()
        codes.clear()

    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            if not line.strip():
                flush()
            continue
        body = line.split("#", 1)[0]
        if line[0] in " \t":  # a code line of the current entry
            codes.extend(_CODE.findall(body))
            continue
        if line.startswith("+"):
            names.append(_phrase(body))
            codes.extend(_CODE.findall(body))
            continue
        flush()  # a new primary name
        names.append(_phrase(body))
        codes.extend(_CODE.findall(body))
    flush()
    return out


def parse_agents(path: Path) -> list[tuple[str, str]]:
    subst: dict[str, list[str]] = {}
    out: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"(![A-Z]+!)\s*=\s*(.*)", line)
        if m:
            subst[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        cm = _CODE.search(line)
        if not cm:
            continue
        code = cm.group(1).strip().lstrip("~")
        if not code or code.startswith("-"):
            continue
        head = line[: line.index("[")]
        plurals = re.findall(r"\{([^}]*)\}", head)
        head = re.sub(r"\{[^}]*\}", "", head)
        variants = [head]
        for key, words in subst.items():
            variants = [v.replace(key, "_" + w + "_") if key in v else v for v in variants for w in words]
            variants = list(dict.fromkeys(variants))
        for v in variants + [p for p in plurals if p.strip()]:
            phrase = _phrase(v)
            if phrase:
                out.append((phrase, code))
    return out


def build(src: Path) -> list[tuple[str, str, str]]:
    rows: dict[tuple[str, str], str] = {}
    for fname in (
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ):
        for phrase, code, country in parse_actors(src / fname):
            kind = "country" if country and fname.startswith("Phoenix.Countries") else "actor"
            rows.setdefault((kind, phrase), code)
    for phrase, code in parse_agents(src / "Phoenix.agents.txt"):
        rows.setdefault(("agent", phrase), code)
    return sorted((k, p, c) for (k, p), c in rows.items())


def main(argv: list[str]) -> int:
    src = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    rows = build(src)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        for kind, phrase, code in rows:
            if "\t" in phrase or "\n" in phrase:
                continue
            f.write(f"{kind}\t{phrase}\t{code}\n")
    print(f"{OUT}: {len(rows)} rows, {OUT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
