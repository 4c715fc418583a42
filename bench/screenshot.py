"""The README's screenshot of a story page (docs/story-page.png): the seeds and the examples ingested into a
temporary store, `newsfuse serve`'s app on a free loopback port, Debian's headless chromium.

    .venv/bin/python bench/screenshot.py [--story Muttaqi] [--out docs/story-page.png]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from web_server import serving  # noqa: E402

from newsfuse.pipeline import build_stories, ingest  # noqa: E402
from newsfuse.store import Store  # noqa: E402
from newsfuse.web import create_app  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--story", default="Muttaqi", help="a search that finds the story to show")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "story-page.png")
    parser.add_argument("--height", type=int, default=1500, help="pixels of the page shown, from the top")
    parser.add_argument("--full", action="store_true", help="the whole page, however long")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "news.db"
        with Store(db) as store:
            ingest([REPO.parent / "shared" / "seeds", REPO / "examples"], store)
            build_stories(store)
        with serving(create_app(db)) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": args.height})
            page.goto(f"{base}/?q={args.story}")
            page.locator("li.story-row a.title").first.click()
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(args.out), full_page=args.full)
            browser.close()
    print(args.out)


if __name__ == "__main__":
    main()
