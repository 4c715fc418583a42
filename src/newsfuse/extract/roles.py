"""Roles and titles of people, from the forms news uses.

* Pre-nominal titles: "Pakistan's Deputy Prime Minister and Foreign Minister Ishaq Dar",
  "Acting Afghan Foreign Minister Amir Khan Muttaqi", "Taliban spokesman Zabihullah Mujahid".
* Appositions, either side of the name (from the dependency parse, with a fallback for a title
  phrase ending at the comma before the name): "Mullah Muhammad Hassan Akhund, head of
  Afghanistan's Taliban government"; "the Afghan deputy minister for financial and
  administrative affairs, Mohammad Naeem"; "Tehran's envoy to Kabul, Hassan Kazemi Qomi".
* "his Afghan counterpart Amir Khan Muttaqi": no role, but the country.

``title_phrase`` and ``core_role`` also let ``entities`` link descriptions ("the acting Afghan
premier") to the one named person with that role.

The owner of the role (a country, from a possessive, a national adjective or a "of <country>",
or an organisation) is returned separately, and removed from the role: "Deputy Prime Minister"
with country "Pakistan". Roles are title-cased ("Head of the Taliban Government") so that the
same role written differently in two articles compares equal.

There is no well-kept library for job-title extraction from parsed English, so this is a small
lexicon of title nouns and modifiers plus a walk over the parse.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsfuse.extract import gazetteer

TITLE_HEADS = {
    "minister", "premier", "president", "secretary", "spokesman", "spokeswoman", "spokesperson",
    "ambassador", "envoy", "chief", "head", "governor", "mayor", "general", "commander", "leader",
    "chairman", "chairwoman", "chairperson", "chair", "director", "king", "queen", "prince",
    "princess", "emir", "senator", "lawmaker", "judge", "justice", "officer", "official",
    "representative", "adviser", "advisor", "coordinator", "commissioner", "chancellor", "speaker",
    "ceo", "founder", "editor", "correspondent", "prosecutor", "negotiator", "diplomat", "consul",
    "councillor", "councilor", "inspector", "marshal", "colonel", "captain", "admiral", "lieutenant",
    "sergeant", "cleric", "imam", "pope", "bishop", "archbishop", "rabbi", "monarch", "ruler",
    "sultan", "fm", "pm", "mp", "mep", "attorney", "secretary-general", "vice-president",
    "vice-chancellor", "deputy", "undersecretary", "under-secretary", "administrator", "manager",
    "executive", "rapporteur", "high commissioner", "attache", "counsellor", "member",
    "superintendent", "inspector-general", "coach", "cto", "cfo", "coo", "cio", "vp", "evp", "svp",
    "commissar", "dictator", "strongman", "warlord", "aide", "councilman", "councilwoman", "congressman",
    "congresswoman", "assemblyman", "assemblywoman", "alderman", "legislator",
}
TITLE_MODIFIERS = {
    "acting", "deputy", "vice", "former", "ex", "interim", "caretaker", "senior", "chief", "prime",
    "foreign", "interior", "defence", "defense", "finance", "home", "state", "federal", "provincial",
    "junior", "assistant", "top", "outgoing", "incoming", "supreme", "executive", "general", "special",
    "first", "second", "principal", "permanent", "grand", "lord", "high", "under", "army", "military",
    "police", "intelligence", "information", "trade", "commerce", "economy", "economic", "health",
    "education", "justice", "energy", "planning", "religious", "affairs", "external", "labour", "labor",
    "communications", "security", "national", "refugees", "repatriation", "migration", "border", "staff",
    # portfolios: "Transport Minister", "Oil Minister"
    "transport", "agriculture", "environment", "culture", "tourism", "industry", "water", "petroleum", "oil",
    "mines", "mining", "railways", "housing", "development", "science", "technology", "sports", "youth",
    "women", "immigration", "treasury", "fisheries", "forestry", "telecommunications", "media", "aviation",
    "maritime", "shipping", "ports", "revenue", "welfare", "navy", "parliamentary", "cabinet", "civil",
}
# Relational nouns that look like titles but are not roles.
NOT_ROLES = {"counterpart", "colleague", "friend", "son", "daughter", "wife", "husband", "brother",
             "sister", "father", "mother", "member"}
_SMALL = {"of", "for", "and", "the", "in", "on", "to", "at", "a", "an", "with", "by", "from"}
_POSS = {"'s", "\u2019s", "'", "\u2019"}
_DETS = {"the", "a", "an", "his", "her", "its", "their", "then"}


def is_title_word(word: str) -> bool:
    w = word.lower()
    return w in TITLE_HEADS or w in TITLE_MODIFIERS


def _title_case(words: list[str]) -> str:
    out = []
    for i, w in enumerate(words):
        lw = w.lower()
        if i > 0 and lw in _SMALL:
            out.append(lw)
        elif w.isupper() and len(w) > 1:
            out.append(w)  # FM, UN
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out).replace(" - ", "-")


def _owner_of(tok: Token) -> str | None:
    """Country or organisation named by a token in a GPE/NORP/ORG entity."""
    demonym = gazetteer.demonym_country(tok.text)
    if demonym:
        return demonym
    if tok.ent_type_ not in ("GPE", "NORP", "ORG", "LOC"):
        place = gazetteer.resolve_place(tok.text)
        return place.name if place is not None and place.kind == "country" else None
    doc = tok.doc
    start, end = tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    text = doc[start:end].text
    if text.lower().startswith("the "):
        text = text[4:]
    for suffix in ("'s", "\u2019s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    if tok.ent_type_ == "NORP":
        return gazetteer.demonym_country(text) or text
    place = gazetteer.resolve_place(text)
    if place is not None and place.kind == "country":
        return place.name
    if place is not None and place.kind == "city" and tok.ent_type_ == "GPE":
        return gazetteer.country_name(place.country_code) or text  # "Tehran's envoy": Iran
    return text


def _is_owner_token(tok: Token) -> bool:
    if tok.ent_type_ in ("GPE", "NORP", "LOC"):
        return True
    if tok.ent_type_ == "ORG" and not is_title_word(tok.text):
        return True
    return gazetteer.demonym_country(tok.text) is not None


def _split_roles(words: list[str]) -> list[str]:
    """Split "Deputy Prime Minister and Foreign Minister" into its titles."""
    roles: list[list[str]] = [[]]
    for w in words:
        if w.lower() in ("and", "&") and roles[-1] and roles[-1][-1].lower() in TITLE_HEADS:
            roles.append([])
        else:
            roles[-1].append(w)
    out = []
    for r in roles:
        while r and r[-1].lower() in _SMALL:
            r.pop()
        if r and any(w.lower() in TITLE_HEADS for w in r) and r[-1].lower() not in NOT_ROLES:
            out.append(_title_case(r))
    return out


def prenominal_roles(doc: Doc, name_start: int, honorifics: set[str]) -> tuple[list[str], str | None]:
    """Titles written before the name that starts at token ``name_start``."""
    found, owner, _ = title_phrase(doc, name_start, honorifics)
    return found, owner


def title_phrase(doc: Doc, name_start: int, honorifics: set[str]) -> tuple[list[str], str | None, int]:
    """Titles ending right before token ``name_start``, their owner, and the phrase's first token."""
    i = name_start - 1
    taken: list[Token] = []
    while i >= 0:
        tok = doc[i]
        if tok.is_space:
            i -= 1
            continue
        low = tok.text.lower().rstrip(".")
        if low in honorifics and not taken and not is_title_word(low):
            i -= 1  # "Mullah", "Mr", "Dr" between title and name
            continue
        if tok.ent_type_ == "PERSON" and not is_title_word(low):
            break
        if tok.text in _POSS and i > 0 and _is_owner_token(doc[i - 1]):
            taken.append(tok)
            i -= 1
            continue
        if tok.text == "-" and not tok.whitespace_ and i > 0 and not doc[i - 1].whitespace_:
            taken.append(tok)
            i -= 1
            continue
        if low in ("and", "&") and taken:
            taken.append(tok)
            i -= 1
            continue
        if low == "of" and taken and i > 0 and doc[i - 1].lower_ in TITLE_HEADS:
            taken.append(tok)  # "Secretary of State", "Chief of Staff"
            i -= 1
            continue
        if is_title_word(low) or _is_owner_token(tok):
            taken.append(tok)
            i -= 1
            continue
        portfolio = (tok.is_title or tok.is_upper) and tok.pos_ in ("PROPN", "NOUN", "ADJ")
        portfolio = portfolio or (tok.pos_ == "NOUN" and tok.dep_ == "compound" and tok.is_lower)
        before_title = bool(taken) and is_title_word(taken[-1].text)
        if portfolio and tok.is_alpha and before_title and not tok.is_sent_start and not tok.is_stop:
            # a portfolio word before a title: "Information Minister", "Foreign Affairs Minister"
            taken.append(tok)
            i -= 1
            continue
        break
    taken.reverse()
    taken = [t for t in taken if not t.is_space]
    # Trim "and" / possessives / unknown words from the left edge.
    while taken and (taken[0].text.lower() in ("and", "&", "-") or taken[0].text in _POSS):
        taken.pop(0)
    if not any(t.text.lower() in TITLE_HEADS for t in taken):
        # "his Afghan counterpart Amir Khan Muttaqi": no role, but the country is stated
        if i >= 1 and doc[i].lower_ in NOT_ROLES:
            j = i - 1
            if doc[j].text in _POSS and j >= 1:
                j -= 1
            if _is_owner_token(doc[j]) and not is_title_word(doc[j].text):
                return [], _owner_of(doc[j]), name_start
        return [], None, name_start
    owner = None
    words: list[str] = []
    k = 0
    while k < len(taken):
        tok = taken[k]
        if _is_owner_token(tok) and not is_title_word(tok.text):
            j = k
            while (j + 1 < len(taken) and taken[j + 1].ent_iob_ == "I"
                   and not is_title_word(taken[j + 1].text)):
                j += 1  # the rest of a multi-word owner ("United States")
            if owner is None:
                owner = _owner_of(tok)
            k = j + 1
            if k < len(taken) and taken[k].text in _POSS:
                k += 1
            continue
        if tok.text == "-" and words:
            words[-1] = words[-1] + "-"
        elif words and words[-1].endswith("-"):
            words[-1] = words[-1] + tok.text
        else:
            words.append(tok.text)
        k += 1
    return _split_roles(words), owner, taken[0].i


def _phrase_role(tokens: list[Token]) -> tuple[str | None, str | None]:
    """A role and its owner from an appositive phrase's tokens."""
    while tokens and (tokens[0].lower_ in _DETS or tokens[0].is_punct or tokens[0].is_space
                      or tokens[0].pos_ in ("ADV", "CCONJ", "SCONJ", "ADP", "DET", "PRON")):
        tokens = tokens[1:]
    # "Putin's aide": a person's possessive is not part of the role
    while len(tokens) > 2 and tokens[0].ent_type_ == "PERSON":
        k = next((k for k, t in enumerate(tokens) if t.text in _POSS), None)
        if k is None or any(t.ent_type_ != "PERSON" for t in tokens[:k]):
            break
        tokens = tokens[k + 1 :]
    stops = ("(", "[", ";", ",", "\u2014", "--")
    paren = next((k for k, t in enumerate(tokens) if k > 0 and t.text in stops), None)
    if paren is not None:
        tokens = tokens[:paren]
    tokens = [t for t in tokens if not t.is_space]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if not tokens or len(tokens) > 12:
        return None, None
    owner = None
    words: list[str] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if _is_owner_token(tok) and not is_title_word(tok.text):
            j = k
            while j + 1 < len(tokens) and tokens[j + 1].ent_iob_ == "I":
                j += 1
            is_poss = j + 1 < len(tokens) and tokens[j + 1].text in _POSS
            prev = tokens[k - 1].lower_ if k > 0 else ""
            of_place = prev in ("of", "for") and tok.ent_type_ in ("GPE", "LOC")
            if is_poss or tok.ent_type_ == "NORP" or of_place:
                if owner is None:
                    owner = _owner_of(tok)
                if is_poss:
                    if words:
                        words.append("the")  # "head of Afghanistan's government" -> "head of the government"
                    k = j + 2
                    continue
                if tok.ent_type_ == "NORP" or prev in ("of", "for") and k == len(tokens) - 1 - (j - k):
                    if prev in ("of", "for") and words:
                        words.pop()  # "minister of Pakistan" -> "minister"
                    k = j + 1
                    continue
        words.append(tok.text)
        k += 1
    starts_with_title = bool(words) and is_title_word(words[0])
    if not starts_with_title and not any(w.lower() in TITLE_HEADS for w in words[:3]):
        return None, owner
    if any(w.lower() in NOT_ROLES for w in words[:2]):
        return None, None
    return _title_case(words), owner


def _title_before_comma(doc: Doc, comma: int) -> list[list[Token]]:
    """"Tehran's envoy to Kabul, Hassan Kazemi Qomi": a title phrase ending right before the comma
    (for when the parser attaches the name elsewhere)."""
    sent_start = doc[comma].sent.start
    for k in range(comma - 1, max(sent_start, comma - 10) - 1, -1):
        tok = doc[k]
        if tok.lower_ in TITLE_HEADS and tok.pos_ in ("NOUN", "PROPN"):
            phrase = [t for t in tok.subtree if t.i < comma]
            if phrase and phrase[-1].i == comma - 1 and len(phrase) == phrase[-1].i - phrase[0].i + 1:
                return [phrase]
            return []
        if tok.pos_ in ("VERB", "AUX") or tok.text in (",", ";", ":"):
            return []
    return []


def appositive_roles(doc: Doc, name_start: int, name_end: int) -> tuple[list[str], str | None]:
    """Roles in an apposition to the name spanning tokens [name_start, name_end)."""
    span = doc[name_start:name_end]
    root = span.root
    roles: list[str] = []
    owner = None
    candidates: list[list[Token]] = []
    for child in root.children:
        if child.dep_ == "appos" and child.i >= name_end and child.lower_ in TITLE_HEADS:
            candidates.append([t for t in child.subtree])
    if root.dep_ == "appos" and root.head.i < name_start and root.head.lower_ in TITLE_HEADS:
        head = root.head
        exclude = {t.i for t in root.subtree}
        candidates.append([t for t in head.subtree if t.i not in exclude and t.i < name_start])
    if not candidates and name_start >= 2 and doc[name_start - 1].text == ",":
        candidates.extend(_title_before_comma(doc, name_start - 1))
    for toks in candidates:
        role, own = _phrase_role(toks)
        if role:
            roles.append(role)
            owner = owner or own
    return roles, owner


def roles_for(doc: Doc, name_start: int, name_end: int, honorifics: set[str]) -> tuple[list[str], str | None]:
    """All roles of the person named by tokens [name_start, name_end), and their owner."""
    pre, owner1 = prenominal_roles(doc, name_start, honorifics)
    app, owner2 = appositive_roles(doc, name_start, name_end)
    return merge_roles(pre + app), owner1 or owner2


_QUALIFIERS = {"acting", "interim", "caretaker"}
_ABBREVIATIONS = {"fm": "foreign minister", "pm": "prime minister", "premier": "prime minister"}


def core_role(role: str) -> str:
    """A role without "acting"-like qualifiers, abbreviations spelt out: "Acting Afghan premier" ->
    "prime minister" (but "former" is kept: a former minister is someone else)."""
    words = [w for w in role.lower().split() if w not in _QUALIFIERS]
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def merge_roles(found: list[str]) -> list[str]:
    """Distinct roles, dropping one that is the tail of another ("Minister" beside "Prime Minister")."""
    out: list[str] = []
    for r in dict.fromkeys(found):
        if any(o != r and f" {r.lower()} " in f" {o.lower()} " for o in found):
            continue  # "Spokesman" beside "Spokesman for the Taliban Government"
        out.append(r)
    return out
