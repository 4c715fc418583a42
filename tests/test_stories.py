"""Stories: copies, origin families, separating similar events, bridging merges, incremental = batch."""

from __future__ import annotations

import re

from newsfuse.records import Article, Entity, EntityMention, Extraction, Story, content_id
from newsfuse.stories import StoryIndex, arrival_order, find_copies, group_stories, origins

NAMES = re.compile(
    r"\b(?:[A-Z][a-z]+(?:[- ][A-Z][a-z]+)*)\b"
)  # capitalised runs stand in for the entity extractor here
NOT_NAMES = {"The", "A", "On", "In", "At", "It", "He", "She", "They", "Officials", "Rescuers", "Police", "His", "Her"}


def extraction_for(article: Article) -> Extraction:
    """Entities as capitalised name runs (not the spaCy extractor: these tests are about stories)."""
    found: dict[str, Entity] = {}
    for m in NAMES.finditer(article.text):
        name = m.group(0)
        if name in NOT_NAMES:
            continue
        ent = found.setdefault(name, Entity(id=f"e{len(found)}", name=name, type="PERSON"))
        ent.mentions.append(EntityMention(m.start(), m.end(), name, 0))
    return Extraction(id=article.id, text=article.text, entities=list(found.values()))


def art(text: str, published: str = "2026-03-03", title: str | None = None, source: str | None = None,
        agencies: list[str] | None = None) -> Article:
    return Article(id=content_id(text), path="-", text=text, title=title, published=published,
                   source=source, agencies=agencies or [])


def cluster(articles: list[Article]) -> list[Story]:
    return group_stories(articles, {a.id: extraction_for(a) for a in articles})


def story_of(stories: list[Story], article: Article) -> str:
    return next(s.id for s in stories if article.id in s.articles)


WIRE = (
    "ISLAMABAD, April 19 (AFP) - Pakistan's foreign minister Ishaq Dar met Afghan Prime Minister "
    "Mohammad Hassan Akhund in Kabul on Saturday, as more than 85,000 Afghans have been expelled "
    "from Pakistan in just over two weeks. Dar also held talks with Afghan Foreign Minister Amir Khan "
    "Muttaqi on trade, transit and security, the Pakistani foreign office said in a statement. "
    "Muttaqi voiced concern over the forced deportations and urged Islamabad to protect the rights of "
    "Afghan refugees. Dar assured him that deportees would not be mistreated and that their property "
    "would not be confiscated. Islamabad has launched a campaign to evict more than 800,000 Afghans by "
    "the end of April, and convoys of families have been heading to the Torkham border crossing each day. "
    "Both sides agreed to form joint committees to follow up on the discussions."
)

EFE = (
    "Kabul, Apr 19 (EFE).- The Taliban government and Pakistan agreed on Saturday to keep up high-level "
    "contacts during a visit to Kabul by Pakistani Deputy Prime Minister Ishaq Dar, who met Taliban "
    "Prime Minister Mohammad Hassan Akhund and Foreign Minister Amir Khan Muttaqi. The meeting comes amid "
    "the mass deportation of Afghans from Pakistan: over 84,000 people have been sent back across the "
    "border since the start of the month, according to the United Nations refugee agency. Muttaqi asked "
    "Dar to halt the forced returns of Afghan refugees, while Dar promised that those leaving would be "
    "treated with dignity and allowed to take their belongings."
)


def test_copy_with_new_headline_and_trimmed_is_a_copy() -> None:
    original = art(WIRE, title="Pakistan, Afghanistan agree to deepen ties", source="Daily Post", agencies=["AFP"])
    trimmed = WIRE.rsplit(". ", 3)[0] + "."  # last sentences cut, as a republisher would
    copy = art(trimmed, title="Dar in Kabul as deportations continue", source="Evening Star")
    other = art(EFE, source="EFE", agencies=["EFE"])
    assert find_copies([original, copy, other]) == [(original.id, copy.id)]
    stories = cluster([original, copy, other])
    assert len(stories) == 1
    (story,) = stories
    # the republished wire copy (which does not credit AFP) is the AFP origin; EFE is the other
    assert sorted(map(sorted, story.origins)) == sorted([sorted([original.id, copy.id]), [other.id]])
    assert story.independent_sources == 2


def test_articles_sharing_an_agency_are_one_origin() -> None:
    a = art("Report one, rewritten by an outlet from AFP copy.", source="Daily Post", agencies=["AFP"])
    b = art("Report two, a different rewrite, crediting Agence France-Presse.", source="Evening Star",
            agencies=["Agence France-Presse"])
    c = art("Report three from EFE.", source="EFE", agencies=["EFE"])
    d = art("Report four by the outlet's own correspondent.", source="Kabul Times")
    fams = origins([a, b, c, d], copies=[])
    assert sorted(map(sorted, fams)) == sorted([sorted([a.id, b.id]), [c.id], [d.id]])
    # the agency's own story and an outlet crediting that agency are one origin too
    e = art("Report five, EFE's own wire.", source="Agencia EFE")
    assert len(origins([c, e], copies=[])) == 1


QUAKE_A = [
    "A magnitude 6.1 earthquake struck Aceh province on Indonesia's Sumatra island on Tuesday, killing at "
    "least 22 people in the Bener Meriah and Central Aceh districts, the national disaster agency said. "
    "Agency spokesman Sutopo Purwo Nugroho said hundreds of houses collapsed in Bener Meriah and rescuers "
    "were searching for villagers buried by landslides near the town of Takengon.",
    "Rescuers dug through landslides in Central Aceh on Wednesday after Tuesday's 6.1 earthquake, which "
    "killed at least 24 people and injured more than 200, Sutopo Purwo Nugroho of the disaster agency said. "
    "In Bener Meriah, families slept outside in tents as aftershocks shook Takengon.",
]
QUAKE_B = [
    "A magnitude 6.1 earthquake struck Indonesia's West Papua province on Tuesday, killing at least "
    "five people in the town of Manokwari, where a hotel collapsed, the meteorology agency said. "
    "Police chief Paulus Waterpauw said soldiers were clearing rubble from the Mutiara hotel and "
    "that the airport at Rendani was closed after cracks appeared on the runway.",
    "Soldiers pulled two survivors from the wreckage of the Mutiara hotel in Manokwari on Wednesday, a day "
    "after the earthquake in West Papua killed at least five people, police chief Paulus Waterpauw said. "
    "Flights to Rendani airport resumed in the afternoon.",
]
REHAB_A = [
    "Actress Tara Reid has checked into the Promises Treatment Center in Malibu, her representative Jack "
    "Ketsoyan told People magazine on Tuesday. Ketsoyan would not say what the American Pie star was being "
    "treated for, and asked for privacy for Reid and her family at this time.",
    "Tara Reid entered Promises in Malibu this week, a friend of the American Pie actress said, adding that "
    "Reid's family supported her decision. Her representative Jack Ketsoyan declined to comment further.",
]
REHAB_B = [
    "Lindsay Lohan has checked into the Betty Ford Center in Rancho Mirage to begin a 90-day court-mandated "
    "stay, her lawyer Shawn Holley said on Tuesday, after a Santa Monica judge ordered her into treatment "
    "over her reckless driving conviction.",
    "Lohan arrived at the Betty Ford Center in Rancho Mirage late on Thursday night, lawyer Shawn Holley "
    "said, meeting the deadline set by the Santa Monica judge for her 90-day stay in treatment.",
]


def test_similar_but_different_events_are_separated() -> None:
    groups = [QUAKE_A, QUAKE_B, REHAB_A, REHAB_B]
    articles = [art(t, published="2026-03-03" if i == 0 else "2026-03-04") for g in groups
                for i, t in enumerate(g)]
    stories = cluster(articles)
    by_group = [{story_of(stories, art(t)) for t in g} for g in groups]
    assert all(len(s) == 1 for s in by_group), by_group  # each event is one story...
    assert len(set.union(*by_group)) == 4  # ...and the two quakes, and the two rehab stays, are not merged


def _strike_and_talks() -> tuple[Article, Article]:
    """Two reports of one strike that share few words: a bridging report should join them."""
    strike = art(
        "Dockworkers at Port Hallbrook walked off the job on Monday after talks on pay broke down, the "
        "Harbour and Dock Workers' Union said. Union secretary Tobiah Quennell said the strike would continue "
        "until the ports authority offered a pay rise above inflation.", published="2026-03-02")
    talks = art(
        "Transport Minister Adaline Ferrowby invited both sides to the ministry in Ardmere on Wednesday, "
        "saying the government would mediate. Ferrowby said she expected a deal within days and "
        "asked the ports authority to bring a new offer on wages.", published="2026-03-03")
    return strike, talks


def test_bridging_article_merges_two_stories() -> None:
    strike, talks = _strike_and_talks()
    index = StoryIndex()
    s1 = index.add(strike, extraction_for(strike))
    s2 = index.add(talks, extraction_for(talks))
    assert s1 != s2
    bridge = art(
        "Union secretary Tobiah Quennell met Transport Minister Adaline Ferrowby at the ministry in "
        "Ardmere on Wednesday, as the dockworkers' strike at Port Hallbrook over pay entered its third day. "
        "Quennell said the union would continue the strike until the ports authority offered a pay rise, "
        "and Ferrowby asked the ports authority to bring a new offer on wages to mediate a deal.",
        published="2026-03-04")
    s3 = index.add(bridge, extraction_for(bridge))
    stories = index.stories()
    assert len(stories) == 1
    assert s3 == s1 == stories[0].id  # the older story survives
    assert index.merged_into == {s2: s1}
    assert set(stories[0].articles) == {strike.id, talks.id, bridge.id}


def _corpus() -> list[Article]:
    texts = [(t, "2026-03-03") for t in QUAKE_A + REHAB_B] + [(t, "2026-03-05") for t in QUAKE_B + REHAB_A]
    texts.append((WIRE, "2026-03-04"))
    texts.append((WIRE.rsplit(". ", 2)[0] + ".", "2026-03-04"))
    texts.append((EFE, "2026-03-05"))
    return [art(t, published=d) for t, d in texts]


def test_incremental_add_equals_batch() -> None:
    articles = _corpus()
    extractions = {a.id: extraction_for(a) for a in articles}
    batch = group_stories(list(reversed(articles)), extractions)
    index = StoryIndex()
    for a in arrival_order(articles):
        index.add(a, extractions[a.id])
    assert [s.to_dict() for s in index.stories()] == [s.to_dict() for s in batch]
    assert len(batch) == 5


def test_restore_from_stored_stories_continues_them() -> None:
    articles = _corpus()
    extractions = {a.id: extraction_for(a) for a in articles}
    stored = group_stories(articles[:-1], extractions)  # everything but the EFE report
    index = StoryIndex.from_stories(stored, {a.id: a for a in articles}, extractions)
    efe = articles[-1]
    sid = index.add(efe, extractions[efe.id])
    wire_story = story_of(stored, articles[-2])
    assert sid == wire_story
    restored = {s.id: s for s in index.stories()}[sid]
    assert restored.independent_sources == 2  # the wire and its copy stay one origin; EFE is the second


def test_time_window_closes_old_stories_and_bounds_memory() -> None:
    closed: list[Story] = []
    index = StoryIndex(window_days=7, keep_closed=False, on_close=closed.append)
    first = art(QUAKE_A[0], published="2026-01-01")
    index.add(first, extraction_for(first))
    for i, t in enumerate(REHAB_A + REHAB_B):
        a = art(t, published=f"2026-02-{10 + i:02d}")
        index.add(a, extraction_for(a))
    assert [s.articles for s in closed] == [[first.id]]
    assert index.story_of(first.id) is None
    assert len(index) == 2 and len(index.copies) == 4  # only the open stories' state is held
    # a same-event article arriving after the window starts a new story: the old one is closed
    late = art(QUAKE_A[1], published="2026-02-20")
    assert index.add(late, extraction_for(late)) not in {s.id for s in closed}


def test_undated_articles_meet_dated_reports_of_any_time() -> None:
    old_dated = art(QUAKE_A[0], published="2026-01-01")
    old_undated = art(QUAKE_A[1], published=None)
    new_dated = art(REHAB_B[0], published="2026-03-01")
    new_undated = art(REHAB_B[1], published=None)
    stories = cluster([new_undated, old_dated, new_dated, old_undated])
    assert sorted(sorted(s.articles) for s in stories) == sorted(
        [sorted([old_dated.id, old_undated.id]), sorted([new_dated.id, new_undated.id])]
    )


def test_time_keys_name_years_months_and_days() -> None:
    from newsfuse.records import TimeExpr
    from newsfuse.stories.features import time_keys

    a = art("x", published="2013-09-18")
    ext = Extraction(id=a.id, text="x", times=[
        TimeExpr(0, 1, "Dec. 9", "DATE", "XXXX-12-09"),
        TimeExpr(0, 1, "2008", "DATE", "2008"),
        TimeExpr(0, 1, "Tuesday", "DATE", "XXXX-WXX-2"),  # weekdays and durations name no date
        TimeExpr(0, 1, "two weeks", "DURATION", "P2W"),
    ])
    assert time_keys(a, ext) == {
        "m12": 1.0, "md1209": 1.0, "y2008": 1.0, "y2013": 1.0, "m09": 1.0, "ym201309": 1.0, "md0918": 1.0,
    }


def test_conflicting_dates_lower_the_score_and_agreeing_dates_do_not() -> None:
    from newsfuse.records import TimeExpr
    from newsfuse.stories.features import article_features

    def dated(text: str, value: str) -> tuple[Article, Extraction]:
        a = art(text, published=None)  # type: ignore[arg-type]
        ext = extraction_for(a)
        ext.times = [TimeExpr(0, 1, value, "DATE", value)]
        return a, ext

    index = StoryIndex()
    index.add(*dated(QUAKE_A[0], "2008-12-14"))
    probe = QUAKE_A[1]
    scores = {}
    for value in ("2008-12-14", "2013-05-02"):
        a, ext = dated(probe, value)
        scores[value] = index._score(article_features(a, ext))[0][0]
    plain = StoryIndex(time_penalty=0.0)
    plain.add(*dated(QUAKE_A[0], "2008-12-14"))
    a, ext = dated(probe, "2013-05-02")
    unpenalised = plain._score(article_features(a, ext))[0][0]
    assert scores["2013-05-02"] < scores["2008-12-14"]
    assert abs(scores["2013-05-02"] - unpenalised * (1 - index.time_penalty)) < 1e-6  # no shared date at all


def test_bridge_that_fits_one_story_far_better_does_not_merge() -> None:
    strike, talks = _strike_and_talks()
    bridge = art(
        "Union secretary Tobiah Quennell met Transport Minister Adaline Ferrowby at the ministry in "
        "Ardmere on Wednesday, as the dockworkers' strike at Port Hallbrook over pay entered its third day.",
        published="2026-03-04")
    for ratio, n in ((0.0, 1), (1.01, 2)):  # a ratio above 1 never lets a second story in
        index = StoryIndex(merge_threshold=0.0, merge_ratio=ratio)
        for a in (strike, talks, bridge):
            index.add(a, extraction_for(a))
        assert len(index.stories()) == n
