"""Entities: people, organisations, places and groups, one per referent in a document.

spaCy's small model finds most names but makes systematic errors in news text. General rules
(no list of known people or articles) fix them before grouping:

* span repair: cut at paragraph breaks (not at the hard wraps of wire copy); drop a leading
  "the" and trailing possessives; split "Pakistan's Foreign Office (FO" into the owner (a
  place), the organisation and its acronym, but never a name like "Fruit Exporters' Association";
  strip titles and honorifics from names ("Mullah", "Dr", "President"); extend a person over the
  proper noun it is a compound of ("Amir Khan" + "Muttaqi" tagged GPE); join hyphenated names
  ("Tehreek-e-Taliban Pakistan"), "Organisation" + "of" + "African Unity" and an organisation with
  the one word tagged PERSON after it ("Lockheed" + "Martin"); drop page furniture and byline
  words glued before a name ("Follow Newsbeat", "Insider Jason La Canfora");
* names spaCy misses or cuts: capitalised phrases ending in an organisation noun ("Harbour and
  Dock Workers' Union"), the words before "(ACR)" whose initials spell it ("Pakistan
  Tehreek-e-Insaf (PTI)"), and a small table of descriptions ("the UN refugee agency" -> UNHCR);
* junk dropped: pure titles ("Acting Afghan Foreign" tagged ORG before "Minister"), documents
  ("Afghan Citizenship Cards (ACC)"), time zones, dates and numbers;
* consistent labels: a text that names a person anywhere in the document is that person
  everywhere ("Dar" tagged GPE in one sentence) and untagged surname mentions are added; a
  one-word "person" that is a sizeable city (unless written as a name: "Queen Elizabeth"), a word
  of a place's name, or mostly follows "in"/"at" is a place, and so is a "person" whose full name
  is a city's ("Sioux Falls"); a one-word "person" listed only with organisations is one
  ("Facebook, Twitter and Instagram"); a name tagged both ORG and PLACE takes the majority label;
  organisations that are countries, national capitals, cities of a million or places used as
  places ("in X", "X, Texas") are places (capital metonymy: "Islamabad said"), but a company named
  like a town is not ("Toyota's"); "X Line/River/Street" are places;
* grouping: people by name tokens (rapidfuzz for spelling variants: "Mohammad"/"Muhammad"; short
  forms "Pat"/"Patrick"), so two full names with one surname and different given names are two
  people ("Joe and Hunter Biden" names both); a short mention goes to the most recently named full
  name, and stays on its own when two fit equally (both last named in one sentence); organisations
  by normalised name (without "Co", "Inc"), acronym and, for generic bodies ("Foreign Ministry"),
  owner country; places by gazetteer resolution (a country or US state named right after a place
  decides: "Paris, Texas"; otherwise the best-known place, see ``gazetteer``); groups by country.

Roles come from ``roles``, places from ``gazetteer`` and CAMEO codes from ``actors``.
``same_referent`` applies the same name matching across articles, for fusion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from spacy.tokens import Doc

from newsfuse.extract import actors, gazetteer, roles
from newsfuse.records import Entity, EntityMention

_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "NORP": "GROUP"}

HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "mullah",
    "mulla", "maulana", "mawlawi", "mawlavi", "moulvi", "maulvi", "sheikh", "shaikh", "sheik", "haji",
    "hajji", "hazrat", "ayatollah", "rev", "reverend", "father", "gen", "col", "lt", "maj", "capt",
    "sgt", "adm", "sen", "rep", "gov", "hon", "mx", "qari", "hafiz", "allama", "justice", "judge",
    "his", "her", "excellency", "highness", "majesty", "king", "queen", "prince", "princess",
    "president", "premier", "chancellor", "minister", "secretary", "general", "colonel", "captain",
    "major", "admiral", "senator", "governor", "mayor", "pope", "ambassador", "commander", "chief",
    "acting", "deputy", "vice", "former", "prime", "foreign", "interior", "defence", "defense", "coach",
    "councilman", "councilwoman", "congressman", "congresswoman", "assemblyman", "alderman",
}
# Trailing words that make an ORG/GPE span a place whatever the gazetteer says.
_PLACE_SUFFIXES = {
    "line", "river", "mountains", "mountain", "valley", "pass", "sea", "ocean", "gulf", "strait",
    "province", "district", "region", "corridor", "lake", "island", "islands", "desert", "peninsula",
    "bay", "canal", "border", "crossing", "county", "airport", "square", "street", "camp", "ave",
    "avenue", "road", "rd", "blvd", "boulevard", "highway", "lane", "ridge", "glacier", "dam", "stadium",
}
# Head nouns of things that are not actors: "Afghan Citizenship Cards (ACC)", "PoR cards".
_THING_HEADS = {
    "card", "document", "permit", "visa", "passport", "certificate", "licence", "license", "scheme",
    "programme", "program", "act", "law", "bill", "plan", "policy", "index", "award", "prize",
}
# Well-known descriptions of organisations.
_DESCRIPTIONS: list[tuple[re.Pattern[str], str, list[str]]] = [
    (re.compile(p, re.I), name, aliases)
    for p, name, aliases in [
        (r"\b(?:UN|U\.N\.|United Nations(?:['\u2019]s?)?)\s+(?:refugee agency|refugees agency"
         r"|agency for refugees|refugee body)", "UNHCR", ["United Nations High Commissioner for Refugees"]),
        (r"\b(?:UN|U\.N\.|United Nations(?:['\u2019]s?)?)\s+(?:children's (?:agency|fund)|children\u2019s "
         r"(?:agency|fund)|child agency)", "UNICEF", ["United Nations Children's Fund"]),
        (r"\b(?:UN|U\.N\.|United Nations(?:['\u2019]s?)?)\s+(?:nuclear watchdog|atomic agency)", "IAEA",
         ["International Atomic Energy Agency"]),
        (r"\b(?:UN|U\.N\.|United Nations(?:['\u2019]s?)?)\s+(?:food agency|food aid agency)", "WFP",
         ["World Food Programme"]),
        (r"\b(?:UN|U\.N\.|United Nations(?:['\u2019]s?)?)\s+(?:health agency)", "WHO",
         ["World Health Organization"]),
        (r"\b(?:UN|U\.N\.|United Nations(?:['\u2019]s?)?)\s+(?:migration agency)", "IOM",
         ["International Organization for Migration"]),
        (r"\b(?:UN|U\.N\.|United Nations(?:['\u2019]s?)?)\s+(?:human rights office|rights office)", "OHCHR",
         ["Office of the United Nations High Commissioner for Human Rights"]),
        (r"\b(?:UN|U\.N\.|United Nations(?:['\u2019]s?)?)\s+(?:agency for Palestinian refugees|Palestinian "
         r"refugee agency)", "UNRWA", ["United Nations Relief and Works Agency"]),
        (r"\bUN Security Council\b|\bUnited Nations Security Council\b", "UN Security Council", []),
        (r"\bWorld Bank\b", "World Bank", []),
        (r"\bInternational Monetary Fund\b", "IMF", ["International Monetary Fund"]),
    ]
]
_POSS = {"'s", "\u2019s", "'", "\u2019"}
_EDGE_JUNK = set("<>()[]{}\"'\u201c\u201d\u2018\u2019,;:*#|\\")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z&.]{1,9}$")


@dataclass
class _Cand:
    start: int  # token indices [start, end)
    end: int
    label: str  # PERSON | ORG | PLACE | GROUP
    canon: str | None = None  # fixed canonical name (descriptions)
    aliases: list[str] = field(default_factory=list)
    owner: str | None = None  # country/organisation owning an ORG ("Pakistan's Foreign Office")
    acronym_of: _Cand | None = None
    cluster: int = -1
    near: str | None = None  # country (ISO alpha-2) named right after a place: "Paris, Texas"


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").lower()
    text = re.sub(r"^the\s+", "", text.strip())
    text = re.sub(r"'s$|'$", "", text)
    return re.sub(r"[^\w\s&-]", "", text).strip()


def _strip_honorifics(words: list[str]) -> list[str]:
    i = 0
    while i < len(words) - 1 and (
        words[i].lower().rstrip(".") in HONORIFICS or words[i] == "." or roles.is_title_word(words[i])
        or words[i] in _FURNITURE
    ):
        i += 1
    return words[i:]


def name_tokens(name: str) -> list[str]:
    """Lower-cased tokens of a person's name without titles or honorifics."""
    words = [w for w in re.split(r"[\s]+", name.replace("\u2019", "'")) if w]
    words = [re.sub(r"'s$", "", w).strip(".,") for w in words]
    toks = [w.lower() for w in _strip_honorifics([w for w in words if w])]
    while len(toks) > 1 and toks[-1] in _NAME_SUFFIXES:
        toks.pop()
    return toks


_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"}


def _tok_eq(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or a[0] != b[0]:
        return False
    return fuzz.ratio(a, b) >= 80  # Mohammad/Muhammad, Hassan/Hasan, Tallal/Talal


def _short_form(a: str, b: str) -> bool:
    """A given name and its short form: "Pat"/"Patrick", "Chris"/"Christopher"; or ``a`` an initial of
    ``b`` ("W"/"William"; never the other way: "Mike" is not the "M." of "John M. Ford")."""
    if len(a) == 1:
        return b.startswith(a)
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_.startswith(short)


def person_names_match(a: str, b: str) -> bool:
    """Whether two person names can name the same person ("Dar" ~ "Mohammad Ishaq Dar")."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if not _tok_eq(short[-1], long_[-1]):
        return False  # surnames must agree: a given name alone is too weak across articles
    # every token of the shorter name appears, in order, in the longer one
    j = 0
    for n, t in enumerate(short):
        while j < len(long_) and not (_tok_eq(t, long_[j]) or (n < len(short) - 1 and _short_form(t, long_[j]))):
            j += 1
        if j == len(long_):
            return False
        j += 1
    return True


_CORP_SUFFIXES = {"co", "corp", "corporation", "inc", "ltd", "limited", "plc", "llc", "sa", "ag", "nv",
                  "gmbh", "cos", "company", "incorporated", "lp", "llp", "bhd", "spa", "ab", "as", "oy"}


def _org_key(name: str) -> str:
    """Normalised organisation name for grouping: no leading country for generic bodies, no "Co"/"Inc"."""
    words = _org_core(name)[0].split()
    while len(words) > 1 and words[-1].rstrip(".") in _CORP_SUFFIXES:
        words.pop()
    return " ".join(words)


def _org_core(name: str) -> tuple[str, str | None]:
    """Normalised organisation name without a leading country: "Pakistan Foreign Office" ->
    ("foreign office", "Pakistan"); only for generic bodies, never for proper names."""
    norm = _norm(name)
    words = norm.split()
    if len(words) >= 2 and _generic_org(" ".join(words[1:])):
        first = name.replace("\u2019", "'").split()[0] if name.split() else ""
        first = re.sub(r"'s$", "", first)
        place = gazetteer.resolve_place(first)
        is_country = place is not None and place.kind == "country"
        country = place.name if place is not None and is_country else gazetteer.demonym_country(first)
        if country:
            return " ".join(words[1:]), country
    return norm, None


_GENERIC_HEADS = {
    "ministry", "office", "department", "government", "embassy", "parliament", "cabinet", "army", "police",
    "navy", "military", "court", "council", "agency", "commission", "committee", "forces", "assembly",
    "senate", "consulate", "administration", "authority", "authorities", "directorate", "bureau",
}


def _generic_org(name: str) -> bool:
    """A body every country has ("Foreign Ministry", "Ministry of Foreign Affairs"), not a proper name."""
    words = _norm(name).split()
    if " of " in f" {' '.join(words)} ":
        words = " ".join(words).split(" of ")[0].split()
    return bool(words) and words[-1] in _GENERIC_HEADS


def _acronym_of(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in ("of", "the", "and", "for", "'s")]
    return "".join(w[0] for w in words).upper()


def acronym_fits(acronym: str, name: str) -> bool:
    """Whether ``acronym``'s capitals are the initials, in order, of words of ``name`` (first one first):
    FO/"Foreign Office", TTP/"Tehreek-e-Taliban Pakistan", PoR/"Proof of Registration"."""
    caps = [ch.lower() for ch in acronym if ch.isupper()]
    words = re.split(r"[\s\-]+", name.replace("\u2019", "'"))
    initials = [w[0].lower() for w in words if w and w[0].isalpha()]
    if not caps or not initials or caps[0] != initials[0]:
        return False
    j = 0
    for ch in caps:
        while j < len(initials) and initials[j] != ch:
            j += 1
        if j == len(initials):
            return False
        j += 1
    return True


def _names(e: Entity) -> list[str]:
    return [e.name, *e.aliases]


def same_referent(a: Entity, b: Entity) -> bool:
    """Whether two entities (from one article or two) name the same real-world referent."""
    types = {a.type, b.type}
    if len(types) > 1 and types != {"ORG", "GROUP"}:
        return False
    if a.type == "PERSON":
        # canonical names only: an alias may be a given name alone ("Steven"), shared by many people
        return person_names_match(a.name, b.name)
    if a.type == "PLACE" or b.type == "PLACE":
        if a.place and b.place and a.place.country_code and b.place.country_code:
            return (a.place.name, a.place.country_code) == (b.place.name, b.place.country_code)
        return bool({_norm(x) for x in _names(a)} & {_norm(y) for y in _names(b)})
    if a.type == "GROUP" and b.type == "GROUP" and a.country and b.country:
        return a.country == b.country
    if a.country and b.country and a.country != b.country:
        return False
    na, nb = {_org_key(x) for x in _names(a)}, {_org_key(y) for y in _names(b)}
    if na & nb:
        return True
    for x in _names(a):
        for y in _names(b):
            if x.isupper() and 1 < len(x) <= 8 and _acronym_of(y) == x:
                return True
            if y.isupper() and 1 < len(y) <= 8 and _acronym_of(x) == y:
                return True
            if min(len(x), len(y)) >= 8 and fuzz.token_sort_ratio(_org_key(x), _org_key(y)) >= 92:
                return True
    return False


# ---------------------------------------------------------------- candidates
def _next(doc: Doc, i: int) -> int:
    """Index of the first non-space token at or after ``i`` (``len(doc)`` if none)."""
    while i < len(doc) and doc[i].is_space:
        i += 1
    return i


def _prev(doc: Doc, i: int) -> int:
    """Index of the last non-space token at or before ``i`` (-1 if none)."""
    while i >= 0 and doc[i].is_space:
        i -= 1
    return i


def _span_text(doc: Doc, c: _Cand) -> str:
    return doc[c.start : c.end].text


def hard_wrapped(text: str) -> bool:
    """Whether the text's line breaks are a fixed-width wrap (wire copy) rather than paragraph ends."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 4:
        return False
    wrapped = sum(35 <= len(ln) <= 90 for ln in lines)
    return wrapped >= 0.7 * len(lines) and max(len(ln) for ln in lines) <= 100


def _initial(doc: Doc, text: str) -> list[_Cand]:
    out: list[_Cand] = []
    wrapped = hard_wrapped(text)
    for ent in doc.ents:
        label = _TYPES.get(ent.label_)
        if label is None:
            continue
        # cut at line breaks: the first piece keeps the label, later pieces only if they are places
        pieces: list[tuple[int, int]] = []
        s = ent.start
        for t in ent:
            nxt = t.i + 1
            while nxt < ent.end and doc[nxt].is_space:
                nxt += 1
            gap = t.text + t.whitespace_ if t.is_space else t.whitespace_
            # a line break inside a name is a hard wrap unless a new sentence or paragraph starts
            if "\n" in gap and nxt < ent.end and (not wrapped or doc[nxt].is_sent_start or "\n\n" in gap):
                end = t.i if t.is_space else t.i + 1
                if s < end:
                    pieces.append((s, end))
                s = nxt
        if s < ent.end:
            pieces.append((s, ent.end))
        for n, (a, b) in enumerate(pieces):
            if n == 0:
                out.append(_Cand(a, b, label))
            elif gazetteer.resolve_place(doc[a:b].text) is not None:
                out.append(_Cand(a, b, "PLACE"))
    return out


def _repair(doc: Doc, cands: list[_Cand]) -> tuple[list[_Cand], dict[str, _Cand]]:
    """Trim, split and relabel spaCy spans; return candidates and acronym definitions."""
    out: list[_Cand] = []
    acronyms: dict[str, _Cand] = {}
    for c in cands:
        a, b = c.start, c.end
        # split at an opening parenthesis: "Pakistan's Foreign Office (FO"
        paren = next((t.i for t in doc[a:b] if t.text == "("), None)
        acr: tuple[int, int] | None = None
        if paren is not None:
            close = next((t.i for t in doc[paren:min(len(doc), paren + 6)] if t.text == ")"), None)
            inner_end = min(b, close) if close is not None else b
            if paren + 1 < inner_end:
                acr = (paren + 1, inner_end)
            b = paren
        while a < b and (doc[a].lower_ in ("the", "a", "an") or doc[a].is_punct or doc[a].is_space):
            a += 1
        while b > a and (doc[b - 1].text in _POSS or doc[b - 1].is_punct or doc[b - 1].is_space
                         or doc[b - 1].lower_ in ("of", "and", "for", "the", "in", "on")):
            b -= 1
        if a >= b:
            continue
        owner = None
        # a possessive inside the span: "Pakistan's Foreign Office" -> place + organisation
        poss = next((t.i for t in doc[a:b] if t.text in _POSS and t.i > a), None)
        place = gazetteer.resolve_place(doc[a:poss].text) if poss is not None else None
        if place is not None and place.kind != "country" and gazetteer.population(doc[a:poss].text) < 100_000:
            place = None  # "Sam's Club": not the small town of Sam
        # split only where the owner is a place or the rest a generic body: not "Fruit Exporters' Association"
        if poss is not None and c.label in ("ORG", "PLACE", "PERSON") and poss + 1 < b and (
            place is not None
            or (doc[poss].text not in ("'", "\u2019") and _generic_org(doc[poss + 1 : b].text))
        ):
            owner_span = doc[a:poss]
            out.append(_Cand(a, poss, "PLACE" if place else "ORG"))
            owner = place.name if place and place.kind == "country" else owner_span.text
            a = poss + 1
        while c.label == "PERSON" and b - a > 1 and doc[a].text in _FURNITURE:
            a += 1  # "Follow Newsbeat on Twitter", "Insider Jason La Canfora": page furniture, bylines
        nc = _Cand(a, b, c.label, owner=owner)
        if c.label == "PERSON":
            words = [t.text for t in doc[a:b]]
            kept = _strip_honorifics(words)
            nc.start = b - len(kept)
            # a person span that is only titles is junk
            if all(w.lower().rstrip(".") in HONORIFICS or roles.is_title_word(w) for w in kept):
                continue
        out.append(nc)
        if acr is not None:
            acr_text = doc[acr[0] : acr[1]].text
            if _ACRONYM.match(acr_text) and acronym_fits(acr_text, doc[nc.start : nc.end].text):
                acronyms[acr_text] = nc
                out.append(_Cand(acr[0], acr[1], nc.label, acronym_of=nc))
    return out, acronyms


# Words of page furniture and bylines that spaCy glues to the name after them.
_FURNITURE = {"Follow", "Contact", "Subscribe", "Listen", "Email", "Tweet", "Insider", "Columnist", "Reporter",
              "Correspondent", "By"}

_ORG_HEADS = {
    "organisation", "organization", "authority", "bank", "ministry", "department", "office", "council",
    "commission", "committee", "union", "federation", "institute", "league", "bureau", "association",
    "university", "court", "agency", "party", "front", "movement", "government", "fund", "board",
    "conference", "assembly", "church", "academy", "chamber", "society", "foundation", "centre", "center",
}


def _merge_of(doc: Doc, cands: list[_Cand], acronyms: dict[str, _Cand]) -> list[_Cand]:
    """"Organisation" + "of" + "African Unity" -> one organisation ("Monetary Authority of Singapore")."""
    by_start = {c.start: c for c in cands}
    dead: set[int] = set()
    for c in sorted(cands, key=lambda c: c.start):
        if id(c) in dead or c.label != "ORG" or c.acronym_of is not None:
            continue
        of = _next(doc, c.end)
        if doc[c.end - 1].lower_ not in _ORG_HEADS or of + 1 >= len(doc) or doc[of].lower_ != "of":
            continue
        nxt = by_start.get(_next(doc, of + 1))
        if nxt is None or nxt.label == "PERSON" or nxt.acronym_of is not None:
            continue
        c.end = nxt.end
        dead.add(id(nxt))
        for other in cands:
            if other.acronym_of is nxt:
                other.acronym_of = c
        for k, v in list(acronyms.items()):
            if v is nxt:
                acronyms[k] = c
    return [c for c in cands if id(c) not in dead]


def _adopt_pattern_orgs(
    doc: Doc, cands: list[_Cand], acronyms: dict[str, _Cand], wrapped: bool
) -> list[_Cand]:
    """Add pattern organisations that cover spaCy's fragments (which they replace) or fill a gap."""
    out = list(cands)
    for p in _pattern_orgs(doc, wrapped) + _acronym_expansions(doc):
        # against what is kept so far, not the input: two patterns may cover one fragment (the first
        # already replaced it) or overlap each other (the second must see the first)
        inside = [c for c in out if c.start < p.end and p.start < c.end]
        if any(c.label == "PERSON" and not (p.start <= c.start and c.end <= p.end) for c in inside):
            continue
        if any(c.start < p.start or c.end > p.end for c in inside):
            continue  # spaCy's span reaches further: keep it
        if any(c.start == p.start and c.end == p.end for c in inside):
            continue
        gone = {id(c) for c in inside}
        out = [c for c in out if id(c) not in gone]  # by identity: two candidates may be equal dataclasses
        for c in inside:
            for k, v in list(acronyms.items()):
                if v is c:
                    acronyms[k] = p
            for other in out:
                if other.acronym_of is c:
                    other.acronym_of = p
        out.append(p)
    return sorted(out, key=lambda c: c.start)


def _postfixed(doc: Doc, cands: list[_Cand], acronyms: dict[str, _Cand]) -> None:
    """Acronyms defined right after an entity ("Tehreek-e-Taliban Pakistan (TTP)") and owners
    written before it ("Afghanistan's Foreign Ministry", "the Afghan Foreign Ministry")."""
    for c in cands:
        if c.acronym_of is not None or c.canon is not None:
            continue
        op = _next(doc, c.end)
        if op + 2 < len(doc) and doc[op].text == "(" and doc[op + 2].text == ")":
            acr_text = doc[op + 1].text
            if (_ACRONYM.match(acr_text) and acr_text not in acronyms and c.label in ("ORG", "PLACE", "GROUP")
                    and acronym_fits(acr_text, _span_text(doc, c))):
                acronyms[acr_text] = c
        if c.label == "ORG" and c.owner is None:
            c.owner = _org_core(_span_text(doc, c))[1]
        if c.label == "ORG" and c.owner is None and c.start > 0:
            prev = doc[_prev(doc, c.start - 1)]
            if prev.text in _POSS and prev.i > 0:
                place = gazetteer.resolve_place(doc[_prev(doc, prev.i - 1)].text)
                if place is not None and place.kind == "country":
                    c.owner = place.name
            elif prev.ent_type_ == "NORP" or gazetteer.demonym_country(prev.text):
                c.owner = gazetteer.demonym_country(prev.text)


def _extend(doc: Doc, cands: list[_Cand]) -> None:
    """Extend person spans over adjacent name tokens and organisations over hyphenated parts."""
    for c in cands:
        if c.label == "PERSON":
            # right: "Amir Khan" + "Muttaqi" (tagged GPE) when "Khan" is a compound of "Muttaqi"
            while c.end < len(doc):
                nxt, last = doc[c.end], doc[c.end - 1]
                if not (nxt.pos_ == "PROPN" and nxt.is_title and nxt.is_alpha and last.whitespace_ == " "):
                    break
                if last.dep_ != "compound" or last.head.i != nxt.i:
                    break
                if nxt.ent_type_ not in ("", "PERSON") and gazetteer.resolve_place(nxt.text) is not None:
                    break
                if roles.is_title_word(nxt.text):
                    break
                c.end += 1
            # left: an untagged given name that is a compound of the span
            while c.start > 0:
                prv = doc[c.start - 1]
                if not (prv.pos_ == "PROPN" and prv.is_title and prv.is_alpha and prv.whitespace_ == " "):
                    break
                if prv.ent_type_ or prv.dep_ != "compound":
                    break
                if prv.lower_ in HONORIFICS or roles.is_title_word(prv.text) or prv.text in _FURNITURE:
                    break
                if gazetteer.demonym_country(prv.text):
                    break
                if not (c.start <= prv.head.i < c.end):
                    break
                c.start -= 1
        elif c.label in ("ORG", "PLACE") and c.end < len(doc) and doc[c.end - 1].whitespace_ == "" \
                and doc[c.end].text == "-":
            end = c.end
            while end < len(doc) and doc[end - 1].whitespace_ == "" and not doc[end].is_space \
                    and doc[end].text not in ("(", ")", ",", "."):
                end += 1
            if not doc[end - 1].text[:1].isupper():
                continue  # "Iraq-imposed", "Pakistan-based": not part of a name
            # "Tehreek-e-Taliban" + "Pakistan": the hyphenated part modifies the next proper noun
            if end < len(doc) and doc[end].pos_ == "PROPN" and doc[end - 1].head.i == end:
                end += 1
            c.end = end
            c.label = "ORG"


def _join_org_person(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """An organisation followed by one word tagged PERSON that it is a compound of is one organisation:
    "Lockheed" (ORG) + "Martin" (PERSON)."""
    by_start = {c.start: c for c in cands}
    dead: set[int] = set()
    for c in cands:
        p = by_start.get(c.end)
        if c.label != "ORG" or p is None or p.label != "PERSON" or p.end - p.start != 1 or id(c) in dead:
            continue
        last = doc[c.end - 1]
        if last.whitespace_ == " " and last.dep_ == "compound" and last.head.i == p.start and doc[p.start].is_title:
            c.end = p.end
            dead.add(id(p))
    return [c for c in cands if id(c) not in dead]


def _drop_overlaps(cands: list[_Cand]) -> list[_Cand]:
    """Keep the longest of overlapping candidates (acronyms and descriptions win over their parts)."""
    order = sorted(cands, key=lambda c: (-(c.canon is not None), -(c.end - c.start), c.start))
    taken: set[int] = set()
    kept: list[_Cand] = []
    for c in order:
        toks = set(range(c.start, c.end))
        if toks & taken:
            continue
        taken |= toks
        kept.append(c)
    return sorted(kept, key=lambda c: c.start)


_STOP_POS = {"ADV", "VERB", "AUX", "DET", "PRON", "SCONJ", "ADP", "PART", "NUM", "PUNCT", "SPACE", "SYM"}


def _capital(tok) -> bool:  # noqa: ANN001 - a spaCy Token
    return tok.is_alpha and (tok.is_title or (tok.is_upper and len(tok) > 1)) and tok.pos_ not in _STOP_POS


def _pattern_orgs(doc: Doc, wrapped: bool) -> list[_Cand]:
    """Capitalised names ending in an organisation noun that spaCy missed or cut:
    "The Harbour and Dock Workers' Union (HDWU)", "Fruit Exporters' Association", "Bank of Ghana"."""
    out = []
    for head in doc:
        if head.lower_ not in _ORG_HEADS or not _capital(head):
            continue
        start = head.i
        i = head.i - 1
        while i >= 0:
            if doc[i].is_space:
                if not wrapped and doc[i].text.count("\n") > 1:
                    break  # a paragraph break
                i -= 1
                continue
            tok = doc[i]
            if _capital(tok) and tok.lower_ not in ("the", "a", "an") and not tok.is_sent_start:
                start = i
            elif _capital(tok) and tok.is_sent_start and tok.pos_ in ("PROPN", "NOUN", "ADJ"):
                start = i
                break
            elif tok.text in ("'", "\u2019") and i > 0 and doc[i - 1].lower_.endswith("s"):
                pass  # "Workers' Union"
            elif tok.lower_ in ("and", "&", "of", "for") and i > 0 and _capital(doc[_prev(doc, i - 1)]):
                pass
            else:
                break
            i -= 1
        end = head.i + 1
        # "Bank of England", "Organisation of African Unity"
        j = end
        while j + 1 < len(doc) and doc[j].lower_ in ("of", "for"):
            k = j + 1
            if k < len(doc) and doc[k].lower_ == "the":
                k += 1
            m = k
            while m < len(doc) and (_capital(doc[m]) or (doc[m].lower_ in ("and", "&") and m + 1 < len(doc)
                                                        and _capital(doc[m + 1]))):
                m += 1
            if m == k:
                break
            end = j = m
        if end - start >= 2 and _capital(doc[start]):
            out.append(_Cand(start, end, "ORG"))
    return out


def _acronym_expansions(doc: Doc) -> list[_Cand]:
    """The name before "(ACR)" whose initials spell the acronym, when spaCy missed it:
    "the Pakistan Tehreek-e-Insaf (PTI)" (a variant of Schwartz and Hearst's matching)."""
    out = []
    for tok in doc:
        if tok.text != "(" or tok.i + 2 >= len(doc) or doc[tok.i + 2].text != ")":
            continue
        acr = doc[tok.i + 1].text
        if not _ACRONYM.match(acr) or sum(ch.isupper() for ch in acr) < 2:
            continue
        after = doc[tok.i + 3] if tok.i + 3 < len(doc) else None
        if after is not None and _THING_HEADS & {after.lemma_.lower(), after.lower_.rstrip("s")}:
            continue  # "Proof of Registration (PoR) cards": a document, not an actor
        start = None
        i = tok.i - 1
        while i >= 0 and tok.i - i <= 3 * len(acr) + 2:
            t = doc[i]
            if t.is_space or "\n" in t.whitespace_ or (t.pos_ in _STOP_POS and t.text not in ("-", "'", "&")
                                                        and t.lower_ not in ("of", "for", "and")):
                break
            if _capital(t) and acronym_fits(acr, doc[i : tok.i].text):
                start = i  # keep the longest that fits
            i -= 1
        if start is not None and tok.i - start >= 2:
            out.append(_Cand(start, tok.i, "ORG"))
    return out


def _descriptions(doc: Doc, text: str) -> list[_Cand]:
    out = []
    for pattern, name, aliases in _DESCRIPTIONS:
        for m in pattern.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                out.append(_Cand(span.start, span.end, "ORG", canon=name, aliases=list(aliases)))
    return out


def _is_thing(doc: Doc, c: _Cand) -> bool:
    """An ORG span that names a document or scheme rather than an actor."""
    span = doc[c.start : c.end]
    root = span.root
    if root.lemma_.lower() in _THING_HEADS or root.lower_.rstrip("s") in _THING_HEADS:
        return True
    if root.dep_ in ("compound", "appos", "nmod") and not (c.start <= root.head.i < c.end):
        h = root.head
        if h.lemma_.lower() in _THING_HEADS or h.lower_.rstrip("s") in _THING_HEADS:
            return True
    return False


_NOT_ENTITIES = {"GMT", "BST", "EST", "EDT", "PST", "PDT", "CET", "CEST", "IST", "UTC", "CST", "CDT", "MST",
                 "MDT", "AEST", "JST", "PKT", "AFT", "AM", "PM", "CEO", "CFO", "COO", "CTO", "FM"}


def _junk(doc: Doc, c: _Cand) -> bool:
    text = _span_text(doc, c)
    if text in _NOT_ENTITIES:
        return True
    if sum(ch.isalpha() for ch in text) < 2 or not text[0].isalnum():
        return True
    if text[0].islower() and not text.isupper() and c.canon is None and c.label != "GROUP":
        return True
    words = [t.text for t in doc[c.start : c.end]]
    nxt = _next(doc, c.end)
    before_title = nxt < len(doc) and doc[nxt].lower_ in roles.TITLE_HEADS
    titled = before_title or words[-1].lower() in roles.TITLE_HEADS
    if c.canon is None and c.label in ("ORG", "PERSON") and titled and all(
        w.lower().rstrip(".") in HONORIFICS or roles.is_title_word(w) or gazetteer.demonym_country(w)
        or w.lower() in ("and", "of", "the")
        for w in words
    ):
        return True  # "Acting Afghan Foreign" (Minister), "Transport" (Minister), "President"
    if c.label == "ORG" and _is_thing(doc, c):
        return True
    if c.label == "PERSON" and any(ch.isdigit() for ch in text):
        return True  # "Revs 291.8"
    # "Minister of State for Foreign Affairs", "Secretary of State", "Chief of Staff"
    of = _prev(doc, c.start - 1)
    return bool(
        words[0] in ("State", "Staff") and of >= 1 and doc[of].lower_ == "of"
        and doc[_prev(doc, of - 1)].lower_ in roles.TITLE_HEADS
    )


_ORG_SUFFIXES = _ORG_HEADS | {
    "hospital", "school", "college", "company", "corp", "corporation", "inc", "ltd", "llc", "plc", "group",
    "club", "team", "institution", "network", "times", "post", "news", "journal", "agency", "service",
    "systems", "technologies", "industries", "airlines", "airways", "motors", "studios", "records", "labs",
    "holdings", "ventures", "aerospace", "pharmaceuticals", "entertainment",
}


_STATE_AGENTS = {"GOV", "MIL", "LEG", "JUD", "SPY", "COP"}
_PLACE_PREFIXES = {"mt", "mount", "lake", "port", "fort", "cape", "gulf", "bay", "isle", "river", "camp"}


def _relabel(doc: Doc, c: _Cand, context: frozenset[str], near: str | None = None) -> None:
    text = _span_text(doc, c)
    words = text.split()
    last = words[-1].lower().rstrip(".") if words else ""
    if c.label in ("PERSON", "ORG") and len(words) > 1 and words[0].lower().rstrip(".") in _PLACE_PREFIXES:
        c.label = "PLACE"  # "Mt Cook", "Port Hallbrook"
        return
    if c.label == "PERSON" and len(words) > 1 and last in _ORG_SUFFIXES | _PLACE_SUFFIXES:
        c.label = "PLACE" if last in _PLACE_SUFFIXES else "ORG"  # "Betty Ford Center"
        return
    named = c.label in ("PLACE", "GROUP", "ORG") and c.canon is None
    code = (actors.named_actor_code(text) or "") if named else ""
    if code[:3] in ("IGO", "NGO") or (len(code) >= 6 and code[3:6] in _STATE_AGENTS):
        c.label = "ORG"  # "UN" tagged GPE; "White House", "Kremlin", "Pentagon": institutions, not places
        return
    country_person = c.label == "PERSON" and c.end - c.start == 1 and gazetteer.is_country(text)
    if country_person or (c.label in ("ORG", "PLACE") and last in _PLACE_SUFFIXES and len(text.split()) > 1):
        c.label = "PLACE"
    elif c.label == "ORG" and c.canon is None and c.acronym_of is None:
        place = gazetteer.resolve_place(text, context, near)
        if place is None:
            return
        if place.kind == "city" and not (gazetteer.is_capital(place) or _is_locative(doc[c.end - 1]) or near
                                         or gazetteer.population(text, context) >= 1_000_000):
            return  # "Toyota's top-selling vehicle": a company named like a town, not the town
        if place.kind in ("country", "city") or place.country_code in context:
            c.label = "PLACE"  # capital metonymy ("Islamabad said") is still a place; so is a region
    elif c.label == "GROUP":
        place = gazetteer.resolve_place(text)
        if place is not None and place.kind == "country" and gazetteer.demonym_country(text) is None:
            c.label = "PLACE"


# ---------------------------------------------------------------- grouping
def _pname(doc: Doc, c: _Cand) -> str:
    """A person mention's name: its text, or the full name it stands for ("Joe" in "Joe and Hunter Biden")."""
    return c.canon if c.canon and c.label == "PERSON" else _span_text(doc, c)


def _plen(c: _Cand) -> int:
    return len(c.canon.split()) if c.canon and c.label == "PERSON" else c.end - c.start


def _coordinated_given_names(doc: Doc, cands: list[_Cand]) -> None:
    """"Joe and Hunter Biden": a given name coordinated with a full name shares its surname, so the
    first is "Joe Biden", another person (never a mention of Hunter Biden)."""
    by_end = {c.end: c for c in cands}
    for c in cands:
        if c.label != "PERSON" or c.end - c.start != 2 or c.start < 2 or doc[c.start - 1].lower_ not in ("and", "&"):
            continue
        g = doc[c.start - 2]
        if not (g.is_title and g.is_alpha and g.pos_ == "PROPN") or g.lower_ in HONORIFICS:
            continue
        if g.i > 0 and doc[g.i - 1].is_title and doc[g.i - 1].pos_ == "PROPN" and doc[g.i - 1].whitespace_:
            continue  # "Mary Smith and Hunter Biden": a full name before "and"
        prev = by_end.get(g.i + 1)
        if prev is not None and (prev.start != g.i or prev.label != "PERSON"):
            continue
        name = f"{g.text} {doc[c.end - 1].text}"
        if prev is not None:
            prev.canon = name
        else:
            new = _Cand(g.i, g.i + 1, "PERSON", canon=name)
            cands.append(new)
            by_end[new.end] = new
    cands.sort(key=lambda c: c.start)


def _person_clusters(doc: Doc, cands: list[_Cand]) -> list[list[_Cand]]:
    persons = [c for c in cands if c.label == "PERSON"]
    clusters: list[list[_Cand]] = []
    full = [c for c in persons if _plen(c) >= 2]
    # longest names first so that "Ishaq Dar" joins "Mohammad Ishaq Dar"
    for c in sorted(full, key=lambda c: (-_plen(c), c.start)):
        text = _pname(doc, c)
        match = next((cl for cl in clusters if person_names_match(text, _pname(doc, cl[0]))), None)
        if match is not None:
            match.append(c)
        else:
            clusters.append([c])
    for c in (c for c in persons if _plen(c) < 2):
        text = _span_text(doc, c)
        options = [cl for cl in clusters if _plen(cl[0]) >= 2 and person_names_match(text, _pname(doc, cl[0]))]
        if len(options) > 1 and _ambiguous(doc, options, c.start):
            # "Biden" after "Joe and Hunter Biden": either of two people; stays apart from both
            options = [cl for cl in clusters if all(_plen(m) < 2 for m in cl)
                       and _span_text(doc, cl[0]).lower() == text.lower()]
            if options:
                options[0].append(c)
            else:
                clusters.append([c])
            continue
        if not options:
            options = [cl for cl in clusters if _span_text(doc, cl[0]).lower() == text.lower()]
        if not options:
            # a given name alone ("Kathina" after "Kathina Thomas"): only if one person has it
            given = [cl for cl in clusters if _plen(cl[0]) >= 2
                     and name_tokens(_pname(doc, cl[0]))[:1] == [text.lower()]]
            options = given if len(given) == 1 else []
        if options:
            min(options, key=lambda cl, at=c.start: _distance(cl, at)).append(c)
        else:
            clusters.append([c])
    return clusters


def _ambiguous(doc: Doc, options: list[list[_Cand]], at: int) -> bool:
    """Whether a bare surname fits two full names equally: none of them named before it, or the two
    named last both named in one sentence ("Joe and Hunter Biden"). Otherwise the latest one wins."""
    last = sorted((max((m.start for m in cl if _plen(m) >= 2 and m.start <= at), default=-1) for cl in options),
                  reverse=True)
    if last[0] < 0:
        return True
    return last[1] >= 0 and doc[last[0]].sent.start == doc[last[1]].sent.start


def _distance(cluster: list[_Cand], at: int) -> tuple[int, int]:
    """Nearest preceding mention first, then nearest following."""
    before = [m.start for m in cluster if m.start <= at and _plen(m) >= 2] or [
        m.start for m in cluster if m.start <= at]
    return (0, at - max(before)) if before else (1, min(m.start for m in cluster) - at)


def _suffixed(text: str) -> bool:
    """Whether a name ends or starts with a word that marks an organisation or a place."""
    words = text.lower().split()
    return bool(words) and (words[-1].rstrip(".") in _ORG_SUFFIXES | _PLACE_SUFFIXES
                            or words[0].rstrip(".") in _PLACE_PREFIXES)


def _add_person_mentions(doc: Doc, cands: list[_Cand], clusters: list[list[_Cand]]) -> list[_Cand]:
    """Relabel non-person spans that are a person's name; add untagged surname mentions."""
    surnames: dict[str, list[list[_Cand]]] = {}
    given: dict[str, list[list[_Cand]]] = {}
    fulls: dict[str, list[_Cand]] = {}
    for cl in clusters:
        longest = max(cl, key=_plen)
        toks = name_tokens(_pname(doc, longest))
        if toks and len(toks[-1]) >= 3:
            surnames.setdefault(toks[-1], []).append(cl)
        if len(toks) >= 2 and len(toks[0]) >= 3:
            given.setdefault(toks[0], []).append(cl)
        for m in cl:
            fulls[_pname(doc, m).lower()] = cl
    covered = {i for c in cands for i in range(c.start, c.end)}
    kept: list[_Cand] = []
    for c in cands:
        if c.label != "PERSON" and c.canon is None and c.acronym_of is None:
            text = _span_text(doc, c)
            low = text.lower()
            target = fulls.get(low)
            if target is None and low in surnames and len(surnames[low]) == 1:
                target = surnames[low][0]
            if target is None and len(given.get(low, ())) == 1 and low not in surnames \
                    and gazetteer.resolve_place(text) is None:
                target = given[low][0]  # a given name tagged as a place or organisation
            toks = [t for t in doc[c.start : c.end]]
            if target is None and 2 <= len(toks) <= 3 and all(t.is_title and t.is_alpha for t in toks) \
                    and len(surnames.get(toks[-1].lower_, ())) == 1 and not _suffixed(text) \
                    and _small_or_no_place(toks[0].text):
                target = surnames[toks[-1].lower_][0]  # "Peyton Manning" tagged ORG beside "Manning"
            if target is not None and not gazetteer.is_country(text):
                c.label = "PERSON"
                target.append(c)
        kept.append(c)
    for tok in doc:
        if tok.i in covered or not tok.is_title or tok.lower_ not in surnames:
            continue
        if len(surnames[tok.lower_]) != 1 or tok.pos_ not in ("PROPN", "NOUN", "X"):
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.pos_ == "PROPN" and nxt.is_title and tok.whitespace_:
            continue  # part of a longer, different name
        c = _Cand(tok.i, tok.i + 1, "PERSON")
        surnames[tok.lower_][0].append(c)
        kept.append(c)
    return kept


def _small_or_no_place(word: str) -> bool:
    """Whether a word is no place or only a small town's name ("Mason" in "Mason Rudolph")."""
    place = gazetteer.resolve_place(word)
    return place is None or (place.kind == "city" and gazetteer.population(word) < 100_000)


def _other_clusters(
    doc: Doc, cands: list[_Cand], acronyms: dict[str, _Cand], context: frozenset[str]
) -> list[list[_Cand]]:
    clusters: list[list[_Cand]] = []
    index: dict[tuple[str, str], list[_Cand]] = {}
    for c in cands:
        if c.label == "PERSON":
            continue
        text = _span_text(doc, c)
        target = c.acronym_of or (acronyms.get(text) if c.canon is None else None)
        if target is not None and target is not c and target.cluster >= 0:
            c.label = target.label
            clusters[target.cluster].append(c)
            c.cluster = target.cluster
            continue
        if c.label == "PLACE":
            place = gazetteer.resolve_place(text, context, c.near)
            key = ("PLACE", f"{place.name}|{place.country_code}" if place else _norm(text))
        elif c.label == "GROUP":
            country = gazetteer.demonym_country(text)
            key = ("GROUP", country or _norm(text).rstrip("s"))
        else:
            name = _org_key(c.canon or text)
            # generic bodies ("Foreign Ministry") are told apart by their owner country
            key = ("ORG", name + "|" + (c.owner or "") if _generic_org(name) else name)
            if key not in index and not c.owner and _generic_org(name):
                # an ownerless mention joins a same-named organisation with an owner
                key = next((k for k in index if k[0] == "ORG" and k[1].split("|")[0] == name), key)
        cl = index.get(key)
        if cl is None:
            cl = []
            index[key] = cl
            clusters.append(cl)
        cl.append(c)
        c.cluster = clusters.index(cl)
    # an undefined acronym joins the one organisation whose initials it is: "UN" / "United Nations"
    for cl in clusters:
        texts = {_span_text(doc, c) for c in cl}
        if not cl or cl[0].label != "ORG" or len(texts) != 1:
            continue
        acr = next(iter(texts))
        if not (acr.isupper() and 2 <= len(acr) <= 6 and acr.isalpha()):
            continue
        hits = [o for o in clusters if o is not cl and o and o[0].label == "ORG"
                and any(_acronym_of(_span_text(doc, c)) == acr for c in o)]
        if len(hits) == 1:
            hits[0].extend(cl)
            cl.clear()
    return [cl for cl in clusters if cl]


# ---------------------------------------------------------------- entities
def _entity(doc: Doc, text: str, cl: list[_Cand], sent_of: list[int], context: frozenset[str]) -> Entity:
    cl = sorted(cl, key=lambda c: c.start)
    label = cl[0].label if all(c.label == cl[0].label for c in cl) else max(
        {c.label for c in cl}, key=lambda lab: sum(c.label == lab for c in cl))
    if any(c.label == "PERSON" for c in cl):
        label = "PERSON"
    mentions = []
    for c in cl:
        start, end = doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1].text)
        while start < end and text[start] in _EDGE_JUNK:
            start += 1
        while end > start and text[end - 1] in _EDGE_JUNK:
            end -= 1
        mentions.append(EntityMention(start, end, text[start:end], sent_of[c.start]))
    texts = [" ".join(m.text.split()) for m in mentions]
    canon = next((c.canon for c in cl if c.canon), None)
    if canon:
        name = canon
    elif label == "PERSON":
        name = max(texts, key=lambda t: (len(t.split()), len(t)))
    else:
        non_acr = [t for t, c in zip(texts, cl, strict=True) if c.acronym_of is None] or texts
        name = max(non_acr, key=lambda t: (len(t.split()), len(t)))
    aliases: list[str] = []
    for c, t in zip(cl, texts, strict=True):
        for a in [t, *c.aliases]:
            if a != name and a not in aliases:
                aliases.append(a)
    entity = Entity(id="", name=name, type=label, mentions=mentions, aliases=aliases)
    if label == "PERSON":
        found: list[str] = []
        country = stated = None
        for c in cl:
            rs, owner = roles.roles_for(doc, c.start, c.end, HONORIFICS)
            found.extend(rs)
            if rs and owner and country is None:
                country = owner
            stated = stated or owner  # "his Afghan counterpart X": a country without a role
        entity.roles = roles.merge_roles(found)
        entity.country = country or stated
    elif label == "PLACE":
        near = next((c.near for c in cl if c.near), None)
        place = gazetteer.resolve_place(name, context, near)
        entity.place = place
        if place is not None:
            entity.name = name if place.kind != "country" else place.name
            if entity.name != name and name not in entity.aliases:
                entity.aliases.insert(0, name)
            entity.country = gazetteer.country_name(place.country_code)
    elif label == "GROUP":
        entity.country = gazetteer.demonym_country(name)
        plural = [t for t in texts if t.endswith("s")]
        if plural:
            entity.name = max(plural, key=len)
            entity.aliases = [a for a in dict.fromkeys([*texts, *aliases]) if a != entity.name]
    else:
        entity.country = next((c.owner for c in cl if c.owner), None)
        if entity.country is None:
            entity.country = _leading_country(name)
    entity.code = actors.entity_code(entity)
    if entity.type == "ORG" and entity.country is None and entity.code and len(entity.code) > 3:
        entity.country = gazetteer.country_of_code(entity.code)  # "Kremlin" (RUSGOV): Russia
    return entity


def _leading_country(name: str) -> str | None:
    """"Pakistan Ministry of Foreign Affairs" / "Afghan Foreign Ministry" -> the country."""
    first = name.split()[0] if name.split() else ""
    if len(name.split()) < 2:
        return None
    place = gazetteer.resolve_place(first)
    if place is not None and place.kind == "country":
        return place.name
    return gazetteer.demonym_country(first)


_LOCATIVE = {"in", "near", "outside", "inside", "across", "around", "at", "into", "through", "towards"}


def _is_locative(tok) -> bool:  # noqa: ANN001 - a spaCy Token
    """"in Harnby", "near Osterlin": the object of a locative preposition."""
    return tok.dep_ == "pobj" and tok.head.lower_ in _LOCATIVE


def _vote_labels(doc: Doc, cands: list[_Cand]) -> None:
    """One label per name in a document: ORG/PLACE disagreements go to the majority (a tie to PLACE)."""
    votes: dict[str, dict[str, int]] = {}
    for c in cands:
        if c.label == "GROUP" and gazetteer.demonym_country(_span_text(doc, c)) is None:
            c.label = "ORG" if c.end - c.start == 1 and _span_text(doc, c).isupper() else c.label  # "NYPD"
        if c.label in ("ORG", "PLACE") and c.canon is None and c.acronym_of is None:
            key = _norm(_span_text(doc, c))
            votes.setdefault(key, {}).setdefault(c.label, 0)
            votes[key][c.label] += 1
    for c in cands:
        if c.label in ("ORG", "PLACE") and c.canon is None and c.acronym_of is None:
            v = votes[_norm(_span_text(doc, c))]
            if len(v) > 1:
                c.label = "PLACE" if v.get("PLACE", 0) >= v.get("ORG", 0) else "ORG"


def _listed_with_orgs(doc: Doc, cands: list[_Cand]) -> None:
    """A one-word "person" listed with organisations and never with people is an organisation:
    "on Facebook, Twitter and YouTube". Every mention of that word changes (one referent, one type)."""
    at = {i: c for c in cands for i in range(c.start, c.end)}
    votes: dict[str, set[str]] = {}
    for c in cands:
        if c.label != "PERSON" or c.end - c.start != 1 or c.canon:
            continue
        tok = first = doc[c.start]
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        mates, todo = [], [first]
        while todo:  # the whole list: the first conjunct and its conjuncts, recursively
            t = todo.pop()
            mates.append(t)
            todo.extend(ch for ch in t.children if ch.dep_ == "conj")
        mates = [t for t in mates if t.i != tok.i]
        labels = {at[t.i].label for t in mates if t.i in at}
        votes.setdefault(tok.text, set()).update(labels)
    for c in cands:
        if c.label == "PERSON" and c.end - c.start == 1 and not c.canon:
            labels = votes.get(doc[c.start].text, set())
            if "ORG" in labels and "PERSON" not in labels:
                c.label = "ORG"


def _places_named_as_people(
    doc: Doc, cands: list[_Cand], clusters: list[list[_Cand]], context: frozenset[str]
) -> list[list[_Cand]]:
    """A "person" only ever named by one word that is a sizeable city ("Khartoum") or a word of a
    place's name in the same document ("Hallbrook" beside "Port Hallbrook") is that place."""
    place_words = {
        t.lower_ for c in cands if c.label == "PLACE" and c.end - c.start > 1 for t in doc[c.start : c.end]
    }
    kept = []
    for cl in clusters:
        texts = {_span_text(doc, c) for c in cl}
        if len(texts) == 1 and all(_plen(c) > 1 for c in cl) and not any(_named_as_person(doc, c) for c in cl):
            text = texts.pop()
            place = gazetteer.resolve_place(text, context)
            if place is not None and place.kind == "city" and gazetteer.population(text, context) >= 50_000:
                for c in cl:  # "the Argus Leader of Sioux Falls": a city's full name, never a person's
                    c.label = "PLACE"
                continue
        if all(_plen(c) == 1 for c in cl):
            text = _span_text(doc, cl[0])
            locative = sum(_is_locative(doc[c.start]) for c in cl)
            city = gazetteer.population(text, context) >= 50_000 and not any(_named_as_person(doc, c) for c in cl)
            if text.lower() in place_words or city or locative * 3 >= len(cl) * 2:
                for c in cl:
                    c.label = "PLACE"
                continue
            # "the Selm valley", "The Selm last flooded": people do not take "the"
            the = [c for c in cl if c.start > 0 and doc[c.start - 1].lower_ == "the"]
            if the and len(the) * 2 >= len(cl):
                place = any(c.end < len(doc) and doc[c.end].lower_ in _PLACE_SUFFIXES for c in cl)
                for c in cl:
                    c.label = "PLACE" if place else "ORG"
                continue
        kept.append(cl)
    return kept


def _named_as_person(doc: Doc, c: _Cand) -> bool:
    """A mention written as a person's name: after an honorific or title ("Queen Elizabeth"), before a
    regnal number ("Elizabeth II") or next to another capitalised name word ("Lockheed Martin")."""
    prv = _prev(doc, c.start - 1)
    if prv >= 0 and (doc[prv].lower_.rstrip(".") in HONORIFICS or roles.is_title_word(doc[prv].text)):
        return True
    nxt = _next(doc, c.end)
    if nxt < len(doc) and doc[nxt].text in ("II", "III", "IV", "Jr", "Jr.", "Sr", "Sr."):
        return True
    for i in (c.start - 1, c.end):
        if not 0 <= i < len(doc):
            continue
        t, gap = doc[i], doc[min(i, c.end - 1)].whitespace_
        if gap == " " and t.is_title and t.is_alpha and t.pos_ == "PROPN" and not (i == c.end and t.is_sent_start):
            return True
    return False


def _link_descriptions(doc: Doc, entities: list[Entity], sent_of: list[int]) -> None:
    """Add "the acting Afghan premier", "the Afghan Foreign Minister", "Afghan FM" as mentions of the one
    person the document names with that role (and country, when the description states one)."""
    persons = [e for e in entities if e.type == "PERSON" and e.roles]
    if not persons:
        return
    # owners ("Afghan", "Pakistan's") may be mentions of groups and places; people and organisations not
    covered = {i for e in entities if e.type in ("PERSON", "ORG") for m in e.mentions
               for i in range(m.start, m.end)}
    for tok in doc:
        if tok.lower_ not in roles.TITLE_HEADS or tok.idx in covered:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and (nxt.pos_ == "PROPN" or roles.is_title_word(nxt.text) or nxt.text in "-,"):
            continue  # a title before a name, or the first part of a longer title or apposition
        if nxt is not None and nxt.lower_ in ("and", "&") and tok.i + 2 < len(doc) and (
            roles.is_title_word(doc[tok.i + 2].text) or doc[tok.i + 2].is_title
        ):
            continue  # "Deputy Prime Minister and Foreign Minister Ishaq Dar"
        found, owner, start = roles.title_phrase(doc, tok.i + 1, HONORIFICS)
        if len(found) != 1 or any(doc[i].idx in covered for i in range(start, tok.i + 1)):
            continue
        determined = start > 0 and doc[start - 1].lower_ == "the"
        if owner is None and not determined:
            continue  # "a foreign minister", "its foreign minister": too vague
        core = roles.core_role(found[0])
        matches = [p for p in persons if any(roles.core_role(r) == core for r in p.roles)
                   and (owner is None or p.country == owner)]
        if len(matches) != 1:
            continue
        first = start
        while first <= tok.i and (doc[first].text in ("'s", "\u2019s") or doc[first].is_punct):
            first += 1
        begin, end = doc[first].idx, tok.idx + len(tok.text)
        matches[0].mentions.append(EntityMention(begin, end, doc.text[begin:end], sent_of[first]))
        matches[0].mentions.sort(key=lambda m: m.start)
        covered.update(range(begin, end))


def _country_after(doc: Doc, c: _Cand, by_start: dict[int, _Cand]) -> str | None:
    """The country (ISO alpha-2) of ", <country or first-level region>" right after a candidate:
    "Paris, Texas", "Irving, TX", "Paris, Tenn.", "Hyderabad, Pakistan"."""
    if c.end >= len(doc) or doc[c.end].text != ",":
        return None
    first = _next(doc, c.end + 1)
    nxt = by_start.get(first)
    if nxt is not None and nxt.label == "PLACE":
        where = _span_text(doc, nxt)
    else:  # "Paris, Tenn." is often not tagged: one capitalised word (or a postal code: "TX")
        if first >= len(doc) or not (doc[first].is_title or (doc[first].is_upper and len(doc[first]) == 2)):
            return None
        end = first + 1
        if end < len(doc) and doc[end].text == "." and not doc[end - 1].whitespace_:
            end += 1
        where = doc[first:end].text
    if _span_text(doc, c).lower() == where.lower():
        return None
    if gazetteer.is_us_postal_state(where):
        return "US"
    place = gazetteer.resolve_place(where)
    if place is None or place.kind not in ("country", "region") or not place.country_code:
        return None
    return place.country_code


def _mark_near(doc: Doc, cands: list[_Cand]) -> None:
    """A place followed by ", <country or first-level region>" is in that country (the country wins
    over every other reading: "Paris, Texas" is not Paris, France)."""
    by_start = {c.start: c for c in cands}
    for c in cands:
        if c.label == "PLACE":
            c.near = _country_after(doc, c, by_start)


def _context_countries(doc: Doc, cands: list[_Cand]) -> frozenset[str]:
    """ISO alpha-2 codes of the countries a document names or whose people it names."""
    codes = set()
    for c in cands:
        text = _span_text(doc, c)
        if c.label == "PLACE":
            code = gazetteer.country_alpha2(text)
        elif c.label == "GROUP":
            code = gazetteer.demonym_alpha2(text)
        else:
            continue
        if code:
            codes.add(code)
    return frozenset(codes)


def extract_entities(doc: Doc) -> list[Entity]:
    """Entities of ``doc`` with their mentions (offsets into ``doc.text``), one per referent."""
    sent_of = [0] * len(doc)
    for i, sent in enumerate(doc.sents):
        for tok in sent:
            sent_of[tok.i] = i
    text = doc.text  # spaCy rebuilds it on each access: read once
    cands, acronyms = _repair(doc, _initial(doc, text))
    _extend(doc, cands)
    cands = _join_org_person(doc, cands)
    cands = _merge_of(doc, cands, acronyms)
    cands = _adopt_pattern_orgs(doc, cands, acronyms, hard_wrapped(text))
    _postfixed(doc, cands, acronyms)
    cands = _drop_overlaps(cands + _descriptions(doc, text))
    cands = [c for c in cands if not _junk(doc, c)]
    alive = {id(c) for c in cands}
    acronyms = {k: v for k, v in acronyms.items() if id(v) in alive}
    cands = [c for c in cands if c.acronym_of is None or id(c.acronym_of) in alive]
    # untagged uses of a defined acronym ("the FO said" where spaCy tagged nothing)
    covered = {i for c in cands for i in range(c.start, c.end)}
    for tok in doc:
        if tok.text in acronyms and tok.i not in covered:
            cands.append(_Cand(tok.i, tok.i + 1, acronyms[tok.text].label, acronym_of=acronyms[tok.text]))
    context = _context_countries(doc, cands)
    by_start = {c.start: c for c in cands}
    for c in cands:
        _relabel(doc, c, context, _country_after(doc, c, by_start))
    _mark_near(doc, cands)
    _vote_labels(doc, cands)
    _coordinated_given_names(doc, cands)
    _listed_with_orgs(doc, cands)
    person_clusters = _person_clusters(doc, cands)
    cands = _add_person_mentions(doc, cands, person_clusters)
    person_clusters = _places_named_as_people(doc, cands, person_clusters, context)
    context = _context_countries(doc, cands)
    others = _other_clusters(doc, sorted(cands, key=lambda c: c.start), acronyms, context)
    entities = [_entity(doc, text, cl, sent_of, context) for cl in person_clusters + others if cl]
    _link_descriptions(doc, entities, sent_of)
    entities.sort(key=lambda e: e.mentions[0].start)
    for n, e in enumerate(entities, 1):
        e.id = f"e{n}"
    return entities
