"""News agencies: their names as wire copy writes them, and where they are credited.

Agencies are read only from the places where copy *credits* a source: the
dateline ("LONDON, March 3 (Reuters) -"), the sign-off ("... the new regime. EFE",
"Reuter", "(ANI)") and credit lines ("With additional input from AFP",
"(Reporting by ...)", "-- Xinhua"). A body sentence that merely mentions an
agency ("a Reuters poll") credits nothing. Photo credits ("AFP via Getty Images")
credit the picture, not the text, and are not counted.

A hand-written table rather than a library: no maintained package lists wire
services with the short forms used in sign-offs.
"""

from __future__ import annotations

import re

# canonical name -> spellings (case-sensitive where the short form is an ordinary word)
AGENCIES: dict[str, tuple[str, ...]] = {
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse", "Agence France‑Presse"),
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "Reuters": ("Reuters", "Reuter", "REUTERS", "Thomson Reuters"),
    "EFE": ("EFE", "Agencia EFE"),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur", "Deutsche Presse Agentur"),
    "Xinhua": ("Xinhua", "XINHUA", "Xinhua News Agency"),
    "ANI": ("ANI", "Asian News International"),
    "PTI": ("PTI", "Press Trust of India"),
    "IANS": ("IANS", "Indo-Asian News Service"),
    "UNI": ("UNI", "United News of India"),
    "APP": ("APP", "Associated Press of Pakistan"),
    "Bloomberg": ("Bloomberg", "Bloomberg News"),
    "UPI": ("UPI", "United Press International"),
    "ANSA": ("ANSA",),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Yonhap": ("Yonhap", "Yonhap News Agency"),
    "TASS": ("TASS", "Tass", "ITAR-TASS"),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Interfax": ("Interfax",),
    "Anadolu": ("Anadolu", "Anadolu Agency", "AA"),
    "IRNA": ("IRNA",),
    "WAM": ("WAM",),
    "SPA": ("SPA", "Saudi Press Agency"),
    "KUNA": ("KUNA",),
    "MENA": ("MENA",),
    "Bernama": ("Bernama", "BERNAMA"),
    "Antara": ("Antara",),
    "AAP": ("AAP", "Australian Associated Press"),
    "Canadian Press": ("The Canadian Press", "Canadian Press", "CP"),
    "PA Media": ("PA Media", "Press Association"),
    "Europa Press": ("Europa Press",),
    "Sputnik": ("Sputnik",),
    "NTB": ("NTB",),
    "TT": ("TT",),
    "APA": ("APA",),
    "CNA": ("CNA", "Central News Agency"),
}

_ALIAS: dict[str, str] = {}
for _name, _forms in AGENCIES.items():
    for _form in _forms:
        _ALIAS[_form] = _name
        if not (_form.isupper() and len(_form) <= 4):  # long names also match in any case
            _ALIAS[_form.lower()] = _name

# Longest first so "Associated Press of Pakistan" wins over "Associated Press".
_FORMS = sorted(_ALIAS, key=len, reverse=True)
AGENCY_RE = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in _FORMS) + r")(?![\w-])")
# ambiguous short forms that only count in a clearly credit-like slot
_WEAK = {"AA", "CP", "TT", "RIA", "APA", "CNA", "SPA", "MENA", "WAM", "NTB"}


def canonical(name: str) -> str | None:
    """The canonical agency name of ``name`` ("Agence France-Presse" -> "AFP"), or None."""
    name = name.strip().strip(".,;:()[]")
    return _ALIAS.get(name) or _ALIAS.get(name.lower())


def agencies_in(text: str, strong_only: bool = False) -> list[str]:
    """Canonical agencies named in a credit-like ``text``, in order, without repeats."""
    found: list[str] = []
    for m in AGENCY_RE.finditer(text):
        if strong_only and m.group(0) in _WEAK:
            continue
        name = canonical(m.group(0))
        if name and name not in found:
            found.append(name)
    return found


_AG = r"(?:" + "|".join(re.escape(f) for f in _FORMS if f not in _WEAK and len(f) >= 2) + r")"
_AGS = rf"{_AG}(?:\s*(?:,|/|and|&)\s*{_AG})*"

# A whole line that credits agencies (sign-off or credit line).
CREDIT_LINE_RE = re.compile(
    r"^\s*(?:[-–—(\[]\s*)?(?:"
    rf"(?:with\s+)?(?:additional\s+)?(?:inputs?|reporting|information|agency\s+inputs?)\s+(?:from|by)\s+.*{_AGS}.*"
    rf"|(?:source|sources|courtesy|copyright|©)\s*:?\s*{_AGS}.*"
    rf"|(?:by\s+)?{_AGS}(?:\s+(?:staff|reporters?|correspondents?|news|wire))?"
    rf"|{_AGS}\s+contributed\s+to\s+this\s+(?:report|story|article)"
    r")\s*[.)\]]?\s*$",
    re.I,
)
# "(Reporting by X; Editing by Y)", "Additional reporting by ...", "Compiled by ..."
REPORTING_LINE_RE = re.compile(
    r"^\s*[(\[]?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|compiling|edited|"
    r"written|translated|produced)\s+by\b.{0,300}$"
    r"|^\s*[(\[]?\s*(?:with\s+)?(?:additional\s+)?(?:reporting|inputs?|information|material)\s+from\s+"
    r"(?P<source>[^()\[\]]{2,80}?)\s*[.)\]]?\s*$",
    re.I,
)
# a sign-off glued to the end of the last paragraph: "... the new regime. EFE", "... ends. (ANI)"
TRAILING_SIGNOFF_RE = re.compile(rf"(?<=[.!?”\"’'])\s*(?:[-–—]+\s*|/\s*)?[(\[]?(?P<ag>{_AGS})[)\]]?\s*$")


def credited_sources(line: str, known: list[str]) -> list[str]:
    """Agencies a credit line names: known agencies, or a name whose initials are an agency already
    seen in the dateline ("With reporting from Meridian Press" after "(MP)")."""
    found = agencies_in(line, strong_only=True)
    bare = line.strip().strip("()[]").strip()
    if not found and bare in known:
        found.append(bare)
    m = REPORTING_LINE_RE.match(line)
    if m and m.group("source") and not found:
        name = m.group("source").strip()
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        for k in known:
            if k == initials or k.lower() == name.lower():
                found.append(k)
    return found


def is_credit_line(line: str) -> bool:
    """True when ``line`` is a credit or sign-off line ("With additional input from AFP")."""
    if len(line) > 160:
        return False
    return bool(CREDIT_LINE_RE.match(line) or REPORTING_LINE_RE.match(line))
