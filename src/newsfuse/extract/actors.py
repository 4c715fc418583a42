"""CAMEO actor codes from the Phoenix (PETRARCH) dictionaries.

The dictionaries are compiled by ``bench/build_actor_codes.py`` into
``resources/actor_codes.tsv`` (MIT, attribution in its header): country-level
names ("afghan" -> AFG, "kabul" -> AFG), named actors ("unhcr" -> IGOUNOREFHCR,
"taliban" -> AFGREB) and agent nouns ("refugee" -> REF, "foreign minister" ->
GOV). A code is a country (or IGO/NGO) code followed by agent codes, as PETRARCH
composes them: "Pakistan's Foreign Minister" -> PAKGOV, "Afghan refugees" -> AFGREF.

The matcher is our own (longest word n-gram lookup) rather than PETRARCH
itself, which is a whole event coder with its own parser and is not on PyPI in
a usable form; the lookup needs only the compiled tables.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from newsfuse.records import Entity

_RESOURCE = Path(__file__).with_name("resources") / "actor_codes.tsv"
_MAX_NGRAM = 8
_WORD = re.compile(r"[a-z0-9][a-z0-9.'\-]*")
_DROP = {"the", "a", "an", "its", "their", "his", "her"}


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[str, str]]:
    tables: dict[str, dict[str, str]] = {"country": {}, "actor": {}, "agent": {}}
    with _RESOURCE.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[0] in tables:
                tables[parts[0]].setdefault(parts[1], parts[2])
    return tables


def normalise(text: str) -> list[str]:
    """Lower-cased words of ``text`` without possessives, determiners and punctuation."""
    text = text.replace("\u2019", "'").lower()
    text = re.sub(r"'s\b|s'(?=\s|$)", lambda m: "" if m.group(0) == "'s" else "s", text)
    return [w.strip(".'-") or w for w in _WORD.findall(text) if w not in _DROP]


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _lookup(table: dict[str, str], words: list[str]) -> str | None:
    phrase = " ".join(words)
    code = table.get(phrase)
    if code is None and words:
        code = table.get(" ".join(words[:-1] + [_singular(words[-1])]))
    return code


def country_code(text: str) -> str | None:
    """ISO3-like CAMEO country code of a country name, adjective or demonym ("Afghans" -> AFG)."""
    words = normalise(text)
    return _lookup(_tables()["country"], words) if words else None


def named_actor_code(text: str) -> str | None:
    """The dictionary code of a named actor or organisation ("UNHCR" -> IGOUNOREFHCR)."""
    words = normalise(text)
    if not words:
        return None
    return _lookup(_tables()["actor"], words) or _lookup(_tables()["country"], words)


def agent_code(text: str) -> str | None:
    """The agent code of the longest agent noun phrase in ``text`` ("deputy foreign minister" -> GOV)."""
    words = normalise(text)
    table = _tables()["agent"]
    best: tuple[int, int, str] | None = None
    for i in range(len(words)):
        for j in range(min(len(words), i + _MAX_NGRAM), i, -1):
            code = _lookup(table, words[i:j])
            if code:
                cand = (j - i, j, code)  # longest, then rightmost (the head noun)
                if best is None or cand > best:
                    best = cand
                break
    return best[2] if best else None


_FILLER = {"of", "for", "and", "the", "on", "in", "to", "national", "federal", "acting", "deputy", "former",
           "interim", "caretaker", "senior", "top", "chief", "vice", "state"}


def _agent_span(words: list[str]) -> tuple[int, int, str] | None:
    table = _tables()["agent"]
    best: tuple[int, int, int, str] | None = None
    for i in range(len(words)):
        for j in range(min(len(words), i + _MAX_NGRAM), i, -1):
            code = _lookup(table, words[i:j])
            if code:
                cand = (j - i, j, i, code)  # longest, then rightmost (the head noun)
                if best is None or cand[:2] > best[:2]:
                    best = cand
                break
    return (best[2], best[1], best[3]) if best else None


def actor_code(text: str, country: str | None = None, strict: bool = False) -> str | None:
    """CAMEO code of an actor phrase: "Pakistan's Foreign Minister" -> PAKGOV, "UNHCR" -> IGOUNOREFHCR.

    ``country`` (a name or demonym) supplies the country when the phrase has none. With
    ``strict``, every word must be accounted for by the dictionaries (for organisation names:
    "Tehreek-e-Taliban Pakistan" is not PAK).
    """
    words = normalise(text)
    if not words:
        return None
    tables = _tables()
    whole = _lookup(tables["actor"], words)
    if whole:
        return whole
    base: str | None = None
    rest = list(words)
    # The longest named actor or country n-gram in the phrase gives the base code.
    for size in range(min(len(words), _MAX_NGRAM), 0, -1):
        for i in range(len(words) - size + 1):
            gram = words[i : i + size]
            code = _lookup(tables["country"], gram) or _lookup(tables["actor"], gram)
            if code:
                base = code
                rest = words[:i] + words[i + size :]
                break
        if base:
            break
    if base is None and country:
        base = country_code(country) or named_actor_code(country)
        if base and base[:3] in ("IGO", "NGO"):
            return base  # "UN Secretary-General" -> IGOUNO
    if base is None:
        return None  # an agent alone ("GOV") is not an actor code; see agent_code
    span = _agent_span(rest) if rest else None
    agent = span[2] if span else None
    if strict:
        left = rest[: span[0]] + rest[span[1] :] if span else rest
        if any(w not in _FILLER for w in left):
            return None
    if agent and not base.endswith(agent):
        return base + agent
    return base


def entity_code(entity: Entity) -> str | None:
    """The actor code of an extracted entity, from its name, roles and country."""
    if entity.type == "PERSON":
        # the article's own evidence (a role with its country) beats the dictionary's dated entries
        base = (country_code(entity.country) or named_actor_code(entity.country)) if entity.country else None
        if base and entity.roles:
            if base[:3] in ("IGO", "NGO"):
                return base
            agent = next((a for a in map(agent_code, entity.roles) if a), None)
            return base + agent if agent and not base.endswith(agent) else base
        for role in entity.roles:
            code = actor_code(role)
            if code and len(code) > 3:
                return code
        code = named_actor_code(entity.name)
        if code:
            return code
        return country_code(entity.country) if entity.country else None
    if entity.type == "PLACE":
        return country_code(entity.name) or (country_code(entity.country) if entity.country else None)
    if entity.type == "GROUP":
        return country_code(entity.name) or named_actor_code(entity.name) or (
            country_code(entity.country) if entity.country else None
        )
    for name in [entity.name, *entity.aliases]:
        code = named_actor_code(name)
        if code:
            return code
    return actor_code(entity.name, entity.country, strict=True)
