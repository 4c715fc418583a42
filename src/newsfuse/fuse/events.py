"""Events: the mentions of one real event across (and within) articles become one StoryEvent.

Written here rather than taken from a library: cross-document event
coreference packages need trained neural models over raw text; we already
have typed events with resolved participants, so a transparent rule set over
those fields does the job and says why two mentions were joined.

Two mentions are the same event when they name the same act: the same trigger
stem, or a synonym or derivation ("talks" and "met", "expelled" and "deported",
"murdered" and "killed"). The PLOVER type alone is not enough: "shot" and
"killed" are both ASSAULT but are two events (the shooting, the death). Vetoes
are kept to what is reliable: a different stance (done; each intended or
attempted modality: planned, pledged, urged...; denied, negated, "did not"),
a cooperative and a conflictual type (the typer makes "does not recognize"
REJECT, so it is not the SUPPORT of "recognized"), dates that disagree (two
months, two years, or days more than one apart), an undated act in a report
published more than 60 days from the other's date or report, places in two
countries (or two towns), and a participant clash. A coarser date or a mode
does not disagree (dates of different precision nest), nor do a town and its
country, or a place the gazetteer does not know.

Corroborated means corroborated: beyond the same act and no veto, a mention
joins an event only on evidence that it is the same incident: a shared
participant, the same day or place, or the same words (a copy). A missed link
leaves two single-source lines; a false one tells the reader that two outlets
confirm what neither said.

Participants: a span stands for the story entity it is about, not one that
only modifies it ("a Queens grandmother" is not Queens). Only resolved entities
of the same kind clash (a person with a person, a place with a place), and not
when they share a name word; "Kabul" and "the Taliban", which news uses for one
another, do not; an unresolved span ("a judge") clashes with nothing.
Directed types clash on actor or target (the same people swapped between the
slots do not count); symmetric types such as CONSULT when each side names
someone the other lacks, so Dar–Muttaqi and Dar–Akhund stay apart.

Mentions join greedily, most informative first, into the best-scoring
compatible cluster (a wire copy of a mention scores highest with its twin);
on equal evidence the larger cluster wins, an even tie leaves the mention on
its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from lemminflect import getInflection

from newsfuse.extract.events import COOPERATIVE, MODALS
from newsfuse.extract.gazetteer import country_name, is_capital, resolve_place
from newsfuse.fuse.common import clip
from newsfuse.fuse.entities import name_tokens
from newsfuse.records import Article, Citation, Event, Extraction, StoryEntity, StoryEvent

SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}
NEGATIVE_MODALITIES = {"denied", "negated", "refuted"}
INTENDED_MODALITIES = {
    "attempted",
    "planned",
    "pledged",
    "urged",
    "threatened",
    "requested",
    "proposed",
    "intended",
    "hypothetical",
    "future",
    "conditional",
    "possible",
    "expected",
    "demanded",
}

# (past tense, base form) per PLOVER type; modes override the type.
VERBS: dict[str, tuple[str, str]] = {
    "AGREE": ("agreed with", "agree with"),
    "CONSULT": ("met", "meet"),
    "SUPPORT": ("supported", "support"),
    "CONCEDE": ("made concessions to", "make concessions to"),
    "COOPERATE": ("cooperated with", "cooperate with"),
    "AID": ("gave aid to", "give aid to"),
    "RETREAT": ("withdrew from", "withdraw from"),
    "REQUEST": ("called on", "call on"),
    "ACCUSE": ("accused", "accuse"),
    "REJECT": ("rejected", "reject"),
    "THREATEN": ("threatened", "threaten"),
    "PROTEST": ("protested against", "protest against"),
    "SANCTION": ("sanctioned", "sanction"),
    "MOBILIZE": ("mobilized against", "mobilize against"),
    "COERCE": ("coerced", "coerce"),
    "ASSAULT": ("attacked", "attack"),
}
MODE_VERBS: dict[str, tuple[str, str]] = {
    "visit": ("visited", "visit"),
    "phone": ("spoke by phone with", "speak by phone with"),
    "deport": ("deported", "deport"),
    "expel": ("expelled", "expel"),
    "arrest": ("arrested", "arrest"),
    "seize": ("raided", "raid"),
    "restrict": ("restricted", "restrict"),
    "censor": ("censored", "censor"),
    "kill": ("killed", "kill"),
}
IRREGULAR = {
    "met": "meet",
    "meets": "meet",
    "meeting": "meet",
    "meetings": "meet",
    "held": "hold",
    "holds": "hold",
    "talks": "talk",
    "said": "say",
    "says": "say",
    "told": "tell",
    "fled": "flee",
    "flees": "flee",
    "left": "leave",
    "leaves": "leave",
    "sent": "send",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "went": "go",
    "gone": "go",
    "brought": "bring",
    "struck": "strike",
    "shot": "shoot",
    "hit": "hit",
    "killed": "kill",
    "died": "die",
    "dies": "die",
    "death": "die",
    "deaths": "die",
    "won": "win",
    "lost": "lose",
    "sold": "sell",
    "bought": "buy",
    "built": "build",
    "fought": "fight",
    "sought": "seek",
    "caught": "catch",
    "stole": "steal",
    "stolen": "steal",
    "shook": "shake",
    "expulsion": "expel",
    "expulsions": "expel",
    "arrival": "arrive",
    "arrivals": "arrive",
    "broke": "break",
    "broken": "break",
    "slain": "slay",
}
_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ments", "ment", "ed", "es", "s")


@lru_cache(maxsize=65536)  # called for every word pair compared in a story
def stem(word: str) -> str:
    """A crude stem of a trigger: "deported", "deportation", "deporting" -> "deport"."""
    word = word.lower().strip()
    word = word.split()[-1] if word.split() else word
    if word in IRREGULAR:
        word = IRREGULAR[word]
    else:
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
    if len(word) > 4 and word.endswith("e") and word[-2] not in "aeiou":
        word = word[:-1]  # "sentence" and "sentenced" -> "sentenc"
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    if len(word) > 4 and word.endswith("ll"):
        word = word[:-1]
    return word


# Derivations and synonyms a stem does not reach: one act named two ways ("held talks", "met"). Not
# "strike": a walkout, a deal struck and an air strike are three acts.
SAME_ACT = {
    "talk": "meet",
    "expel": "deport",
    "evict": "deport",
    "murder": "kill",
    "slay": "kill",
    "apprehend": "arrest",
    "detain": "arrest",
    "charg": "accus",
    "revers": "overturn",
    "bomb": "attack",
}


def act(word: str) -> str:
    """The act a trigger names: its stem, with synonyms folded ("talks" -> "meet", "expelled" -> "deport")."""
    word = stem(word)
    return SAME_ACT.get(word, word)


def negative(event: Event) -> bool:
    return event.polarity == "negative" or event.modality in NEGATIVE_MODALITIES


def stance(event: Event) -> tuple[str, str]:
    """What a report says of its act: a done act is one stance ("reported" is "asserted"); every intended,
    attempted or denied one is its own ("urged" is not "planned"), and so is "did not"."""
    modality = "asserted" if event.modality == "reported" else event.modality
    return modality, event.polarity


@dataclass
class Mention:
    """One article's event, with its participants resolved to story entity ids (or "~text")."""

    article: str
    event: Event
    actor: str | None
    target: str | None
    others: set[str]
    stem: str  # the act its trigger names (``act``): a stem, synonyms folded
    published: str | None = None  # the report's publication date
    # story entity id -> (PERSON | ORG | PLACE | GROUP, the words of its names)
    kinds: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)

    @property
    def people(self) -> set[str]:
        return {p for p in (self.actor, self.target) if p} | self.others

    @property
    def signature(self) -> tuple:
        """Equal for the same event told in the same terms (a wire copy, a repeated sentence)."""
        e = self.event
        return (
            e.type,
            e.mode,
            self.stem,
            self.actor,
            self.target,
            tuple(sorted(self.others)),
            e.date,
            e.location,
        )


class Cluster:
    """Mentions of one event, with the sets the matching reads kept up to date as mentions join."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions: list[Mention] = []
        self.people: set[str] = set()
        self.stems: set[str] = set()
        self.modes: set[str] = set()
        self.kinds: dict[str, tuple[str, frozenset[str]]] = {}
        self._values: dict[str, set[str]] = {"actor": set(), "target": set()}
        self._dates: set[str] = set()
        self._places: set[str] = set()
        self.signatures: set[tuple] = set()
        for mention in mentions:
            self.add(mention)

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        self.signatures.add(mention.signature)
        self.people |= mention.people
        self.stems.add(mention.stem)
        self.kinds.update(mention.kinds)
        event = mention.event
        if event.mode:
            self.modes.add(event.mode)
        for role in ("actor", "target"):
            if getattr(mention, role):
                self._values[role].add(getattr(mention, role))
        if event.date:
            self._dates.add(event.date)
        if event.location:
            self._places.add(_norm_place(event.location))

    @property
    def first(self) -> Event:
        return self.mentions[0].event

    def values(self, attr: str) -> set[str]:
        return self._values[attr]

    def dates(self) -> set[str]:
        return self._dates

    def places(self) -> set[str]:
        return self._places


def _norm_place(text: str) -> str:
    return " ".join(name_tokens(text))


def resolve_text(text: str | None, entities: list[StoryEntity]) -> str | None:
    """The story entity a span of text names (the longest name found in it), else "~text"."""
    if not text:
        return None
    tokens = name_tokens(text)
    joined = " " + " ".join(tokens) + " "
    best: tuple[int, str] | None = None
    for entity in entities:
        for name in [entity.name, *entity.aliases]:
            name_toks = name_tokens(name)
            if (
                name_toks
                and f" {' '.join(name_toks)} " in joined
                and (best is None or len(name_toks) > best[0])
            ):
                best = (len(name_toks), entity.id)
    if best:
        return best[1]
    return "~" + " ".join(tokens) if tokens else None


_PRONOUNS = ("i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them", "this", "that", "someone")
UNRESOLVED_PRONOUNS = {"~" + p for p in _PRONOUNS}

COLLECTIVE_HEADS = {
    "government",
    "administration",
    "authorities",
    "officials",
    "official",
    "forces",
    "troops",
    "police",
    "officers",
    "ministry",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "leaders",
    "leadership",
    "army",
    "military",
    "regime",
    "side",
    "delegation",
    "team",
    "office",
    "camp",
    "fighters",
    "militants",
}


def _name_words(entity: StoryEntity) -> frozenset[str]:
    """Words that identify an entity: a person's surnames (two Mohammads are not one person), every
    longer word of other names; a capital also answers to its country's name ("Islamabad reported ..."
    and "Pakistan reported ..." name one government)."""
    names = [name_tokens(n) for n in [entity.name, *entity.aliases]]
    if entity.type == "PERSON":
        return frozenset(n[-1] for n in names if n and len(n[-1]) > 2)
    if entity.place is not None and is_capital(entity.place):
        names.append(name_tokens(country_name(entity.place.country_code) or ""))
    return frozenset(t for n in names for t in n if len(t) > 2)


def names_head(span_text: str, entity: StoryEntity) -> bool:
    """Whether the entity is what a participant span is about, not a modifier of it: its name ends the
    span (up to an apposition: "Robert Buckley, 32"), or a collective head follows it ("the Taliban
    government"). "A Queens grandmother" and "Sarah Palin's home church" are not Queens or Palin."""
    words = name_tokens(span_text.split(",")[0])
    if not words:
        return True
    names = {t for n in [entity.name, *entity.aliases] for t in name_tokens(n)}
    last = words[-1]
    return last in names or (last in COLLECTIVE_HEADS and len(words) > 1 and words[-2] in names)


def dates_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b or not a[:1].isdigit() or not b[:1].isdigit():
        return True
    return a.startswith(b) or b.startswith(a)


def _resolved(refs: set[str]) -> set[str]:
    return {r for r in refs if not r.startswith("~")}


def _clash(a: set[str], b: set[str], kinds: dict[str, tuple[str, frozenset[str]]]) -> bool:
    """Two different entities of one kind that cannot stand for one another: two people, two places,
    two organisations, with no name word in common. Kabul and the Taliban (a capital for its
    government), a capital and its country, a country and its people, or "Jackson" and "Chargers
    receiver Jackson" (one referent the extractor split or typed two ways) do not clash."""

    def differ(x: str, y: str) -> bool:
        (kx, wx), (ky, wy) = kinds.get(x, ("", frozenset())), kinds.get(y, ("", frozenset()))
        return bool(kx) and kx == ky and not wx & wy

    return any(differ(x, y) for x in a for y in b)


def _roles_compatible(mention: Mention, cluster: Cluster) -> bool:
    """Participants do not contradict. Only participants resolved to story entities can: a text
    no entity names ("a judge", "officials") may be anyone."""
    mine, theirs = _resolved(mention.people), _resolved(cluster.people)
    kinds = mention.kinds | cluster.kinds
    if mention.event.type in SYMMETRIC:
        return not _clash(mine - theirs, theirs - mine, kinds)
    for role in ("actor", "target"):
        own = _resolved({getattr(mention, role) or "~"})
        other = _resolved(cluster.values(role))
        # a clash, unless the two sides only put the same people in different slots
        if own and other and not own & theirs and not other & mine and _clash(own, other, kinds):
            return False
    return True


def _day(date: str | None) -> bool:
    return bool(date and len(date) >= 10 and date[:1].isdigit())


def days_apart(a: str, b: str) -> int:
    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)
    except ValueError:
        return 0 if a[:10] == b[:10] else 2


def dates_disagree(a: str | None, b: str | None) -> bool:
    """Two dates one event cannot have: two months or years, or days more than one apart (one day apart
    is time zones or "yesterday" read against two publication dates)."""
    if _day(a) and _day(b):
        return days_apart(a or "", b or "") > 1
    return not dates_compatible(a, b)


def compatible(mention: Mention, cluster: Cluster) -> bool:
    """Whether ``mention`` can be another report of the event ``cluster`` stands for: the same act
    (trigger stem or synonym), the same cooperative or conflictual kind, the same stance, dates that
    do not disagree (two months or years, or days more than one apart: time zones and "yesterday" read
    against different publication dates), no undated act reported far from the other, no places in two
    countries, and no participant clash. A coarser date, a place or a mode is
    evidence, not a veto: a country and a town in it, or a month and a day in it, do not disagree, and the
    typer's mode is read from context."""
    if (
        mention.stem not in cluster.stems
        or (mention.event.type in COOPERATIVE) != (cluster.first.type in COOPERATIVE)
        or stance(mention.event) != stance(cluster.first)
    ):
        return False
    if any(dates_disagree(mention.event.date, other) for other in cluster.dates()):
        return False
    if _far_apart(mention, cluster):
        return False
    if _places_clash(mention, cluster):
        return False
    return _roles_compatible(mention, cluster)


# an undated event is taken to be near its report: two reports this far apart are of two incidents
UNDATED_GAP_DAYS = 60


def _far_apart(mention: Mention, cluster: Cluster) -> bool:
    """An event without a date of its own, against reports published (or events dated) too far from its
    report to be the same incident: a jewel theft reported in 2009 and another in 2013."""
    mine = mention.event.date if _day(mention.event.date) else None
    for other in cluster.mentions:
        theirs = other.event.date if _day(other.event.date) else None
        if mine and theirs:
            continue  # two dates: ``dates_disagree`` has judged them
        a = mine or mention.published
        b = theirs or other.published
        if _day(a) and _day(b) and days_apart(a or "", b or "") > UNDATED_GAP_DAYS:
            return True
    return False


def _places_clash(mention: Mention, cluster: Cluster) -> bool:
    """Two places one incident cannot have: both known to the gazetteer, in different countries, or two
    different towns of one country. A country and a town in it, or a name the gazetteer does not know,
    do not clash."""
    if not mention.event.location:
        return False
    here = _place(mention.event.location)
    if here is None:
        return False
    for other in cluster.mentions:
        there = _place(other.event.location) if other.event.location else None
        if there is None or there == here:
            continue
        (k1, c1, n1), (k2, c2, n2) = here, there
        if c1 and c2 and c1 != c2:
            return True
        if k1 == k2 == "city" and n1 != n2:
            return True
    return False


@lru_cache(maxsize=4096)
def _place(text: str) -> tuple[str, str | None, str] | None:
    """(kind, country, name) of a place name, None when the gazetteer does not know it."""
    place = resolve_place(text)
    if place is None:
        return None
    return place.kind or "", place.country_code, place.name


def score(mention: Mention, cluster: Cluster) -> int:
    """Evidence that ``mention`` reports the event of ``cluster``, beyond the same act: shared
    participants, the same day, place or mode, being a copy of one of its mentions."""
    shared = len(_resolved(mention.people) & cluster.people)
    dated = bool(
        mention.event.date and len(mention.event.date) >= 10 and mention.event.date in cluster.dates()
    )
    placed = bool(mention.event.location and _norm_place(mention.event.location) in cluster.places())
    moded = bool(mention.event.mode and mention.event.mode in cluster.modes)
    copy = mention.signature in cluster.signatures
    return 1 + 3 * shared + dated + placed + moded + copy


def evidence(mention: Mention, cluster: Cluster) -> bool:
    """Something beyond the same act says it is the same incident: a shared participant, the same day or
    place, or the same words (a copy). Two reports of "a climber died" with nothing else in common may be
    two climbers: a missed link costs less than a false "corroborated". Days one apart do not disagree but
    are no evidence either (tried: 10 more links on ECB+'s read half, all wrong)."""
    if _resolved(mention.people) & cluster.people or mention.signature in cluster.signatures:
        return True
    date = mention.event.date
    if _day(date) and date in cluster.dates():
        return True
    return bool(mention.event.location and _norm_place(mention.event.location) in cluster.places())


def cluster_mentions(mentions: list[Mention]) -> list[Cluster]:
    """Greedy single-pass clustering: the most informative mentions found clusters first."""
    order = sorted(
        range(len(mentions)),
        key=lambda i: (-len(mentions[i].people), not mentions[i].event.date, i),
    )
    clusters: list[Cluster] = []
    by_key: dict[str, list[int]] = {}  # act -> its clusters: the only candidates
    for i in order:
        mention = mentions[i]
        candidates = by_key.get(mention.stem, [])
        scored = [
            (score(mention, clusters[n]), n)
            for n in candidates
            if compatible(mention, clusters[n]) and evidence(mention, clusters[n])
        ]
        best = max((s for s, _ in scored), default=0)
        winners = [n for s, n in scored if s == best]
        sizes = sorted((len(clusters[n].mentions) for n in winners), reverse=True)
        if winners and (len(sizes) == 1 or sizes[0] > sizes[1]):
            # on equal evidence the larger cluster wins; an even tie leaves the mention alone
            chosen = max(winners, key=lambda n: len(clusters[n].mentions))
            clusters[chosen].add(mention)
        else:
            chosen = len(clusters)
            clusters.append(Cluster([mention]))
        if chosen not in by_key.setdefault(mention.stem, []):
            by_key[mention.stem].append(chosen)
    return clusters


def collect_mentions(
    articles: list[Article],
    extractions: dict[str, Extraction],
    entity_map: dict[tuple[str, str], str],
    entities: list[StoryEntity],
) -> list[Mention]:
    """Every event of every article, with participants as story entity ids."""
    kind_of = {e.id: (e.type, _name_words(e)) for e in entities}
    by_id = {e.id: e for e in entities}
    mentions = []
    for article in articles:
        for event in extractions[article.id].events:

            def resolve(entity_id: str | None, span_text: str | None, aid: str = article.id) -> str | None:
                if entity_id and (aid, entity_id) in entity_map:
                    found: str | None = entity_map[(aid, entity_id)]
                else:
                    found = resolve_text(span_text, entities)
                if found and found.lower() in UNRESOLVED_PRONOUNS:
                    return None  # "you", "we" no one was found for: nobody a reader could name
                if (
                    found
                    and not found.startswith("~")
                    and span_text
                    and span_text.lower() not in _PRONOUNS  # "I" in a quote stands for its speaker
                    and not names_head(span_text, by_id[found])
                ):
                    return resolve_text(span_text, [])  # "a Queens grandmother" is not Queens
                return found

            actor = resolve(event.actor_entity, event.actor.text if event.actor else None)
            target = resolve(event.target_entity, event.target.text if event.target else None)
            others = {
                entity_map[(article.id, p)] for p in event.participants if (article.id, p) in entity_map
            }
            others -= {actor, target}
            people = {p for p in (actor, target, *others) if p and p in kind_of}
            kinds = {p: kind_of[p] for p in people}
            mentions.append(
                Mention(
                    article.id,
                    event,
                    actor,
                    target,
                    others,
                    act(event.text),
                    published=article.published or extractions[article.id].published,
                    kinds=kinds,
                )
            )
    return mentions


def _name(ref: str | None, names: dict[str, str], cluster: Cluster | None = None) -> str | None:
    """A story entity's name, or an unresolved participant as the text first wrote it."""
    if ref is None:
        return None
    if ref in names:
        return names[ref]
    for m in cluster.mentions if cluster else []:
        for key, span in ((m.actor, m.event.actor), (m.target, m.event.target)):
            if key == ref and span is not None:
                return " ".join(span.text.split())
    return ref.lstrip("~")


def summarise(cluster: Cluster, names: dict[str, str], text_of: dict[str, str]) -> str:
    """One line: "Ishaq Dar met Amir Khan Muttaqi in Kabul"; the first sentence when no actor is known."""
    first = cluster.mentions[0]
    event = first.event
    actor = _name(_most_common(cluster, "actor"), names, cluster)
    target = _name(_most_common(cluster, "target"), names, cluster)
    if target == actor:
        target = None
    if not actor and target and event.modality == "denied":
        thing = event.text.lower()
        return f"{target} denied the {thing}" if _CHARGE.fullmatch(thing) else f"{target} denied it"
    written = _written_verb(cluster, _most_common(cluster, "target"))
    past, base = written or MODE_VERBS.get(event.mode or "", VERBS.get(event.type, (event.text, event.text)))
    if not actor or not (written or any(m.stem == act(past.split()[0]) for m in cluster.mentions)):
        # no one to say it of, or only nouns whose act the type's verb would misname ("an investigation
        # by the FBI" is not "the FBI accused"): the sentence as written
        sentence = _sentence_text(first, text_of)
        return clip(sentence or event.text, 140)
    others = [
        names[p] for p in sorted(_resolved(cluster.people) - {_most_common(cluster, "actor")}) if p in names
    ]
    if not target and event.type in SYMMETRIC and others:
        target = " and ".join(others[:3])
    # a verb group the text wrote says its own modality: "will offer", "tried to remove", "offered to fly"
    first, _, rest = base.partition(" ")
    says_modality = bool(written) and (" to " in base or first in MODALS)
    if event.polarity == "negative":
        phrase = f"{first} not {rest}" if says_modality and first in MODALS else f"did not {base}"
    elif event.modality in ("denied",):
        phrase = f"denied it {past}"
    elif event.modality == "hypothetical" and not says_modality:
        phrase = f"would {base}"  # "when you arrive without documents": a condition
    elif event.modality in INTENDED_MODALITIES and not says_modality:
        phrase = f"{event.modality} to {base}"
    else:
        phrase = past
    line = f"{actor} {phrase}" + (f" {target}" if target else "")
    location = Counter(m.event.location for m in cluster.mentions if m.event.location).most_common(1)
    if location and location[0][0].lower() not in line.lower():
        line += f" in {location[0][0]}"
    return line


def _written_verb(cluster: Cluster, target: str | None) -> tuple[str, str] | None:
    """(past, base form) of the verb the reports use most ("assured", "assure"), of those naming
    ``target`` first ("agreed to form" joint committees): a summary says what the text says, not a
    paraphrase by event type ("agreed with"). None when every trigger is a noun."""
    verbs = Counter(m.event.verb for m in cluster.mentions if m.event.verb and m.target == target)
    verbs = verbs or Counter(m.event.verb for m in cluster.mentions if m.event.verb)
    if not verbs:
        return None
    base = verbs.most_common(1)[0][0]
    head, *rest = base.split()
    if head in MODALS:
        return base, base  # "will offer" is its own tense
    forms = getInflection(head, tag="VBD") or (head + "ed",)
    written = {m.event.text.lower().split()[0] for m in cluster.mentions if m.event.text}
    past = next((f for f in forms if f in written), forms[0])  # "cancelled" where the text says so
    return " ".join([past, *rest]), base


def _most_common(cluster: Cluster, attr: str) -> str | None:
    counts = Counter(getattr(m, attr) for m in cluster.mentions if getattr(m, attr))
    resolved = [(n, v) for v, n in counts.items() if not v.startswith("~")]
    if resolved:
        return max(resolved)[1]
    return counts.most_common(1)[0][0] if counts else None


def _sentence_text(mention: Mention, text_of: dict[str, str]) -> str:
    text = text_of.get(mention.article, "")
    start, end = mention.event.start, mention.event.end
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return text[left + 1 : right].strip()


def to_story_event(
    event_id: str, cluster: Cluster, names: dict[str, str], text_of: dict[str, str]
) -> StoryEvent:
    first = cluster.first
    counts = Counter(m.event.date for m in cluster.mentions if m.event.date)
    dates = sorted(counts, key=lambda d: (-len(d), -counts[d], d))  # the most precise, then most reported
    actor = _most_common(cluster, "actor")
    target = _most_common(cluster, "target")
    location = Counter(m.event.location for m in cluster.mentions if m.event.location).most_common(1)
    return StoryEvent(
        id=event_id,
        type=first.type,
        mode=next((m.event.mode for m in cluster.mentions if m.event.mode), None),
        actor=_name(actor, {}, cluster) if actor and actor.startswith("~") else actor,
        target=_name(target, {}, cluster) if target and target.startswith("~") else target,
        participants=sorted(p for p in cluster.people if not p.startswith("~")),
        date=dates[0] if dates else None,
        location=location[0][0] if location else None,
        summary=summarise(cluster, names, text_of),
        modality=Counter(stance(m.event)[0] for m in cluster.mentions).most_common(1)[0][0],
        polarity=first.polarity,
        mentions=[
            Citation(m.article, m.event.sentence, m.event.start, m.event.end, m.event.attributed_to)
            for m in cluster.mentions
        ],
    )


_DENY = re.compile(r"\b(den(?:y|ies|ied|ying|ial)|reject(?:s|ed)?|dismiss(?:es|ed)?|refute[sd]?)\b", re.I)
_CHARGE = re.compile(r"\b(charges?|accusations?|allegations?|claims?)\b", re.I)


def denied_accusations(mentions: list[Mention], sentence_texts: dict[tuple[str, int], str]) -> set[int]:
    """Indexes of ACCUSE mentions that the same article reports denied ("a charge the Taliban denies")."""
    denied = set()
    for i, mention in enumerate(mentions):
        if mention.event.type != "ACCUSE" or negative(mention.event) or mention.event.sentence is None:
            continue
        for offset in (0, 1):
            text = sentence_texts.get((mention.article, mention.event.sentence + offset), "")
            if _DENY.search(text) and _CHARGE.search(text):
                denied.add(i)
                break
    return denied


def _same_act(mention: Mention, cluster: Cluster) -> bool:
    """An explicit denial ("denies the charge") is about any act of its type; a plain negation
    ("must not be confiscated") only about the same act: the same trigger stem or the same mode."""
    if mention.event.modality in NEGATIVE_MODALITIES:
        return not (mention.event.mode and cluster.modes and mention.event.mode not in cluster.modes)
    return mention.stem in cluster.stems or bool(mention.event.mode and mention.event.mode in cluster.modes)


def contradictions(clusters: list[Cluster]) -> list[tuple[int, int]]:
    """Pairs (negated cluster, asserted cluster) of the same type sharing a participant named by a
    story entity, with nothing else against it ("the union did not meet" contradicts nothing)."""
    pairs = []
    for n, neg in enumerate(clusters):
        if not negative(neg.first):
            continue
        for p, pos in enumerate(clusters):
            if p == n or negative(pos.first) or pos.first.type != neg.first.type:
                continue
            probe = Cluster(list(pos.mentions))
            if all(
                _roles_compatible(m, probe) and dates_compatible(m.event.date, d)
                for m in neg.mentions
                for d in probe.dates() or {None}
            ) and any(_resolved(m.people) & probe.people and _same_act(m, probe) for m in neg.mentions):
                pairs.append((n, p))
    return pairs
