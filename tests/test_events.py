"""Events: PLOVER types and modes, actors and targets, place, date, polarity, modality, attribution."""

from __future__ import annotations

import re

import pytest

from newsfuse.annotate import load_nlp
from newsfuse.extract.events import extract_events, main_event
from newsfuse.extract.plover import PLOVER_TYPES, load_lexicon
from newsfuse.records import Entity, EntityMention, Event, TimeExpr


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _entities(text: str, names: dict[str, str]) -> list[Entity]:
    """Entities by hand (independent of the entity extractor): every occurrence of each name."""
    out = []
    for i, (name, etype) in enumerate(names.items(), 1):
        mentions = [EntityMention(m.start(), m.end(), name, 0) for m in re.finditer(re.escape(name), text)]
        out.append(Entity(id=f"e{i}", name=name, type=etype, mentions=mentions))
    return out


def _time(text: str, phrase: str, value: str) -> TimeExpr:
    start = text.index(phrase)
    return TimeExpr(start, start + len(phrase), phrase, "DATE", value)


def _run(nlp, text: str, names: dict[str, str] | None = None, times: list[TimeExpr] | None = None):
    doc = nlp(text)
    ents = _entities(text, names or {})
    ids = {e.name: e.id for e in ents}
    return doc, extract_events(doc, ents, times or [], "2025-04-19"), ids


def _one(events: list[Event], etype: str) -> Event:
    found = [e for e in events if e.type == etype]
    assert found, f"no {etype} in {[(e.text, e.type) for e in events]}"
    return found[0]


def test_meeting_with_is_consult_with_both_parties_place_and_date(nlp):
    text = (
        "Pakistan's Foreign Minister Ishaq Dar met with Afghan Foreign Minister Amir Khan Muttaqi "
        "in Kabul on Saturday."
    )
    names = {"Ishaq Dar": "PERSON", "Amir Khan Muttaqi": "PERSON", "Kabul": "PLACE", "Pakistan": "PLACE"}
    _, events, ids = _run(nlp, text, names, [_time(text, "Saturday", "2025-04-19")])
    ev = _one(events, "CONSULT")
    assert ev.text == "met"
    assert ev.actor_entity == ids["Ishaq Dar"] and ev.target_entity == ids["Amir Khan Muttaqi"]
    assert {ids["Ishaq Dar"], ids["Amir Khan Muttaqi"]} <= set(ev.participants)
    assert ev.location == "Kabul"
    assert ev.date == "2025-04-19"
    assert (ev.polarity, ev.modality) == ("positive", "asserted")


def test_date_comes_only_from_the_time_expressions(nlp):
    text = "The prime minister met the Afghan envoy in Kabul on Saturday."
    _, events, _ = _run(nlp, text, {"Kabul": "PLACE"})
    assert _one(events, "CONSULT").date is None


def test_meeting_between_two_officials_is_a_nominal_consult(nlp):
    text = "The understanding was reached during a meeting between Ishaq Dar and Hassan Akhund in Kabul."
    names = {"Ishaq Dar": "PERSON", "Hassan Akhund": "PERSON", "Kabul": "PLACE"}
    _, events, ids = _run(nlp, text, names)
    ev = _one(events, "CONSULT")
    assert ev.text == "meeting"
    assert ev.actor_entity == ids["Ishaq Dar"] and ev.target_entity == ids["Hassan Akhund"]
    assert ev.actor.text == "Ishaq Dar"
    assert ev.location == "Kabul"


def test_deportations_are_coerce_expel(nlp):
    text = (
        "Islamabad has expelled more than 85,000 Afghans. "
        "Pakistan resumed deportations of Afghans this month."
    )
    _, events, ids = _run(nlp, text, {"Islamabad": "PLACE", "Afghans": "GROUP", "Pakistan": "PLACE"})
    coerce = [e for e in events if e.type == "COERCE"]
    assert len(coerce) == 2 and all(e.mode == "expel" for e in coerce)
    assert coerce[0].actor_entity == ids["Islamabad"] and coerce[0].target_entity == ids["Afghans"]
    assert coerce[1].actor_entity == ids["Pakistan"] and ids["Afghans"] in coerce[1].participants


def test_accusation_and_its_denial(nlp):
    text = "Islamabad accuses Kabul of sheltering militants. The Taliban government denies the charge."
    _, events, ids = _run(nlp, text, {"Islamabad": "PLACE", "Kabul": "PLACE", "Taliban": "ORG"})
    accuse = [e for e in events if e.type == "ACCUSE"]
    assert accuse[0].text == "accuses" and accuse[0].modality == "asserted"
    assert accuse[0].actor_entity == ids["Islamabad"] and accuse[0].target_entity == ids["Kabul"]
    denied = [e for e in events if e.sentence == 1]
    assert [e.modality for e in denied] == ["denied"]
    assert denied[0].text == "charge" and denied[0].target_entity == ids["Taliban"]
    assert not any(e.type == "REJECT" for e in events)  # the denial itself is not a REJECT event


def test_negated_attack_has_negative_polarity(nlp):
    _, events, _ = _run(nlp, "The rebels did not attack the convoy on the highway.")
    ev = _one(events, "ASSAULT")
    assert ev.polarity == "negative"


def test_threat_and_the_threatened_act(nlp):
    text = "Iran threatened to shell Iraqi towns."
    doc, events, ids = _run(nlp, text, {"Iran": "PLACE"})
    main = main_event(events, doc)
    assert main is not None and main.type == "THREATEN" and main.actor_entity == ids["Iran"]
    assert "towns" in main.target.text
    assert main.mode == "violence"  # the content of the threat
    shell = _one(events, "ASSAULT")
    assert shell.modality == "threatened" and shell.mode == "heavy-weapons"


def test_urged_event_and_request(nlp):
    text = "The UN refugee agency urged Pakistan to halt the deportations of Afghan refugees."
    doc, events, ids = _run(nlp, text, {"Pakistan": "PLACE"})
    req = main_event(events, doc)
    assert req.type == "REQUEST" and req.target_entity == ids["Pakistan"]
    assert "agency" in req.actor.text
    assert any(e.modality == "urged" for e in events if e is not req)


def test_pledge_and_future_cooperation_are_agree(nlp):
    doc, events, _ = _run(nlp, "Both sides pledged to strengthen bilateral trade.")
    assert main_event(events, doc).type == "AGREE"
    doc, events, ids = _run(nlp, "The French president will visit Algeria next month.", {"Algeria": "PLACE"})
    ev = main_event(events, doc)
    assert ev.type == "AGREE" and ev.target_entity == ids["Algeria"]


def test_attribution_from_said_and_according_to(nlp):
    text = "Pakistan and Afghanistan agreed to expand trade, the Foreign Office said Saturday."
    _, events, _ = _run(nlp, text, {"Pakistan": "PLACE", "Afghanistan": "PLACE", "Foreign Office": "ORG"})
    agree = _one(events, "AGREE")
    assert agree.attributed_to == "Foreign Office"
    assert agree.actor.text == "Pakistan and Afghanistan"
    text = "According to the FO, Dar met with the acting Afghan premier."
    _, events, _ = _run(nlp, text, {"FO": "ORG", "Dar": "PERSON"})
    assert _one(events, "CONSULT").attributed_to == "FO"


def test_reporting_verbs_and_economic_noise_are_not_events(nlp):
    _, events, _ = _run(nlp, "The minister said the economy grew by 3 percent last year.")
    assert events == []
    _, events, _ = _run(nlp, "Shares rose as investors bought stock and traded bonds.")
    assert events == []


def test_said_that_must_is_a_request(nlp):
    text = "Egypt's president said the United States must mediate between the two sides."
    doc, events, _ = _run(nlp, text, {"United States": "PLACE"})
    ev = main_event(events, doc)
    assert ev.type == "REQUEST" and ev.target.text == "the United States"


def test_pronoun_actor_is_its_antecedent(nlp):
    text = "Japan said on Tuesday it had halted economic aid to Serbia."
    _, events, ids = _run(nlp, text, {"Japan": "PLACE", "Serbia": "PLACE"})
    ev = _one(events, "SANCTION")
    assert ev.actor.text == "Japan" and ev.target_entity == ids["Serbia"]
    assert ev.attributed_to == "Japan"


def test_lifting_a_curfew_concedes(nlp):
    _, events, _ = _run(nlp, "Serbia lifted a night curfew in Montenegro.", {"Montenegro": "PLACE"})
    assert main_event(events, nlp("Serbia lifted a night curfew in Montenegro.")).type == "CONCEDE"


def test_lexicon_resource():
    lex = load_lexicon()
    assert lex.verb("deport").type == "COERCE" and lex.verb("deport").mode == "expel"
    assert lex.noun("deportation").mode == "expel"
    assert lex.noun("talks").type == "CONSULT"
    assert lex.verb("say") is None  # reporting verbs are not triggers
    assert {t.type for t in lex.verbs.values()} <= set(PLOVER_TYPES)
    assert any(t.origin.startswith("cameo:") for t in lex.verbs.values())


def test_meeting_between_titled_officials_and_feared_raids(nlp):
    text = (
        "The deal came during a meeting between Deputy Prime Minister and Foreign Minister Ishaq Dar "
        "and Prime Minister Hassan Akhund."
    )
    _, events, ids = _run(nlp, text, {"Ishaq Dar": "PERSON", "Hassan Akhund": "PERSON"})
    ev = _one(events, "CONSULT")
    assert (ev.actor_entity, ev.target_entity) == (ids["Ishaq Dar"], ids["Hassan Akhund"])
    text = "Afghan families have been heading to the border each day fearing raids by the police."
    _, events, _ = _run(nlp, text)
    ev = _one(events, "COERCE")
    assert ev.text == "raids" and "police" in ev.actor.text and "families" in ev.target.text


def test_assault_mode_from_the_weapon(nlp):
    _, events, _ = _run(
        nlp, "Two suicide bombers killed 23 people in Tel Aviv on Sunday.", {"Tel Aviv": "PLACE"}
    )
    ev = _one(events, "ASSAULT")
    assert ev.mode == "suicide-attack" and ev.location == "Tel Aviv"
    _, events, _ = _run(nlp, "Government troops shelled the rebel stronghold with artillery.")
    assert _one(events, "ASSAULT").mode == "heavy-weapons"


def test_event_keeps_the_verb_the_text_uses(nlp):
    text = (
        "Dar assured Afghan refugees in Kabul. Muttaqi called on Islamabad to protect them. "
        "Both sides agreed to form joint committees. Pakistan resumed deportations of Afghans. "
        "Kabul does not recognize the border."
    )
    names = {"Dar": "PERSON", "Muttaqi": "PERSON", "Islamabad": "PLACE", "Pakistan": "PLACE", "Kabul": "PLACE"}
    _, events, _ = _run(nlp, text, names)
    verbs = {e.text: e.verb for e in events}
    assert verbs["assured"] == "assure"
    assert verbs["called"] == "call on"  # the preposition that introduces the target
    assert verbs["agreed"] == "agree to form"
    assert verbs["resumed"] == "resume deportations of"  # the noun says what was resumed
    # a negation turned into REJECT: the verb no longer says what happened, the type does
    assert verbs["recognize"] is None


def test_condition_is_hypothetical_not_an_event_that_happened(nlp):
    text = 'Chaudhry said: "When you arrive without any documents, you are detained." Dar arrived in Kabul.'
    _, events, _ = _run(nlp, text, {"Chaudhry": "PERSON", "Dar": "PERSON", "Kabul": "PLACE"})
    arrivals = {e.text: e.modality for e in events if e.text.startswith("arriv")}
    assert arrivals == {"arrive": "hypothetical", "arrived": "asserted"}


def test_an_attempt_is_neither_a_plan_nor_a_threat(nlp):
    text = "Police tried to arrest the protesters in Hong Kong. The army will expel the protesters."
    _, events, _ = _run(nlp, text, {"Hong Kong": "PLACE"})
    by_trigger = {e.text: e for e in events}
    arrest, expel = by_trigger["arrest"], by_trigger["expel"]
    assert (arrest.modality, arrest.verb) == ("attempted", "try to arrest") and arrest.type != "THREATEN"
    assert expel.type == "THREATEN" and expel.verb == "will expel"  # a coercion announced: the codebook's threat


def test_first_person_in_a_direct_quote_is_its_speaker(nlp):
    from newsfuse.records import Quote

    text = 'James Baker spoke on Monday. "We will press Japan on the trade deficit," Baker said.'
    doc = nlp(text)
    ents = _entities(text, {"James Baker": "PERSON", "Japan": "PLACE"})
    start = text.index("We will")
    quote = Quote(start, text.index(',"'), text[start : text.index(',"')], "James Baker", "e1")
    press = next(e for e in extract_events(doc, ents, [], "1987-03-02", [quote]) if e.text == "press")
    assert press.actor and press.actor.text == "We" and press.actor_entity == "e1"
    # outside a quote, or without one, "we" is nobody the extractor can name
    press = next(e for e in extract_events(doc, ents, [], "1987-03-02") if e.text == "press")
    assert press.actor_entity is None


def test_an_act_under_a_negated_noun_is_negated(nlp):
    text = "Volker said he had no knowledge of any efforts to urge Ukraine to investigate Biden."
    _, events, _ = _run(nlp, text, {"Volker": "PERSON", "Ukraine": "PLACE", "Biden": "PERSON"})
    urge = next(e for e in events if e.text == "urge")
    assert urge.polarity == "negative"
    text = "Volker said there were efforts to urge Ukraine to investigate Biden."
    _, events, _ = _run(nlp, text, {"Volker": "PERSON", "Ukraine": "PLACE", "Biden": "PERSON"})
    assert next(e for e in events if e.text == "urge").polarity == "positive"


def test_a_campaign_to_act_is_intended_and_says_so(nlp):
    text = "Islamabad has launched a campaign to evict Afghans by the end of April."
    _, events, _ = _run(nlp, text, {"Islamabad": "PLACE", "Afghans": "GROUP"})
    evict = next(e for e in events if e.text == "evict")
    assert evict.modality != "asserted" and evict.verb == "launch a campaign to evict"


def test_a_trigger_word_inside_a_name_for_a_thing_is_no_event(nlp):
    text = "The call money rate fell in Frankfurt as the Bundesbank called on banks to lend."
    _, events, _ = _run(nlp, text, {"Frankfurt": "PLACE", "Bundesbank": "ORG"})
    assert [e.text for e in events if e.type == "REQUEST"] == ["called"]


def test_a_trailing_participle_shares_the_subject_of_the_clause_before_it(nlp):
    text = (
        "Islamabad accuses the Taliban of allowing militants to operate from Afghan soil and carry out "
        "attacks, a charge the Taliban denies, urging Pakistan to resolve its internal security challenges."
    )
    _, events, _ = _run(nlp, text, {"Islamabad": "PLACE", "Taliban": "ORG", "Pakistan": "PLACE"})
    urging = next(e for e in events if e.text == "urging")
    assert urging.actor is not None and urging.actor.text == "the Taliban"


def test_moving_a_policy_figure_is_no_act_on_anyone(nlp):
    text = "West Germany could cut interest rates if the United States makes a similar move."
    _, events, _ = _run(nlp, text, {"West Germany": "PLACE", "United States": "PLACE"})
    assert not [e for e in events if e.type == "SANCTION"]
    _, events, _ = _run(nlp, "The European Union cut aid to Niger.", {"European Union": "ORG", "Niger": "PLACE"})
    assert [e.type for e in events if e.text == "cut"] == ["SANCTION"]
