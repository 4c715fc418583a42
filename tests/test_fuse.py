"""Fusion inside a story, on hand-built extractions shaped like the extractors' output."""

from __future__ import annotations

import re

from newsfuse.fuse import fuse_story
from newsfuse.fuse.claims import Interval, counted_key, interval, periods_compatible, value_range
from newsfuse.fuse.entities import fallback_same_referent
from newsfuse.fuse.events import Mention, act, cluster_mentions, stem
from newsfuse.fuse.timeline import sort_key
from newsfuse.records import (
    Article,
    Entity,
    EntityMention,
    Event,
    Extraction,
    Quantity,
    Sentence,
    Span,
    Story,
    TimeExpr,
)

DAWN = (
    "The understanding was reached during a meeting between Pakistan's Deputy Prime Minister Ishaq Dar "
    "and Afghan Prime Minister Mullah Muhammad Hassan Akhund in Kabul. "
    "The meeting comes amid Pakistan's deportation drive, under which more than 85,000 Afghans have been "
    "expelled in just over two weeks. "
    "Ishaq Dar met with Acting Afghan Foreign Minister Amir Khan Muttaqi in Kabul on Saturday. "
    "Islamabad has launched a campaign to evict over 800,000 Afghans by the end of April. "
    "He said on Friday that nearly 85,000 Afghans have crossed into Afghanistan since the start of April. "
    "Last year was the deadliest in Pakistan for a decade with Islamabad accusing Kabul of allowing "
    "militants to take refuge in Afghanistan. "
    "The Taliban government denies the charge. "
    "In the first phase of deportations in 2023, hundreds of thousands of undocumented Afghans were forced "
    "across the border."
)
EFE = (
    "Pakistan stressed the urgency of border security on Saturday, a day after Islamabad reported "
    "over 84,000 Afghan deportations this month alone. "
    "Pakistan's Deputy Prime Minister and Foreign Minister Mohammad Ishaq Dar met with his Afghan "
    "counterpart Amir Khan Muttaqi in Kabul. "
    "The visit comes as Pakistan reported deporting over 84,000 Afghans in April. "
    "Later, Dar also met Mullah Muhammad Hassan Akhund, head of Afghanistan's Taliban government. "
    "These documents were issued to refugees fleeing Afghanistan after the 1979 Soviet invasion."
)


def find(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(phrase), text)]
    return starts[nth], starts[nth] + len(phrase)


def sentences(text: str) -> list[Sentence]:
    out, start = [], 0
    for m in re.finditer(r"(?<=[.!?]) ", text):
        out.append(Sentence(start, m.start()))
        start = m.end()
    out.append(Sentence(start, len(text)))
    return out


def sent_of(text: str, char: int) -> int:
    return next(i for i, s in enumerate(sentences(text)) if s.start <= char < s.end)


def entity(text: str, eid: str, name: str, etype: str, *phrases: str, roles: list[str] | None = None) -> Entity:
    mentions = []
    for phrase in phrases:
        start, end = find(text, phrase)
        mentions.append(EntityMention(start, end, phrase, sent_of(text, start)))
    return Entity(eid, name, etype, mentions, roles=roles or [])


def event(
    text: str,
    trigger: str,
    etype: str,
    actor: tuple[str, str] | None,
    target: tuple[str, str] | None,
    nth: int = 0,
    **kw: object,
) -> Event:
    start, end = find(text, trigger, nth)
    sentence = sent_of(text, start)

    def spanned(arg: tuple[str, str] | None) -> Span | None:
        if arg is None:
            return None
        s = next(
            (p, p + len(arg[0]))
            for p in (m.start() for m in re.finditer(re.escape(arg[0]), text))
            if sent_of(text, p) == sentence
        )
        return Span(s[0], s[1], arg[0])

    return Event(
        start,
        end,
        trigger,
        etype,
        actor=spanned(actor),
        target=spanned(target),
        actor_entity=actor[1] if actor else None,
        target_entity=target[1] if target else None,
        sentence=sentence,
        **kw,  # type: ignore[arg-type]
    )


def quantity(text: str, phrase: str, value: float, counted: str, nth: int = 0, **kw: object) -> Quantity:
    start, end = find(text, phrase, nth)
    return Quantity(start, end, phrase, value, counted=counted, sentence=sent_of(text, start), **kw)  # type: ignore[arg-type]


def time(text: str, phrase: str, type_: str, value: str) -> TimeExpr:
    start, end = find(text, phrase)
    return TimeExpr(start, end, phrase, type_, value, sent_of(text, start))


def dawn_extraction() -> Extraction:
    t = DAWN
    ents = [
        entity(t, "e1", "Ishaq Dar", "PERSON", "Ishaq Dar", roles=["Deputy Prime Minister"]),
        entity(t, "e2", "Muhammad Hassan Akhund", "PERSON", "Muhammad Hassan Akhund", roles=["Prime Minister"]),
        entity(t, "e3", "Amir Khan Muttaqi", "PERSON", "Amir Khan Muttaqi", roles=["Acting Foreign Minister"]),
        entity(t, "e4", "Kabul", "PLACE", "Kabul"),
        entity(t, "e5", "Islamabad", "PLACE", "Islamabad"),
        entity(t, "e6", "Afghans", "GROUP", "Afghans"),
    ]
    return Extraction(
        id="dawn",
        text=t,
        published="2025-04-19",
        sentences=sentences(t),
        entities=ents,
        times=[
            time(t, "in just over two weeks", "DURATION", "P2W"),
            time(t, "on Saturday", "DATE", "2025-04-19"),
            time(t, "on Friday", "DATE", "2025-04-18"),
            time(t, "Last year", "DATE", "2024"),
            time(t, "in 2023", "DATE", "2023"),
        ],
        quantities=[
            quantity(
                t,
                "more than 85,000",
                85000,
                "Afghans",
                hedge="more than",
                low=85000,
                period="in just over two weeks",
                period_value="P2W",
            ),
            quantity(
                t,
                "over 800,000",
                800000,
                "Afghans",
                hedge="over",
                low=800000,
                period="by the end of April",
                period_value="2025-04",
            ),
            quantity(
                t,
                "nearly 85,000",
                85000,
                "Afghans",
                hedge="nearly",
                high=85000,
                period="since the start of April",
                period_value="2025-04",
                attributed_to="He",
            ),
            quantity(
                t,
                "hundreds of thousands",
                None,
                "undocumented Afghans",
                low=200000,
                high=999999,  # type: ignore[arg-type]
                period="in 2023",
                period_value="2023",
            ),
        ],
        events=[
            event(
                t,
                "meeting",
                "CONSULT",
                ("Ishaq Dar", "e1"),
                ("Muhammad Hassan Akhund", "e2"),
                location="Kabul",
                date="2025-04-19",
            ),
            event(t, "expelled", "COERCE", None, ("more than 85,000 Afghans", "e6"), mode="deport"),
            event(
                t,
                "met",
                "CONSULT",
                ("Ishaq Dar", "e1"),
                ("Amir Khan Muttaqi", "e3"),
                location="Kabul",
                date="2025-04-19",
            ),
            event(
                t,
                "evict",
                "COERCE",
                ("Islamabad", "e5"),
                ("over 800,000 Afghans", "e6"),
                mode="deport",
                modality="planned",
            ),
            event(t, "accusing", "ACCUSE", ("Islamabad", "e5"), ("Kabul", "e4"), date="2024"),
        ],
    )


def efe_extraction() -> Extraction:
    t = EFE
    ents = [
        entity(t, "e1", "Mohammad Ishaq Dar", "PERSON", "Mohammad Ishaq Dar", roles=["Foreign Minister"]),
        entity(t, "e2", "Dar", "PERSON", "Dar also"),
        entity(t, "e3", "Amir Khan Muttaqi", "PERSON", "Amir Khan Muttaqi"),
        entity(
            t,
            "e4",
            "Muhammad Hassan Akhund",
            "PERSON",
            "Muhammad Hassan Akhund",
            roles=["head of Afghanistan's Taliban government"],
        ),
        entity(t, "e5", "Kabul", "PLACE", "Kabul"),
    ]
    return Extraction(
        id="efe",
        text=t,
        published="2025-04-19",
        sentences=sentences(t),
        entities=ents,
        times=[
            time(t, "on Saturday", "DATE", "2025-04-19"),
            time(t, "this month", "DATE", "2025-04"),
            time(t, "in April", "DATE", "2025-04"),
            time(t, "1979", "DATE", "1979"),
        ],
        quantities=[
            quantity(
                t,
                "over 84,000",
                84000,
                "Afghan deportations",
                hedge="over",
                low=84000,
                period="this month",
                period_value="2025-04",
                attributed_to="Islamabad",
            ),
            quantity(
                t,
                "over 84,000",
                84000,
                "Afghans",
                nth=1,
                hedge="over",
                low=84000,
                period="in April",
                period_value="2025-04",
            ),
        ],
        events=[
            event(
                t,
                "met",
                "CONSULT",
                ("Mohammad Ishaq Dar", "e1"),
                ("Amir Khan Muttaqi", "e3"),
                location="Kabul",
            ),
            event(t, "met", "CONSULT", ("Dar", "e2"), ("Muhammad Hassan Akhund", "e4"), nth=1),
            event(
                t,
                "deporting",
                "COERCE",
                ("Pakistan", None),
                ("over 84,000 Afghans", None),
                mode="deport",
                date="2025-04",
            ),
        ],
    )


def articles() -> dict[str, Article]:
    return {
        "dawn": Article("dawn", "dawn.txt", DAWN, source="Dawn", published="2025-04-19", agencies=["AFP"]),
        "efe": Article("efe", "efe.txt", EFE, source="EFE", published="2025-04-19", agencies=["EFE"]),
    }


def fused(origins: list[list[str]] | None = None) -> Story:
    story = Story(id="s1", title="Dar in Kabul", articles=["dawn", "efe"])
    story.origins = origins if origins is not None else [["dawn"], ["efe"]]
    story.independent_sources = len(story.origins)
    return fuse_story(story, articles(), {"dawn": dawn_extraction(), "efe": efe_extraction()})


# ------------------------------------------------------------------- entities
def test_one_story_entity_per_person_across_articles() -> None:
    story = fused()
    dars = [e for e in story.entities if "Dar" in e.name]
    assert len(dars) == 1
    dar = dars[0]
    assert dar.name == "Mohammad Ishaq Dar"
    assert {"Ishaq Dar", "Dar"} <= set(dar.aliases)
    assert set(dar.articles) == {"dawn", "efe"}
    assert {"Deputy Prime Minister", "Foreign Minister"} <= set(dar.roles)
    akhunds = [e for e in story.entities if "Akhund" in e.name]
    assert len(akhunds) == 1 and set(akhunds[0].articles) == {"dawn", "efe"}


def test_people_with_different_surnames_stay_apart() -> None:
    a = Entity("e1", "Ishaq Dar", "PERSON")
    assert fallback_same_referent(a, Entity("e2", "Mullah Dar", "PERSON"))
    assert not fallback_same_referent(a, Entity("e3", "Ishaq Khan", "PERSON"))
    assert not fallback_same_referent(a, Entity("e4", "Ishaq Dar", "PLACE"))
    assert fallback_same_referent(Entity("o", "Foreign Office", "ORG"), Entity("f", "FO", "ORG"))


# --------------------------------------------------------------------- events
def _meeting(story: Story, surname: str):
    ids = {e.id for e in story.entities if surname in e.name}
    return [v for v in story.events if v.type == "CONSULT" and ({v.actor, v.target} | set(v.participants)) & ids]


def test_meetings_are_one_event_each_and_corroborated() -> None:
    story = fused()
    muttaqi, akhund = _meeting(story, "Muttaqi"), _meeting(story, "Akhund")
    assert len(muttaqi) == 1 and len(akhund) == 1
    assert muttaqi[0].id != akhund[0].id
    for meeting in (muttaqi[0], akhund[0]):
        assert meeting.status == "corroborated"
        assert {c.article for c in meeting.mentions} == {"dawn", "efe"}
        assert meeting.date == "2025-04-19"
    assert muttaqi[0].summary == "Mohammad Ishaq Dar met Amir Khan Muttaqi in Kabul"
    dawn_text = DAWN
    cited = [c for c in muttaqi[0].mentions if c.article == "dawn"][0]
    assert dawn_text[cited.start : cited.end] == "met"


def test_one_origin_is_not_corroboration() -> None:
    story = fused(origins=[["dawn", "efe"]])
    assert all(v.status != "corroborated" for v in story.events)
    assert all(c.status != "corroborated" for c in story.claims)


def test_different_days_are_different_events() -> None:
    dawn, efe = dawn_extraction(), efe_extraction()
    efe.events[0].date = "2025-03-02"
    story = Story(id="s1", title="t", articles=["dawn", "efe"], origins=[["dawn"], ["efe"]])
    story = fuse_story(story, articles(), {"dawn": dawn, "efe": efe})
    assert len(_meeting(story, "Muttaqi")) == 2


def test_denied_accusation_is_disputed() -> None:
    story = fused()
    accuse = [v for v in story.events if v.type == "ACCUSE"]
    assert len(accuse) == 1 and accuse[0].status == "disputed"
    denial = [d for d in story.discrepancies if d.kind == "denial"]
    assert denial and denial[0].events == [accuse[0].id]


def test_negated_report_disputes_the_event() -> None:
    dawn, efe = dawn_extraction(), efe_extraction()
    efe.events[0].polarity = "negative"  # "Dar did not meet Muttaqi"
    story = Story(id="s1", title="t", articles=["dawn", "efe"], origins=[["dawn"], ["efe"]])
    story = fuse_story(story, articles(), {"dawn": dawn, "efe": efe})
    meetings = _meeting(story, "Muttaqi")
    assert len(meetings) == 2 and {m.status for m in meetings} == {"disputed"}
    assert any(set(d.events) == {m.id for m in meetings} for d in story.discrepancies)


def test_trigger_stems() -> None:
    assert stem("deported") == stem("deportation") == stem("deporting") == "deport"
    assert stem("met") == stem("meeting") == "meet"
    assert stem("expelled") == "expel"


def test_acts_fold_synonyms_not_types() -> None:
    assert act("talks") == act("met") == act("meeting") == "meet"
    assert act("expelled") == act("deportation") == act("evict") == "deport"
    assert act("murdered") == act("killed") != act("shot")
    assert act("strike") != act("attack")  # a walkout or a deal struck is no attack


def _mention(article: str, trigger: str, etype: str = "ASSAULT", date: str | None = None) -> Mention:
    # one participant in common: fusion needs evidence beyond the act, and these tests are about the vetoes
    return Mention(article, Event(0, len(trigger), trigger, etype, date=date), "e1", None, set(), act(trigger))


def test_one_type_is_not_one_event_but_one_act_is() -> None:
    # "shot" and "killed" are two events of one PLOVER type; "killed" and "murdered" one
    clusters = cluster_mentions([_mention("a", "shot"), _mention("b", "killed"), _mention("c", "murdered")])
    assert sorted(sorted(m.article for m in c.mentions) for c in clusters) == [["a"], ["b", "c"]]


def test_days_a_day_apart_may_be_one_event() -> None:
    # one arrest read as the 4th and the 5th (time zones, "yesterday" against two publication dates)
    def arrests(first: str, second: str) -> int:
        mentions = [_mention("a", "arrested", "COERCE", first), _mention("b", "arrest", "COERCE", second)]
        return len(cluster_mentions(mentions))

    assert arrests("2009-02-04", "2009-02-05") == 1
    assert arrests("2009-02-04", "2009-02-09") == 2
    assert arrests("2009-02", "2009-02-09") == 1  # a month and a day in it do not disagree


# --------------------------------------------------------------------- claims
def test_hedged_intervals() -> None:
    more = interval(Quantity(0, 0, "more than 85,000", 85000, hedge="more than"))
    nearly = interval(Quantity(0, 0, "nearly 85,000", 85000, hedge="nearly"))
    over84 = interval(Quantity(0, 0, "over 84,000", 84000, hedge="over"))
    assert more and nearly and over84
    assert more.meets(over84) and nearly.meets(over84)
    assert not more.meets(nearly)
    bare84 = interval(Quantity(0, 0, "84,000", 84000))
    bare85 = interval(Quantity(0, 0, "85,000", 85000))
    assert bare84 == Interval(83500, 84500, high_open=True) and bare85 and not bare84.meets(bare85)
    assert Interval(0, 5).meets(Interval(5, 9)) and not Interval(0, 5, high_open=True).meets(Interval(5, 9))


def test_counted_thing_and_nominalised_predicate() -> None:
    assert counted_key("Afghans") == ("afghan", None)
    assert counted_key("Afghan deportations") == ("afghan", "departed")
    assert counted_key("Afghans who hold Proof of Registration cards") == ("afghan", None)


def test_periods() -> None:
    month = value_range("2025-04", None)
    assert month and month[0].isoformat() == "2025-04-01" and month[1].isoformat() == "2025-04-30"
    two_weeks = value_range("P2W", "2025-04-19")
    assert two_weeks and two_weeks[0].isoformat() == "2025-04-05"
    to_date = (month[0], two_weeks[1])
    assert periods_compatible(two_weeks, to_date)
    assert not periods_compatible(value_range("2023", None), to_date)
    assert periods_compatible(None, to_date)


def _claims_of(story: Story, value: float):
    return [c for c in story.claims if c.value == value]


def test_figures_grouped_and_the_inconsistency_reported() -> None:
    story = fused()
    more, nearly = _claims_of(story, 85000)
    (over84,) = _claims_of(story, 84000)
    assert more.group is not None and more.group == nearly.group == over84.group
    assert {c.article for c in over84.mentions} == {"efe"} and len(over84.mentions) == 2
    figures = [d for d in story.discrepancies if d.kind == "figures"]
    assert len(figures) == 1
    assert set(figures[0].claims) == {more.id, nearly.id}
    assert "Dawn" in figures[0].summary and "same article" in figures[0].summary
    assert "more than 85,000" in figures[0].summary and "nearly 85,000" in figures[0].summary
    # one origin contradicting itself is not a dispute between origins; EFE's "over 84,000" is
    # consistent with each of the two (and they with it)
    assert more.status == nearly.status == over84.status == "corroborated"


def test_targets_are_not_counts_of_the_done() -> None:
    story = fused()
    (evict,) = _claims_of(story, 800000)
    (more, _) = _claims_of(story, 85000)
    assert evict.group != more.group
    assert "evict" in evict.text
    assert not any(evict.id in d.claims for d in story.discrepancies)


def test_other_years_are_other_groups() -> None:
    story = fused()
    (older,) = [c for c in story.claims if c.counted == "undocumented Afghans"]
    assert older.group not in {c.group for c in _claims_of(story, 85000)}


def _nearly_84000(efe: Extraction) -> Extraction:
    q = efe.quantities[0]
    efe.quantities = [
        Quantity(
            q.start,
            q.end,
            "over 84,000",
            84000,
            hedge="nearly",
            counted="Afghan deportations",
            period="this month",
            period_value="2025-04",
            sentence=q.sentence,
        )
    ]
    return efe


def test_cross_source_disagreement_names_both_sources_and_is_disputed() -> None:
    dawn, efe = dawn_extraction(), _nearly_84000(efe_extraction())
    dawn.quantities = [q for q in dawn.quantities if q.hedge != "nearly"]
    story = Story(id="s1", title="t", articles=["dawn", "efe"], origins=[["dawn"], ["efe"]])
    story = fuse_story(story, articles(), {"dawn": dawn, "efe": efe})
    (figures,) = [d for d in story.discrepancies if d.kind == "figures"]
    assert "Dawn" in figures.summary and "EFE" in figures.summary
    assert {c.status for c in story.claims if c.id in figures.claims} == {"disputed"}


def test_the_figure_more_origins_give_stands() -> None:
    dawn = dawn_extraction()
    dawn.quantities = [q for q in dawn.quantities if q.hedge != "nearly"]
    exs = {"dawn": dawn, "efe": _nearly_84000(efe_extraction()), "efe2": _nearly_84000(efe_extraction())}
    exs["efe2"].id = "efe2"
    arts = articles()
    arts["efe2"] = Article("efe2", "efe2.txt", EFE, source="Other Agency", published="2025-04-19")
    story = Story(id="s1", title="t", articles=list(exs), origins=[["dawn"], ["efe"], ["efe2"]])
    story = fuse_story(story, arts, exs)
    (figures,) = [d for d in story.discrepancies if d.kind == "figures"]
    status = {c.value: c.status for c in story.claims if c.id in figures.claims}
    assert status == {85000: "single-source", 84000: "corroborated"}


# ----------------------------------------------------------- exclusives, time
def test_exclusives_per_source() -> None:
    story = fused()
    accuse = next(v for v in story.events if v.type == "ACCUSE")
    (evict,) = _claims_of(story, 800000)
    assert accuse.id in story.exclusive["Dawn"] and evict.id in story.exclusive["Dawn"]
    meeting = _meeting(story, "Muttaqi")[0]
    assert all(meeting.id not in ids for ids in story.exclusive.values())
    (over84,) = _claims_of(story, 84000)
    assert over84.id in story.exclusive["EFE"]


def test_timeline_in_order_at_true_precision() -> None:
    story = fused()
    dates = [e.date for e in story.timeline]
    assert dates[0] == "1979"
    assert dates == sorted(dates, key=sort_key)
    assert {"1979", "2023", "2024", "2025-04", "2025-04-19"} <= set(dates)
    meeting = _meeting(story, "Muttaqi")[0]
    assert any(e.event == meeting.id and e.date == "2025-04-19" for e in story.timeline)
    assert all(e.summary for e in story.timeline)
    assert sort_key("2025-04") < sort_key("2025-04-19") and sort_key("1979") < sort_key("199")


def test_round_trip_through_json() -> None:
    story = fused()
    assert Story.from_dict(story.to_dict()) == story


def test_copies_add_citations_not_events_or_claims() -> None:
    story = fused()
    arts, exs = articles(), {"dawn": dawn_extraction(), "efe": efe_extraction()}
    for n in range(3):
        copy_id = f"dawn-copy{n}"
        arts[copy_id] = Article(copy_id, f"{copy_id}.txt", DAWN, source=f"Outlet {n}", agencies=["AFP"])
        exs[copy_id] = dawn_extraction()
        exs[copy_id].id = copy_id
    many = Story(
        id="s1",
        title="t",
        articles=list(arts),
        origins=[["dawn", "dawn-copy0", "dawn-copy1", "dawn-copy2"], ["efe"]],
    )
    many = fuse_story(many, arts, exs)
    assert len(many.events) == len(story.events) and len(many.claims) == len(story.claims)
    (evict,) = _claims_of(many, 800000)
    assert len(evict.mentions) == 4 and evict.status == "single-source"  # one origin, four copies
    assert all(evict.id not in ids for ids in many.exclusive.values())  # four outlets carry it


def test_metonymy_merges_but_people_clash() -> None:
    dawn, efe = dawn_extraction(), efe_extraction()
    # EFE: "Islamabad accuses the Taliban of allowing militants..." (an ORG where Dawn has Kabul)
    efe.text += " Islamabad accuses the Taliban of allowing militants to operate."
    efe.sentences = sentences(efe.text)
    efe.entities += [
        entity(efe.text, "e6", "Islamabad", "PLACE", "Islamabad accuses"),
        entity(efe.text, "e7", "Taliban", "ORG", "Taliban of"),
    ]
    efe.events.append(event(efe.text, "accuses", "ACCUSE", ("Islamabad", "e6"), ("the Taliban", "e7")))
    # a different accuser of the same kind is another accusation
    dawn.text += " Karachi accused Kabul of harbouring militants."
    dawn.sentences = sentences(dawn.text)
    dawn.entities.append(entity(dawn.text, "e9", "Karachi", "PLACE", "Karachi"))
    dawn.events.append(event(dawn.text, "accused", "ACCUSE", ("Karachi", "e9"), ("Kabul", "e4"), nth=0))
    story = Story(id="s1", title="t", articles=["dawn", "efe"], origins=[["dawn"], ["efe"]])
    story = fuse_story(story, articles(), {"dawn": dawn, "efe": efe})
    accusations = [v for v in story.events if v.type == "ACCUSE"]
    by_articles = sorted(sorted({c.article for c in v.mentions}) for v in accusations)
    assert by_articles == [["dawn"], ["dawn", "efe"]]


def test_a_participant_is_what_its_span_is_about() -> None:
    from newsfuse.fuse.events import names_head
    from newsfuse.records import StoryEntity

    queens = StoryEntity("e1", "Queens", "PLACE")
    taliban = StoryEntity("e2", "Taliban", "ORG")
    buckley = StoryEntity("e3", "Robert Buckley", "PERSON")
    assert not names_head("a Queens grandmother", queens)
    assert names_head("The Taliban government", taliban)
    assert names_head("Robert Buckley, 32", buckley)
    assert not names_head("Robert Buckley's home church", buckley)


def test_empty_and_missing_extractions_do_not_break_fusion() -> None:
    arts = articles()
    empty = Extraction(id="efe", text=EFE, published="2025-04-19", sentences=sentences(EFE))
    story = Story(id="s1", title="t", articles=["dawn", "efe", "gone"], origins=[["dawn"], ["efe"], ["gone"]])
    story = fuse_story(story, arts, {"dawn": dawn_extraction(), "efe": empty})
    assert story.events and story.claims
    assert all(v.status != "corroborated" for v in story.events)
    # only Dawn reports anything, so everything is Dawn's alone
    assert set(story.exclusive) == {"Dawn"}
    assert set(story.exclusive["Dawn"]) == {x.id for x in [*story.events, *story.claims]}


def test_a_one_source_story_has_no_exclusives() -> None:
    story = Story(id="s1", title="t", articles=["dawn"], origins=[["dawn"]])
    story = fuse_story(story, articles(), {"dawn": dawn_extraction()})
    assert story.exclusive == {}


def test_figures_of_a_duration_are_dated_by_publication() -> None:
    story = fused()
    (more, _) = _claims_of(story, 85000)
    assert any(e.claim == more.id and e.date == "2025-04-19" for e in story.timeline)


def test_people_sharing_a_first_name_still_clash() -> None:
    dawn, efe = dawn_extraction(), efe_extraction()
    for ex in (dawn, efe):
        for e in ex.entities:
            if e.name == "Muhammad Hassan Akhund":
                e.name = "Amir Hassan Akhund"  # shares "Amir" with Amir Khan Muttaqi
    story = Story(id="s1", title="t", articles=["dawn", "efe"], origins=[["dawn"], ["efe"]])
    story = fuse_story(story, articles(), {"dawn": dawn, "efe": efe})
    assert len(_meeting(story, "Muttaqi")) == 1 and len(_meeting(story, "Akhund")) == 1
    assert _meeting(story, "Muttaqi")[0].id != _meeting(story, "Akhund")[0].id


def test_an_organisation_is_not_its_own_agency():
    from newsfuse.fuse.entities import fallback_same_referent
    from newsfuse.records import Entity

    def org(name: str) -> Entity:
        return Entity(id=name, name=name, type="ORG")

    un, unhcr = org("United Nations"), org("United Nations High Commissioner for Refugees")
    assert not fallback_same_referent(un, unhcr)
    assert fallback_same_referent(org("Pakistan Ministry of Foreign Affairs"), org("Ministry of Foreign Affairs"))
    assert fallback_same_referent(org("HDWU"), org("Harbour Dock Workers Union"))


def test_a_story_is_titled_by_its_latest_report():
    from newsfuse.fuse import headline
    from newsfuse.records import Article

    first = Article(id="a", path="a.txt", text="x" * 50, title="Union agrees to suspend strike", published="2026-03-04")
    later = Article(id="b", path="b.txt", text="y" * 40, title="Strike ends with pay deal", published="2026-03-06")
    untitled = Article(id="c", path="c.txt", text="z" * 90, published="2026-03-07")
    assert headline([first, later, untitled]) == "Strike ends with pay deal"
    assert headline([untitled]) is None


def test_dates_that_disagree_are_different_events() -> None:
    def expulsions(first: str, second: str) -> int:
        mentions = [_mention("a", "expelled", "COERCE", first), _mention("b", "expelling", "COERCE", second)]
        return len(cluster_mentions(mentions))

    assert expulsions("2023-11", "2025-04") == 2  # the campaign's start and this month's expulsions
    assert expulsions("2025", "2025-04") == 1


def test_cooperation_and_conflict_are_never_one_event() -> None:
    # "recognized the government" (SUPPORT) and "does not recognize the border" (typed REJECT)
    clusters = cluster_mentions([_mention("a", "recognized", "SUPPORT"), _mention("b", "recognize", "REJECT")])
    assert len(clusters) == 2


def test_summary_says_what_the_text_says() -> None:
    from newsfuse.fuse.events import Cluster, summarise

    def said(trigger: str, verb: str | None, etype: str, mode: str | None = None, modality: str = "asserted") -> str:
        ev = Event(0, len(trigger), trigger, etype, mode=mode, verb=verb, modality=modality)
        cluster = Cluster([Mention("a", ev, "e1", "e2", set(), act(trigger))])
        return summarise(cluster, {"e1": "Ishaq Dar", "e2": "Afghan refugees"}, {"a": f"{trigger} of them. Later."})

    assert said("assured", "assure", "AGREE") == "Ishaq Dar assured Afghan refugees"  # not "agreed with"
    assert said("cancelled", "cancel", "SANCTION") == "Ishaq Dar cancelled Afghan refugees"  # as spelt
    assert said("tried", "try to expel", "COERCE", modality="attempted") == "Ishaq Dar tried to expel Afghan refugees"
    assert said("will", "will expel", "THREATEN", modality="threatened") == "Ishaq Dar will expel Afghan refugees"
    # a noun: the verb of its act ("deportations": deported), else the sentence, never a paraphrase by type
    assert said("deportations", None, "COERCE", mode="deport") == "Ishaq Dar deported Afghan refugees"
    assert said("investigation", None, "ACCUSE") == "investigation of them."


def test_a_pronoun_nobody_was_found_for_is_no_participant() -> None:
    from newsfuse.fuse.events import UNRESOLVED_PRONOUNS, resolve_text

    assert resolve_text("you", []).lower() in UNRESOLVED_PRONOUNS
    assert resolve_text("the league", []) not in UNRESOLVED_PRONOUNS


def test_a_capital_and_its_country_are_one_government() -> None:
    from newsfuse.fuse.events import _clash, _name_words
    from newsfuse.records import Place, StoryEntity

    capital = StoryEntity("e1", "Islamabad", "PLACE", place=Place("Islamabad", "PK", 33.7, 73.0, "city"))
    country = StoryEntity("e2", "Pakistan", "PLACE", place=Place("Pakistan", "PK", 30.3, 71.4, "country"))
    other = StoryEntity("e3", "Kabul", "PLACE", place=Place("Kabul", "AF", 34.5, 69.2, "city"))
    kinds = {e.id: (e.type, _name_words(e)) for e in (capital, country, other)}
    assert not _clash({"e1"}, {"e2"}, kinds)  # "Islamabad reported ...", "Pakistan reported ..."
    assert _clash({"e1"}, {"e3"}, kinds) and _clash({"e2"}, {"e3"}, kinds)


def _reported(article: str, trigger: str, published: str | None, **kw: object) -> Mention:
    ev = Event(0, len(trigger), trigger, "COERCE", **kw)  # type: ignore[arg-type]
    return Mention(article, ev, "e1", None, set(), act(trigger), published=published)


def test_the_same_act_alone_is_no_evidence() -> None:
    # "a climber died" in two reports, nobody named, no day, no place: perhaps two climbers
    bare = [
        Mention(a, Event(0, 4, "died", "ASSAULT", date=d), None, None, set(), act("died"))
        for a, d in (("a", None), ("b", "2013-01"))
    ]
    assert len(cluster_mentions(bare)) == 2
    placed = [
        Mention(a, Event(0, 4, "died", "ASSAULT", location="Mount Cook"), None, None, set(), act("died")) for a in "ab"
    ]
    assert len(cluster_mentions(placed)) == 1


def test_undated_acts_reported_years_apart_are_two_incidents() -> None:
    # a jewel theft reported in 2009 and one reported in 2013, neither dated in its sentence
    def thefts(first: str | None, second: str | None, **kw: str) -> int:
        return len(cluster_mentions([_reported("a", "seized", first), _reported("b", "seized", second, **kw)]))

    assert thefts("2009-03-02", "2013-06-10") == 2
    # a later report that dates the act to the days of the first report may be telling the same incident
    assert thefts("2009-03-02", "2013-06-10", date="2009-03-01") == 1
    assert thefts("2009-03-02", "2013-06-10", date="2013-06-08") == 2
    assert thefts("2009-03-02", "2009-03-04") == 1
    assert thefts(None, "2013-06-10") == 1  # nothing known against it


def test_intended_and_done_or_two_intentions_are_never_one_event() -> None:
    def events(first: str, second: str, polarity: str = "positive") -> int:
        mentions = [_reported("a", "arrested", None, modality=first), _reported("b", "arrest", None, modality=second)]
        mentions[1].event.polarity = polarity
        return len(cluster_mentions(mentions))

    assert events("asserted", "reported") == 1  # done, whoever says so
    assert events("planned", "asserted") == 2
    assert events("attempted", "asserted") == 2
    assert events("urged", "planned") == 2  # an urging is not a plan
    assert events("asserted", "asserted", polarity="negative") == 2


def test_places_in_two_countries_are_two_incidents() -> None:
    def attacks(first: str, second: str) -> int:
        mentions = [_reported("a", "seized", None, location=first), _reported("b", "seized", None, location=second)]
        return len(cluster_mentions(mentions))

    assert attacks("Somalia", "Nigeria") == 2
    assert attacks("Somalia", "Mogadishu") == 1  # a country and a town in it
    assert attacks("Somalia", "the coast") == 1  # a place the gazetteer does not know says nothing


def test_fused_events_say_what_their_reports_say_of_the_act() -> None:
    dawn, efe = dawn_extraction(), efe_extraction()
    for ex in (dawn, efe):
        ex.events[0].modality = "planned"
    story = Story(id="s1", title="t", articles=["dawn", "efe"], origins=[["dawn"], ["efe"]])
    story = fuse_story(story, articles(), {"dawn": dawn, "efe": efe})
    assert {(v.modality, v.polarity) for v in story.events} >= {("planned", "positive"), ("asserted", "positive")}
    data = story.to_dict()
    assert all({"modality", "polarity"} <= set(e) for e in data["events"])
