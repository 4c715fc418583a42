"""The newsfuse command line: wires the stages together, and nothing else.

Exit status: 0 when every input was used, 1 when anything was skipped (each
skipped input gets one line on stderr naming it and the reason), 2 on usage
errors.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from newsfuse import __version__
from newsfuse.clean.html import extract_html
from newsfuse.clean.language import analysed
from newsfuse.executors import EngineUnavailable, Executor, make_executor
from newsfuse.pipeline import INGEST_BATCH, build_stories, extract_articles, extract_texts, ingest, read_and_clean
from newsfuse.read import read_paths
from newsfuse.records import Article, InputError
from newsfuse.render import build_report, extraction_json, to_html, to_markdown
from newsfuse.render.export import TABLES, article_rows, story_rows, write_csv, write_jsonl, write_parquet
from newsfuse.store import Store

DEFAULT_DB = "newsfuse.db"
PROGRESS_FROM = 8  # show a progress bar when ingesting more files than this at a terminal


def _warn(err: InputError) -> None:
    print(f"newsfuse: skipped {err}", file=sys.stderr)


def _not_analysed(article: Article) -> None:
    print(
        f"newsfuse: not analysed {article.path}: written in '{article.language}', and newsfuse reads English "
        "(stored and clustered by its words only)",
        file=sys.stderr,
    )


def _db_path(args: argparse.Namespace) -> str:
    return args.db or os.environ.get("NEWSFUSE_DB") or DEFAULT_DB


def _progress(paths: list[str]) -> Callable[[Iterable[Article]], Iterable[Article]] | None:
    if not sys.stderr.isatty():
        return None
    from newsfuse.read import discover

    total = sum(1 for p in discover(paths) if not isinstance(p, InputError))
    if total <= PROGRESS_FROM:
        return None
    from tqdm import tqdm

    return lambda items: tqdm(items, total=total, unit="article", file=sys.stderr)


def _write(text: str, out: str | None) -> None:
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _render(report: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return to_html(report)
    return to_markdown(report)


def _report_for(store: Store, article_ids: Iterable[str]) -> dict[str, Any]:
    """The report of the stories that hold any of ``article_ids``."""
    stories = store.stories_with(article_ids)
    cited = {a for s in stories for a in s.articles}
    return build_report(store.articles(cited), stories)


@contextlib.contextmanager
def _engine(args: argparse.Namespace, db: str | None) -> Iterator[Executor | None]:
    """The executor ``--engine`` names (None: the pipeline's own local pool). A Ray run checkpoints
    stage A beside the store (``<db>.stage-a/``), so a rerun after a crash skips finished shards."""
    if args.engine == "local":
        yield None
        return
    with contextlib.closing(make_executor(args.engine, args.ray_address, work_dir=db and f"{db}.stage-a")) as ex:
        yield ex


# ------------------------------------------------------------------ commands
def cmd_run(args: argparse.Namespace) -> int:
    with (
        _engine(args, args.db) as executor,
        tempfile.TemporaryDirectory(prefix="newsfuse-") as tmp,
        Store(args.db or Path(tmp) / "run.db") as store,
    ):
        result = ingest(args.paths, store, _warn, progress=_progress(args.paths), executor=executor)
        for article in result.not_analysed:
            _not_analysed(article)
        build_stories(store, executor=executor)
        report = _report_for(store, result.articles)
    _write(_render(report, args.format), args.out)
    return 1 if result.errors else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    with _engine(args, _db_path(args)) as executor, Store(_db_path(args)) as store:
        result = ingest(
            args.paths, store, _warn, progress=_progress(args.paths), batch=args.batch, keep_ids=False,
            executor=executor,
        )
        for article in result.not_analysed:
            _not_analysed(article)
        touched = build_stories(store, executor=executor)
        total = store.counts()["stories"]
    print(
        f"{result.added} added, {result.duplicates} already stored, {len(result.errors)} skipped; "
        f"{len(touched)} stories updated, {total} in the store",
        file=sys.stderr,
    )
    return 1 if result.errors else 0


def cmd_clean(args: argparse.Namespace) -> int:
    errors = []

    def error(err: InputError) -> None:
        errors.append(err)
        _warn(err)

    for article in read_and_clean(args.paths, error):
        sys.stdout.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
    return 1 if errors else 0


def cmd_extract(args: argparse.Namespace) -> int:
    errors: list[InputError] = []

    def error(err: InputError) -> None:
        errors.append(err)
        _warn(err)

    sources: list[tuple[str, str | None]] = []  # (path, input id) of each item, for errors and ids
    if args.raw:
        items: list[tuple[str, str, str | None]] = []  # (id, text, published)
        for doc in read_paths(args.paths):
            if isinstance(doc, InputError):
                error(doc)
                continue
            # raw HTML: the page's main text as trafilatura gives it, without news clean-up
            text = doc.text if doc.text is not None else extract_html(doc.html or "").text
            sources.append((doc.path, doc.input_id))
            items.append((doc.input_id or doc.path, text, args.published or doc.published))
        extractions = extract_texts(items)
    else:
        articles = []
        for article in read_and_clean(args.paths, error):
            sources.append((article.path, article.input_id))
            articles.append(
                dataclasses.replace(
                    article, id=article.input_id or article.path, published=args.published or article.published
                )
            )
            if not analysed(article.language):
                _not_analysed(article)
        extractions = extract_articles(articles)
    results = []
    for (path, input_id), extraction in zip(sources, extractions, strict=True):
        if isinstance(extraction, str):
            error(InputError(path, extraction))
        else:
            results.append(extraction_json(extraction, input_id))
    if args.format == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
    else:
        text = json.dumps(results[0] if len(results) == 1 else results, ensure_ascii=False, indent=2) + "\n"
    _write(text, args.out)
    return 1 if errors else 0


def cmd_stories(args: argparse.Namespace) -> int:
    with Store(_db_path(args)) as store:
        listed = store.story_list()
    for s, first in listed:
        print(f"{s.id}\t{first or 'undated'}\t{len(s.articles)} articles\t{s.independent_sources} origins\t{s.title}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with Store(_db_path(args)) as store:
        story = store.story(args.story)
        if story is None:
            print(f"newsfuse: no story '{args.story}' (see 'newsfuse stories')", file=sys.stderr)
            return 1
        report = build_report(store.articles(story.articles), [story])
    _write(_render(report, args.format), args.out)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with Store(_db_path(args)) as store:
        rows = article_rows(store.articles()) if args.table == "articles" else story_rows(store.stories(), args.table)
    if args.format == "parquet":
        if not args.out:
            print("newsfuse: --format parquet needs --out FILE", file=sys.stderr)
            return 2
        write_parquet(rows, args.out)
        return 0
    write = write_csv if args.format == "csv" else write_jsonl
    if args.out:
        with open(args.out, "w", newline="", encoding="utf-8") as out:
            write(rows, out)
    else:
        write(rows, sys.stdout)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from newsfuse.web import create_app

    db = _db_path(args)
    if not Path(db).exists():
        print(f"newsfuse: {db} does not exist yet: serving an empty store (add articles with 'newsfuse ingest')",
              file=sys.stderr)
    token = args.token or os.environ.get("NEWSFUSE_TOKEN")
    writes = "writes on (bearer token)" if token else "read-only (no --token)"
    print(f"newsfuse: serving {db} at http://{args.host}:{args.port} ({writes}); Ctrl-C stops", file=sys.stderr)
    background = None
    if args.watch:  # the feed watcher beside the server (one, whatever the number of server processes)
        from newsfuse.watch.commands import watch_in_background, watch_options

        background = watch_in_background(watch_options(args))
    if args.workers > 1:  # worker processes import the app by name and read the store and token from the env
        os.environ["NEWSFUSE_DB"] = db
        if token:
            os.environ["NEWSFUSE_TOKEN"] = token
        stop = threading.Event()
        if background is not None:  # in this, the supervising process
            threading.Thread(target=background, args=(db, stop), name="newsfuse-watch", daemon=True).start()
        try:
            uvicorn.run("newsfuse.web.app:app_from_env", factory=True, workers=args.workers, host=args.host,
                        port=args.port, log_level="warning")
        finally:
            stop.set()
    else:
        app = create_app(db, token=token, background=background)
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


# -------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsfuse", description="Many news reports in, one verified account of what happened out."
    )
    parser.add_argument("--version", action="version", version=f"newsfuse {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(func=func)
        return sub

    def db(sub: argparse.ArgumentParser, default: str) -> None:
        sub.add_argument("--db", metavar="PATH", help=f"SQLite store ({default})")

    def paths(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (.txt .html .jsonl, .gz)")

    def engine(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--engine", choices=["local", "ray"], default="local",
            help="where the stages run: processes on this machine (default), or a Ray cluster",
        )
        sub.add_argument(
            "--ray-address", metavar="ADDR", help="a running Ray cluster (default: start one on this machine)"
        )

    def out(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--out", metavar="FILE", help="write here instead of standard output")

    run = command("run", cmd_run, "ingest, process and print the report of every story found")
    paths(run)
    run.add_argument("--format", choices=["md", "json", "html"], default="md")
    out(run)
    db(run, "default: a temporary store")
    engine(run)

    clean = command("clean", cmd_clean, "read and clean only: one cleaned article per line (no NLP)")
    paths(clean)
    clean.add_argument("--format", choices=["jsonl"], default="jsonl")

    extract = command("extract", cmd_extract, "everything extracted from each document, with character offsets")
    paths(extract)
    extract.add_argument("--published", metavar="YYYY-MM-DD", help="publication date that anchors relative times")
    extract.add_argument("--raw", action="store_true", help="skip cleaning: offsets refer to the input text itself")
    extract.add_argument("--format", choices=["json", "jsonl"], default="json")
    out(extract)

    store_default = f"default: $NEWSFUSE_DB or ./{DEFAULT_DB}"
    ingest_cmd = command("ingest", cmd_ingest, "add articles to the store and update its stories")
    paths(ingest_cmd)
    db(ingest_cmd, store_default)
    ingest_cmd.add_argument(
        "--batch",
        type=int,
        default=INGEST_BATCH,
        metavar="N",
        help=f"articles extracted and stored per transaction (default {INGEST_BATCH}): smaller batches store sooner",
    )
    engine(ingest_cmd)

    db(command("stories", cmd_stories, "list the stories in the store"), store_default)

    show = command("show", cmd_show, "the dossier of one story")
    show.add_argument("story", metavar="STORY_ID", help="a story id, or an unambiguous prefix of one")
    show.add_argument("--format", choices=["md", "json", "html"], default="md")
    out(show)
    db(show, store_default)

    export = command("export", cmd_export, "export a table of the store for other programs")
    export.add_argument("--table", choices=TABLES, required=True)
    export.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl")
    out(export)
    db(export, store_default)
    serve = command("serve", cmd_serve, "the web app and HTTP API over the store")
    db(serve, store_default)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="default: 8000")
    serve.add_argument("--workers", type=int, default=1, help="server processes (default: 1)")
    serve.add_argument("--token", metavar="TOKEN", help="bearer token that turns on POST /api/articles "
                       "(default: $NEWSFUSE_TOKEN; none: read-only)")
    serve.add_argument("--watch", action="store_true", help="also follow the store's sources (newsfuse watch)")
    from newsfuse.watch.commands import add_watch_arguments

    add_watch_arguments(serve)

    from newsfuse.watch.commands import add_commands  # sources, watch, watches, alerts, digest

    add_commands(commands, _db_path, store_default)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "published", None):
        from datetime import date

        try:
            date.fromisoformat(args.published)
        except ValueError:
            print(f"newsfuse: --published must be YYYY-MM-DD, not '{args.published}'", file=sys.stderr)
            return 2
    try:
        return args.func(args)
    except EngineUnavailable as exc:
        print(f"newsfuse: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
