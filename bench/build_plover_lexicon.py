"""Regenerate ``src/newsfuse/extract/resources/plover_triggers.json`` from the shared data.

Sources (read only here, never at run time):

* ``../shared/data/petrarch-dictionaries/CAMEO.verbpatterns.150430.txt`` -- the PETRARCH CAMEO verb
  pattern dictionary (MIT, Copyright (c) 2015 Open Event Data Alliance): verbs with their CAMEO codes,
  and the simple "verb + word" patterns ("- * BORDER [172]  # CLOSE": close + border).
* ``../shared/data/plover/CAMEO2PLOVER-2021.txt`` -- the CAMEO to PLOVER conversion table
  (PLOVER manual draft 0.8, CC BY-SA 4.0, Open Event Data Alliance): CAMEO code -> PLOVER type, mode.
* Hand entries (``HAND_VERBS``, ``HAND_NOUNS``, ``HAND_PHRASES``) written from the definitions and the
  keyword lists in the PLOVER codebook (PLOVER_MANUAL.tex). They win over the CAMEO-derived entries.

CAMEO 01 (public statements) is dropped by PLOVER and skipped here; CAMEO 02 (appeals) has no row
in the conversion table: the codebook files "all requests, demands and orders" under REQUEST, so
02x is mapped to REQUEST with the modes of the matching 10x codes. The gold records in
``gsr_dev.json`` are NOT used (they are the evaluation set).

Usage: ``.venv/bin/python bench/build_plover_lexicon.py``
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from newsfuse.extract.plover import valid_mode  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
VERBS = SHARED / "petrarch-dictionaries" / "CAMEO.verbpatterns.150430.txt"
C2P = SHARED / "plover" / "CAMEO2PLOVER-2021.txt"
OUT = ROOT / "src" / "newsfuse" / "extract" / "resources" / "plover_triggers.json"

# CAMEO 02 APPEAL -> REQUEST (modes as for 10x); see module docstring.
APPEAL = {
    "02": ("REQUEST", ""),
    "020": ("REQUEST", ""),
    "021": ("REQUEST", "assist"),
    "022": ("REQUEST", "assist"),
    "023": ("REQUEST", "assist"),
    "024": ("REQUEST", "change"),
    "025": ("REQUEST", "yield"),
    "026": ("REQUEST", "meet"),
    "027": ("REQUEST", "meet"),
    "028": ("REQUEST", "meet"),
}
# The issue (and the newsfuse contract) codes deportations as COERCE/expel; the conversion table
# says COERCE/deport for CAMEO 174. Keep one name for it.
MODE_RENAME = {
    ("COERCE", "deport"): "expel",
    # conversion-table modes that the codebook's mode tables name differently
    ("COERCE", "ban"): "restrict",
    ("THREATEN", "ban"): "restrict",
    ("ASSAULT", "assassinate"): "targeted",
    ("ASSAULT", "massacre"): "targeted",
    ("ASSAULT", "cleansing"): "targeted",
    ("PROTEST", "demo"): "demo",
}

# Verbs (lemma -> type, mode) from the PLOVER codebook definitions; override CAMEO-derived ones.
HAND_VERBS: dict[str, tuple[str, str]] = {
    # AGREE: agree to, offer, promise, indicate willingness
    "agree": ("AGREE", ""),
    "pledge": ("AGREE", ""),
    "promise": ("AGREE", ""),
    "offer": ("AGREE", ""),
    "vow": ("AGREE", ""),
    "assure": ("AGREE", ""),
    "invite": ("AGREE", ""),
    "reaffirm": ("AGREE", ""),
    "accept": ("AGREE", ""),
    # CONSULT: meetings, visits, talks, phone calls
    "meet": ("CONSULT", ""),
    "discuss": ("CONSULT", ""),
    "negotiate": ("CONSULT", ""),
    "confer": ("CONSULT", ""),
    "consult": ("CONSULT", ""),
    "visit": ("CONSULT", "visit"),
    "host": ("CONSULT", "visit"),
    "telephone": ("CONSULT", "phone"),
    "phone": ("CONSULT", "phone"),
    "arrive": ("CONSULT", "visit"),
    "mediate": ("CONSULT", "multilateral"),
    # SUPPORT
    "praise": ("SUPPORT", ""),
    "endorse": ("SUPPORT", ""),
    "commend": ("SUPPORT", ""),
    "apologize": ("SUPPORT", ""),
    "apologise": ("SUPPORT", ""),
    "recognize": ("SUPPORT", ""),
    "recognise": ("SUPPORT", ""),
    "sign": ("SUPPORT", ""),
    "ratify": ("SUPPORT", ""),
    "support": ("SUPPORT", ""),
    "back": ("SUPPORT", ""),
    "defend": ("SUPPORT", ""),
    "upgrade": ("SUPPORT", ""),
    # CONCEDE
    "concede": ("CONCEDE", ""),
    "pardon": ("CONCEDE", ""),
    "acquit": ("CONCEDE", ""),
    "lift": ("CONCEDE", ""),
    "ease": ("CONCEDE", ""),
    "regret": ("CONCEDE", ""),
    # COOPERATE
    "cooperate": ("COOPERATE", ""),
    "extradite": ("COOPERATE", ""),
    "share": ("COOPERATE", ""),
    # AID
    "donate": ("AID", ""),
    "aid": ("AID", ""),
    "rescue": ("AID", ""),
    "evacuate": ("AID", ""),
    # RETREAT
    "withdraw": ("RETREAT", "withdraw"),
    "release": ("RETREAT", "release"),
    "free": ("RETREAT", "release"),
    "resign": ("RETREAT", "resign"),
    "disarm": ("RETREAT", "disarm"),
    "demobilize": ("RETREAT", "disarm"),
    "retreat": ("RETREAT", "withdraw"),
    "repatriate": ("RETREAT", "release"),
    # REQUEST
    "demand": ("REQUEST", ""),
    "request": ("REQUEST", ""),
    "urge": ("REQUEST", ""),
    "ask": ("REQUEST", ""),
    "appeal": ("REQUEST", ""),
    "insist": ("REQUEST", ""),
    "press": ("REQUEST", ""),
    "pressure": ("REQUEST", ""),
    "pressurize": ("REQUEST", ""),
    "implore": ("REQUEST", ""),
    # ACCUSE
    "accuse": ("ACCUSE", "allege"),
    "allege": ("ACCUSE", "allege"),
    "charge": ("ACCUSE", "allege"),
    "indict": ("ACCUSE", "allege"),
    "sue": ("ACCUSE", "allege"),
    "blame": ("ACCUSE", "allege"),
    "condemn": ("ACCUSE", "disapprove"),
    "criticize": ("ACCUSE", "disapprove"),
    "criticise": ("ACCUSE", "disapprove"),
    "denounce": ("ACCUSE", "disapprove"),
    "decry": ("ACCUSE", "disapprove"),
    "complain": ("ACCUSE", "disapprove"),
    "investigate": ("ACCUSE", "investigate"),
    "probe": ("ACCUSE", "investigate"),
    # REJECT
    "reject": ("REJECT", ""),
    "refuse": ("REJECT", ""),
    "decline": ("REJECT", ""),
    "veto": ("REJECT", ""),
    "oppose": ("REJECT", ""),
    "deny": ("REJECT", ""),
    "rebuff": ("REJECT", ""),
    "defy": ("REJECT", ""),
    # THREATEN
    "threaten": ("THREATEN", ""),
    "warn": ("THREATEN", ""),
    # PROTEST
    "protest": ("PROTEST", "demo"),
    "demonstrate": ("PROTEST", "demo"),
    "rally": ("PROTEST", "demo"),
    "riot": ("PROTEST", "riot"),
    "boycott": ("PROTEST", "boycott"),
    "march": ("PROTEST", "demo"),
    # SANCTION
    "sanction": ("SANCTION", "discontinue"),
    "suspend": ("SANCTION", "discontinue"),
    "halt": ("SANCTION", "discontinue"),
    "sever": ("SANCTION", "discontinue"),
    "cut": ("SANCTION", "discontinue"),
    # MOBILIZE
    "mobilize": ("MOBILIZE", "troops"),
    "mobilise": ("MOBILIZE", "troops"),
    "deploy": ("MOBILIZE", "troops"),
    # COERCE
    "deport": ("COERCE", "expel"),
    "expel": ("COERCE", "expel"),
    "evict": ("COERCE", "expel"),
    "arrest": ("COERCE", "arrest"),
    "detain": ("COERCE", "arrest"),
    "jail": ("COERCE", "arrest"),
    "imprison": ("COERCE", "arrest"),
    "confiscate": ("COERCE", "seize"),
    "seize": ("COERCE", "seize"),
    "raid": ("COERCE", "seize"),
    "ban": ("COERCE", "ban"),
    "outlaw": ("COERCE", "ban"),
    "bar": ("COERCE", "restrict"),
    "censor": ("COERCE", "censor"),
    "blockade": ("COERCE", "restrict"),
    "prevent": ("COERCE", "restrict"),
    "restrict": ("COERCE", "restrict"),
    # ASSAULT
    "attack": ("ASSAULT", ""),
    "kill": ("ASSAULT", ""),
    "shell": ("ASSAULT", "heavy-weapons"),
    "bomb": ("ASSAULT", "explosives"),
    "shoot": ("ASSAULT", "firearms"),
    "assassinate": ("ASSAULT", "targeted"),
    "kidnap": ("ASSAULT", "abduct"),
    "abduct": ("ASSAULT", "abduct"),
    "torture": ("ASSAULT", "torture"),
    "massacre": ("ASSAULT", "targeted"),
    "invade": ("ASSAULT", ""),
    "fight": ("ASSAULT", ""),
    "clash": ("ASSAULT", ""),
    "capture": ("ASSAULT", ""),
    "storm": ("ASSAULT", ""),
    "beat": ("ASSAULT", "beat"),
    "execute": ("ASSAULT", "targeted"),
    "cancel": ("SANCTION", "discontinue"),
    "welcome": ("SUPPORT", ""),
}

# Verbs that are never events by themselves (reporting, light, or too generic), whatever CAMEO says.
# Light verbs ("hold talks", "stage a protest") take their type from the object noun at run time.
NOT_EVENTS = {
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
    "insist_on",
    "believe",
    "think",
    "know",
    "be",
    "have",
    "do",
    "make",
    "take",
    "get",
    "go",
    "come",
    "give",
    "put",
    "set",
    "keep",
    "let",
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
    "pay",
    "use",
    "include",
    "involve",
    "cover",
    "focus",
    "seek",
    "try",
    "want",
    "need",
    "see",
    "look",
    "find",
    "show",
    "leave",
    "face",
    "remain",
    "become",
    "follow",
    "lead",
    "help",
    "work",
    "plan",
    "expect",
    "hope",
    "decide",
    "speak",
    "express",
    "voice",
    "emphasize",
    "emphasise",
    "stress",
    "underscore",
    "raise",
    "play",
    "turn",
    "run",
    "move",
    "bring",
    "call",
    "live",
    "hit",
    "match",
    "mark",
    "pit",
    "push",
    "meet_with",
    # CAMEO synonym-set members that are mostly economic or generic in news text (checked by frequency
    # on Reuters bodies): never triggers on their own.
    "stock",
    "trade",
    "exchange",
    "increase",
    "tax",
    "loan",
    "fund",
    "buy",
    "import",
    "purchase",
    "finance",
    "bill",
    "unite",
    "value",
    "order",
    "deal",
    "tender",
    "consider",
    "control",
    "yield",
    "supply",
    "rule",
    "require",
    "improve",
    "combine",
    "affect",
    "risk",
    "head",
    "intend",
    "benefit",
    "expand",
    "research",
    "study",
    "aim",
    "clear",
    "impact",
    "better",
    "mine",
    "mean",
    "lend",
    "boost",
    "institute",
    "relate",
    "reason",
    "found",
    "direct",
    "serve",
    "manage",
    "pass",
    "associate",
    "pound",
    "award",
    "link",
    "best",
    "hear",
    "swap",
    "invest",
    "task",
    "approach",
    "suffer",
    "collapse",
    "handle",
    "retire",
    "scheme",
    "chain",
    "cable",
    "speculate",
    "respect",
    "assign",
    "compete",
    "check",
    "allocate",
    "integrate",
    "shock",
    "influence",
    "moderate",
    "table",
    "protect",
    "arm",
    "contain",
    "enable",
    "introduce",
    "interview",
    "transport",
    "transfer",
    "muse",
    "reside",
    "ring",
    "dig",
    "sweep",
    "gather",
    "enlarge",
    "advertize",
    "agonize",
    "conspire",
    "establish",
    "affirm",
    "count",
    "ensure",
    "cross",
    "fear",
    "form",
    "accord",
    "grant",
    "propose",
    "bid",
    "question",
    "guarantee",
    "target",
    "favor",
    "promote",
    "ship",
    "approve",
    "allow",
    "exclude",
    "collaborate_with",
    "join",
    "attend",
    "tour",
    "travel",
    "contact",
    "explore",
    "commit",
    "flee",
}

# Nominal triggers (lemma -> type, mode): the codebook's keywords and the nouns of its definitions.
HAND_NOUNS: dict[str, tuple[str, str]] = {
    # AGREE
    "agreement": ("AGREE", ""),
    "deal": ("AGREE", ""),
    "accord": ("AGREE", ""),
    "pledge": ("AGREE", ""),
    "promise": ("AGREE", ""),
    "offer": ("AGREE", ""),
    "understanding": ("AGREE", ""),
    "commitment": ("AGREE", ""),
    "consensus": ("AGREE", ""),
    "invitation": ("AGREE", ""),
    # CONSULT
    "meeting": ("CONSULT", ""),
    "talk": ("CONSULT", ""),
    "talks": ("CONSULT", ""),
    "negotiation": ("CONSULT", ""),
    "discussion": ("CONSULT", ""),
    "consultation": ("CONSULT", ""),
    "summit": ("CONSULT", "multilateral"),
    "visit": ("CONSULT", "visit"),
    "trip": ("CONSULT", "visit"),
    "mediation": ("CONSULT", "multilateral"),
    "dialogue": ("CONSULT", ""),
    "conference": ("CONSULT", "multilateral"),
    "phone call": ("CONSULT", "phone"),
    "telephone call": ("CONSULT", "phone"),
    "welcome": ("CONSULT", "visit"),
    # SUPPORT
    "endorsement": ("SUPPORT", ""),
    "recognition": ("SUPPORT", ""),
    "apology": ("SUPPORT", ""),
    "treaty": ("SUPPORT", ""),
    "praise": ("SUPPORT", ""),
    # CONCEDE
    "concession": ("CONCEDE", ""),
    "amnesty": ("CONCEDE", ""),
    "pardon": ("CONCEDE", ""),
    # COOPERATE
    "cooperation": ("COOPERATE", ""),
    "extradition": ("COOPERATE", ""),
    "joint exercise": ("COOPERATE", ""),
    "exercise": ("COOPERATE", ""),
    # AID
    "aid": ("AID", ""),
    "assistance": ("AID", ""),
    "donation": ("AID", ""),
    "asylum": ("AID", ""),
    "relief": ("AID", ""),
    "loan": ("AID", ""),
    "grant": ("AID", ""),
    "evacuation": ("AID", ""),
    # RETREAT
    "withdrawal": ("RETREAT", "withdraw"),
    "pullout": ("RETREAT", "withdraw"),
    "release": ("RETREAT", "release"),
    "ceasefire": ("RETREAT", "ceasefire"),
    "cease-fire": ("RETREAT", "ceasefire"),
    "truce": ("RETREAT", "ceasefire"),
    "resignation": ("RETREAT", "resign"),
    "repatriation": ("RETREAT", "release"),
    "compensation": ("RETREAT", ""),
    "access": ("RETREAT", "access"),
    # REQUEST
    "demand": ("REQUEST", ""),
    "request": ("REQUEST", ""),
    "appeal": ("REQUEST", ""),
    "call": ("REQUEST", ""),
    "plea": ("REQUEST", ""),
    "ultimatum": ("THREATEN", ""),
    # ACCUSE
    "accusation": ("ACCUSE", "allege"),
    "allegation": ("ACCUSE", "allege"),
    "charge": ("ACCUSE", "allege"),
    "criticism": ("ACCUSE", "disapprove"),
    "condemnation": ("ACCUSE", "disapprove"),
    "complaint": ("ACCUSE", "disapprove"),
    "lawsuit": ("ACCUSE", "allege"),
    "indictment": ("ACCUSE", "allege"),
    "investigation": ("ACCUSE", "investigate"),
    "probe": ("ACCUSE", "investigate"),
    "inquiry": ("ACCUSE", "investigate"),
    # REJECT
    "rejection": ("REJECT", ""),
    "refusal": ("REJECT", ""),
    "veto": ("REJECT", ""),
    "denial": ("REJECT", ""),
    # THREATEN
    "threat": ("THREATEN", ""),
    "warning": ("THREATEN", ""),
    # PROTEST
    "protest": ("PROTEST", "demo"),
    "demonstration": ("PROTEST", "demo"),
    "rally": ("PROTEST", "demo"),
    "riot": ("PROTEST", "riot"),
    "boycott": ("PROTEST", "boycott"),
    "hunger strike": ("PROTEST", "hunger"),
    "general strike": ("PROTEST", "strike"),
    "sit-in": ("PROTEST", "demo"),
    "march": ("PROTEST", "demo"),
    "strike": ("PROTEST", "strike"),
    # SANCTION
    "sanction": ("SANCTION", "discontinue"),
    "sanctions": ("SANCTION", "discontinue"),
    "suspension": ("SANCTION", "discontinue"),
    # MOBILIZE
    "mobilization": ("MOBILIZE", "troops"),
    "mobilisation": ("MOBILIZE", "troops"),
    "deployment": ("MOBILIZE", "troops"),
    "alert": ("MOBILIZE", "troops"),
    # COERCE
    "deportation": ("COERCE", "expel"),
    "expulsion": ("COERCE", "expel"),
    "eviction": ("COERCE", "expel"),
    "arrest": ("COERCE", "arrest"),
    "detention": ("COERCE", "arrest"),
    "raid": ("COERCE", "seize"),
    "crackdown": ("COERCE", "restrict"),
    "curfew": ("COERCE", "curfew"),
    "ban": ("COERCE", "ban"),
    "blockade": ("COERCE", "restrict"),
    "embargo": ("COERCE", "restrict"),
    "martial law": ("COERCE", "martial-law"),
    "state of emergency": ("COERCE", "martial-law"),
    "state of siege": ("COERCE", "martial-law"),
    "confiscation": ("COERCE", "seize"),
    "seizure": ("COERCE", "seize"),
    "censorship": ("COERCE", "censor"),
    "repression": ("COERCE", "restrict"),
    "restriction": ("COERCE", "restrict"),
    # ASSAULT
    "attack": ("ASSAULT", ""),
    "assault": ("ASSAULT", ""),
    "bombing": ("ASSAULT", "explosives"),
    "car bomb": ("ASSAULT", "explosives"),
    "shelling": ("ASSAULT", "heavy-weapons"),
    "airstrike": ("ASSAULT", "aerial"),
    "air strike": ("ASSAULT", "aerial"),
    "air raid": ("ASSAULT", "aerial"),
    "clash": ("ASSAULT", ""),
    "fighting": ("ASSAULT", ""),
    "battle": ("ASSAULT", ""),
    "gunbattle": ("ASSAULT", "firearms"),
    "killing": ("ASSAULT", ""),
    "assassination": ("ASSAULT", "targeted"),
    "massacre": ("ASSAULT", "targeted"),
    "kidnapping": ("ASSAULT", "abduct"),
    "abduction": ("ASSAULT", "abduct"),
    "torture": ("ASSAULT", "torture"),
    "invasion": ("ASSAULT", ""),
    "offensive": ("ASSAULT", ""),
    "ethnic cleansing": ("ASSAULT", "targeted"),
    "suicide bombing": ("ASSAULT", "suicide-attack"),
    "drone strike": ("ASSAULT", "drone"),
    "shooting": ("ASSAULT", "firearms"),
}

# Verb + word phrases from the codebook ("hold talks" is covered by light verbs + nouns).
HAND_PHRASES: dict[str, tuple[str, str]] = {
    "commit to": ("AGREE", ""),
    "call for": ("REQUEST", ""),
    "call on": ("REQUEST", ""),
    "call upon": ("REQUEST", ""),
    "meet with": ("CONSULT", ""),
    "talk with": ("CONSULT", ""),
    "welcome to": ("CONSULT", "visit"),
    "break off": ("SANCTION", "discontinue"),
    "cut off": ("SANCTION", "discontinue"),
    "call off": ("CONCEDE", ""),
    "lift curfew": ("CONCEDE", ""),
    "lift ban": ("CONCEDE", ""),
    "lift sanction": ("CONCEDE", ""),
    "lift embargo": ("CONCEDE", ""),
    "close border": ("COERCE", "restrict"),
    "open fire": ("ASSAULT", "firearms"),
    "set fire": ("ASSAULT", "destroy"),
    "pull out": ("RETREAT", "withdraw"),
    "hand over": ("AID", ""),
    "gun down": ("ASSAULT", "firearms"),
    "carry out": ("", ""),
    # PROTEST obstruct: "obstruct passage or access to a particular locale"
    "block road": ("PROTEST", "obstruct"),
    "block street": ("PROTEST", "obstruct"),
    "block highway": ("PROTEST", "obstruct"),
    "block traffic": ("PROTEST", "obstruct"),
    "block entrance": ("PROTEST", "obstruct"),
    "barricade road": ("PROTEST", "obstruct"),
    # AID: material aid to the recipient
    "send aid": ("AID", ""),
    "send arms": ("AID", ""),
    "send weapons": ("AID", ""),
    "send medicine": ("AID", ""),
    "send food": ("AID", ""),
    "send supplies": ("AID", ""),
    "provide aid": ("AID", ""),
    "provide assistance": ("AID", ""),
    "deliver aid": ("AID", ""),
    "grant asylum": ("AID", ""),
    # SANCTION discontinue: "curtail, decrease, break ... exchanges"
    "reduce aid": ("SANCTION", "discontinue"),
    "reduce supplies": ("SANCTION", "discontinue"),
    "cut aid": ("SANCTION", "discontinue"),
    "halt aid": ("SANCTION", "discontinue"),
    "suspend aid": ("SANCTION", "discontinue"),
    "withhold aid": ("SANCTION", "discontinue"),
    "sever ties": ("SANCTION", "discontinue"),
    "sever relations": ("SANCTION", "discontinue"),
    "recall ambassador": ("SANCTION", "withdraw"),
    "force out": ("SANCTION", "expel"),
    # MOBILIZE: "military or police moves that fall short of the actual use of force"
    "strengthen forces": ("MOBILIZE", "troops"),
    "reinforce troops": ("MOBILIZE", "troops"),
    "mass troops": ("MOBILIZE", "troops"),
    "deploy troops": ("MOBILIZE", "troops"),
    "boost forces": ("MOBILIZE", "troops"),
    "increase forces": ("MOBILIZE", "troops"),
    "put on alert": ("MOBILIZE", "troops"),
    "heighten alert": ("MOBILIZE", "troops"),
}

# Light verbs whose CAMEO "verb + object" patterns are kept ("hold talks", "impose curfew").
LIGHT_OK = {
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
    "issue",
    "make",
    "give",
    "pay",
    "take",
    "call",
    "express",
    "voice",
    "raise",
    "impose",
    "allow",
    "approve",
    "grant",
    "propose",
    "deal",
    "order",
    "break",
    "cut",
    "close",
    "end",
    "lift",
    "declare",
    "announce",
    "set",
    "send",
    "use",
    "provide",
}

_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*---")
_VERB = re.compile(r"^(\+?[A-Z][A-Z_'\-]*)\s*(\{[^}]*\})?\s*(?:\[([^\]]*)\])?")
_PATTERN = re.compile(r"^-\s+\*\s+([A-Z][A-Z_\-]*)((?:\s+[+$%^])*)\s+\[([^\]]*)\]\s*(?:#\s*(.*))?$")
_PREPS = {
    "off",
    "up",
    "down",
    "out",
    "for",
    "with",
    "against",
    "to",
    "on",
    "in",
    "away",
    "back",
    "over",
    "into",
    "at",
    "from",
    "of",
    "by",
    "about",
}


def load_c2p(path: Path = C2P) -> dict[str, tuple[str, str]]:
    """CAMEO code -> (PLOVER type, mode) from the conversion table."""
    table: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d+):\s*(.*)$", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split(",")]
        table[m.group(1)] = (parts[0], parts[1] if len(parts) > 1 else "")
    return table


def map_code(code: str, table: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """PLOVER (type, mode) of a CAMEO code ("062:062" -> its first part), or None if dropped."""
    code = code.split(":", 1)[0].strip()
    if not code.isdigit() or code.startswith("01") or len(code) < 2:
        return None
    for n in (len(code), 3, 2):
        key = code[:n]
        hit = APPEAL.get(key) if key.startswith("02") else table.get(key)
        if hit:
            ptype, mode = hit
            mode = MODE_RENAME.get((ptype, mode.strip()), mode.strip())
            return ptype, valid_mode(ptype, mode) or ""
    return None


def _base(form: str, verbs: dict[str, str]) -> str | None:
    """The block verb a (possibly inflected) form in a pattern comment refers to."""
    form = form.strip().upper().lstrip("+")
    if form in verbs:
        return form
    for suf, add in (("ING", ""), ("ING", "E"), ("ED", ""), ("ED", "E"), ("D", ""), ("S", ""), ("ES", "")):
        if form.endswith(suf) and (form[: -len(suf)] + add) in verbs:
            return form[: -len(suf)] + add
    return None


def parse_verbpatterns(path: Path, table: dict[str, tuple[str, str]]):
    """(verb lemma -> CAMEO code, (verb, word) -> CAMEO code) from the PETRARCH dictionary."""
    verbs: dict[str, str] = {}
    phrases: dict[str, str] = {}
    in_patterns = False
    block_code = "---"
    block_verbs: dict[str, str] = {}
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.rstrip()
        if line.startswith("####### VERB PATTERNS"):
            in_patterns = True
            continue
        if not in_patterns or not line.strip() or line.startswith("#"):
            continue
        m = _BLOCK.match(line)
        if m:
            block_code = m.group(2).strip()
            block_verbs = {}
            continue
        if line.startswith("-"):
            pm = _PATTERN.match(line)
            if not pm:
                continue
            word, code, comment = pm.group(1), pm.group(3), pm.group(4) or ""
            names = [_base(c.split("<")[0], block_verbs) for c in comment.split(",")] if comment else []
            owners = [n for n in names if n] or list(block_verbs)
            for owner in owners:
                key = f"{owner.replace('_', ' ').lower()} {word.replace('_', ' ').lower()}"
                phrases.setdefault(key, code)
            continue
        vm = _VERB.match(line.strip())
        if not vm:
            continue
        verb = vm.group(1).lstrip("+")
        block_verbs[verb] = vm.group(3) or block_code
        verbs.setdefault(verb.replace("_", " ").lower(), vm.group(3) or block_code)
    return verbs, phrases


def build() -> dict:
    table = load_c2p()
    verbs, phrases = parse_verbpatterns(VERBS, table)
    entries: dict[str, dict[str, list[str]]] = {"verb": {}, "phrase": {}, "noun": {}}
    for lemma, code in verbs.items():
        hit = map_code(code, table)
        if hit and lemma not in NOT_EVENTS and re.fullmatch(r"[a-z][a-z' \-]*", lemma):
            entries["verb"][lemma] = [hit[0], hit[1], f"cameo:{code.split(':')[0]}"]
    for key, code in phrases.items():
        verb, word = key.split(" ", 1)
        hit = map_code(code, table)
        if not hit or " " in word and word.split()[0] in _PREPS:
            continue
        if verb in NOT_EVENTS and verb not in LIGHT_OK:
            continue
        if verb in LIGHT_OK and word in ("campaign", "drive", "effort", "bid", "move", "step"):
            continue  # "launched a campaign to evict ...": the event is in the complement
        if verb in HAND_VERBS and word in _PREPS:
            continue  # a codebook verb keeps its type whatever preposition follows
        parent = entries["verb"].get(verb)
        if parent and parent[0] == hit[0] and parent[1] == hit[1]:
            continue  # the pattern adds nothing over the verb itself
        entries["phrase"][key] = [hit[0], hit[1], f"cameo:{code.split(':')[0]}"]
    for lemma, (ptype, mode) in HAND_VERBS.items():
        mode = MODE_RENAME.get((ptype, mode), mode)
        entries["verb"][lemma] = [ptype, valid_mode(ptype, mode) or "", "codebook"]
    for lemma in NOT_EVENTS:
        entries["verb"].pop(lemma, None)
    for key, (ptype, mode) in HAND_PHRASES.items():
        entries["phrase"][key] = [ptype, mode, "codebook"]
    for lemma, (ptype, mode) in HAND_NOUNS.items():
        entries["noun"][lemma] = [ptype, mode, "codebook"]
    return {
        "_source": (
            "Derived by bench/build_plover_lexicon.py from the PETRARCH CAMEO verb patterns "
            "(CAMEO.verbpatterns.150430.txt, MIT License, Copyright (c) 2015 Open Event Data Alliance) "
            "mapped through CAMEO2PLOVER-2021.txt (PLOVER manual draft 0.8, CC BY-SA 4.0, Open Event Data "
            "Alliance), plus hand entries from the PLOVER codebook definitions. Entry: [type, mode, origin]."
        ),
        "verb": dict(sorted(entries["verb"].items())),
        "phrase": dict(sorted(entries["phrase"].items())),
        "noun": dict(sorted(entries["noun"].items())),
    }


def _dump(lex: dict) -> str:
    """JSON with one lexicon entry per line (small, diffable)."""
    lines = ["{", f'"_source": {json.dumps(lex["_source"])},']
    sections = [k for k in lex if k != "_source"]
    for n, section in enumerate(sections):
        lines.append(f'"{section}": {{')
        items = list(lex[section].items())
        for i, (key, value) in enumerate(items):
            comma = "," if i < len(items) - 1 else ""
            lines.append(f"{json.dumps(key)}: {json.dumps(value)}{comma}")
        lines.append("}," if n < len(sections) - 1 else "}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    lex = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(_dump(lex), encoding="utf-8")
    counts = {k: len(v) for k, v in lex.items() if isinstance(v, dict)}
    types = Counter(v[0] for v in lex["verb"].values())
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KB): {counts}")
    print("verb types:", dict(types.most_common()))
    by_type: dict[str, list[str]] = defaultdict(list)
    for k, v in lex["verb"].items():
        by_type[v[0]].append(k)


if __name__ == "__main__":
    main()
