"""Quotes: direct and indirect speech, speakers resolved to entities, scare quotes skipped."""

from __future__ import annotations

from conftest import spacy_entities

from newsfuse.extract.quotes import extract_quotes
from newsfuse.records import Quote


def _run(nlp, text: str) -> list[Quote]:
    doc = nlp(text)
    return extract_quotes(doc, spacy_entities(doc))


def test_direct_speech_and_he_added(nlp):
    text = (
        "Interior Minister John Carter spoke to reporters in the capital.\n"
        '"We will not back down from the deadline," Carter said.\n'
        '"Anyone without documents must leave the country by the end of the month," he added.'
    )
    quotes = _run(nlp, text)
    assert [q.direct for q in quotes] == [True, True]
    assert quotes[0].text == "We will not back down from the deadline,"
    assert text[quotes[0].start : quotes[0].end] == quotes[0].text
    assert all(q.speaker == "John Carter" for q in quotes)
    assert all(q.speaker_entity is not None for q in quotes)


def test_indirect_speech_reported_clause(nlp):
    text = "Carter said on Friday that nearly 85,000 people had crossed the border since the start of April."
    (q,) = _run(nlp, text)
    assert not q.direct
    assert q.text.startswith("nearly 85,000 people had crossed the border")
    assert q.speaker == "Carter"


def test_scare_quotes_are_not_speech(nlp):
    text = 'The two sides agreed to sustain high-level exchanges between the "brotherly countries".'
    assert _run(nlp, text) == []


def test_statement_resolves_to_its_issuer(nlp):
    text = (
        "The Foreign Ministry said in a statement that talks with the neighbouring country would resume.\n"
        '"Both parties reaffirmed their commitment to fostering mutually beneficial relations," the statement said.'
    )
    quotes = _run(nlp, text)
    direct = [q for q in quotes if q.direct]
    assert len(direct) == 1
    assert direct[0].speaker == "The Foreign Ministry" or "Foreign Ministry" in (direct[0].speaker or "")


def test_according_to(nlp):
    text = "According to the Foreign Office, the minister met his counterpart in Kabul on Saturday."
    (q,) = _run(nlp, text)
    assert not q.direct
    assert q.text == "the minister met his counterpart in Kabul on Saturday"
    assert "Foreign Office" in (q.speaker or "")


def test_heading_is_not_a_speaker(nlp):
    text = (
        "'No leniency in deportations'\n"
        "Deputy Interior Minister Tallal Chaudhry reiterated the government's stance: "
        "\u201cThere will not be any sort of leniency or extension in the deadline.\u201d"
    )
    quotes = _run(nlp, text)
    assert len(quotes) == 1
    assert quotes[0].text.startswith("There will not be")
    assert quotes[0].speaker == "Tallal Chaudhry"


def test_wrapped_wire_copy_and_inverted_attribution(nlp):
    text = (
        "Dealing demand for gilts with coupons around 10 pct has been getting\n"
        "stronger, the general manager of the local office of a British\n"
        "securities firm said. Japanese investors are expected to keep buying\n"
        "British government bonds in the coming weeks, traders in Tokyo said.\n"
    )
    quotes = _run(nlp, text)
    assert len(quotes) == 2
    first, second = quotes
    assert (
        first.text.replace("\n", " ") == "Dealing demand for gilts with coupons around 10 pct has been getting stronger"
    )
    assert first.speaker.startswith("the general manager")
    assert second.speaker == "traders in Tokyo" or second.speaker == "traders"
