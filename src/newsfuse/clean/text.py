"""The plain-text path: find the article in a scraped page's text and strip its noise.

Why our own code: trafilatura, jusText and readability all need the HTML tree;
scraped text has lost it. This module classifies *lines* with the cues a reader
uses once the markup is gone:

1. Unwrap hard-wrapped copy (wire text wrapped at ~70 columns) into paragraphs.
2. Score every line: prose (long, ends like a sentence, has function words)
   scores its word count; short, link-like, repeated or furniture lines
   ("Subscribe", "More from World", "Comments") score negative. The article is
   the contiguous run of lines with the highest total (maximum-sum subarray, as
   in Finn et al.'s Body Text Extraction), so menus before it and related-story
   teasers, comments and footers after it fall outside.
3. Inside that run, drop what a careful reader skips: photo captions and their
   credit lines, key-point bullets that repeat the body, "Read more:" teasers,
   sign-offs ("EFE", "With additional input from AFP", "(Reporting by ...)"),
   desk codes ("lk-aa-jgv-sk"), bylines and furniture; keep subheadings as
   structure; split credits glued onto a sentence ("capital.Pakistan Ministry
   of Foreign Affairs"); take off the dateline. Wire copy starts at its
   dateline, so a dateline-led line before the best run starts the article.

Every dropped piece is returned with its reason, so nothing is lost silently.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from newsfuse.clean.agencies import (
    TRAILING_SIGNOFF_RE,
    agencies_in,
    canonical,
    credited_sources,
    is_credit_line,
)
from newsfuse.clean.dateline import DATELINE_RE, DatelineMatch, parse_dateline
from newsfuse.clean.published import date_stamp
from newsfuse.records import Heading, Removed

WORD_RE = re.compile(r"\w+")
STOPWORDS = frozenset(
    """a an the of and or but to in on at for from by with about as into over after before between is are
    was were be been being has have had do does did will would can could should may might must that this
    these those which who whom whose what when where while if than then so not no it its he she they
    them their his her we our you your i me my us said says also more most""".split()  # noqa: SIM905
)
_TERM = re.compile(r"[.!?…。！？][\"'”’)\]」』]*$|[\"”’]\s*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _size(s: str, words: list[str]) -> int:
    """Length in words; scripts written without spaces count one word per two characters."""
    cjk = len(_CJK.findall(s)) if not s.isascii() else 0
    if cjk > len(s) // 3:
        return cjk // 2 + len(words)
    return len(words)


_BULLET = re.compile(r"^\s*(?:[•·▪►▶●◦*✓✔]|-\s|–\s|—\s)\s*")

# Whole lines that are page furniture (menus, share bars, footers, ad slots).
FURNITURE_RE = re.compile(
    r"^(?:home|menu|search|search\s+\w+|subscribe(?:\s+now|\s+today)?|sign\s*(?:in|up|out)|log\s*(?:in|out)|login|"
    r"register|my account|account|share(?:\s+(?:this|on)\b.*)?|tweet|email|e-mail|print|whatsapp|facebook|"
    r"twitter|linkedin|pinterest|reddit|copy link|copied|advertisement|advertising|advertise|"
    r"ad|sponsored(?:\s+links?|\s+content)?|story continues below(?: advertisement)?|"
    r"continue reading(?:\s+below)?|scroll to continue.*|skip (?:to|navigation).*|close|open|back to top|top|"
    r"next|previous|prev|next article|previous article|loading.*|play|pause|video|photos?|gallery|listen|"
    r"listen to (?:this )?article.*|\d+\s+min(?:ute)?s?\s+read|newsletters?|sign up.*newsletter.*|"
    r"privacy(?: policy)?|cookies?(?: policy| settings)?|terms(?: of (?:use|service))?(?: and conditions)?|"
    r"terms & conditions|contact(?: us)?|about(?: us)?|careers|help|faq|sitemap|rss|accessibility|"
    r"(?:all )?rights reserved.*|copyright.*|©.*|follow us.*|comments?|\d+\s+comments?|no comments(?: yet)?|"
    r"leave a (?:comment|reply).*|post a comment|add (?:a )?comment|reply|report|like|likes|"
    r"tags?:?.*|topics?:?|filed under:?.*|categories:?.*|trending(?:\s+now)?|popular|most (?:read|popular|viewed)|"
    r"spotlight|latest(?: news| stories)?|top stories|editor'?s picks|recommended(?: for you)?|"
    r"you (?:may|might) (?:also )?(?:like|be interested in).*|more (?:from|in|on|stories|news)\b.*|"
    r"related(?: articles| stories| news| content| posts| coverage| topics)?:?|read more|see more|"
    r"show more|load more|view (?:all|more).*|see what people are discussing|join the conversation.*|"
    r"what do you think\??|send us (?:a )?tip.*|download (?:the|our) app.*|get the app|"
    r"already a subscriber\?.*|subscribe to .*|support (?:our|independent) journalism.*|"
    r"this (?:article|story) (?:was|has been) (?:updated|corrected).*|"
    r"(?:english|español|français|deutsch|italiano|italian|português|العربية|中文)|"
    r"edition|change edition|world|business|sport|sports|politics|opinion|culture|tech|technology|"
    r"science|health|entertainment|lifestyle|travel|video|videos|podcasts?|live|markets|weather)"
    r"[\s.:!|»›>]*$",
    re.I,
)
# Lines that announce the end of the article: what follows is other stories or comments.
END_RE = re.compile(
    r"^(?:related(?: articles| stories| news| content| posts| coverage)?|more (?:from|in|on|stories|news)\b.*|"
    r"more(?: \w+){1,3}|share your thoughts.*|"
    r"read (?:more|next)|you (?:may|might) (?:also )?(?:like|be interested in).*|recommended(?: for you)?|"
    r"most (?:read|popular|viewed)|popular|trending(?: now)?|comments?|\d+\s+comments?|leave a (?:comment|reply).*|"
    r"what to read next|further reading|also (?:read|on|in)\b.*|more (?:to|on) (?:explore|this story)|"
    r"top stories|latest(?: news| stories)?|spotlight|editor'?s picks|sponsored(?: links| content| stories)?|"
    r"around the web|from (?:the|our) (?:web|partners)|promoted(?: stories| content)?|share this (?:article|story)|"
    r"about the author|tags?:?|filed under:?.*|topics:?|see what people are discussing|join the conversation.*)"
    r"[\s.:!|»›>]*$",
    re.I,
)
# Lines that open a comment thread: the article is over.
COMMENT_RE = re.compile(
    r"^(?:\d+\s+(?:comments?|responses?|replies|reactions)\b.*|(?:comments?|discussion)\s*\(\d+\).*|"
    r"leave a (?:comment|reply).*|post a comment|add (?:a )?comment|join the (?:conversation|discussion).*|"
    r"show comments|view comments|(?:\d+ )?comments? (?:are )?closed.*|.*\bcomments? feed\b.*)$",
    re.I,
)
SAYS_RE = re.compile(r"^[\w.\- ]{1,40}\s+(?:says|said|wrote|writes):?$|^reply$|^\d+\s+(?:likes?|points?)$", re.I)
# In-body pointers to other stories.
TEASER_RE = re.compile(
    r"^(?:read(?: more| also| next)?|also read|see also|see more|related|recommended|watch|listen|more|"
    r"click here|must read|don'?t miss|in (?:other|related) news|further reading)\s*(?::|\||»|›|—|-)\s*\S",
    re.I,
)
PHOTO_RE = re.compile(
    r"(?:\b(?:photo(?:graph)?s?|image|picture|pictured|illustration|file photo|credit|courtesy)\s*(?::|by\b|©|/)"
    r"|©|\bgetty images\b|\bshutterstock\b|\bistock\b|\bap photo\b|\bafp photo\b|\bepa\b\s*[-/]|"
    r"\b(?:reuters|afp|ap|epa|xinhua|anadolu|efe)\s*/\s*[A-Z]|\bvia getty\b|\bphoto(?:graph)?s? (?:by|:|courtesy)\b"
    r"|\(photo\b|\[photo\b|\bfile picture\b|\bscreengrab\b|\bscreenshot\b)",
    re.I,
)
BYLINE_RE = re.compile(
    r"^(?:by|written by|posted by|words by|report(?:ed)? by|author:?)\s+[A-Z\w][\w.'’\- ]{1,60}"
    r"(?:\s*(?:,|and|&|\||-|–|—|/)\s*[\w.'’\- :,]{0,80})?$"
    r"|^(?:published|posted|updated|last updated|first published|modified|date)\b.{0,80}$",
    re.I,
)
DESK_CODE_RE = re.compile(r"^(?:[a-z]{1,5}(?:\s*[-/]\s*[a-z]{1,5}){1,8}|[A-Z]{1,4}(?:\s*[-/]\s*[A-Z]{1,4}){2,8})$")
# a bare agency code closing the copy: "(MP)", "XIN"
SIGNOFF_CODE_RE = re.compile(r"^[(\[]?[A-Z]{2,6}[)\]]?$")
# a sentence end glued to the next word: "capital.Pakistan" (but not "U.S." or "Dawn.com")
GLUED_RE = re.compile(r"(?<=[a-z0-9”\"’)]{2}[.!?])(?=[A-Z][a-z])")


@dataclass
class Line:
    text: str
    words: int = 0
    prose: bool = False
    kind: str = ""  # "" (keep) | "heading" | "standfirst" | a removal reason
    forced: bool = False  # kept whatever it looks like (the line that opens with the dateline)


@dataclass
class TextResult:
    body: str
    title: str | None = None
    standfirst: str | None = None
    dateline: DatelineMatch | None = None
    headings: list[Heading] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)  # lines before the article (for the date search)
    credits: set[str] = field(default_factory=set)  # photo credit strings seen on their own line


# ---------------------------------------------------------------- paragraphs
def _is_term(s: str) -> bool:
    return bool(_TERM.search(s))


def paragraphs(text: str) -> list[str]:
    """Lines of ``text``, with hard-wrapped copy joined into paragraphs."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")
    lines = raw.split("\n")
    lens = sorted(len(x.rstrip()) for x in lines if x.strip())
    wrapped = False
    width = 0
    if len(lens) >= 4:
        width = lens[int(len(lens) * 0.9) - 1]
        long_lines = [x.rstrip() for x in lines if len(x.rstrip()) >= 0.7 * width and x.strip()]
        if width <= 100 and len(long_lines) >= 3:
            open_ = sum(1 for x in long_lines if not _is_term(x))
            wrapped = open_ / len(long_lines) >= 0.5
    out: list[str] = []
    cur: str | None = None
    prev_raw = ""
    for x in lines:
        s = x.strip()
        if not s:
            if cur is not None:
                out.append(cur)
                cur = None
            continue
        if cur is not None:
            joinable = False
            if wrapped:
                joinable = (
                    not x[:1].isspace()
                    and not (_is_term(cur) and len(prev_raw) < 0.8 * width)
                    and not DESK_CODE_RE.match(s)
                )
            elif (
                len(cur) >= 40
                and not _is_term(cur)
                and (s[:1].islower() or cur.endswith((",", ";")))
                and not DESK_CODE_RE.match(s)
            ):
                joinable = True  # a paragraph broken mid-sentence
            if joinable:
                cur = cur + " " + s
                prev_raw = x.rstrip()
                continue
            out.append(cur)
        cur = s
        prev_raw = x.rstrip()
    if cur is not None:
        out.append(cur)
    return out


# ------------------------------------------------------------------ features
def _stem(w: str) -> str:
    return w.lower()[:5]


def _is_prose(s: str, words: list[str], english: bool = True) -> bool:
    """Reads like running text: long enough, ends like a sentence, not a string of capitalised link words."""
    n = _size(s, words)
    if n < 7 or _truncated(s):
        return False
    if n > len(words) * 2:  # Chinese, Japanese, Korean: length and a closing stop are the cues
        return _is_term(s) or n >= 30
    caps = sum(1 for w in words if w[0].isupper()) / n
    if caps > 0.75 and n < 30:
        return False
    if english:
        stop = sum(1 for w in words if w.lower() in STOPWORDS) / n
        if stop < 0.12:  # few English function words: a paragraph in another language, or a list
            return n >= 12 and _is_term(s) and caps <= 0.5
        return _is_term(s) or (n >= 18 and stop >= 0.2)
    return _is_term(s) or n >= 18


def _truncated(s: str) -> bool:
    """A teaser cut short: "Microsoft removes the safeguard hold for Windows 10 users..." """
    return s.endswith(("...", "…", "[…]", "[...]")) and not s.endswith(("....", '..."'))


def _titleish(s: str) -> bool:
    """Most content words capitalised: "Pakistan Ministry of Foreign Affairs"."""
    words = [w for w in re.findall(r"[A-Za-zÀ-ÿ][\w'’\-]*", s) if w.lower() not in STOPWORDS]
    if not words:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.75


def _is_credit(s: str, n: int) -> bool:
    """A photo credit line: "Pakistan Ministry of Foreign Affairs", "Photo: Reuters", "AFP via Getty"."""
    if n == 0 or n > 12 or _is_term(s) and not s.endswith((".", ")")):
        return False
    if PHOTO_RE.search(s):
        return True
    if n <= 8 and not _is_term(s) and _titleish(s):
        return bool(
            re.search(
                r"/|\b(?:ministry|office|agency|department|images|photos?|press|handout|file|archive|"
                r"service|bureau|council|government|news|media|studio|museum|courtesy)\b",
                s,
                re.I,
            )
        )
    return False


def _coverage(words: list[str], vocab: set[str]) -> float:
    content = [_stem(w) for w in words if w.lower() not in STOPWORDS and not w.isdigit()]
    if not content:
        return 0.0
    return sum(1 for w in content if w in vocab) / len(content)


def _linkish(s: str) -> bool:
    """Mostly capitalised words and few digits: menus, link lists and tag clouds run together."""
    words = re.findall(r"[^\W\d_][\w'’\-]*", s)
    if not words:
        return False
    caps = sum(1 for w in words if w[0].isupper()) / len(words)
    digits = len(re.findall(r"\d+", s)) / len(words)
    return caps > 0.6 and digits < 0.3


def _line_score(line: Line, repeated: bool, copy: bool) -> float:
    """Positive for the article's prose, negative for furniture; ``copy``: its words are already on the page."""
    s = line.text
    if COMMENT_RE.match(s):
        return -60.0
    if FURNITURE_RE.match(s) or END_RE.match(s):
        return -25.0
    if SAYS_RE.match(s):
        return -10.0
    if copy:
        return -0.5 * line.words
    if line.prose:
        return float(line.words) - (8.0 if repeated else 0.0)
    if repeated:
        return -6.0
    n = line.words
    if n > 12:  # a long run of words that is not prose: link lists and tag clouds, or a list of data
        return -0.3 * n if _linkish(s) else -0.05 * n
    return -2.5


def _opens_copy(t: str) -> bool:
    """The line opens with a full dateline, with a date or an agency ("LONDON, March 3 (Reuters) -")."""
    if not DATELINE_RE.match(t):
        return False
    dm = parse_dateline(t)
    return dm is not None and bool(dm.dateline.date or dm.dateline.agency)


def _cut_at_end(lines: list[Line], s: int, e: int) -> int:
    """End the article at a comment thread, or at a "Related"/"Trending" marker followed mostly by
    furniture, once the article has had some prose (an in-article "Related" box is short)."""
    words = 0
    for i in range(s, e):
        t = lines[i].text
        if words >= 80:
            if COMMENT_RE.match(t):
                return i
            if END_RE.match(t) or FURNITURE_RE.match(t):
                window = lines[i + 1 : min(e, i + 9)]
                if sum(1 for x in window if x.prose) < 2:
                    return i
        words += lines[i].words if lines[i].prose else 0
    return e


def _copies(tokens: list[list[str]], n: int = 4) -> list[bool]:
    """For each line, whether its text was already on the page (>= 70% of its word 4-grams seen before):
    the repeated summary blocks and metadata copies many pages carry."""
    seen: set[tuple[str, ...]] = set()
    out = []
    for ws in tokens:
        grams = {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}
        out.append(len(ws) >= 8 and bool(grams) and len(grams & seen) >= 0.7 * len(grams))
        seen |= grams
    return out


def _max_run(scores: list[float]) -> tuple[int, int]:
    """[start, end) of the maximum-sum contiguous run of ``scores`` (Kadane)."""
    best, best_s, best_e = float("-inf"), 0, 0
    cur, cur_s = 0.0, 0
    for i, v in enumerate(scores):
        if cur <= 0:
            cur, cur_s = v, i
        else:
            cur += v
        if cur > best:
            best, best_s, best_e = cur, cur_s, i + 1
    return best_s, best_e


# ------------------------------------------------------------------- cleaning
def clean_text(text: str, title: str | None = None, find_boundaries: bool = True) -> TextResult:
    """Clean a page's plain text. ``find_boundaries=False`` trusts that ``text`` is already the article
    (the HTML path, where trafilatura found it) and only strips the news-specific noise."""
    lines = [Line(t) for t in paragraphs(text)]
    tokens = [WORD_RE.findall(ln.text) for ln in lines]
    total = sum(len(ws) for ws in tokens)
    # the function-word test only applies to English pages
    english = total == 0 or sum(1 for ws in tokens for w in ws if w.lower() in STOPWORDS) / total >= 0.1
    for ln, ws in zip(lines, tokens, strict=True):
        ln.words = _size(ln.text, ws)
        ln.prose = _is_prose(ln.text, ws, english)
    counts = Counter(ln.text.lower() for ln in lines)
    if not lines:
        return TextResult(body="")

    if find_boundaries:
        copies = _copies(tokens)
        scores = [_line_score(ln, counts[ln.text.lower()] > 1, c) for ln, c in zip(lines, copies, strict=True)]
        s, e = _max_run(scores)
        lenient = not any(ln.prose for ln in lines)
        if lenient:  # no running text at all (a table of results, a list): keep it all
            s, e = 0, len(lines)
        e = _cut_at_end(lines, s, e)
        # a line that opens with a full dateline ("LONDON, March 3 (Reuters) -") starts the copy
        for i in range(s - 1, max(-1, s - 40), -1):
            if _opens_copy(lines[i].text):
                s = i
                lines[i].prose = lines[i].forced = True
                break
        # the sign-off, credit line and desk code that close the copy belong to it
        while (
            e < len(lines)
            and e - s > 0
            and lines[e].words <= 25
            and (
                is_credit_line(lines[e].text)
                or DESK_CODE_RE.match(lines[e].text)
                or canonical(lines[e].text)
                or SIGNOFF_CODE_RE.match(lines[e].text)
            )
        ):
            e += 1
    else:
        s, e, lenient = 0, len(lines), True

    # title: given, else the last headline-like line before the article, else the first line
    title_idx = None
    if title is None:
        for i in range(s - 1, max(-1, s - 8), -1):
            ln = lines[i]
            t = ln.text
            if (
                3 <= ln.words <= 30
                and not FURNITURE_RE.match(t)
                and not BYLINE_RE.match(t)
                and not date_stamp(t)
                and not (t.endswith(".") and ln.words > 20)
            ):
                title_idx = i
                break
        if title_idx is None and not find_boundaries and len(lines) > 1:
            first = lines[0]
            if 2 <= first.words <= 25 and not _is_term(first.text) and lines[1].prose:
                title_idx, s = 0, 1
        if title_idx is None and lines and 3 <= lines[0].words <= 30 and s > 0 and not date_stamp(lines[0].text):
            title_idx = 0
        if title_idx is not None:
            title = re.split(r"\s+[|–—]\s+|\s+-\s+(?=[A-Z][\w.]*(?:\s\w+)?\s*$)", lines[title_idx].text)[0].strip()
    # drop repeats of the title inside the article
    for i in range(s, e):
        if title and lines[i].text.strip().lower() == title.lower():
            lines[i].kind = "title"

    res = TextResult(body="", title=title)
    body_idx = [i for i in range(s, e) if not lines[i].kind]
    _mark_lines(lines, body_idx, res, lenient)

    # (line index, order within the line, removed piece): sorted at the end into reading order
    dropped: list[tuple[int, int, Removed]] = []
    seen_end = False
    for i, ln in enumerate(lines):
        if s <= i < e or i == title_idx or (title and ln.text.strip().lower() == title.lower()):
            continue  # the article itself, or its headline (kept as the title)
        if i < s:
            res.preamble.append(ln.text)
            reason = "page furniture"
        else:  # after the article: once an end marker ("More from World") is passed, headlines are teasers
            seen_end = seen_end or bool(END_RE.match(ln.text))
            teaser = seen_end and not FURNITURE_RE.match(ln.text) and not END_RE.match(ln.text) and ln.words >= 3
            reason = "teaser" if teaser else "page furniture"
        dropped.append((i, 0, Removed(ln.text, reason)))

    kept = [i for i in body_idx if lines[i].kind in ("", "heading")]
    # the dateline opens the first paragraph
    first_para = next((i for i in kept if lines[i].kind == ""), None)
    if first_para is not None:
        dm = parse_dateline(lines[first_para].text)
        if dm is not None:
            res.dateline = dm
            dropped.append((first_para, -1, Removed(dm.dateline.text, "dateline")))
            lines[first_para].text = lines[first_para].text[dm.end :].lstrip()
            if dm.dateline.agency:
                res.agencies.append(dm.dateline.agency)
    # a sign-off glued to the last paragraph: "... the new regime. EFE"
    last_para = next((i for i in reversed(kept) if lines[i].kind == ""), None)
    if last_para is not None:
        m = TRAILING_SIGNOFF_RE.search(lines[last_para].text)
        if m and m.start() > 0:
            dropped.append((last_para, 2, Removed(lines[last_para].text[m.start() :].strip(), "sign-off")))
            res.agencies += [a for a in agencies_in(m.group("ag")) if a not in res.agencies]
            lines[last_para].text = lines[last_para].text[: m.start()].rstrip()

    parts: list[str] = []
    pos = 0
    for i in kept:
        ln = lines[i]
        if ln.kind == "heading":
            res.headings.append(Heading(ln.text, pos))
            continue
        t, glued = _repair_glued(ln.text, res.credits)
        dropped += [(i, 1, Removed(g, "photo credit")) for g in glued]
        if t:
            parts.append(t)
            pos += len(t) + 1
    res.body = "\n".join(parts)

    for i, ln in enumerate(lines):
        if ln.kind == "standfirst":
            res.standfirst = ln.text
        elif ln.kind and ln.kind not in ("heading", "title"):
            dropped.append((i, 0, Removed(ln.text, ln.kind)))
            if ln.kind == "sign-off":
                res.agencies += [a for a in credited_sources(ln.text, res.agencies) if a not in res.agencies]
    res.removed = [r for _, _, r in sorted(dropped, key=lambda x: (x[0], x[1]))]
    return res


def _mark_lines(lines: list[Line], idx: list[int], res: TextResult, lenient: bool = False) -> None:
    """Set ``kind`` on the article's lines: what to drop and why, subheadings, the standfirst."""
    if not idx:
        return
    idx = [i for i in idx if not lines[i].forced]
    for k, i in enumerate(idx):
        ln = lines[i]
        t = ln.text
        if DESK_CODE_RE.match(t) and ln.words <= 8 and k >= len(idx) - 3:
            ln.kind = "desk code"
        elif is_credit_line(t) or (
            k >= len(idx) - 3 and ln.words <= 3 and (canonical(t) is not None or SIGNOFF_CODE_RE.match(t))
        ):
            ln.kind = "sign-off"
        elif TEASER_RE.match(t) and not ln.prose or (TEASER_RE.match(t) and ln.words <= 25):
            ln.kind = "teaser"
        elif FURNITURE_RE.match(t) or END_RE.match(t):
            ln.kind = "page furniture"
        elif BYLINE_RE.match(t):
            ln.kind = "byline"
        elif date_stamp(t):
            ln.kind = "date stamp"
        elif _is_credit(t, ln.words):
            ln.kind = "photo credit"
    # a caption is the line a photo credit belongs to (the one just before it)
    for k, i in enumerate(idx):
        ln = lines[i]
        if ln.kind == "photo credit" and k > 0 and ln.words <= 7:
            prev = lines[idx[k - 1]]
            if not prev.kind and prev.words <= 45 and prev.text.count(". ") <= 2:
                prev.kind = "caption"
        elif not ln.kind and PHOTO_RE.search(ln.text) and ln.words <= 40:
            ln.kind = "caption"
    # a credit string that also appears glued elsewhere confirms it as a credit
    res.credits |= {lines[i].text for i in idx if lines[i].kind == "photo credit"}

    live = [i for i in idx if not lines[i].kind]
    if not live:
        return
    # wire copy starts at its dateline: what comes before it is the standfirst, captions or furniture
    opener = next((k for k, i in enumerate(live[:8]) if _opens_copy(lines[i].text)), None)
    if opener:
        for k, i in enumerate(live[:opener]):
            ln = lines[i]
            if PHOTO_RE.search(ln.text) or re.search(r"\b(?:image|photo|slide)\s+\d+\s+of\s+\d+", ln.text, re.I):
                ln.kind = "caption"
            elif k == 0 and 5 <= ln.words <= 60:
                ln.kind = "standfirst"
            elif not ln.prose and ln.words <= 18 and k == opener - 1:
                continue  # a subheading? leave it to the rules below
            else:
                ln.kind = "caption" if ln.prose else "page furniture"
        live = live[opener:]
    # standfirst: a first paragraph that pre-body furniture (a photo and its caption, a byline) separates
    # from the story; not one under the byline or date stamp, which a standfirst comes before
    if len(live) >= 2 and lines[live[0]].words <= 60 and lines[live[0]].words >= 5:
        first, second = live[0], live[1]
        signed = any(lines[j].kind in ("byline", "date stamp") for j in range(idx[0], first))
        if not signed and any(
            lines[j].kind in ("caption", "photo credit", "byline", "date stamp") for j in range(first + 1, second)
        ):
            lines[first].kind = "standfirst"
            live = live[1:]
    # key-point bullets that repeat the body: bulleted lines, or a run of two or more short single
    # sentences above the story's first full paragraph, whose content words the rest already says
    top_end = next((k for k, i in enumerate(live) if lines[i].words >= 25), len(live))
    cand = []
    for k, i in enumerate(live):
        t = lines[i].text
        ok = 6 <= lines[i].words <= 35 and t.count(". ") == 0 and not DATELINE_RE.match(t)
        if ok:
            rest = {_stem(w) for j in live[k + 1 :] for w in WORD_RE.findall(lines[j].text)}
            ok = bool(rest) and _coverage(WORD_RE.findall(t), rest) >= 0.8
        cand.append(ok)
    k = 0
    while k < len(live):
        if cand[k] and k < top_end and _BULLET.match(lines[live[k]].text):
            # above the first full paragraph only: a list inside the story is its text, even when later
            # paragraphs repeat its words (trafilatura kept it; the clean-up removes only what it is sure of)
            lines[live[k]].kind = "duplicate bullet"
            k += 1
            continue
        run = k
        while run < min(top_end, len(live)) and cand[run] and lines[live[run]].words <= 25:
            run += 1
        if run - k >= 2 and run < len(live):
            for j in range(k, run):
                lines[live[j]].kind = "duplicate bullet"
        k = max(run, k + 1)
    live = [i for i in idx if not lines[i].kind]
    # subheadings: short lines, no closing full stop, followed by prose; other short lines are furniture
    for k, i in enumerate(live):
        ln = lines[i]
        if ln.prose:
            continue
        nxt = lines[live[k + 1]] if k + 1 < len(live) else None
        if nxt is not None and nxt.prose and 1 <= ln.words <= 18 and not ln.text.endswith((".", ",", ";")) and k > 0:
            ln.kind = "heading"
        elif nxt is None and ln.words >= 5 and _is_term(ln.text):
            continue  # a short closing sentence
        elif ln.words >= 10 and (_is_term(ln.text) or ln.text.endswith(":")):
            continue  # a short paragraph, a list lead-in
        elif nxt is not None and k > 0 and lines[live[k - 1]].prose and ln.words >= 4 and _is_term(ln.text):
            continue  # a short paragraph between paragraphs
        elif k == 0 and nxt is not None and nxt.prose and ln.words <= 18 and not _is_term(ln.text):
            ln.kind = "heading"
        else:
            ln.kind = "" if lenient or ln.words >= 4 and _is_term(ln.text) else "page furniture"


def _repair_glued(t: str, credits: set[str]) -> tuple[str, list[str]]:
    """Split sentences a scraper glued together ("said.The"); a credit glued onto the end of a sentence
    ("the Afghan capital.Pakistan Ministry of Foreign Affairs") is cut off and returned."""
    if not GLUED_RE.search(t):
        return t, []
    pieces = GLUED_RE.split(t)
    out, cut = [pieces[0]], []
    for k, p in enumerate(pieces[1:], start=1):
        tail = p.strip()
        last = k == len(pieces) - 1
        if (last and len(WORD_RE.findall(tail)) <= 10 and not _is_term(tail) and _titleish(tail)) or tail in credits:
            cut.append(tail)
            continue
        out.append(p)
    return " ".join(x.strip() for x in out if x.strip()), cut


__all__ = ["clean_text", "paragraphs", "TextResult"]
