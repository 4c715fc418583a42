"""Entities, roles, gazetteer and actor codes on news-style sentences."""

from __future__ import annotations

import pytest
from conftest import SEEDS, needs_seeds

from newsfuse.annotate import load_nlp
from newsfuse.extract import actors, gazetteer
from newsfuse.extract.entities import acronym_fits, extract_entities, hard_wrapped, same_referent
from newsfuse.records import Entity, Place


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _ents(nlp, text: str) -> list[Entity]:
    return extract_entities(nlp(text))


def _one(ents: list[Entity], name: str) -> Entity:
    found = [e for e in ents if e.name == name]
    assert len(found) == 1, [(e.name, e.type) for e in ents]
    return found[0]


def _persons(ents: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in ents if e.type == "PERSON"}


TEXT = (
    "Japan's Deputy Prime Minister and Foreign Minister Taro Kono met Acting Iraqi Foreign Minister "
    "Fuad Hussein in Baghdad on Sunday, a statement from Japan's Ministry of Foreign Affairs (MOFA) said.\n"
    "Kono arrived in the Iraqi capital earlier today and was welcomed at the airport by the Iraqi deputy "
    "minister for financial affairs, Ali Allawi, according to the MOFA.\n"
    "Later, Kono also met Sheikh Abdul Karim Khalili, head of Iraq's ruling coalition, and "
    "Dr Hamid Saleh.\n"
    "The UN refugee agency said on Friday that 20,000 Iraqi refugees had returned from Jordan, while the "
    "United Nations' refugee agency warned that Amman could not cope.\n"
)


@pytest.fixture(scope="module")
def text_ents(nlp) -> list[Entity]:
    return extract_entities(nlp(TEXT))


def test_prenominal_roles_with_possessive_country_and_conjunction(text_ents):
    kono = _persons(text_ents)["Taro Kono"]
    assert {"Deputy Prime Minister", "Foreign Minister"} <= set(kono.roles)
    assert kono.country == "Japan"
    assert kono.code == "JPNGOV"


def test_acting_role_with_demonym_country(text_ents):
    hussein = _persons(text_ents)["Fuad Hussein"]
    assert hussein.roles == ["Acting Foreign Minister"]
    assert hussein.country == "Iraq"


def test_role_in_apposition_before_and_after_the_name(text_ents):
    persons = _persons(text_ents)
    assert persons["Ali Allawi"].roles == ["Deputy Minister for Financial Affairs"]
    assert persons["Ali Allawi"].country == "Iraq"
    khalili = persons["Abdul Karim Khalili"]
    assert khalili.roles == ["Head of the Ruling Coalition"]
    assert khalili.country == "Iraq"


def test_honorifics_are_not_part_of_names(text_ents):
    names = {e.name for e in text_ents}
    assert "Abdul Karim Khalili" in names and "Hamid Saleh" in names
    assert not any(n.startswith(("Sheikh", "Dr", "Mullah")) for n in names)


def test_short_mentions_join_the_full_name(text_ents):
    kono = _persons(text_ents)["Taro Kono"]
    assert [m.text for m in kono.mentions].count("Kono") == 2
    # no other entity claims the surname
    assert all("Kono" not in e.name for e in text_ents if e is not kono)


def test_acronym_defined_in_parentheses_is_one_org(text_ents):
    mofa = _one(text_ents, "Ministry of Foreign Affairs")
    assert mofa.type == "ORG"
    assert "MOFA" in mofa.aliases
    assert len(mofa.mentions) == 3
    assert mofa.country == "Japan"
    assert mofa.code == "JPNGOV"


def test_descriptions_of_well_known_organisations(text_ents):
    unhcr = _one(text_ents, "UNHCR")
    assert unhcr.type == "ORG" and len(unhcr.mentions) == 2
    assert unhcr.code == "IGOUNOREFHCR"
    assert not any(e.name == "United Nations" for e in text_ents)


def test_places_resolved_with_coordinates_and_capital_metonymy(text_ents):
    baghdad = _one(text_ents, "Baghdad")
    assert baghdad.type == "PLACE" and baghdad.place is not None
    assert baghdad.place.country_code == "IQ" and baghdad.place.kind == "city"
    assert 33 < baghdad.place.latitude < 34 and 44 < baghdad.place.longitude < 45
    amman = _one(text_ents, "Amman")
    assert amman.type == "PLACE" and amman.country == "Jordan"


def test_demonyms_are_groups_with_their_country(text_ents):
    iraqis = [e for e in text_ents if e.type == "GROUP" and e.country == "Iraq"]
    assert len(iraqis) == 1


def test_mentions_point_into_the_text_with_sentence_indices(nlp, text_ents):
    doc = nlp(TEXT)
    sents = list(doc.sents)
    for e in text_ents:
        for m in e.mentions:
            assert TEXT[m.start : m.end] == m.text
            assert sents[m.sentence].start_char <= m.start < sents[m.sentence].end_char
    assert [e.id for e in text_ents] == [f"e{i}" for i in range(1, len(text_ents) + 1)]


def test_no_junk_entities(text_ents):
    for e in text_ents:
        assert any(ch.isalpha() for ch in e.name)
        assert e.name not in ("Sunday", "Friday", "today", "20,000", "President")


def test_person_split_by_ner_is_merged_and_not_a_place(nlp):
    ents = _ents(nlp, "Pakistan's Deputy Prime Minister Ishaq Dar met with Acting Afghan Foreign Minister "
                      "Amir Khan Muttaqi in Kabul on Saturday. Muttaqi said the talks went well.")
    persons = _persons(ents)
    assert "Amir Khan Muttaqi" in persons
    assert len(persons["Amir Khan Muttaqi"].mentions) == 2
    assert persons["Amir Khan Muttaqi"].roles == ["Acting Foreign Minister"]
    assert not any("Muttaqi" in e.name for e in ents if e.type != "PERSON")
    kabul = _one(ents, "Kabul")
    assert kabul.place is not None and kabul.place.country_code == "AF"


def test_surname_labels_are_consistent_across_sentences(nlp):
    ents = _ents(nlp, "Spanish Prime Minister Pedro Sanchez visited Rabat on Monday.\n"
                      "Sanchez assures Moroccan counterpart of support.\n"
                      "According to officials, Sanchez met with the king.")
    sanchez = _persons(ents)["Pedro Sanchez"]
    assert len(sanchez.mentions) == 3
    assert sanchez.roles == ["Prime Minister"] and sanchez.country == "Spain"
    assert not any(e.name == "Sanchez" for e in ents)


def test_line_breaks_end_names_in_paragraph_text_but_not_in_wrapped_wire_copy(nlp):
    ents = _ents(nlp, "Officials met in the capital.\nPakistan Ministry of Foreign Affairs\n"
                      "Islamabad has launched a campaign to evict migrants.")
    assert not any("\n" in e.name for e in ents)
    assert any(e.name == "Islamabad" and e.type == "PLACE" for e in ents)
    wire = ("The weekly U.S. soybean crush rate was reported by the National\n"
            "Soybean Processors Association this afternoon at 21.78 mln bushels,\n"
            "down from the previous week, the association said in a statement\n"
            "issued to members and reporters at its offices in Washington today.\n")
    assert hard_wrapped(wire)
    names = {e.name for e in _ents(nlp, wire)}
    assert "National Soybean Processors Association" in names


def test_org_of_place_is_one_organisation(nlp):
    ents = _ents(nlp, "The plan was agreed by the Organisation of African Unity (OAU) last week, and the "
                      "OAU will meet again in Addis Ababa.")
    oau = _one(ents, "Organisation of African Unity")
    assert oau.aliases == ["OAU"] and len(oau.mentions) == 3


def test_documents_named_like_organisations_are_dropped(nlp):
    ents = _ents(nlp, "Pakistan resumed deportations of Afghans holding Afghan Citizenship Cards (ACC), "
                      "which replaced the earlier Proof of Registration (PoR) cards.")
    names = {e.name for e in ents}
    assert not names & {"Afghan Citizenship Cards", "ACC", "PoR"}


def test_organisations_spacy_misses_or_cuts_and_no_possessive_split_of_their_names(nlp):
    ents = _ents(nlp, "The Harbour and Dock Workers' Union (HDWU) has agreed to suspend its strike, said "
                      "Marguerite Olstead, who chairs the Brenavian Fruit Exporters' Association. "
                      "The HDWU wants a 12% increase.")
    union = _one(ents, "Harbour and Dock Workers' Union")
    assert union.type == "ORG" and union.aliases == ["HDWU"] and len(union.mentions) == 3
    assert _one(ents, "Brenavian Fruit Exporters' Association").type == "ORG"


def test_places_tagged_as_people_by_their_context(nlp):
    ents = _ents(nlp, "An 81-year-old man whose house in Harnby was swept away died on Monday. The river "
                      "overtopped its embankment at Harnby before dawn. Officials in Khartoum said the "
                      "Betty Ford Center had closed. Police chief Anna Brooks said the report was wrong, "
                      "and Brooks added that the embankment at Harnby would be rebuilt.")
    types = {e.name: e.type for e in ents}
    assert types.get("Harnby") == "PLACE"
    assert types.get("Khartoum") == "PLACE"
    assert types.get("Betty Ford Center") in ("ORG", "PLACE")
    assert types.get("Anna Brooks") == "PERSON"


def test_one_label_per_name_within_a_document(nlp):
    ents = _ents(nlp, "Floods hit Lower Selm on Monday. The provincial government of Lower Selm said "
                      "12,000 people had left their homes in Lower Selm.")
    selm = [e for e in ents if e.name == "Lower Selm"]
    assert len(selm) == 1 and selm[0].type == "PLACE" and len(selm[0].mentions) == 3


def test_more_role_forms_and_codes(nlp):
    ents = _ents(nlp, "Pakistan's foreign minister, Ishaq Dar, met his Afghan counterpart Amir Khan Muttaqi. "
                      "UN Secretary-General Antonio Guterres urged restraint, while U.S. Secretary of State "
                      "Marco Rubio called Dar. Tehran's envoy to Kabul, Hassan Kazemi Qomi, said Iran had "
                      "deported 1,000 Afghans.")
    p = _persons(ents)
    assert p["Ishaq Dar"].roles == ["Foreign Minister"] and p["Ishaq Dar"].country == "Pakistan"
    assert p["Amir Khan Muttaqi"].roles == [] and p["Amir Khan Muttaqi"].country == "Afghanistan"
    assert p["Antonio Guterres"].roles == ["Secretary-General"] and p["Antonio Guterres"].code == "IGOUNO"
    assert p["Marco Rubio"].roles == ["Secretary of State"] and p["Marco Rubio"].code == "USAGOV"
    assert p["Hassan Kazemi Qomi"].roles == ["Envoy to Kabul"]
    assert p["Hassan Kazemi Qomi"].country == "Iran" and p["Hassan Kazemi Qomi"].code == "IRNGOV"


def test_descriptions_of_named_officials_are_their_mentions(nlp):
    text = ("Iraqi FM rejects claims.\nJapan's Prime Minister Shigeru Ishiba met Acting Iraqi Foreign "
            "Minister Fuad Hussein and Japanese Foreign Minister Takeshi Iwaya on Sunday. Later the "
            "acting Iraqi foreign minister met the Japanese premier again. A foreign minister said nothing.")
    p = _persons(_ents(nlp, text))
    hussein = [m.text for m in p["Fuad Hussein"].mentions]
    assert hussein == ["Iraqi FM", "Fuad Hussein", "acting Iraqi foreign minister"]
    assert [m.text for m in p["Shigeru Ishiba"].mentions] == ["Shigeru Ishiba", "Japanese premier"]
    assert [m.text for m in p["Takeshi Iwaya"].mentions] == ["Takeshi Iwaya"]


def test_acronym_expansion_spacy_missed(nlp):
    ents = _ents(nlp, "Khan's party, the Pakistan Tehreek-e-Insaf (PTI), boycotted the session. The PTI "
                      "said it would protest.")
    pti = _one(ents, "Pakistan Tehreek-e-Insaf")
    assert pti.type == "ORG" and pti.aliases == ["PTI"] and len(pti.mentions) == 3


@needs_seeds
def test_seed_officials_each_one_person_with_roles(nlp):
    officials = {
        "Ishaq Dar": {"Deputy Prime Minister", "Foreign Minister"},
        "Amir Khan Muttaqi": {"Acting Foreign Minister"},
        "Muhammad Hassan Akhund": {"Prime Minister"},
        "Mohammad Naeem": {"Deputy Minister for Financial and Administrative Affairs"},
        "Abdul Salam Hanafi": {"Acting Deputy Prime Minister"},
        "Tallal Chaudhry": {"Deputy Interior Minister"},
    }
    path = sorted(SEEDS.glob("000_*.txt"))[0]
    ents = extract_entities(nlp(path.read_text(encoding="utf-8")))
    persons = _persons(ents)
    for name, expected in officials.items():
        assert name in persons, sorted(persons)
        assert expected <= set(persons[name].roles), (name, persons[name].roles)
    assert len([e for e in ents if e.type == "PERSON" and "Dar" in e.name]) == 1
    for city in ("Kabul", "Islamabad", "Rawalpindi"):
        place = _one(ents, city).place
        assert place is not None and place.country_code in ("AF", "PK") and place.latitude is not None


# ---------------------------------------------------------------- same_referent
def _e(name: str, type_: str = "PERSON", **kw) -> Entity:
    return Entity(id="e1", name=name, type=type_, **kw)


def test_same_referent_person_names():
    assert same_referent(_e("Ishaq Dar"), _e("Mohammad Ishaq Dar"))
    assert same_referent(_e("Dar"), _e("Mohammad Ishaq Dar"))
    assert same_referent(_e("Muhammad Hassan Akhund"), _e("Mullah Mohammad Hasan Akhund"))
    assert not same_referent(_e("Ishaq Dar"), _e("Tallal Chaudhry"))
    assert not same_referent(_e("Imran Khan"), _e("Amir Khan Muttaqi"))
    assert not same_referent(_e("Ishaq Dar"), _e("Dar", "PLACE"))


def test_same_referent_organisations_and_places():
    fo = _e("Foreign Office", "ORG", aliases=["FO"], country="Pakistan")
    assert same_referent(fo, _e("FO", "ORG", country="Pakistan"))
    assert not same_referent(fo, _e("Foreign Office", "ORG", country="United Kingdom"))
    assert same_referent(_e("UNHCR", "ORG"), _e("United Nations High Commissioner for Refugees", "ORG"))
    assert same_referent(_e("Pakistan Ministry of Foreign Affairs", "ORG"),
                         _e("Ministry of Foreign Affairs", "ORG", country="Pakistan"))
    kabul = Place("Kabul", "AF", 34.5, 69.2, "city")
    assert same_referent(_e("Kabul", "PLACE", place=kabul), _e("Kabul", "PLACE", place=kabul))
    assert not same_referent(_e("Kabul", "PLACE", place=kabul),
                             _e("Islamabad", "PLACE", place=Place("Islamabad", "PK", 33.7, 73.0, "city")))


def test_acronym_fits():
    assert acronym_fits("TTP", "Tehreek-e-Taliban Pakistan")
    assert acronym_fits("PoR", "Proof of Registration")
    assert not acronym_fits("MAS", "Singapore")


# ---------------------------------------------------------------- gazetteer and actor codes
def test_gazetteer():
    rawalpindi = gazetteer.resolve_place("Rawalpindi")
    assert rawalpindi is not None and rawalpindi.country_code == "PK" and rawalpindi.kind == "city"
    afg = gazetteer.resolve_place("Afghanistan")
    assert afg is not None and afg.kind == "country" and afg.latitude is not None
    assert gazetteer.resolve_place("the United States").country_code == "US"
    assert gazetteer.resolve_place("Union") is None
    assert gazetteer.demonym_country("Afghans") == "Afghanistan"
    assert gazetteer.demonym_country("Pakistani") == "Pakistan"
    assert gazetteer.demonym_country("Kabul") is None


def test_gazetteer_ambiguity_context_and_case():
    assert gazetteer.resolve_place("Punjab").country_code == "IN"
    assert gazetteer.resolve_place("Punjab", {"PK"}).country_code == "PK"
    assert gazetteer.resolve_place("Hyderabad", {"PK"}).country_code == "PK"
    assert gazetteer.resolve_place("KABUL").name == "Kabul"  # a dateline in capitals
    assert gazetteer.resolve_place("UN") is None and gazetteer.resolve_place("NYPD") is None
    assert gazetteer.resolve_place("Calcutta").name == "Kolkata"
    assert gazetteer.resolve_place("Sam") is None  # an alternate name of Damascus, too short to trust
    assert gazetteer.resolve_place("Asia").kind == "region"


def test_institutions_named_like_places_are_organisations(nlp):
    ents = _ents(nlp, "White House press secretary Karoline Leavitt said the Kremlin had not replied. "
                      "Officials in Washington said the Pentagon was ready.")
    types = {e.name: (e.type, e.country) for e in ents}
    assert types["White House"] == ("ORG", "United States")
    assert types["Kremlin"] == ("ORG", "Russia")
    assert types["Washington"][0] == "PLACE"


def test_actor_codes():
    assert actors.actor_code("Pakistan's Foreign Minister") == "PAKGOV"
    assert actors.actor_code("Afghan refugees") == "AFGREF"
    assert actors.actor_code("UNHCR") == "IGOUNOREFHCR"
    assert actors.actor_code("Deputy Interior Minister", country="Pakistan") == "PAKGOV"
    assert actors.actor_code("security forces") is None
    assert actors.country_code("Kabul") == "AFG"


# ---------------------------------------------------------------- audit of unseen news: pins, people, types
def _places(ents: list[Entity]) -> dict[str, Place | None]:
    return {e.name: e.place for e in ents if e.type == "PLACE"}


def test_famous_city_beats_a_small_namesake_in_a_named_country(nlp):
    ents = _ents(nlp, "U.S. Treasury Secretary James Baker said the United States stood by the accord "
                      "reached by the Group of Five in Paris last month.")
    paris = _places(ents)["Paris"]
    assert paris is not None and paris.country_code == "FR"
    ents = _ents(nlp, "The singer grew up in Paris, Texas, a town of 25,000 people.")
    paris = _places(ents)["Paris"]
    assert paris is not None and paris.country_code == "US"


def test_organisation_named_like_a_town_is_not_geocoded(nlp):
    ents = _ents(nlp, "The show featured a plug-in version of Toyota's top-selling vehicle and a "
                      "futuristic concept car from Honda.")
    toyota = _one(ents, "Toyota")
    assert toyota.type == "ORG" and toyota.place is None


def test_names_written_as_people_are_not_towns(nlp):
    ents = _ents(nlp, "His mother, Queen Elizabeth, was said to have been disapproving of the idea. "
                      "Prince Andrew stepped back from public duties.")
    assert "Elizabeth" not in _places(ents)
    ents = _ents(nlp, "NASA picked Astrobotic, Deep Space Systems, Draper, Firefly Aerospace, Intuitive "
                      "Machines, Lockheed Martin, Masten Space Systems, Moon Express and OrbitBeyond in "
                      "November. Lockheed Martin declined to comment.")
    assert "Martin" not in _places(ents)


def test_two_people_of_one_surname_stay_apart(nlp):
    ents = _ents(nlp, "Morrison said he had no knowledge of any efforts to urge Ukraine to investigate Joe "
                      "and Hunter Biden. He said he was never told that former Vice President Biden was a "
                      "topic. Hunter Biden sat on the board of Burisma.")
    people = _persons(ents)
    assert "Joe Biden" in people and "Hunter Biden" in people
    assert "Former Vice President" not in people["Hunter Biden"].roles
    assert "Biden" not in people["Hunter Biden"].aliases


def test_story_keeps_two_people_of_one_surname_apart():
    from newsfuse.fuse.entities import fuse_entities
    from newsfuse.records import Article, EntityMention, Extraction

    def person(eid: str, name: str, aliases: list[str]) -> Entity:
        return Entity(id=eid, name=name, type="PERSON", mentions=[EntityMention(0, 1, name, 0)],
                      aliases=aliases)

    arts = [Article(id="a1", path="a1", text="x"), Article(id="a2", path="a2", text="y")]
    ex = {"a1": Extraction(id="a1", text="x", entities=[person("e1", "Hunter Biden", ["Biden"])]),
          "a2": Extraction(id="a2", text="y", entities=[person("e1", "Joe Biden", ["Biden"])])}
    fused, _ = fuse_entities("s", arts, ex)
    assert sorted(e.name for e in fused) == ["Hunter Biden", "Joe Biden"]


def test_one_type_per_referent_and_no_page_furniture(nlp):
    ents = _ents(nlp, "According to a report in the Argus Leader of Sioux Falls, Gov. Kristi Noem launched "
                      "the campaign.\nGarrett received a suspension for shoving Pittsburgh quarterback Mason "
                      "Rudolph to the ground. Rudolph should be disciplined, said CBS Sports NFL Insider Jason "
                      "La Canfora.")
    types = {e.name: e.type for e in ents}
    assert types["Sioux Falls"] == "PLACE"
    assert types["Mason Rudolph"] == "PERSON" and "Rudolph" not in types
    assert types["Jason La Canfora"] == "PERSON"
    assert not any(n.startswith("Insider ") for n in types)
    types = {e.name: e.type for e in _ents(nlp, "Be sure to visit Arrowhead on Facebook, Twitter, and Instagram.")}
    assert types.get("Twitter") == "ORG"  # listed with organisations


def test_us_state_beats_a_namesake_town():
    for state in ("Florida", "Oregon", "Colorado"):
        place = gazetteer.resolve_place(state)
        assert place is not None and place.kind == "region" and place.country_code == "US", place
    assert gazetteer.resolve_place("New York").name == "New York City"
