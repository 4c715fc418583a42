"""The web app in a real browser: Debian's headless Chromium (driven by Playwright) against uvicorn on a free
loopback port. DOM assertions, no screenshots."""

import shutil
from pathlib import Path

import pytest
from web_server import serving

from newsfuse.web import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="no chromium: Playwright cannot download browsers here; 'make test' installs Debian's chromium as root",
)
MEETING = "Mohammad Ishaq Dar met with Amir Khan Muttaqi in Kabul"
EFE_ARTICLE = "41c1646d083a1d7f"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run"]
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": flags}


@pytest.fixture(scope="module")
def base_url_served(seeded_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "news.db"
    shutil.copy(seeded_db, db)
    with serving(create_app(db)) as url:
        yield url


def test_search_open_story_follow_citation(page, base_url_served):
    from playwright.sync_api import expect

    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base_url_served + "/")
    expect(page.locator("li.story-row")).to_have_count(4)

    page.locator("form.filters input[name=q]").fill("Muttaqi")
    page.locator("form.filters input[name=q]").press("Enter")
    rows = page.locator("li.story-row")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("a.title")).to_contain_text("Pakistan, Afghanistan agree to deepen ties")

    rows.first.locator("a.title").click()
    expect(page.locator("h1")).to_contain_text("Pakistan, Afghanistan agree to deepen ties")
    expect(page.locator("figure.map circle")).not_to_have_count(0)  # the places, on the offline map

    meeting = page.locator("tr", has_text=MEETING)
    expect(meeting.locator("td.corroborated")).to_have_count(1)
    meeting.locator("a.cite[title^='EFE']").click()

    expect(page).to_have_url(f"{base_url_served}/articles/{EFE_ARTICLE}?hl=242-245#cited")
    cited = page.locator("mark.cited")
    expect(cited).to_have_count(1)
    expect(cited).to_have_text("met")
    expect(cited).to_have_attribute("id", "cited")
    expect(cited).to_be_in_viewport()
    sentence = page.locator(".in-cited-sentence").all_inner_texts()
    assert "Muttaqi" in "".join(sentence) and "met" in "".join(sentence)

    page.goto(base_url_served + "/docs")  # the interactive API docs, offline too
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("newsfuse")
    expect(page.locator(".opblock-summary-path", has_text="/api/stories/{story_id}")).to_have_count(1)
    # every script, style and map shape came from newsfuse itself
    assert requested and all(u.startswith(base_url_served) for u in requested), requested
