"""The watcher's commands: sources, watch, watches, alerts, digest (wired into ``newsfuse.cli``)."""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from newsfuse.records import Watch
from newsfuse.store import Store
from newsfuse.watch.alerts import STATUS_KINDS
from newsfuse.watch.deliver import Deliverer
from newsfuse.watch.fetch import DEFAULT_USER_AGENT, FetchOptions
from newsfuse.watch.parse import parse_opml
from newsfuse.watch.render import alerts_json, alerts_markdown, build_digest, digest_html, digest_markdown
from newsfuse.watch.urls import normalise_url
from newsfuse.watch.watcher import Watcher, WatchOptions

DbPath = Callable[[argparse.Namespace], str]
_SINCE = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(value: str, now: datetime | None = None) -> str:
    """'24h', '90m', '7d' (before now) or an ISO date or time, as an ISO time in UTC. Raises ValueError."""
    now = now or datetime.now(UTC)
    if m := _SINCE.match(value.strip().lower()):
        try:
            when = now - timedelta(**{_UNITS[m.group(2)]: float(m.group(1))})
        except OverflowError:
            raise ValueError(f"since '{value}' reaches before year 1") from None
    else:
        try:
            when = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"since must be like 24h, 90m, 7d or an ISO date, not '{value}'") from None
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
    try:
        return when.astimezone(UTC).isoformat(timespec="seconds")
    except OverflowError:
        raise ValueError(f"since '{value}' is out of range") from None


def _fmt_time(ts: float | None) -> str:
    return "-" if not ts else datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def watch_options(args: argparse.Namespace) -> WatchOptions:
    """The watcher's options from ``watch`` (or ``serve --watch``) arguments."""
    return WatchOptions(
        min_interval=args.min_interval,
        fetch=FetchOptions(user_agent=args.user_agent, host_delay=args.host_delay),
    )


def add_watch_arguments(sub: argparse.ArgumentParser) -> None:
    """--host-delay, --min-interval, --user-agent (shared by ``watch`` and ``serve --watch``)."""
    sub.add_argument("--host-delay", type=float, default=5.0, metavar="S", help="seconds between requests to a host")
    sub.add_argument("--min-interval", type=float, default=900.0, metavar="S", help="poll a source at most this often")
    sub.add_argument("--user-agent", default=DEFAULT_USER_AGENT, metavar="UA", help="with a contact (URL or e-mail)")


def watch_in_background(options: WatchOptions) -> Callable[[str, threading.Event], None]:
    """What ``serve --watch`` runs beside the server: a watcher over the store until the event is set."""

    def run(db_path: str, stop: threading.Event) -> None:
        watcher = Watcher(db_path, options)
        try:
            watcher.run(stop)
        finally:
            watcher.close()

    return run


# ------------------------------------------------------------------ commands
def cmd_sources_add(args: argparse.Namespace, db_path: DbPath) -> int:
    urls: list[str] = []
    bad = 0
    for given in args.urls:
        url = normalise_url(given)
        if url is None:
            print(f"newsfuse: skipped {given}: not an http(s) URL", file=sys.stderr)
            bad += 1
        else:
            urls.append(url)
    for opml in args.opml or []:
        try:
            urls += [u for u, _ in parse_opml(Path(opml).read_bytes(), opml)]
        except OSError as exc:
            print(f"newsfuse: skipped {opml}: {exc.strerror or exc}", file=sys.stderr)
            bad += 1
        except ValueError as exc:
            print(f"newsfuse: skipped {exc}", file=sys.stderr)
            bad += 1
    with Store(db_path(args)) as store:
        added = sum(store.add_source(u, args.min_interval) for u in dict.fromkeys(urls))
    print(f"{added} sources added, {len(set(urls)) - added} already there", file=sys.stderr)
    return 1 if bad else 0


def cmd_sources_list(args: argparse.Namespace, db_path: DbPath) -> int:
    with Store(db_path(args)) as store:
        sources = store.sources()
    if args.format == "json":
        sys.stdout.write(json.dumps([s.to_dict() for s in sources], ensure_ascii=False, indent=2) + "\n")
        return 0
    print("state\tarticles\tlast success\tnext poll\tkind\turl\tlast error")
    for s in sources:
        print(
            f"{s.state}\t{s.articles}\t{_fmt_time(s.last_success)}\t{_fmt_time(s.next_poll)}\t{s.kind or '-'}\t"
            f"{s.url}\t{s.last_error or '-'}"
        )
    return 0


def cmd_watch(args: argparse.Namespace, db_path: DbPath) -> int:
    if args.user_agent == DEFAULT_USER_AGENT:
        print("newsfuse watch: give a contact with --user-agent 'name/1.0 (+URL or e-mail)'", file=sys.stderr)
    watcher = Watcher(db_path(args), watch_options(args))
    try:
        if args.once:
            result = watcher.poll_once()
            with Store(db_path(args)) as store, httpx.Client(timeout=watcher.options.delivery.timeout) as client:
                Deliverer(db_path(args), watcher.options.delivery).deliver_due(store, client)  # one try each
            print(
                f"{result.sources} sources polled, {result.new_urls} new links, {result.stored} articles stored,"
                f" {result.duplicates} already stored, {result.failed} not used; {result.stories} stories updated,"
                f" {len(result.alerts)} alerts",
                file=sys.stderr,
            )
            return 0
        stop = threading.Event()
        try:
            watcher.run(stop)
        except KeyboardInterrupt:
            stop.set()
        return 0
    finally:
        watcher.close()


def cmd_watches_add(args: argparse.Namespace, db_path: DbPath) -> int:
    query = {k: getattr(args, k) for k in ("entity", "place", "country", "type", "keyword", "source")}
    if not any(query.values()) and not args.status_change:
        print("newsfuse: a watch needs at least one of --entity --place --country --type --keyword --source "
              "--status-change", file=sys.stderr)  # fmt: skip
        return 2
    if args.webhook and not normalise_url(args.webhook):
        print(f"newsfuse: --webhook must be an http(s) URL, not '{args.webhook}'", file=sys.stderr)
        return 2
    with Store(db_path(args)) as store:
        store.add_watch(
            Watch(name=args.name, status_change=args.status_change, webhook=args.webhook, secret=args.secret, **query)
        )
    print(f"watch '{args.name}' saved", file=sys.stderr)
    return 0


def cmd_watches_list(args: argparse.Namespace, db_path: DbPath) -> int:
    with Store(db_path(args)) as store:
        for w in store.watches():
            query = {k: v for k, v in w.to_dict().items() if v and k not in ("name", "secret", "created")}
            print(f"{w.name}\t{json.dumps(query, ensure_ascii=False)}")
    return 0


def _since(args: argparse.Namespace) -> str | None:
    try:
        return parse_since(args.since)
    except ValueError as exc:
        print(f"newsfuse: {exc}", file=sys.stderr)
        return None


def cmd_alerts(args: argparse.Namespace, db_path: DbPath) -> int:
    since = _since(args)
    if since is None:
        return 2
    with Store(db_path(args)) as store:
        alerts = store.alerts(since=since, watch=args.watch)
    _write(alerts_json(alerts) if args.format == "json" else alerts_markdown(alerts), args.out)
    return 0


def cmd_digest(args: argparse.Namespace, db_path: DbPath) -> int:
    since = _since(args)
    if since is None:
        return 2
    with Store(db_path(args)) as store:
        changes: dict[str, list] = {}
        for change in store.alerts(since=since, watch=""):
            changes.setdefault(change.story, []).append(change)
        stories = [s for s in (store.story(i) for i in changes) if s is not None]  # merged-away ones are gone
    digest = build_digest(since, stories, changes)
    text = {"json": lambda d: json.dumps(d, ensure_ascii=False, indent=2) + "\n", "html": digest_html}.get(
        args.format, digest_markdown
    )(digest)
    _write(text, args.out)
    return 0


def _write(text: str, out: str | None) -> None:
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


# -------------------------------------------------------------------- parser
def add_commands(commands: argparse._SubParsersAction, db_path: DbPath, store_default: str) -> None:
    """Add the watcher's commands to the ``newsfuse`` parser."""

    def command(
        parent: argparse._SubParsersAction, name: str, func: Callable[[argparse.Namespace, DbPath], int], help: str
    ) -> argparse.ArgumentParser:
        sub = parent.add_parser(name, help=help, description=help)
        sub.set_defaults(func=lambda args: func(args, db_path))
        sub.add_argument("--db", metavar="PATH", help=f"SQLite store ({store_default})")
        return sub

    sources = commands.add_parser("sources", help="feeds and sitemaps to follow", description="feeds and sitemaps")
    sources_cmds = sources.add_subparsers(dest="sources_command", required=True, metavar="ACTION")
    add = command(sources_cmds, "add", cmd_sources_add, "add RSS/Atom feeds, news sitemaps or sitemap indexes")
    add.add_argument("urls", nargs="*", metavar="URL")
    add.add_argument("--opml", action="append", metavar="FILE", help="every feed of an OPML list")
    add.add_argument("--min-interval", type=float, default=900.0, metavar="S", help=argparse.SUPPRESS)
    listing = command(sources_cmds, "list", cmd_sources_list, "each source's state, last success, next poll")
    listing.add_argument("--format", choices=["table", "json"], default="table")

    watch = command(commands, "watch", cmd_watch, "follow the sources: fetch new articles, update stories, alert")
    watch.add_argument("--once", action="store_true", help="poll every source that is due once, then exit")
    add_watch_arguments(watch)

    watches = commands.add_parser("watches", help="saved queries that raise alerts", description="saved queries")
    watches_cmds = watches.add_subparsers(dest="watches_command", required=True, metavar="ACTION")
    wadd = command(watches_cmds, "add", cmd_watches_add, "save a watch (criteria are all required to match)")
    wadd.add_argument("name")
    wadd.add_argument("--entity", help="a person or organisation named in the story")
    wadd.add_argument("--place", help="a place named in the story")
    wadd.add_argument("--country", help="a country (name or ISO code) a place of the story is in")
    wadd.add_argument("--type", help="a PLOVER event type (CONSULT, PROTEST, ...)")
    wadd.add_argument("--keyword", help="a word or phrase in the articles' text")
    wadd.add_argument("--source", help="an outlet")
    wadd.add_argument("--status-change", choices=STATUS_KINDS, help="alert only when a fact becomes this")
    wadd.add_argument("--webhook", metavar="URL", help="POST each alert here as JSON")
    wadd.add_argument("--secret", help="sign webhook bodies with HMAC-SHA256 (X-Newsfuse-Signature)")
    command(watches_cmds, "list", cmd_watches_list, "the saved watches")

    alerts = command(commands, "alerts", cmd_alerts, "the alerts raised since a time")
    alerts.add_argument("--since", default="24h", help="24h, 7d, 90m or an ISO date (default 24h)")
    alerts.add_argument("--watch", help="only this watch's alerts")
    alerts.add_argument("--format", choices=["md", "json"], default="md")
    alerts.add_argument("--out", metavar="FILE", help="write here instead of standard output")

    digest = command(commands, "digest", cmd_digest, "the period's stories, ranked, with what is new in each")
    digest.add_argument("--since", default="24h", help="24h, 7d, 90m or an ISO date (default 24h)")
    digest.add_argument("--format", choices=["md", "html", "json"], default="md")
    digest.add_argument("--out", metavar="FILE", help="write here instead of standard output")
