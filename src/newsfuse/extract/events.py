"""Events typed with the PLOVER ontology: who did what to whom, where and when.

Triggers come from the PLOVER trigger lexicon (``plover.py``: PETRARCH CAMEO verb patterns mapped
through CAMEO2PLOVER, plus codebook entries) matched on lemmas of verbs, "verb + word" phrases
(particle, preposition, object head or complement verb) and nouns ("meeting", "talks",
"deportation"). Arguments, modality, polarity, date, place and attribution come from the spaCy
dependency parse with rules written here: no available library does PLOVER event coding over a
spaCy parse (PETRARCH2 needs a Stanford CoreNLP constituency parse and Python 2), and a trained
classifier would need training data we do not have (the PLOVER gold records are for evaluation).

Conventions:

* An event needs a political actor-like argument (a named entity, a nationality, or a noun such as
  "government", "police", "rebels"): "prices rallied" is not a PROTEST.
* actor = the subject (passive: the "by" agent; "it"/"he" in "X said it ..." -> X); target = the
  best-ranked actor-like argument: the object, the owner of an act object ("rejected X's demand"),
  the type's preposition ("met with X", "aid to X", "attack on X"), the subject of a "that" clause
  ("demanded that X ..."), arguments of a complement verb ("threatened to shell X"), a place ("a
  curfew in X", as CAMEO codes it), and as a last resort (as PETRARCH does) the first named actor
  after the trigger in its clause. Nominal triggers: possessor or "by X" is the actor, "of/with/
  against/to X" the target; "between X and Y" gives both; a light verb lends its subject ("Pakistan
  resumed deportations"); "fearing raids" makes the subject the target.
* ``participants`` = the entity ids of actor, target and other named arguments.
* actor/target "he"/"she": the last person named; "I"/"we" inside a direct quote: its speaker.
* modality: asserted | denied | pledged | urged | planned | threatened | attempted | hypothetical |
  reported, from the verb governing the event's clause ("agreed to", "urged X to", "threatened to",
  "plans to", "tried to", "denies"), its auxiliaries ("will", "must") or a condition ("if ...",
  "when you arrive ..."); polarity negative when the trigger or its clause is negated, hangs from a
  negated noun ("no knowledge of any efforts to urge X") or the event is refused ("refused to meet").
* ``verb`` = the trigger as the text says it, a verb group in base form with the verbs it depends on,
  its modal and the preposition before the target ("try to remove", "will offer", "call on"), so a
  summary can say what the text says; None for a noun trigger.
* Future cooperative events are AGREE, future RETREAT is CONCEDE (codebook, AGREE/CONCEDE sections);
  a coercive act announced for the future ("will impose a curfew") is a THREATEN whose mode is the
  content of the threat; "will not / does not" + a cooperative act is a REJECT; lifting or easing a
  coercive measure is a CONCEDE; ASSAULT modes come from the weapon named near the trigger.
* Deportations are COERCE with mode ``expel`` (the newsfuse contract; the codebook calls it "deport").
* location = the name of a PLACE entity in an "in/at/near X" modifier of the trigger (for meetings
  also of the participants: "met with X in Kabul"); date = the value of a DATE/TIME expression from
  ``times`` attached to the trigger's clause, else None.
* Reporting verbs ("said", "told") are not events: they give ``attributed_to``; so does "according
  to X". A reporting verb whose complement carries "must/should" is a REQUEST ("X said Y must ...").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsfuse.extract.plover import Lexicon, Trigger, load_lexicon
from newsfuse.records import Entity, Event, Quote, Span, TimeExpr

REPORTING = {
    "say",
    "tell",
    "state",
    "add",
    "report",
    "announce",
    "note",
    "declare",
    "claim",
    "explain",
    "reiterate",
    "confirm",
    "comment",
    "describe",
    "quote",
    "write",
    "cite",
    "stress",
    "emphasize",
    "emphasise",
    "underscore",
    "insist",
    "reply",
    "respond",
    "argue",
    "believe",
    "think",
    "acknowledge",
    "disclose",
    "reveal",
    "indicate",
    "suggest",
    "mention",
    "remark",
    "assert",
    "maintain",
    "testify",
}
# Verbs that carry no event of their own but pass their subject to an event noun object.
LIGHT = {
    "hold",
    "stage",
    "launch",
    "begin",
    "start",
    "conduct",
    "carry",
    "undertake",
    "continue",
    "resume",
    "renew",
    "organize",
    "organise",
    "reach",
    "open",
    "complete",
    "engage",
    "resort",
    "issue",
    "make",
    "give",
    "pay",
    "take",
    "have",
    "impose",
    "declare",
    "announce",
    "order",
    "lodge",
    "file",
    "mount",
    "step",
    "intensify",
    "escalate",
    "end",
    "hail",
    "face",
    "host",
    "attend",
    "join",
    "lead",
    "do",
    "conclude",
    "wrap",
    "kick",
    "plan",
    "seek",
    "call",
    "express",
    "voice",
    "raise",
    "level",
}
PLEDGE = {"agree", "pledge", "promise", "vow", "commit", "offer", "assure", "guarantee", "undertake"}
URGE = {
    "urge",
    "call",
    "ask",
    "demand",
    "request",
    "press",
    "appeal",
    "insist",
    "pressure",
    "push",
    "encourage",
    "invite",
    "want",
    "need",
    "implore",
    "advise",
    "order",
}
THREAT = {"threaten", "warn"}
PLAN = {
    "plan",
    "intend",
    "prepare",
    "decide",
    "aim",
    "expect",
    "schedule",
    "set",
    "mull",
    "consider",
    "propose",
    "hope",
    "vote",
}
# Verbs of trying: the act was attempted, whether or not it succeeded; neither planned nor a threat.
ATTEMPT = {"try", "attempt", "seek", "strive", "endeavour", "endeavor"}
NEGATING = {
    "refuse",
    "decline",
    "reject",
    "fail",
    "oppose",
    "deny_",
    "avoid",
    "stop",
    "cancel",
    "halt",
    "suspend",
    "postpone",
    "abandon",
    "call_off",
}
HEDGE = {"report", "claim", "allege", "rumor", "rumour"}
FUTURE_AUX = {"will", "'ll", "shall", "would", "wo", "may", "might"}
READY = {"ready", "willing", "prepared", "eager", "keen", "determined", "poised", "set"}
# Verbs that end a state: "lifted the curfew", "eased restrictions" concede what the object imposed.
ENDING = {
    "lift",
    "ease",
    "cancel",
    "end",
    "remove",
    "relax",
    "scrap",
    "rescind",
    "revoke",
    "repeal",
    "drop",
    "suspend",
    "call_off",
    "loosen",
}
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
COERCIVE = {"COERCE", "ASSAULT", "SANCTION", "MOBILIZE"}
MUST_AUX = {"must", "should", "ought"}
# Nouns that refer to events and can be denied ("denies the charge", "denied involvement in ...").
DENIABLE = {"involvement", "responsibility", "role", "part", "report", "reports", "claim", "claims"}
# Objects that make "cut", "raise", "lift", "hold" a figure's move rather than an act on someone.
ECONOMIC_MEASURES = {
    "rate", "price", "tax", "output", "production", "spending", "cost", "budget", "forecast", "dividend",
    "stake", "interest", "yield", "profit", "growth", "inflation", "deficit", "wage", "reserve", "requirement",
    "estimate", "payout", "earnings", "revenue",
}  # fmt: skip
# Heads of argument nouns that count as political actors even without a named entity.
AGENTS = {
    "government",
    "police",
    "army",
    "troops",
    "troop",
    "force",
    "forces",
    "military",
    "rebel",
    "militant",
    "official",
    "authority",
    "minister",
    "president",
    "leader",
    "ministry",
    "party",
    "opposition",
    "protester",
    "demonstrator",
    "refugee",
    "civilian",
    "soldier",
    "guerrilla",
    "insurgent",
    "fighter",
    "court",
    "parliament",
    "council",
    "cabinet",
    "administration",
    "delegation",
    "side",
    "country",
    "people",
    "worker",
    "student",
    "group",
    "union",
    "organization",
    "organisation",
    "agency",
    "embassy",
    "state",
    "nation",
    "regime",
    "premier",
    "chief",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "diplomat",
    "ambassador",
    "activist",
    "settler",
    "immigrant",
    "migrant",
    "deportee",
    "prisoner",
    "hostage",
    "terrorist",
    "gunman",
    "attacker",
    "bomber",
    "militia",
    "coalition",
    "alliance",
    "bloc",
    "counterpart",
    "delegate",
    "lawmaker",
    "senator",
    "judge",
    "prosecutor",
    "commander",
    "member",
    "resident",
    "villager",
    "family",
    "citizen",
    "national",
    "youth",
    "supporter",
    "inspector",
    "observer",
    "peacekeeper",
    "doctor",
    "journalist",
    "candidate",
    "king",
    "prince",
    "mayor",
    "governor",
    "secretary",
    "chairman",
    "head",
    "general",
    "faction",
    "movement",
    "front",
    "association",
    "committee",
    "commission",
    "assembly",
    "congress",
    "senate",
    "office",
    "department",
    "authorities",
    "officials",
    "officer",
    "adviser",
    "advisor",
    "personnel",
    "staff",
    "crew",
    "inhabitant",
    "population",
    "hacker",
    "rebels",
    "minority",
    "majority",
    "tribe",
    "clan",
    "community",
    "neighbor",
    "neighbour",
    "ally",
    "partner",
    "extremist",
    "separatist",
    "dissident",
    "critic",
    "monitor",
}
# Verbs whose subject undergoes the event named by their object ("fearing raids", "faced arrest").
EXPERIENCE = {
    "fear",
    "face",
    "suffer",
    "escape",
    "flee",
    "avoid",
    "risk",
    "endure",
    "survive",
    "undergo",
    "experience",
    "dread",
    "witness",
}
NOUN_MODALITY = {
    "plan": "planned", "proposal": "planned", "intention": "planned", "bid": "planned",
    "decision": "planned", "pledge": "pledged", "promise": "pledged", "commitment": "pledged",
    "offer": "pledged", "agreement": "pledged", "deal": "pledged", "vow": "pledged", "call": "urged",
    "demand": "urged", "appeal": "urged", "request": "urged", "threat": "threatened",
    "warning": "threatened", "ultimatum": "threatened", "campaign": "planned", "drive": "planned",
    "effort": "attempted", "attempt": "attempted",
}  # fmt: skip
QUANTIFIERS = {
    "third",
    "half",
    "quarter",
    "thousand",
    "hundred",
    "dozen",
    "million",
    "number",
    "majority",
    "minority",
    "rest",
    "some",
    "many",
    "most",
    "few",
    "several",
    "none",
    "all",
    "each",
    "part",
}
OWN = {"its", "their", "his", "her", "our", "my"}
PERSONAL = {"he", "she", "him", "her"}
FIRST_PERSON = {"i", "me", "we", "us"}
PLURAL_PRON = {"they", "them", "we", "us"}
RELATIVE = {"who", "which", "that", "whom"}
TARGET_PREPS = {
    "CONSULT": ("with", "to", "between"),
    "COOPERATE": ("with", "to"),
    "AID": ("to", "for"),
    "ASSAULT": ("against", "on", "at", "in", "with"),
    "PROTEST": ("against", "outside", "at"),
    "SANCTION": ("on", "against", "to", "from", "with"),
    "COERCE": ("on", "against", "from", "in"),
    "ACCUSE": ("against", "of", "at", "on"),
    "REQUEST": ("from", "on", "of", "to"),
    "THREATEN": ("against", "with"),
    "SUPPORT": ("with", "to", "for"),
    "AGREE": ("with", "to"),
    "REJECT": ("from", "by", "with", "to"),
    "CONCEDE": ("to", "on", "for"),
    "RETREAT": ("from", "to"),
    "MOBILIZE": ("against", "in", "near", "to"),
}
# Object nouns that name a speech act or a plan: their possessor / "by X" is the target of the event.
ACT_NOUNS = {
    "demand",
    "request",
    "proposal",
    "offer",
    "call",
    "plan",
    "appeal",
    "statement",
    "policy",
    "decision",
    "effort",
    "criticism",
    "resolution",
    "ultimatum",
    "remark",
    "comment",
    "initiative",
    "bid",
    "move",
    "proposition",
    "suggestion",
    "invitation",
    "claim",
    "accusation",
    "allegation",
    "charge",
    "position",
}
# Thing objects (aid, troops ...): the recipient in a "to/for" phrase is the better target.
THING_OBJECTS = {
    "aid",
    "assistance",
    "troops",
    "troop",
    "weapon",
    "arms",
    "material",
    "medicine",
    "goods",
    "money",
    "food",
    "supplies",
    "equipment",
    "forces",
    "help",
    "support",
    "asylum",
    "concession",
    "loan",
    "fund",
    "compensation",
    "dollar",
    "million",
    "billion",
    "tear",
    "gas",
    "fire",
    "bomb",
    "protection",
}


@dataclass
class _Args:
    actor: Token | None = None
    target: Token | None = None
    others: tuple[Token, ...] = ()
    solo: frozenset[int] = frozenset()  # argument heads whose span leaves out their conjuncts


class _Entities:
    """Entity mentions indexed by character offset."""

    def __init__(self, entities: list[Entity], quotes: Iterable[Quote] = ()) -> None:
        rows = sorted((m.start, m.end, e.id, e.type, e.name) for e in entities for m in e.mentions)
        self.rows = rows
        self.starts = [r[0] for r in rows]
        self.by_id = {e.id: e for e in entities}
        self.quotes = sorted((q.start, q.end, q.speaker_entity) for q in quotes if q.direct and q.speaker_entity)
        self.quote_starts = [q[0] for q in self.quotes]

    def speaker_at(self, char: int) -> str | None:
        """The entity id of whoever speaks the direct quote around ``char`` ("We must ..., he added")."""
        i = bisect_right(self.quote_starts, char)
        return self.quotes[i - 1][2] if i and self.quotes[i - 1][1] > char else None

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, str, str, str]]:
        i = bisect_right(self.starts, end)
        return [r for r in self.rows[max(0, i - 50) : i] if r[0] < end and r[1] > start]

    def at_token(self, tok: Token) -> tuple[int, int, str, str, str] | None:
        hits = self.overlapping(tok.idx, tok.idx + len(tok))
        return hits[0] if hits else None

    def last_before(self, char: int, types: set[str]) -> tuple[int, int, str, str, str] | None:
        i = bisect_right(self.starts, char)
        for r in reversed(self.rows[max(0, i - 200) : i]):
            if r[1] <= char and r[3] in types:
                return r
        return None


# ---------------------------------------------------------------- helpers
def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _prep_objects(tok: Token, preps: Iterable[str] | None = None) -> list[tuple[str, Token]]:
    """(preposition, object) pairs of ``tok``: "met with X" -> ("with", X); "out of X" -> ("of", X)."""
    out = []
    wanted = set(preps) if preps is not None else None
    for c in tok.children:
        if c.dep_ not in ("prep", "agent", "dative") or c.lower_ in ("according", "despite", "amid"):
            continue
        if wanted is None or c.lower_ in wanted:
            out.extend((c.lower_, o) for o in c.children if o.dep_ == "pobj")
        if c.lower_ in ("out", "away", "because", "instead", "ahead", "up"):  # "out of X", "away from X"
            for o in c.children:
                if o.dep_ == "prep" and (wanted is None or o.lower_ in wanted):
                    out.extend((o.lower_, p) for p in o.children if p.dep_ == "pobj")
    return out


def _is_passive(verb: Token) -> bool:
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "a ceasefire brokered by Qatar"
        return True
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children)


def _subject(verb: Token, depth: int = 0) -> Token | None:
    """The (logical) subject of ``verb``, inherited through xcomp, conj and participle clauses."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "csubj")), None)
    if subj is not None:
        if subj.lower_ in RELATIVE and verb.dep_ == "relcl":
            return verb.head
        return subj
    if _is_passive(verb) or depth > 3:
        return None
    head = verb.head
    if head.i == verb.i:
        return None
    if verb.dep_ in ("xcomp", "acomp") and head.pos_ == "ADJ":  # "is ready to contribute"
        return _subject(head, depth + 1)
    if verb.dep_ == "acomp" and head.pos_ in ("VERB", "AUX"):
        return _subject(head, depth + 1)
    if verb.dep_ == "xcomp":
        obj = next((c for c in head.children if c.dep_ == "dobj"), None)
        return obj if obj is not None else _subject(head, depth + 1)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.i > 0 and verb.nbor(-1).text == ",":
        # ", urging Pakistan to ...": a trailing participle shares the subject of the nearest finite
        # clause before it, which the parser may not have made its head ("a charge the Taliban denies, urging")
        finite = next((t for t in reversed(verb.doc[verb.sent.start : verb.i - 1])
                       if t.pos_ in ("VERB", "AUX") and t.tag_ in ("VBD", "VBZ", "VBP") and t.dep_ != "aux"), None)
        if finite is not None and finite.i != head.i:
            subj = _subject(finite, depth + 1)
            if subj is not None:
                return subj
    if verb.dep_ in ("conj", "advcl") and head.pos_ in ("VERB", "AUX"):
        return _subject(head, depth + 1) if not _is_passive(head) else None
    if verb.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
        if verb.tag_ == "VBG":
            return head
        gov = _governor(head)  # "launched a campaign to evict ..."
        if verb.dep_ == "acl" and gov is not None and not _is_passive(gov):
            return _subject(gov, depth + 1)
        return None
    if verb.dep_ == "pcomp" and head.head.pos_ in ("VERB", "AUX"):  # "by deporting ..."
        return _subject(head.head, depth + 1)
    return None


ANAPHORS = {"it", "its", "he", "his", "she", "her", "they", "their", "them"}


def _antecedent(tok: Token | None) -> Token | None:
    """ "Uganda said it had paid ...", "the group insisted on its demands": the pronoun's antecedent is
    the subject of a governing clause in the same sentence (nearest first)."""
    if tok is None or tok.lower_ not in ANAPHORS:
        return tok
    plural = tok.lower_ in ("they", "their", "them")
    cur = tok.head
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX"):
            for c in cur.children:
                number_ok = plural or c.tag_ not in ("NNS", "NNPS") or c.lower_ in ("states", "nations")
                if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i and c.pos_ != "PRON" and number_ok:
                    return c
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return tok


def _clause_verb(tok: Token) -> Token:
    """The verb whose clause ``tok`` (a noun) belongs to, or ``tok`` itself."""
    cur = tok
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


def _arg_span(tok: Token, conj: bool = True) -> tuple[int, int]:
    """Token range [start, end) of the phrase headed by ``tok``, without clauses and edge punctuation."""
    drop = set()
    for c in tok.children:
        if not conj and c.dep_ in ("conj", "cc"):
            drop.update(t.i for t in c.subtree)
            continue
        if (
            c.dep_ in ("relcl", "acl", "advcl", "parataxis", "punct", "cc", "prep")
            and c.dep_ != "prep"
            or c.dep_ == "prep"
            and c.lower_ not in ("of", "from")
        ):
            drop.update(t.i for t in c.subtree)
        elif c.dep_ in ("conj", "appos"):
            for cc in c.children:
                if cc.dep_ in ("relcl", "acl", "punct") or (
                    cc.dep_ == "prep" and cc.lower_ not in ("of", "from")
                ):
                    drop.update(t.i for t in cc.subtree)
    keep = [t.i for t in tok.subtree if t.i not in drop and not t.is_space]
    start, end = min(keep), max(keep) + 1
    doc = tok.doc
    while start < end - 1 and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].dep_ == "case"):
        end -= 1
    if end - 1 > start and doc[end - 1].tag_ == "POS":
        end -= 1
    return start, end


_CALENDAR = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
}


def _is_agentive(tok: Token, ents: _Entities) -> bool:
    if (
        tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY")
        or tok.lower_ in _CALENDAR
    ):
        return False
    if tok.lower_ in PERSONAL | PLURAL_PRON or tok.lower_ in ("i", "you"):
        return True
    s, e = _arg_span(tok)
    span = tok.doc[s:e]
    if ents.overlapping(span.start_char, span.end_char):
        return True
    if any(t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "NORP", "ORG", "PERSON", "LOC") for t in span):
        return True
    if tok.lemma_.lower() in AGENTS or tok.lower_ in AGENTS:
        return True
    if tok.pos_ in ("NUM", "PRON", "ADJ") or tok.lemma_.lower() in QUANTIFIERS:
        # "one third of ethnic Albanian guerrillas", "thousands of Nigerians", "some of the officials"
        return any(_is_agentive(o, ents) for p, o in _prep_objects(tok, ("of",)))
    return False


# ---------------------------------------------------------------- triggers
@dataclass
class _Trig:
    tok: Token
    trigger: Trigger
    start: int  # token range of the trigger text
    end: int
    nominal: bool
    phrase: bool = False
    obj: int | None = None  # the object a verb phrase was matched through ("resumed deportations")


def _verb_trigger(tok: Token, lex: Lexicon) -> _Trig | None:
    lemma = tok.lemma_.lower()
    words: list[tuple[str, Token]] = []
    for c in tok.children:
        if c.dep_ in ("prt", "prep", "dative"):
            words.append((c.lower_, c))
        elif c.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
            words.append((c.lemma_.lower(), c))
            words.append((c.lower_, c))
            for cc in c.children:
                if cc.dep_ in ("compound", "amod"):
                    words.append((f"{cc.lower_} {c.lower_}", c))
        elif c.dep_ == "xcomp" and c.pos_ == "VERB":
            words.append((c.lemma_.lower(), c))
    for word, wtok in words:
        hit = lex.phrase(lemma, word)
        if hit:
            end = tok.i + 1
            if wtok.dep_ == "prt" and wtok.i == tok.i + 1:
                end = wtok.i + 1
            obj = wtok.i if wtok.dep_ in ("dobj", "nsubjpass", "attr", "oprd") else None
            return _Trig(tok, hit, tok.i, end, False, phrase=True, obj=obj)
    hit = lex.verb(lemma)
    if hit:
        return _Trig(tok, hit, tok.i, tok.i + 1, False)
    return None


def _noun_trigger(tok: Token, lex: Lexicon) -> _Trig | None:
    lemma = tok.lemma_.lower()
    for c in tok.children:
        if c.dep_ in ("compound", "amod") and c.i < tok.i:
            hit = lex.noun(f"{c.lower_} {lemma}") or lex.noun(f"{c.lower_} {tok.lower_}")
            if hit:
                return _Trig(tok, hit, c.i, tok.i + 1, True)
    if tok.lower_ == "state":
        for p in tok.children:
            for o in p.children:
                hit = lex.noun(f"state of {o.lower_}") if p.lower_ == "of" else None
                if hit:
                    return _Trig(tok, hit, tok.i, o.i + 1, True)
    hit = lex.noun(tok.lower_) or lex.noun(lemma)
    if hit:
        return _Trig(tok, hit, tok.i, tok.i + 1, True)
    return None


# ---------------------------------------------------------------- arguments
def _verb_args(trig: _Trig, ents: _Entities) -> _Args:
    verb = trig.tok
    ptype = trig.trigger.type
    passive = _is_passive(verb)
    actor: Token | None = None
    target: Token | None = None
    if passive:
        agents = [o for p, o in _prep_objects(verb, ("by",))]
        actor = agents[0] if agents else None
        target = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if target is not None and target.lower_ in RELATIVE and verb.dep_ == "relcl":
            target = verb.head
        if target is None and verb.dep_ in ("acl", "relcl"):
            target = verb.head
        if target is None and verb.dep_ == "conj":  # "Pakistan recognized ... and was accused of ..."
            target = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    else:
        actor = _subject(verb)
    actor = _antecedent(actor)
    others: list[Token] = []
    if target is None:
        meeting = ptype == "CONSULT" and trig.trigger.mode != "visit"
        target = _best_target(verb, ptype, actor, ents, place_target=not meeting)
    others = [
        o
        for p, o in _prep_objects(verb, ("with", "between"))
        if (target is None or o.i != target.i) and _is_agentive(o, ents)
    ]
    return _Args(actor, target, tuple(others))


_DEEP_PREPS = (
    "to",
    "against",
    "with",
    "on",
    "for",
    "from",
    "into",
    "in",
    "at",
    "by",
    "of",
    "among",
    "toward",
    "towards",
)


def _best_target(
    verb: Token, ptype: str, actor: Token | None, ents: _Entities, place_target: bool = True
) -> Token | None:
    """The recipient of a verbal event: the best-ranked agentive argument (lower rank wins).

    0 an agentive direct object; 1 the owner of an act object ("rejected X's demand"); 2 the type's
    preposition ("met with X", "aid to X") or the subject of a complement clause ("demanded that X");
    3 arguments of the object or of a complement verb ("threatened to break off ties with X");
    4 a place ("lifted the curfew in X").
    """
    cands: list[tuple[int, int, Token]] = []

    def add(rank: int, tok: Token | None) -> None:
        if tok is not None:
            cands.append((rank, tok.i, tok))

    preps = TARGET_PREPS.get(ptype, ("with", "against", "to"))
    dobj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
    nodes: list[tuple[int, Token]] = []
    if dobj is not None:
        thing = dobj.lemma_.lower() in THING_OBJECTS or dobj.lower_ in THING_OBJECTS
        add(3 if thing else 0, dobj)
        add(1, _act_holder(dobj))
        nodes.append((3, dobj))
    for p, o in _prep_objects(verb):
        if p in preps:
            add(2, o)
            nodes.append((3, o))
        elif p in ("in", "at", "into") and place_target:
            add(4, o)  # "a curfew in X" (CAMEO codes the place); a meeting's place is its location
        elif p in ("as", "over"):
            nodes.append((3, o))
    for _r, node in list(nodes):
        for c in node.children:
            if c.dep_ == "appos":  # "denounced as an ugly crime Serbia's suppression of ..."
                add(3, c)
                add(3, _owner(c, ents))
    for c in verb.children:
        if c.dep_ == "ccomp":
            add(2, next((s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")), None))
        elif c.dep_ == "advcl" and any(m.lower_ in ("unless", "if", "until") for m in c.children):
            add(3, next((s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")), None))
        elif (c.dep_ == "xcomp" or (c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.children))) and (
            c.pos_ in ("VERB", "AUX") and not _children(c, "nsubj")
        ):
            nodes.append((3, c))
            for cc in c.children:
                if cc.dep_ == "dobj":
                    add(2, cc)
                    add(2, _act_holder(cc))
                    nodes.append((3, cc))
                elif cc.dep_ == "xcomp":
                    nodes.append((3, cc))
    for rank, node in nodes:
        for c in node.children:
            if c.dep_ == "poss":
                add(rank, c)
            elif c.dep_ == "advcl" and any(m.lower_ in ("unless", "if", "until") for m in c.children):
                add(3, next((x for x in c.children if x.dep_ in ("nsubj", "nsubjpass")), None))
        for p, o in _prep_objects(node, _DEEP_PREPS):
            if p in ("in", "at") and not place_target:
                continue
            add(4 if p in ("in", "at", "of") else rank, o)
            for _p2, o2 in _prep_objects(
                o, ("to", "against", "on", "with", "by", "of", "from", "for", "among")
            ):
                add(5, o2)
    skip = {t.i for t in actor.subtree} if actor is not None else set()
    for _rank, _i, tok in sorted(cands, key=lambda x: (x[0], x[1])):
        if tok.i in skip or tok.lower_ in RELATIVE or tok.lower_ in ("it", "itself", "themselves"):
            continue
        if any(c.dep_ == "poss" and c.lower_ in OWN for c in tok.children) and tok.dep_ == "dobj":
            continue  # the actor's own ("strengthened its forces", "offered its troops")
        if _is_agentive(tok, ents):
            return tok
        owner = _owner(tok, ents)
        if owner is not None and owner.i not in skip:
            return owner
    return _first_agent_after(verb, skip, ents, place_target)


def _first_agent_after(
    verb: Token, skip: set[int], ents: _Entities, place_target: bool = True
) -> Token | None:
    """Fallback (as PETRARCH does): the first actor-like word after the trigger in its own clause."""
    fenced = set(skip)
    for c in verb.children:
        if c.dep_ in ("parataxis", "ccomp", "relcl"):
            fenced.update(t.i for t in c.subtree)
        if c.dep_ in ("advcl", "conj") and _children(c, "nsubj", "nsubjpass"):
            fenced.update(t.i for t in c.subtree)
    for tok in verb.subtree:
        if tok.i <= verb.i or tok.i in fenced or tok.is_punct:
            continue
        if tok.lower_ in RELATIVE or tok.pos_ == "PRON" or tok.lower_ in _CALENDAR:
            continue
        if any(a.lower_ in ("according", "despite", "amid") for a in tok.ancestors):
            continue
        if not place_target and tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at"):
            continue  # the place of a meeting is its location, not its recipient
        if tok.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") or ents.at_token(tok) is not None:
            if tok.dep_ == "compound" and tok.head.i not in fenced:
                tok = tok.head
            return tok
    return None


def _owner(tok: Token, ents: _Entities) -> Token | None:
    """The agentive owner of a thing: "Serbia's suppression", "violations by the army", "Iraqi towns"."""
    for c in tok.children:
        if c.dep_ == "poss" and _is_agentive(c, ents):
            return c
    for _p, o in _prep_objects(tok, ("by",)):
        if _is_agentive(o, ents):
            return o
    for c in tok.children:
        if (
            c.dep_ in ("amod", "compound", "nmod")
            and c.i < tok.i
            and (
                c.ent_type_ in ("NORP", "GPE", "ORG")
                or (c.pos_ == "PROPN" and c.ent_type_ not in ("DATE", "TIME"))
            )
        ):
            return tok  # the phrase itself names its owner ("Iraqi towns")
    return None


def _act_holder(obj: Token) -> Token | None:
    """For "rejected North Korea's demand" / "a U.S. request" / "calls by Annan": the demand's owner."""
    if obj.lemma_.lower() not in ACT_NOUNS and obj.lower_ not in ACT_NOUNS:
        return None
    for c in obj.children:
        if c.dep_ == "poss":
            return c
    for _p, o in _prep_objects(obj, ("by", "from")):
        return o
    for c in obj.children:
        if c.dep_ in ("compound", "amod", "nmod") and (
            c.pos_ == "PROPN" or c.ent_type_ in ("GPE", "NORP", "ORG")
        ):
            return c
    return None


def _noun_args(trig: _Trig, governor: Token | None, ents: _Entities) -> _Args:
    noun = trig.tok
    holders = [noun] + ([noun.head] if noun.dep_ == "compound" else [])
    actor: Token | None = None
    target: Token | None = None
    others: list[Token] = []
    solo: set[int] = set()
    for h in holders:
        for c in h.children:
            if c.dep_ == "poss" and actor is None:
                actor = c
        for p, o in _prep_objects(h):
            if p == "by" and actor is None:
                actor = o
            elif p == "between":
                parties = [o, *o.conjuncts]
                named = [t for t in parties if (hit := ents.at_token(t)) is not None and hit[3] != "PLACE"]
                if len(named) >= 2:  # "between Deputy PM and Foreign Minister Ishaq Dar and PM Akhund"
                    parties = named
                if actor is None:
                    actor = parties[0]
                    solo.add(actor.i)
                if len(parties) > 1 and target is None:
                    target = parties[1]
                    solo.add(target.i)
            elif p in ("of", "with", "against", "on", "to", "into", "for") and target is None:
                if p == "of" and trig.trigger.type in ("CONSULT", "PROTEST", "AGREE") and actor is None:
                    actor = o
                    continue
                target = o
            elif p == "from" and trig.trigger.type == "COERCE" and actor is None:
                others.append(o)
    if actor is None:
        for h in holders:
            for c in h.children:
                if (
                    c.dep_ in ("amod", "compound", "nmod")
                    and c.i < noun.i
                    and (c.ent_type_ in ("NORP", "GPE", "ORG") or c.pos_ == "PROPN")
                ):
                    if trig.trigger.type == "COERCE" and c.ent_type_ == "NORP" and target is None:
                        target = c  # "Afghan deportations": the Afghans are deported
                    elif trig.trigger.type != "COERCE" or c.ent_type_ != "NORP":
                        actor = c
                    break
    if target is not None and not _is_agentive(target, ents):
        target = _owner(target, ents)
    if target is None and governor is not None:
        for _p, o in _prep_objects(governor, ("against", "with", "on", "to")):
            if _is_agentive(o, ents):
                target = o
                break
    if target is None:
        for c in noun.children:  # "its demands that X grant ..."
            if c.dep_ in ("acl", "ccomp") and any(
                m.lower_ == "that" and m.dep_ == "mark" for m in c.children
            ):
                target = next((x for x in c.children if x.dep_ in ("nsubj", "nsubjpass")), None)
    if target is None:
        # "began a hunger strike to protest X", "a strike in protest of X", "a strike that shut down X"
        clauses = [c for c in noun.children if c.dep_ in ("relcl", "acl")]
        if governor is not None:
            clauses += [
                c
                for c in governor.children
                if c.dep_ in ("advcl", "xcomp")
                and c.pos_ == "VERB"
                and not _children(c, "nsubj", "nsubjpass")
            ]
        for c in clauses:
            target = _best_target(c, trig.trigger.type, actor, ents)
            if target is not None:
                break
    if target is None and trig.trigger.type in ("COERCE", "PROTEST", "ASSAULT", "MOBILIZE", "CONCEDE"):
        for h in holders + ([governor] if governor is not None else []):
            for _p, o in _prep_objects(h, ("in", "at")):  # "a curfew in Abidjan": CAMEO codes the place
                if _is_agentive(o, ents) and (actor is None or o.i != actor.i):
                    target = o
                    break
            if target is not None:
                break
    if (
        actor is None
        and governor is not None
        and noun.dep_ in ("dobj", "pobj", "attr", "nsubjpass", "compound")
    ):
        subj = _subject(governor)
        if subj is None and _is_passive(governor) and governor.lemma_.lower() in LIGHT:
            subj = next((c for c in governor.children if c.dep_ == "nsubjpass"), None)
        if subj is not None and subj.i != noun.i:
            if governor.lemma_.lower() in EXPERIENCE:
                target = subj  # "families fearing raids": the fearful are on the receiving end
                agents = [o for _p, o in _prep_objects(governor, ("by",))]  # parser: "fearing [raids] by X"
                actor = agents[0] if agents else None
            else:
                actor = subj
    actor = _antecedent(actor)
    if actor is not None and target is not None and actor.i == target.i:
        target = None
    return _Args(actor, target, tuple(others), frozenset(solo))


# ---------------------------------------------------------------- clause features
def _governor(noun: Token) -> Token | None:
    """The verb a nominal trigger is an argument of ("held talks", "resumed deportations of")."""
    cur = noun
    if cur.dep_ == "compound":
        cur = cur.head
    if cur.dep_ in ("dobj", "nsubjpass", "attr", "nsubj", "oprd"):
        return cur.head if cur.head.pos_ in ("VERB", "AUX") else None
    if cur.dep_ == "pobj" and cur.head.dep_ in ("prep",) and cur.head.head.pos_ in ("VERB", "AUX"):
        return cur.head.head
    if cur.dep_ == "conj":
        return _governor(cur.head)
    return None


def _modality(clause: Token, lex: Lexicon) -> tuple[str, bool, bool]:
    """(modality, negated, future) of the clause headed by ``clause``."""
    negated = any(c.dep_ == "neg" for c in clause.children)
    auxes = {c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")}
    future = bool(auxes & FUTURE_AUX) or ("going" in auxes and any(c.lower_ == "to" for c in clause.children))
    modality = "asserted"
    if auxes & MUST_AUX:
        modality = "urged"
    elif future:
        modality = "planned"
    elif _conditional(clause):
        modality = "hypothetical"
    if any(
        c.dep_ == "advmod" and c.lower_ in ("reportedly", "allegedly", "purportedly") for c in clause.children
    ):
        modality = "reported"
    cur = clause
    for _ in range(4):
        if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN"):
            # "a plan to evacuate", "a pledge to return", "calls to release", "a threat to expel"
            noun_modality = NOUN_MODALITY.get(cur.head.lemma_.lower())
            if noun_modality is not None:
                return noun_modality, negated, noun_modality == "planned" or future
            break
        if cur.dep_ not in ("xcomp", "ccomp", "pcomp", "dobj", "relcl", "advcl") or cur.head.i == cur.i:
            break
        head = cur.head
        if cur.dep_ == "pcomp":
            head = head.head
        hl = head.lemma_.lower()
        if cur.dep_ in ("relcl", "advcl"):
            break  # a relative or adverbial clause is an event of its own ("..., warning X to leave")
        if head.pos_ == "ADJ" and hl in READY:
            future = True
            modality = "planned"
            if head.head.pos_ in ("AUX", "VERB") and head.dep_ == "acomp":
                cur = head.head
                continue
            cur = head
            continue
        if hl == "deny":
            return "denied", negated, future
        if hl in THREAT:
            return "threatened", negated, future
        if hl in NEGATING or hl == "refuse":
            return modality, True, future
        if hl in PLEDGE:
            return "pledged", negated, future
        if hl in URGE:
            return "urged", negated, future
        if hl in PLAN:
            return "planned", negated, True
        if hl in ATTEMPT:
            return "attempted", negated, future
        if hl in HEDGE:
            return "reported", negated, future
        if any(c.dep_ == "neg" for c in head.children) and cur.dep_ == "xcomp":
            negated = True
        if hl in REPORTING or lex.verb(hl):
            break
        cur = head
    return modality, negated, future


def _attribution(clause: Token, sent: SpacySpan, ents: _Entities) -> str | None:
    """Who the clause is attributed to: "according to X", "X said (that) ...", "..., X said"."""
    for tok in sent:
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            for _p, o in _prep_objects(tok, ("to",)):
                return _name(o, ents)
    cur = clause
    for _ in range(6):
        hl = cur.head.lemma_.lower()
        if (cur.dep_ in ("ccomp", "parataxis") and hl in REPORTING | HEDGE) or (
            cur.dep_ == "xcomp" and hl in HEDGE
        ):
            subj = _subject(cur.head)
            if subj is not None:
                return _name(subj, ents)
        for c in cur.children:
            if c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in REPORTING and c.i > clause.i:
                subj = _subject(c)
                if subj is not None:
                    return _name(subj, ents)
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return None


def _is_person_like(tok: Token, ents: _Entities) -> bool:
    hit = ents.at_token(tok)
    if hit is not None:
        return hit[3] == "PERSON"
    return tok.ent_type_ == "PERSON" or tok.lower_ in PERSONAL


COERCE_NOUNS = {
    "curfew",
    "restriction",
    "ban",
    "sanction",
    "sanctions",
    "embargo",
    "blockade",
    "measure",
    "emergency",
    "law",
    "siege",
    "barrier",
    "curb",
    "control",
    "boycott",
    "strike",
    "limit",
}


def _threat_mode(ptype: str, mode: str | None) -> str | None:
    if ptype == "ASSAULT":
        return "violence"
    if ptype == "COERCE":
        return {"arrest": "arrest", "expel": "expel", "seize": "territory"}.get(mode or "", "restrict")
    if ptype == "SANCTION":
        return "relations"
    return None


# ASSAULT modes (codebook table) from the weapon or method named around the trigger; first match wins.
ASSAULT_MODES = (
    ("suicide-attack", {"suicide"}),
    ("explosives", {"bomb", "bombing", "explosive", "explosion", "ied", "mine", "grenade", "blast"}),
    ("drone", {"drone", "uav"}),
    ("heavy-weapons", {"artillery", "mortar", "rocket", "missile", "tank", "shell", "shelling", "howitzer"}),
    ("aerial", {"aircraft", "airstrike", "helicopter", "gunship", "jet", "warplane", "air"}),
    ("firearms", {"gun", "gunfire", "gunbattle", "gunman", "rifle", "shoot", "shot", "sniper", "bullet"}),
    ("torture", {"torture"}),
    ("sexual", {"rape", "sexually", "sexual"}),
    ("abduct", {"kidnap", "abduct", "hostage", "hijack"}),
    ("targeted", {"assassinate", "assassination", "execute", "execution"}),
    ("primitive", {"knife", "machete", "stone", "rock", "axe", "arson"}),
)


def _assault_mode(trig: _Trig, args: _Args) -> str | None:
    words: set[str] = set()
    for tok in (trig.tok, args.actor):
        if tok is not None:
            words.update(t.lemma_.lower() for t in tok.subtree)
            words.update(t.lower_ for t in tok.subtree)
    for mode, cues in ASSAULT_MODES:
        if words & cues:
            return mode
    return None


def _under_a_negated_noun(clause: Token) -> bool:
    """The clause hangs from a noun that is negated: "he had no knowledge of any efforts to urge Ukraine
    ...", "a ceasefire without plans to withdraw"."""
    cur = clause
    for _ in range(8):
        if cur.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "det" and c.lower_ == "no" for c in cur.children):
            return True
        if cur.dep_ == "pobj" and cur.head.lower_ == "without":
            return True
        if cur.dep_ not in ("xcomp", "acl", "pobj", "prep") or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _conditional(clause: Token) -> bool:
    """A condition, not something that happened: "if they return", "unless ...", "when you arrive
    without documents" ("when" with a present tense; "when he arrived" is a past event)."""
    if clause.dep_ != "advcl":
        return False
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"} | {
        c.lower_ for c in clause.children if c.dep_ == "advmod" and c.lower_ in ("when", "whenever")
    }
    return bool(marks & {"if", "unless", "whenever"}) or ("when" in marks and _present_tense(clause))


def _present_tense(tok: Token) -> bool:
    heads = [tok] + [c for c in tok.children if c.dep_ == "aux"]
    return any(t.tag_ in ("VBZ", "VBP") or t.lower_ in ("can", "cannot", "ca") for t in heads)


def _name(tok: Token, ents: _Entities) -> str:
    """The entity's name when the phrase is about it ("the FO"), else the phrase ("Kenya's president")."""
    hit = ents.at_token(tok)
    if tok.lower_ in PERSONAL:
        ent = _resolve(tok, ents)
        hit = (0, 0, ent, "", "") if ent is not None else None
    if hit is not None:
        return ents.by_id[hit[2]].name
    s, e = _arg_span(tok)
    return tok.doc[s:e].text


def _resolve(tok: Token, ents: _Entities, conj: bool = True) -> str | None:
    """Entity id of an argument: the mention at its head, else the first mention inside it; "I"/"we" in a
    direct quote are its speaker."""
    if tok.lower_ in FIRST_PERSON:
        return ents.speaker_at(tok.idx)
    if tok.lower_ in PERSONAL:
        hit = ents.last_before(tok.idx, {"PERSON"})
        return hit[2] if hit else None
    hit = ents.at_token(tok)
    if hit:
        return hit[2]
    s, e = _arg_span(tok, conj)
    span = tok.doc[s:e]
    hits = ents.overlapping(span.start_char, span.end_char)
    if not hits:
        return None
    # "Pakistan's Foreign Minister Ishaq Dar": the person, not the possessor; the last of equals
    # ("the Afghan deputy minister ..., Mohammad Naeem") is usually the name the phrase is about
    rank = {"PERSON": 0, "ORG": 1, "GROUP": 2, "PLACE": 3}

    def key(r: tuple[int, int, str, str, str]) -> tuple[int, int, int]:
        possessor = tok.doc.text[r[1] : r[1] + 2] in ("'s", "\u2019s")
        return (possessor, rank.get(r[3], 4), -r[0])

    return min(hits, key=key)[2]


def _ids_in(tok: Token, ents: _Entities) -> list[str]:
    if tok.lower_ in PERSONAL | FIRST_PERSON:
        r = _resolve(tok, ents)
        return [r] if r else []
    s, e = _arg_span(tok)
    span = tok.doc[s:e]
    return [r[2] for r in ents.overlapping(span.start_char, span.end_char)]


def _location(tokens: Iterable[Token], ents: _Entities) -> str | None:
    tokens = list(tokens)
    tokens += [c for t in tokens for c in t.children if c.dep_ == "appos"]
    for tok in tokens:
        for _p, o in _prep_objects(tok, ("in", "at", "near", "inside", "outside")):
            s, e = _arg_span(o)
            span = tok.doc[s:e]
            for r in ents.overlapping(span.start_char, span.end_char):
                if r[3] == "PLACE":
                    return r[4]
            if not ents.rows and any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in span):
                return span.text
    return None


def _time_anchor(doc: Doc, t: TimeExpr, triggers: set[int]) -> int | None:
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    cur = span.root
    for _ in range(10):
        if cur.head.i == cur.i:
            return cur.i
        cur = cur.head
        if cur.i in triggers or cur.pos_ in ("VERB", "AUX"):
            return cur.i
    return None


# ---------------------------------------------------------------- main
def extract_events(
    doc: Doc,
    entities: list[Entity],
    times: list[TimeExpr],
    published: str | None,
    quotes: Iterable[Quote] = (),
) -> list[Event]:
    """PLOVER events of ``doc`` with arguments resolved to ``entities`` (and "I"/"we" in ``quotes`` to
    their speakers) and dates from ``times``."""
    lex = load_lexicon()
    ents = _Entities(entities, quotes)
    events: list[Event] = []
    for si, sent in enumerate(doc.sents):
        events.extend(_sentence_events(doc, sent, si, lex, ents, times))
    _inherit_narrative_dates(events, times)
    return events


NARRATIVE_REACH = 2  # sentences back that a narrative date carries over
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _inherit_narrative_dates(events: list[Event], times: list[TimeExpr]) -> None:
    """Narrative time: an asserted event whose sentence has no time of its own happened when the
    narrative last said, within the previous two sentences ("..., the FO said Saturday. The
    understanding was reached during a meeting between ..."). Only day-precision dates carry over."""
    timed = {t.sentence for t in times if t.sentence is not None}
    days = sorted(
        (t for t in times if t.sentence is not None and t.type in ("DATE", "TIME") and _DAY.match(t.value)),
        key=lambda t: t.start,
    )
    for event in events:
        if event.date or event.sentence is None or event.sentence in timed:
            continue
        if event.modality != "asserted" or event.polarity != "positive":
            continue
        before = [t for t in days if event.sentence - NARRATIVE_REACH <= t.sentence < event.sentence]
        if before:
            event.date = before[-1].value[:10]


def _sentence_events(
    doc: Doc, sent: SpacySpan, si: int, lex: Lexicon, ents: _Entities, times: list[TimeExpr]
) -> list[Event]:
    verb_trigs: dict[int, _Trig] = {}
    for tok in sent:
        if tok.pos_ == "VERB" and tok.lemma_.lower() not in REPORTING:
            trig = _verb_trigger(tok, lex)
            if trig is not None:
                verb_trigs[tok.i] = trig
    noun_trigs: dict[int, _Trig] = {}
    for tok in sent:
        if (
            tok.pos_ in ("NOUN", "PROPN")
            and tok.i not in verb_trigs
            and tok.ent_type_ not in ("PERSON", "GPE", "ORG", "DATE", "TIME")
            and tok.lower_ not in _CALENDAR
        ):
            trig = _noun_trigger(tok, lex)
            if trig is not None and tok.dep_ == "compound" and tok.head.lemma_.lower() in AGENTS | {"worker"}:
                continue  # "aid groups", "protest leaders", "peace movement"
            if trig is not None and tok.dep_ == "compound" and (tok.head.dep_ == "compound" or tok.head.i > tok.i + 1):
                continue  # "the call money rate", "attack helicopter pilots": a name for a thing, not an act
            if trig is not None and not any(c.lower_ in ("press", "news") for c in tok.children):
                noun_trigs[tok.i] = trig
    trig_ids = set(verb_trigs) | set(noun_trigs)
    sent_times = [
        t
        for t in times
        if sent.start_char <= t.start < sent.end_char and t.type in ("DATE", "TIME") and t.value[:1].isdigit()
    ]
    anchors = {id(t): _time_anchor(doc, t, trig_ids) for t in sent_times}

    out: list[Event] = []
    consumed: set[int] = set()
    # "denies the charge": the denied event is the noun, not a REJECT
    for i, trig in list(verb_trigs.items()):
        if trig.tok.lemma_.lower() != "deny":
            continue
        objs = _children(trig.tok, "dobj")
        comp = _children(trig.tok, "ccomp", "xcomp")
        if comp or any(o.i in noun_trigs or o.lower_ in DENIABLE for o in objs):
            consumed.add(i)
        if trig.tok.dep_ == "relcl" and trig.tok.head.i in noun_trigs:
            consumed.add(i)

    for i, trig in sorted(verb_trigs.items()):
        if i in consumed:
            continue
        args = _verb_args(trig, ents)
        if not any(a is not None and _is_agentive(a, ents) for a in (args.actor, args.target, *args.others)):
            continue  # PLOVER events are between political actors: "prices rallied" is not a PROTEST
        if any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in ECONOMIC_MEASURES for c in trig.tok.children):
            continue  # "Germany could cut interest rates", "raised its dividend": policy figures, not acts on anyone
        if trig.tok.lemma_.lower() in LIGHT and not trig.phrase:
            obj = next((c for c in trig.tok.children if c.dep_ == "dobj" and c.i in noun_trigs), None)
            if obj is not None:  # "imposed sanctions", "host a meeting": the noun says what happened
                trig = _Trig(trig.tok, noun_trigs[obj.i].trigger, trig.start, trig.end, False)
        ev = _build(trig, args, trig.tok, sent, si, lex, ents, sent_times, anchors)
        # object noun of the same type: one event, mode from the noun
        for c in trig.tok.children:
            if c.dep_ in ("dobj", "nsubjpass") and c.i in noun_trigs:
                nt = noun_trigs[c.i].trigger
                if nt.type == trig.trigger.type or trig.tok.lemma_.lower() in LIGHT:
                    consumed.add(c.i)
                    if ev.mode is None and nt.type == ev.type:
                        ev.mode = nt.mode
        out.append(ev)
        # "X said Y must ..." handled below; "urged X to Y" keeps both
    for i, trig in sorted(noun_trigs.items()):
        if i in consumed:
            continue
        governor = _governor(trig.tok)
        gov_trig = verb_trigs.get(governor.i) if governor is not None else None
        if gov_trig is not None and governor.i not in consumed:
            gl = governor.lemma_.lower()
            if gov_trig.trigger.type not in ("AGREE", "REQUEST", "THREATEN", "REJECT") and gl not in LIGHT:
                continue  # the noun is the object of another event ("lifted the curfew")
        args = _noun_args(trig, governor, ents)
        denied = governor is not None and governor.lemma_.lower() == "deny"
        if denied and trig.trigger.type == "ACCUSE":
            subj = _subject(governor)
            keep = args.actor is not None and (subj is None or args.actor.i != subj.i)
            args = _Args(args.actor if keep else None, subj, args.others, args.solo)
        holder = trig.tok.head.head if trig.tok.dep_ == "pobj" else None
        if governor is None and holder is not None and holder.lower_ in DENIABLE:
            # "Iran denied involvement in the attack": the attack is denied, Iran its alleged actor
            outer = _governor(holder)
            if outer is not None and outer.lemma_.lower() == "deny":
                governor, denied = outer, True
                args = _Args(_antecedent(_subject(outer)), args.target, args.others, args.solo)
        if args.actor is None and args.target is None and not args.others:
            # "the charge the Taliban denies": the denier is the target
            rel = next(
                (c for c in trig.tok.children if c.dep_ == "relcl" and c.lemma_.lower() == "deny"), None
            )
            if rel is None:
                continue
            args = _Args(None, _subject(rel), ())
        clause = governor if governor is not None else trig.tok
        ev = _build(trig, args, clause, sent, si, lex, ents, sent_times, anchors)
        rel = next((c for c in trig.tok.children if c.dep_ == "relcl" and c.lemma_.lower() == "deny"), None)
        if rel is not None or denied:
            ev.modality = "denied"
        out.append(ev)
    out.extend(_must_requests(sent, si, lex, ents, sent_times, anchors))
    # THREATEN mode = the content of the threat (codebook): the threatened event's kind
    threatened = [e for e in out if e.modality == "threatened"]
    for ev in out:
        if ev.type == "THREATEN" and ev.mode is None and threatened:
            inner = threatened[0]
            ev.mode = _threat_mode(inner.type, inner.mode) if inner.type != "PROTEST" else "restrict"
    return out


def _must_requests(
    sent: SpacySpan, si: int, lex: Lexicon, ents: _Entities, sent_times, anchors
) -> list[Event]:
    """ "X said Y must/should ..." is a REQUEST from X to Y (trigger: the modal)."""
    out = []
    for tok in sent:
        if tok.lemma_.lower() not in REPORTING:
            continue
        for comp in _children(tok, "ccomp"):
            modal = next((c for c in comp.children if c.dep_ == "aux" and c.lower_ in MUST_AUX), None)
            subj = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            speaker = _subject(tok)
            if modal is None or subj is None or speaker is None or _is_passive(comp):
                continue
            if not (_is_agentive(subj, ents) and _is_agentive(speaker, ents)):
                continue
            trig = _Trig(modal, Trigger("REQUEST", None, "codebook"), modal.i, modal.i + 1, False)
            ev = _build(trig, _Args(speaker, subj, ()), tok, sent, si, lex, ents, sent_times, anchors)
            ev.modality = "asserted"
            ev.polarity = "positive"
            out.append(ev)
    return out


def _build(
    trig: _Trig,
    args: _Args,
    clause: Token,
    sent: SpacySpan,
    si: int,
    lex: Lexicon,
    ents: _Entities,
    sent_times: list[TimeExpr],
    anchors: dict[int, int | None],
) -> Event:
    doc = trig.tok.doc
    ptype, mode = trig.trigger.type, trig.trigger.mode
    modality, negated, future = _modality(clause, lex)
    if trig.nominal:
        negated = negated or any(c.lower_ in ("no", "without") for c in trig.tok.children)
    else:
        negated = negated or any(c.dep_ == "neg" for c in trig.tok.children)
    negated = negated or _under_a_negated_noun(clause)
    if not trig.nominal and trig.tok.lemma_.lower() in ENDING:
        obj = next((c for c in trig.tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is not None and (obj.lemma_.lower() in COERCE_NOUNS or obj.lower_ in COERCE_NOUNS):
            ptype, mode = "CONCEDE", None  # codebook CONCEDE: easing restrictions, removing curfews
    verb = _verb_phrase(trig, args.target, lex)
    if future and modality in ("planned", "asserted") and (not trig.nominal or clause.i != trig.tok.i):
        # codebook: future cooperation is AGREE, future retreat is CONCEDE; a coercive act announced
        # for the future is a THREAT
        if negated and ptype in COOPERATIVE:
            ptype, mode, negated, verb = "REJECT", None, False, None
            modality = "asserted"
        elif ptype in ("CONSULT", "SUPPORT", "COOPERATE", "AID"):
            ptype, mode, modality = "AGREE", None, "pledged"
        elif ptype == "RETREAT":
            ptype, mode, modality = "CONCEDE", None, "pledged"
        elif ptype in COERCIVE and ptype != "MOBILIZE" and not negated:
            ptype, mode, modality = "THREATEN", _threat_mode(ptype, mode), "threatened"
        else:
            modality = "planned"
    elif negated and ptype in COOPERATIVE and not trig.nominal and _present_tense(trig.tok):
        # "does not recognize", "refuses": a rejection; the verb no longer says what happened, the type does
        ptype, mode, negated, verb = "REJECT", None, False, None
    if ptype == "ASSAULT" and mode is None:
        mode = _assault_mode(trig, args)
    if ptype == "CONSULT" and trig.tok.lemma_.lower() in ("phone", "telephone", "call") and mode is None:
        mode = "phone"
    if ptype == "PROTEST" and not trig.nominal and _children(trig.tok, "ccomp"):
        ptype, mode = "ACCUSE", "disapprove"  # "X protested that ...": a verbal protest (codebook ACCUSE)
    if (
        trig.tok.lemma_.lower() == "welcome"
        and args.target is not None
        and _is_person_like(args.target, ents)
    ):
        ptype, mode = "CONSULT", "visit"  # "X was welcomed by Y": a hosted visit

    def span(tok: Token | None) -> Span | None:
        if tok is None:
            return None
        s, e = _arg_span(tok, conj=tok.i not in args.solo)
        sp = doc[s:e]
        return Span(sp.start_char, sp.end_char, sp.text)

    participants: list[str] = []
    for a in (args.actor, args.target, *args.others):
        if a is not None:
            for eid in _ids_in(a, ents):
                if eid not in participants:
                    participants.append(eid)
    loc_tokens = [trig.tok, clause]
    if not trig.nominal and trig.tok.lemma_.lower() in LIGHT:  # "held talks in Ankara"
        loc_tokens += [c for c in trig.tok.children if c.dep_ == "dobj"]
    for a in (args.target, *args.others, args.actor if ptype == "CONSULT" and trig.nominal else None):
        # "met with Muttaqi in Kabul": the parser often hangs the place on the person
        if a is not None and (ptype == "CONSULT" or _is_person_like(a, ents)):
            loc_tokens.append(a)
    date = None
    for t in sent_times:
        if anchors.get(id(t)) in (trig.tok.i, clause.i):
            date = t.value
            break
    tspan = doc[trig.start : trig.end]
    return Event(
        start=tspan.start_char,
        end=tspan.end_char,
        text=tspan.text,
        type=ptype,
        mode=mode,
        verb=verb,
        actor=span(args.actor),
        target=span(args.target),
        actor_entity=_resolve(args.actor, ents, args.actor.i not in args.solo)
        if args.actor is not None
        else None,
        target_entity=_resolve(args.target, ents) if args.target is not None else None,
        participants=participants,
        location=_location(loc_tokens, ents),
        date=date,
        polarity="negative" if negated else "positive",
        modality=modality,
        attributed_to=_attribution(clause, sent, ents),
        sentence=si,
    )


MODALS = FUTURE_AUX | MUST_AUX | {"could", "can", "ca"}


def _verb_phrase(trig: _Trig, target: Token | None, lex: Lexicon) -> str | None:
    """The trigger as the text says it, a verb group in base form: "assure", "carry out", "impose
    sanctions", the verbs it depends on ("try to remove", "offer to fly", "agree to form") and a modal
    ("will offer", "should support"), with the preposition that introduces the target ("meet with",
    "call on", "resume deportations of"). None for a noun trigger ("deportations") or a modal trigger
    ("should"): the event type's verb says it."""
    tok = trig.tok
    if trig.nominal or tok.pos_ != "VERB" or not tok.lemma_.isalpha():
        return None
    doc = tok.doc
    span = set(range(trig.start, trig.end)) | {tok.i}
    obj = trig.obj
    if obj is None and tok.lemma_.lower() in LIGHT and not trig.phrase:  # "imposed sanctions": the noun says it
        obj = next((c.i for c in tok.children if c.dep_ == "dobj"), None)
    if obj is not None and target is not None and obj == target.i and not lex.noun(doc[obj].lemma_.lower()):
        obj = None  # "arrest the protesters": the object is the target, said after the verb
    if obj is not None and obj > tok.i:
        span |= {obj} | {c.i for c in doc[obj].children if c.dep_ in ("det", "poss") and c.i > tok.i}
    words = [tok.lemma_.lower()] + [doc[i].lower_ for i in sorted(span) if i > tok.i]
    words += [c.lower_ for c in tok.children if c.dep_ == "prt"]
    if target is not None:
        head = target.head
        if target.i in span:  # the target is the object itself: "resumed deportations of Afghans"
            words += [c.lower_ for c in target.children if c.dep_ == "prep"][:1]
        elif target.dep_ == "pobj" and head.dep_ in ("prep", "dative") and head.head.i in span:
            words.append(head.lower_)
        elif target.dep_ == "dobj" and head.dep_ == "xcomp" and head.head.i == tok.i and head.pos_ == "VERB":
            words += ["to", head.lemma_.lower()]  # "agreed to form joint committees"
    top = tok
    for _ in range(3):  # "tried to remove", "decided to weigh in": the verbs the act depends on
        noun = top.head
        if top.dep_ == "acl" and noun.lemma_.lower() in NOUN_MODALITY and noun.dep_ == "dobj":
            # "launched a campaign to evict": the noun that makes it intended, and its verb
            det = [c.lower_ for c in noun.children if c.dep_ in ("det", "poss")][:1]
            top = noun.head
            words = [top.lemma_.lower(), *det, noun.lower_, "to", *words]
            continue
        if top.dep_ != "xcomp" or top.head.pos_ != "VERB" or top.head.lemma_.lower() in REPORTING:
            break
        top = top.head
        words = [top.lemma_.lower(), *(c.lower_ for c in top.children if c.dep_ == "prt"), "to", *words]
    modal = next((c.lower_ for c in top.children if c.dep_ == "aux" and c.lower_ in MODALS), None)
    if modal and not (top.dep_ == "ccomp" and top.head.lemma_.lower() in PLEDGE | THREAT | URGE):
        # "will offer" ("pledging that the agencies would prevent ...": the pledge is the modality)
        words.insert(0, {"'ll": "will", "wo": "will", "ca": "can", "ought": "ought to"}.get(modal, modal))
    return " ".join(words)


def main_event(events: list[Event], doc: Doc) -> Event | None:
    """The event a sentence is mainly about: asserted first, then the trigger highest in the parse."""
    if not events:
        return None

    triggers = {ev.start for ev in events}

    def depth(ev: Event) -> int:
        span = doc.char_span(ev.start, ev.end, alignment_mode="expand")
        tok = span.root if span is not None else doc[0]
        if tok.pos_ in ("NOUN", "PROPN"):
            gov = _governor(tok)  # a noun under a non-event verb ("remained on alert") stands for its clause
            if gov is not None and gov.idx not in triggers:
                tok = gov
        d = 0
        while tok.head.i != tok.i and d < 50:
            tok = tok.head
            d += 1
        return d

    def key(ev: Event) -> tuple[int, int, int]:
        rank = 0 if ev.modality in ("asserted", "reported", "pledged", "threatened") else 1
        return (rank, depth(ev), ev.start)

    return min(events, key=key)
