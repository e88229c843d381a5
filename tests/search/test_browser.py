"""The header's search-as-you-type box in a real browser (static/js/search.js)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def search_page(live_server, signed_in_page, alice, indexed, section):
    indexed("Deployment checklist", body="Steps.\n", parent=section)
    indexed("How to deploy the app", body="Steps.\n")
    indexed("Holiday policy", body="Deploy yourself to a beach.\n")
    page = signed_in_page(alice)
    # Until base.html loads search.js on every page, the results page does.
    page.goto(f"{live_server.url}/search/")
    return page


def header_box(page):
    return page.get_by_role("banner").get_by_role("combobox", name="Search articles")


def test_typing_suggests_titles_and_the_arrow_keys_and_enter_open_one(search_page, live_server):
    page = search_page
    box = header_box(page)

    box.press_sequentially("deplo", delay=40)

    listbox = page.get_by_role("listbox", name="Suggested articles")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(3)  # two titles and "Search for “deplo”"
    expect(options.first).to_contain_text("/engineering/deployment-checklist/")

    box.press("ArrowDown")
    first = options.first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    box.press("ArrowDown")
    box.press("ArrowUp")
    expect(first).to_have_attribute("aria-selected", "true")

    box.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/wiki/engineering/deployment-checklist/")


def test_enter_without_a_highlighted_option_shows_all_results(search_page, live_server):
    page = search_page
    box = header_box(page)
    box.press_sequentially("deplo", delay=40)
    expect(page.get_by_role("listbox", name="Suggested articles")).to_be_visible()

    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=deplo$"))
    expect(page.get_by_role("status")).to_contain_text("3 results for deplo")


def test_escape_closes_the_suggestions_and_short_input_shows_none(search_page):
    page = search_page
    box = header_box(page)
    box.press_sequentially("deplo", delay=40)
    listbox = page.get_by_role("listbox", name="Suggested articles")
    expect(listbox).to_be_visible()

    box.press("Escape")

    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.fill("d")  # one letter: too little to suggest anything
    page.wait_for_timeout(400)  # past the 250 ms pause
    expect(listbox).to_be_hidden()
