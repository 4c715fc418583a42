"""Quotes: direct and indirect speech with the speaker resolved to an entity.

Direct speech is text between quote marks (straight or curly, double or single) that a
speech verb reports: the verb right before the opening mark (``Dar emphasized "..."``),
right after the closing mark (``"...," he added``), elsewhere in the sentence
(``reiterated the stance: "..."``) or an ``according to X`` phrase. Short quoted phrases
without a verb (scare quotes such as "brotherly countries") count only when a speech
verb governs them (``accused Afghans of being "terrorists and criminals"``).

Indirect speech is a reporting verb with a clausal complement (``He said on Friday that
...``, ``..., the FO said``) or an ``according to X`` phrase; the quote span is the
reported clause. Speakers are the verb's subject, resolved to an entity: the mention
containing the subject's head; the organisation behind "a statement from X", "a
spokesman for X" or "a video shared by X"; pronouns (he/she) to the last named person
who spoke (else the last person mentioned); "the statement" to whoever last issued a
statement; "the company/ministry/..." to the last organisation mentioned.

Line breaks matter: a heading glued to the next sentence by the parser is never a speaker
or part of a reported clause; wire copy wrapped at a fixed width is recognised and its
newlines are not treated as breaks (``line_ids``). "They said" goes to the last plural
speaker or the previous sentence's plural subject.

Why rules and not a library: no maintained, installable English quotation-attribution
model fits the spaCy 3.8 small pipeline we run; the rules are transparent, fast and
work on the parse we already have. ``speech_frames`` is shared with the quantity
extractor, which uses it for attribution.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsfuse.records import Entity, Quote


def _words(s: str) -> list[str]:
    return s.split()


# Lemmas of verbs that report speech (direct quotes and "that"-clauses).
SPEECH_VERBS = frozenset(
    _words(
        """
    say tell add state announce report stress warn claim assure emphasize emphasise insist deny
    confirm note explain argue reiterate declare acknowledge admit allege predict estimate write
    tweet maintain contend concede caution complain reply respond disclose reveal underline
    underscore suggest indicate pledge promise vow accuse ask quote remark observe affirm reaffirm
    recall testify urge hint signal comment
        """
    )
)
# Verbs that report speech only with a quotation (not with a that-clause).
_DIRECT_ONLY = frozenset({"ask", "urge", "comment", "remark", "quote"})
# Nouns for documents or spokespeople: the real speaker is the organisation behind them.
DOC_NOUNS = frozenset(
    _words(
        """
    statement report video post tweet letter release communique communiqué document filing data
    figures survey study spokesman spokeswoman spokesperson official officials source sources
    representative message notice announcement memo briefing transcript
        """
    )
)
_STATEMENT_NOUNS = frozenset({"statement", "release", "communique", "communiqué", "announcement", "notice"})
# Definite generic organisation nouns: "the company said" -> the last organisation mentioned.
_ORG_NOUNS = frozenset(
    _words(
        """
    company firm bank group ministry office agency government department authority authorities
    commission council committee organisation organization union party corporation administration
    regulator court board army military police
        """
    )
)
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
# Verbs that make a short quoted phrase a (partial) quotation rather than scare quotes.
_PARTIAL_QUOTE_VERBS = frozenset(
    _words(
        """
    say call describe accuse term label dub brand tell warn add insist promise pledge vow deny claim
    stress emphasize emphasise reiterate declare write tweet urge demand
        """
    )
)

_QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'"), ("«", "»"))


@dataclass
class Speech:
    """One act of reported speech found in a document (internal; shared with quantities)."""

    start: int  # the quoted text / reported clause (character offsets)
    end: int
    direct: bool
    verb: int | None  # token index of the speech verb (None for "according to")
    speaker_text: str | None  # the subject as written: "the FO", "He"
    speaker: str | None  # resolved: entity name, or the written subject when not resolvable
    entity: str | None  # entity id
    sentence: int


def _words(s: str) -> list[str]:
    return s.split()


# --------------------------------------------------------------- entity lookup
class _Mentions:
    """Entity mentions sorted by position, for overlap and "last before" queries."""

    def __init__(self, entities: list[Entity]):
        rows = []
        for ent in entities:
            for m in ent.mentions:
                rows.append((m.start, m.end, ent))
        rows.sort(key=lambda r: (r[0], -r[1]))
        self.rows = rows
        self.starts = [r[0] for r in rows]

    def containing(self, start: int, end: int) -> Entity | None:
        """The entity with a mention covering [start, end) (longest mention first)."""
        best = None
        for s, e, ent in self.rows:
            if s > start:
                break
            if s <= start and e >= end and (best is None or e - s > best[1] - best[0]):
                best = (s, e, ent)
        return best[2] if best else None

    def inside(self, start: int, end: int, types: tuple[str, ...]) -> list[Entity]:
        out = []
        for s, e, ent in self.rows[bisect_right(self.starts, start - 1) :]:
            if s >= end:
                break
            if e <= end and ent.type in types:
                out.append(ent)
        return out

    def first_before(self, pos: int, types: tuple[str, ...]) -> Entity | None:
        for s, _e, ent in self.rows:
            if s >= pos:
                break
            if ent.type in types:
                return ent
        return None

    def last_before(self, pos: int, types: tuple[str, ...]) -> Entity | None:
        for s, _e, ent in reversed(self.rows[: bisect_right(self.starts, pos - 1)]):
            if ent.type in types and s < pos:
                return ent
        return None


# ------------------------------------------------------------------- helpers
_END_OF_LINE = tuple(".!?:;\"”’'")


def line_ids(doc: Doc) -> list[int]:
    """Per token, the index of its "line": text between hard line breaks (cached on the Doc).

    A hard break is a blank line, or a newline after a line that ends a sentence or is short
    (a heading, a table row). Newlines inside wrapped paragraphs (wire copy wrapped at 70
    characters) are not breaks, so a sentence wrapped over two lines stays one line.
    """
    cached = doc.user_data.get("newsfuse.lines")
    if cached is not None and len(cached) == len(doc):
        return cached
    text = doc.text
    lines = text.split("\n")
    # wire copy wrapped at a fixed width: many long lines ending mid-sentence
    long = [ln.strip() for ln in lines[:-1] if len(ln.strip()) >= 40]
    wrapped = (
        len(long) >= 3
        and sum(len(ln) <= 90 for ln in long) >= 0.8 * len(long)
        and sum(not ln.endswith(_END_OF_LINE) for ln in long) >= 0.4 * len(long)
    )
    hard: list[int] = []
    line_start = 0
    for m in re.finditer(r"\n", text):
        p = m.start()
        before = text[line_start:p].strip()
        after = text[p + 1 : p + 3]
        if (
            not before
            or not after.strip()
            or after.startswith("  ")  # an indented table row
            or before.endswith(_END_OF_LINE)
            or (len(before) < 50 and not wrapped)
        ):
            hard.append(p)
        line_start = p + 1
    ids = []
    k = 0
    for tok in doc:
        while k < len(hard) and hard[k] < tok.idx:
            k += 1
        ids.append(k)
    doc.user_data["newsfuse.lines"] = ids
    return ids


def _same_line(a: Token, b: Token) -> bool:
    ids = line_ids(a.doc)
    return ids[a.i] == ids[b.i]


def _subject(verb: Token) -> Token | None:
    """The verb's subject, climbing through conjoined/adverbial/participial verbs.

    A subject on another line (a heading the parser glued to the sentence) is no subject;
    without one, the noun right before the verb (``... Pakistan assures Kabul``) or right
    after it (``..." said Arthur Miller``) is taken.
    """
    tok = verb
    for _ in range(4):
        subjects = [
            c
            for c in tok.children
            if c.dep_ in ("nsubj", "nsubjpass")
            and not (speech_lemma(tok) == "quote" and c.dep_ == "nsubj")
            and _same_line(c, verb)
        ]
        if subjects:
            subj = min(subjects, key=lambda c: abs(c.i - tok.i))
            if subj.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
                return tok.head  # "Chen Shibiao, who said that ..."
            return subj
        if tok.dep_ in ("conj", "advcl", "xcomp", "acl", "relcl") and tok.head is not tok:
            if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
                return tok.head
            tok = tok.head
            continue
        break
    doc = verb.doc
    for j in range(verb.i - 1, max(-1, verb.i - 4), -1):
        t = doc[j]
        if not _same_line(t, verb) or t.is_punct:
            break
        if t.pos_ in ("PROPN", "NOUN", "PRON"):
            return t
    if (
        verb.i + 1 < len(doc)
        and doc[verb.i + 1].pos_ in ("PROPN",)
        and _same_line(verb, doc[verb.i + 1])
        and speech_lemma(verb) not in ("tell", "ask", "quote")
    ):
        t = doc[verb.i + 1]
        while t.dep_ == "compound" and t.head.i > t.i:
            t = t.head
        return t
    return None


def _np_span(head: Token) -> Span:
    """The noun phrase of ``head`` without appositions, relative clauses and trailing punctuation."""
    doc = head.doc
    skip = {"appos", "relcl", "acl", "punct", "advcl", "cc", "conj"}
    left = head.i
    for child in head.lefts:
        if child.dep_ not in skip and child.dep_ not in ("prep", "advmod", "npadvmod"):
            left = min(left, child.left_edge.i)
    right = head.i
    for child in head.rights:
        if child.dep_ in skip:
            break
        right = max(right, child.right_edge.i)
    while right > left and doc[right].is_punct:
        right -= 1
    while left < right and (doc[left].is_punct or doc[left].dep_ == "cc" or doc[left].is_space):
        left += 1
    # never across a line break (headings glued to the next sentence by the parser)
    ids = line_ids(doc)
    while left < head.i and ids[left] != ids[head.i]:
        left += 1
    while right > head.i and ids[right] != ids[head.i]:
        right -= 1
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return doc[left : right + 1]


def _flat_name(head: Token) -> str:
    """A proper name without its modifiers: "Bob Bannon of Security Pacific" -> "Bob Bannon"."""
    lo = head.i
    while (
        lo - 1 >= 0
        and head.doc[lo - 1].dep_ in ("compound", "flat")
        and head.doc[lo - 1].pos_ == "PROPN"
        and head.doc[lo - 1].head.i in range(lo, head.i + 1)
    ):
        lo -= 1
    words = [t.text for t in head.doc[lo : head.i + 1]]
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
        words = words[1:]
    return " ".join(words)


_TITLES = frozenset(
    _words(
        """mr mrs ms dr sen rep gen col lt capt prof president minister secretary chairman chief governor
        senator mayor judge economist analyst spokesman spokeswoman"""
    )
)


def _source_of_doc_noun(head: Token) -> Token | None:
    """For "a statement from X", "X's statement", "a video shared by X", "a spokesman for X": X's head."""
    for child in head.children:
        if child.dep_ in ("poss", "compound") and child.pos_ == "PROPN":
            return child
        if child.dep_ == "prep" and child.lower_ in ("from", "of", "for", "by"):
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
        if child.dep_ == "acl":
            for g in child.children:
                if g.dep_ == "agent":
                    for h in g.children:
                        if h.dep_ == "pobj":
                            return h
    return None


class _Resolver:
    """Resolves a subject token to (text as written, resolved name, entity id)."""

    def __init__(self, doc: Doc, entities: list[Entity]):
        self.doc = doc
        self.entities = entities
        self.mentions = _Mentions(entities)
        self.last_person: tuple[str, str | None] | None = None  # last named person who spoke
        self.last_statement: tuple[str, str | None] | None = None  # (name, entity id)
        self.last_org: tuple[str, str | None] | None = None
        self.people: list[str] = []  # names of unresolved person speakers so far

    def by_name(self, head: Token) -> Entity | None:
        """An entity whose name or alias ends with the head word ("Dar" -> "Ishaq Dar")."""
        if head.pos_ != "PROPN" or len(head.text) < 2:
            return None
        word = head.text.lower()
        best = None
        for ent in self.entities:
            names = [ent.name, *ent.aliases]
            for n in names:
                parts = n.lower().split()
                matches = bool(parts) and (parts[-1] == word or n.lower() == word)
                if matches and (best is None or (ent.type == "PERSON" and best.type != "PERSON")):
                    best = ent
        return best

    def entity_for(self, head: Token) -> Entity | None:
        ent = self.mentions.containing(head.idx, head.idx + len(head.text))
        if ent is not None and head.ent_type_ == "PERSON" and ent.type != "PERSON":
            # a person the entity extractor folded into an organisation ("Bob Bannon of Security
            # Pacific National Bank"): the person speaks, not the bank
            person = self.by_name(head)
            return person if person is not None and person.type == "PERSON" else None
        if ent is not None and any(ch.isalpha() for ch in ent.name):
            return ent
        span = _np_span(head)
        inner = self.mentions.inside(span.start_char, span.end_char, ("ORG", "PERSON", "PLACE", "GROUP"))
        if head.lower_ in _ORG_NOUNS | DOC_NOUNS and inner:
            return inner[-1]
        return self.by_name(head)

    def note(self, name: str, eid: str | None, kind: str) -> None:
        if kind == "PERSON":
            self.last_person = (name, eid)
        elif kind in ("ORG", "PLACE", "GROUP"):
            self.last_org = (name, eid)

    def resolve(self, subj: Token, in_statement: bool = False) -> tuple[str | None, str | None, str | None]:
        written = _np_span(subj).text
        low = subj.lower_
        if subj.pos_ == "PRON" or low in _PERSON_PRONOUNS:
            if low in _PERSON_PRONOUNS:
                if self.last_person is not None:
                    return written, self.last_person[0], self.last_person[1]
                ent = self.mentions.last_before(subj.idx, ("PERSON",))
                if ent is not None:
                    return written, ent.name, ent.id
            if low == "it":
                if self.last_org:
                    return written, self.last_org[0], self.last_org[1]
                ent = self.mentions.last_before(subj.idx, ("ORG",))
                if ent is not None:
                    return written, ent.name, ent.id
            return written, None, None
        head = subj
        if low in DOC_NOUNS:
            src = _source_of_doc_noun(subj)
            if src is not None:
                head = src
                written = _np_span(src).text
            elif low in _STATEMENT_NOUNS and self.last_statement:
                return written, self.last_statement[0], self.last_statement[1]
        ent = self.entity_for(head)
        if ent is None and head.lower_ in _ORG_NOUNS and any(c.lower_ == "the" for c in head.lefts):
            # "the company said": the organisation that last spoke, else the first one named
            if self.last_org is not None and self.last_org[1] is not None:
                return written, self.last_org[0], self.last_org[1]
            ent = self.mentions.first_before(head.idx, ("ORG",))
        if ent is not None:
            name, eid = ent.name, ent.id
            self.note(name, eid, ent.type)
        else:
            name, eid = written, None
            if head.ent_type_ == "PERSON" or (
                head.pos_ == "PROPN" and head.ent_type_ in ("", "PERSON") and head.i > 0 and head.is_title
            ):
                name = _flat_name(head)
                known = [n for n in self.people if n.split()[-1] == name.split()[-1] and len(n) > len(name)]
                if len(name.split()) == 1 and known:
                    name = known[-1]  # "Johnson" after "Dana Johnson"
                self.people.append(name)
                self.note(name, None, "PERSON")
            elif head.ent_type_ in ("ORG", "GPE", "NORP"):
                self.note(name, None, "ORG")
        if in_statement or low in _STATEMENT_NOUNS:
            self.last_statement = (name, eid)
        return written, name, eid


def _in_statement(verb: Token) -> bool:
    """``X said in a statement``."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "through"):
            for g in child.children:
                if g.dep_ == "pobj" and g.lower_ in _STATEMENT_NOUNS:
                    return True
    return False


def _quoted_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(open, close, inner_start, inner_end) for each quotation in ``text``."""
    out: list[tuple[int, int, int, int]] = []
    taken: list[tuple[int, int]] = []
    for opener, closer in _QUOTE_PAIRS:
        if opener == closer:
            # straight quotes: an opener follows a boundary, a closer precedes one
            if opener == "'":
                pat = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))'(?=\S)(.+?)(?<=[^\s])'(?=[\s.,;:!?)\]—–-]|$)", re.S)
            else:
                pat = re.compile(r'"((?:[^"\n]|\n(?!\s*\n)){1,2000})"')
        else:
            pat = re.compile(
                re.escape(opener) + r"([^" + re.escape(opener + closer) + r"]{1,2000})" + re.escape(closer)
            )
        for m in pat.finditer(text):
            s, e = m.start(), m.end()
            if any(not (e <= a or s >= b) for a, b in taken):
                continue
            inner = m.group(1)
            if opener == "'" and (re.search(r"\n\s*\n", inner) or len(inner) > 400):
                continue
            lead = len(inner) - len(inner.lstrip())
            trail = len(inner) - len(inner.rstrip())
            out.append((s, e, m.start(1) + lead, m.end(1) - trail))
            taken.append((s, e))
    out.sort()
    return out


def _token_at(doc: Doc, char: int) -> int:
    """Index of the token at or after character ``char``."""
    lo, hi = 0, len(doc)
    while lo < hi:
        mid = (lo + hi) // 2
        if doc[mid].idx + len(doc[mid].text) <= char:
            lo = mid + 1
        else:
            hi = mid
    return min(lo, len(doc) - 1)


_IRREGULAR = {"said": "say", "says": "say", "told": "tell", "tells": "tell", "wrote": "write", "written": "write"}


def speech_lemma(tok: Token) -> str:
    """The verb's lemma, robust to the small model mislemmatising ("said" tagged AUX, lemma "said")."""
    lemma = tok.lemma_.lower()
    if lemma in SPEECH_VERBS:
        return lemma
    low = tok.lower_
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    for suffix, repl in (("ied", "y"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e")):
        if low.endswith(suffix) and low[: -len(suffix)] + repl in SPEECH_VERBS:
            return low[: -len(suffix)] + repl
    return lemma


def _is_speech(tok: Token, direct: bool) -> bool:
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    lemma = speech_lemma(tok)
    if lemma not in SPEECH_VERBS:
        return False
    return direct or lemma not in _DIRECT_ONLY


def _partial_governor(inner: list[Token]) -> Token | None:
    """The speech verb a short quoted phrase is the complement of (``accused X of being "..."``).

    The path up from the phrase may pass prepositions, nouns and "be", not another verb:
    otherwise the quotation marks are scare quotes.
    """
    inner_ids = {t.i for t in inner}
    head = next((t for t in inner if t.head.i not in inner_ids or t.head.i == t.i), inner[0])
    t = head
    for _ in range(6):
        if t.head.i == t.i:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            if speech_lemma(t) in _PARTIAL_QUOTE_VERBS:
                return t
            if t.lemma_ != "be":
                return None
    return None


def _outermost_speech(verb: Token) -> Token:
    """The outermost speech verb whose reported clause contains ``verb`` ("Bradley said ... told '...'")."""
    best = verb
    t = verb
    for _ in range(8):
        if t.head.i == t.i:
            break
        child, t = t, t.head
        if t.pos_ in ("VERB", "AUX") and speech_lemma(t) in SPEECH_VERBS and child.dep_ in ("ccomp", "advcl", "conj"):
            best = t
    return best


def _apposition_before(doc: Doc, comma: int, sent: Span) -> bool:
    """Whether the comma at ``comma`` closes an apposition ("Leao, a union official, told")."""
    for j in range(comma - 1, max(sent.start, comma - 8) - 1, -1):
        if doc[j].text == ",":
            return all(doc[k].pos_ not in ("VERB", "AUX") for k in range(j + 1, comma))
    return False


def _inverted_report(verb: Token, sent: Span, in_quote: list[bool]) -> tuple[tuple[int, int], Token] | None:
    """``<clause>, <speaker> said.`` when the parser did not make the clause a complement.

    Returns the clause's token range and the speaker's head token.
    """
    doc = verb.doc
    rest = [t for t in doc[verb.i + 1 : sent.end] if not (t.is_punct or t.is_space)]
    if any(not any(a.i == verb.i for a in t.ancestors) for t in rest) or len(rest) > 6:
        return None
    found: list[int] = []
    for j in range(verb.i - 1, max(sent.start, verb.i - 20) - 1, -1):
        if doc[j].text == ",":
            found.append(j)
            if len(found) == 3:
                break
        elif doc[j].pos_ in ("VERB",) or in_quote[j]:
            break
    comma = None
    if found:
        # "..., Jorge Leao, a union official, told Reuters": skip the apposition
        if _apposition_before(doc, found[0], sent) and found[0] < verb.i - 1 or found[0] == verb.i - 1:
            comma = found[2] if len(found) > 2 else None
        else:
            comma = found[0]
    if comma is None or comma - sent.start < 4:
        return None
    between = list(range(comma + 1, verb.i))
    if not between:
        return None
    heads = [
        doc[j] for j in between if not (comma < doc[j].head.i < verb.i) and doc[j].pos_ in ("NOUN", "PROPN", "PRON")
    ]
    nouns = [doc[j] for j in between if doc[j].pos_ in ("NOUN", "PROPN", "PRON")]
    subj = heads[0] if heads else (nouns[-1] if nouns else None)
    if subj is None:
        return None
    lo, hi = sent.start, comma - 1
    while lo <= hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi >= lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    if hi - lo < 3:
        return None
    return (lo, hi), subj


def _according_to(sent: Span) -> tuple[Token, Token] | None:
    """("according", pobj head) for an "according to X" phrase in ``sent``."""
    for tok in sent:
        if tok.lower_ == "according":
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if nxt is not None and nxt.lower_ == "to":
                for g in nxt.children:
                    if g.dep_ == "pobj":
                        return tok, g
                # parser sometimes hangs the object elsewhere: take the next noun
                for t in tok.doc[nxt.i + 1 : sent.end]:
                    if t.pos_ in ("NOUN", "PROPN", "PRON"):
                        while t.dep_ in ("compound", "poss", "amod", "nmod") and t.head.i > t.i:
                            t = t.head
                        return tok, t
    return None


# ------------------------------------------------------------------ the core
def speech_frames(doc: Doc, entities: list[Entity]) -> list[Speech]:
    """All direct and indirect speech in ``doc``, in text order (cached on the Doc)."""
    cache = doc.user_data.get("newsfuse.speech")
    if cache is not None and cache[0] == id(entities):
        return cache[1]
    frames = _speech_frames(doc, entities)
    doc.user_data["newsfuse.speech"] = (id(entities), frames)
    return frames


def _speech_frames(doc: Doc, entities: list[Entity]) -> list[Speech]:
    if len(doc) == 0:
        return []
    text = doc.text
    sents = list(doc.sents)
    sent_starts = [s.start for s in sents]

    def sent_of(tok_i: int) -> int:
        return bisect_right(sent_starts, tok_i) - 1

    resolver = _Resolver(doc, entities)
    quoted = _quoted_spans(text)
    line_of = line_ids(doc)
    in_quote = [False] * len(doc)
    for qs, qe, _is, _ie in quoted:
        for i in range(_token_at(doc, qs), len(doc)):
            if doc[i].idx >= qe:
                break
            in_quote[i] = True

    # candidates, each with the token that decides the speaker; resolved in text order
    cands: list[tuple[int, str, tuple]] = []

    # direct speech
    for qs, qe, inner_s, inner_e in quoted:
        if inner_e <= inner_s:
            continue
        t_open = _token_at(doc, qs)
        t_close = _token_at(doc, qe - 1)
        inner_toks = [t for t in doc[t_open : t_close + 1] if inner_s <= t.idx < inner_e]
        if not inner_toks:
            continue
        words = [t for t in inner_toks if not t.is_punct]
        has_verb = any(t.pos_ in ("VERB", "AUX") for t in inner_toks)
        s_lo, s_hi = sent_of(t_open), sent_of(t_close)
        # sentences to search: the quote's own, plus the one before when it ends with ":"
        search = list(range(s_lo, s_hi + 1))
        if (
            s_lo > 0
            and doc[sents[s_lo].start].i == t_open
            and doc[sents[s_lo - 1].end - 1].text in (":", ",")
            or (s_lo > 0 and sents[s_lo - 1].text.rstrip().endswith(":"))
        ):
            search.insert(0, s_lo - 1)
        lines = {line_of[t_open], line_of[t_close]}
        verbs = [
            t for si in search for t in sents[si] if not in_quote[t.i] and line_of[t.i] in lines and _is_speech(t, True)
        ]
        chosen: Token | None = None
        # (a) verb just before the opening mark: `Dar emphasized "...`, `said: "...`
        before = [
            v
            for v in verbs
            if v.i < t_open and t_open - v.i <= 3 and all(doc[j].is_punct for j in range(v.i + 1, t_open))
        ]
        # (b) verb shortly after the closing mark: `"...," he added`, `..." said Arthur Miller`
        after = [
            v
            for v in verbs
            if v.i > t_close
            and v.i - t_close <= 15
            and not any(
                doc[j].pos_ in ("CCONJ", "VERB", "AUX") or doc[j].lower_ in ("that", "which", "who")
                for j in range(t_close + 1, v.i)
            )
        ]
        acc = None
        for si in search:
            acc = _according_to(sents[si])
            if acc and line_of[acc[0].i] in lines and not in_quote[acc[0].i]:
                break
            acc = None
        if before:
            chosen = before[-1]
        elif after:
            chosen = after[0]
        elif acc is None and verbs:
            chosen = min(verbs, key=lambda v: min(abs(v.i - t_open), abs(v.i - t_close)))
        if chosen is not None:
            acc = None
        short = len(words) <= 3 or (not has_verb and len(words) <= 6)
        if short:
            # scare quote unless a speech verb governs it
            governor = _partial_governor(inner_toks)
            if governor is None or not _same_line(governor, inner_toks[0]):
                continue
            chosen, acc = _outermost_speech(governor), None
        if chosen is None and acc is None and not (has_verb and len(words) >= 6):
            continue
        key = (chosen, acc)
        cands.append((qs, "direct", (inner_s, inner_e, key, sent_of(inner_toks[0].i))))

    # indirect speech: reporting verb with a clausal complement
    direct_spans = [(q[2], q[3]) for q in quoted]
    for tok in doc:
        if in_quote[tok.i] or not _is_speech(tok, False):
            continue
        comps = [c for c in tok.children if c.dep_ == "ccomp" and not in_quote[c.i]]
        if not comps:
            inv = _inverted_report(tok, sents[sent_of(tok.i)], in_quote)
            if inv is not None:
                (lo_t, hi_t), subj = inv
                s, e = doc[lo_t].idx, doc[hi_t].idx + len(doc[hi_t].text)
                covered = sum(max(0, min(e, b) - max(s, a)) for a, b in direct_spans)
                if covered <= 0.5 * (e - s):
                    cands.append((s, "indirect", (s, e, (None, (tok, subj)), sent_of(tok.i))))
            continue
        lo = min(c.left_edge.i for c in comps)
        hi = max(c.right_edge.i for c in comps)
        # "He stressed their properties are ...": the parser may hang the clause's subject on the verb
        objs = [c for c in tok.children if c.dep_ == "dobj" and tok.i < c.i < lo]
        has_that = any(g.dep_ == "mark" and g.lower_ == "that" for c in comps for g in c.children)
        listener = speech_lemma(tok) in ("tell", "inform", "assure", "remind", "warn", "ask", "brief", "advise")
        if objs and not has_that and not listener and all(not doc[j].is_punct for j in range(tok.i + 1, lo)):
            lo = min(lo, objs[0].left_edge.i)
        # never across a line break
        if line_of[lo] != line_of[tok.i] and lo < tok.i:
            while lo < tok.i and line_of[lo] != line_of[tok.i]:
                lo += 1
        if line_of[hi] != line_of[max(tok.i, lo)]:
            anchor_line = line_of[max(tok.i, lo)]
            while hi > lo and line_of[hi] != anchor_line:
                hi -= 1
        while lo <= hi and (
            doc[lo].is_punct or (doc[lo].dep_ == "mark" and doc[lo].lower_ == "that") or doc[lo].is_space
        ):
            lo += 1
        while hi >= lo and (doc[hi].is_punct or doc[hi].is_space):
            hi -= 1
        if hi - lo < 2:
            continue
        s, e = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
        covered = sum(max(0, min(e, b) - max(s, a)) for a, b in direct_spans)
        if covered > 0.5 * (e - s):
            continue
        cands.append((s, "indirect", (s, e, (tok, None), sent_of(tok.i))))

    # indirect speech: "according to X, <clause>"
    for si, sent in enumerate(sents):
        acc = _according_to(sent)
        if acc is None:
            continue
        according, _obj = acc
        phrase = according.subtree if according.head.i != according.i else [according]
        ph = sorted({t.i for t in phrase} | {according.i, according.i + 1, _obj.i} | {t.i for t in _obj.subtree})
        p_lo, p_hi = ph[0], ph[-1]
        body = [t for t in sent if not (p_lo <= t.i <= p_hi) and not t.is_space]
        # the reported content: the longer side of the sentence around the phrase
        left = [t for t in body if t.i < p_lo]
        right = [t for t in body if t.i > p_hi]
        side = left if len(left) >= len(right) else right
        while side and side[0].is_punct:
            side = side[1:]
        while side and side[-1].is_punct:
            side = side[:-1]
        if len(side) < 3:
            continue
        s, e = side[0].idx, side[-1].idx + len(side[-1].text)
        covered = sum(max(0, min(e, b) - max(s, a)) for a, b in direct_spans)
        if covered > 0.5 * (e - s):
            continue
        cands.append((s, "indirect", (s, e, (None, acc), si)))

    # every other speech verb still updates who spoke last ("Dar said ... He stressed ...")
    used = {c[2][2][0].i for c in cands if c[2][2][0] is not None}
    for tok in doc:
        if tok.i not in used and not in_quote[tok.i] and _is_speech(tok, True):
            cands.append((tok.idx, "state", (0, 0, (tok, None), sent_of(tok.i))))

    cands.sort(key=lambda c: c[0])
    frames: list[Speech] = []
    for _pos, kind, (s, e, (verb, acc), si) in cands:
        written = name = eid = None
        if verb is not None:
            subj = _subject(verb)
            if subj is not None and not in_quote[subj.i]:
                written, name, eid = resolver.resolve(subj, _in_statement(verb))
        elif acc is not None:
            written, name, eid = resolver.resolve(acc[1], _in_statement(acc[0]) if acc[0].pos_ == "VERB" else False)
        if name is None and (written or "").lower() == "they":
            # "they said": the last plural speaker ("the two organizations", "analysts")
            for f in reversed(frames[-4:]):
                last = (f.speaker_text or "").split()
                if (
                    f.speaker
                    and last
                    and (last[-1].endswith("s") or " and " in f.speaker_text)
                    and si - f.sentence <= 3
                ):
                    name, eid = f.speaker, f.entity
                    break
            if name is None and si > 0:
                # "But few analysts have taken ... seriously. They say ...": the previous sentence's plural subject
                root = sents[si - 1].root
                plural = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("NNS", "NNPS")]
                if plural:
                    name = " ".join(_np_span(plural[0]).text.split())
        if (
            name is None
            and kind == "direct"
            and frames
            and (frames[-1].direct or frames[-1].entity is not None)
            and si - frames[-1].sentence <= (2 if frames[-1].direct else 1)
        ):
            # a quotation continuing the previous speaker's
            written, name, eid = frames[-1].speaker_text, frames[-1].speaker, frames[-1].entity
        if kind == "state":
            continue
        frames.append(Speech(s, e, kind == "direct", verb.i if verb is not None else None, written, name, eid, si))
    # a reported clause nested inside another one ("He stressed X, pledging that Y") is part of it
    indirect = [f for f in frames if not f.direct]
    frames = [
        f
        for f in frames
        if f.direct
        or not any(
            g is not f and g.start <= f.start and f.end <= g.end and (g.start, g.end) != (f.start, f.end)
            for g in indirect
        )
    ]
    return frames


def extract_quotes(doc: Doc, entities: list[Entity]) -> list[Quote]:
    """Direct and indirect speech in ``doc``; offsets index into ``doc.text``."""
    text = doc.text
    return [
        Quote(
            start=f.start,
            end=f.end,
            text=text[f.start : f.end],
            speaker=f.speaker,
            speaker_entity=f.entity,
            direct=f.direct,
            sentence=f.sentence,
        )
        for f in speech_frames(doc, entities)
    ]
