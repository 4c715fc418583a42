"""URL normalisation: one spelling per article, so a stored URL is never fetched again."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# query parameters that only say where a click came from (campaign tags, click ids, share counters)
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|gclsrc|dclid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|"
    r"mkt_tok|oly_enc_id|oly_anon_id|vero_id|wt_mc|wt\.mc_id|cmpid|ocid|sr_share|at_medium|at_campaign|"
    r"at_custom\d|ito|smid|ns_source|ns_mchannel|ns_campaign|ns_linkname|ns_fee|rss|feed_source)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_url(url: str, base: str | None = None) -> str | None:
    """The canonical form of ``url`` (resolved against ``base``): lower-case scheme and host, no default port,
    no fragment, no tracking parameters, '/' for an empty path. None when it is not an http(s) URL."""
    url = url.strip()
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query, doseq=True), ""))


def host_of(url: str) -> str:
    """The host (with a non-default port) that politeness is counted per."""
    return urlsplit(url).netloc.lower()
