"""Tags in a real browser: suggestions while typing in the editor, then the tag on the article
and its page."""

import pytest
from playwright.sync_api import expect

from articles import services
from articles.models import Tag

pytestmark = pytest.mark.browser


@pytest.fixture
def tagged_articles(alice):
    for title, tags in [
        ("Kubernetes upgrades", "Kubernetes"),
        ("Cluster autoscaling", "Kubernetes, capacity"),
        ("Kitchen rota", "kitchen"),
    ]:
        services.create_article(
            title=title, body="Some text.\n", author=alice, tags=Tag.parse_list(tags)
        )


def test_a_suggested_tag_is_chosen_with_the_keyboard_and_leads_to_its_page(
    live_server, signed_in_page, alice, tagged_articles, screenshot
):
    base = live_server.url
    page = signed_in_page(alice)
    page.goto(f"{base}/wiki/_new/")
    page.get_by_label("Title").fill("Node pools")
    tags = page.get_by_role("combobox", name="Tags")

    tags.press_sequentially("capacity, kub")
    suggestions = page.get_by_role("listbox", name="Existing tags")
    expect(suggestions).to_be_visible()
    expect(suggestions.get_by_role("option")).to_have_count(1)
    expect(suggestions.get_by_role("option")).to_contain_text("Kubernetes (2)")
    screenshot(page, "tag-suggestions")

    tags.press("ArrowDown")
    expect(suggestions.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    expect(tags).to_have_attribute("aria-activedescendant", "tag-option-1")
    tags.press("Enter")
    expect(tags).to_have_value("capacity, Kubernetes, ")
    expect(suggestions).to_be_hidden()
    expect(page).to_have_url(f"{base}/wiki/_new/")  # Enter chose; it didn't submit

    # A tag already in the field isn't offered again; Escape closes the list.
    tags.press_sequentially("k")
    expect(suggestions.get_by_role("option")).to_have_text(["kitchen (1)"])
    tags.press("Escape")
    expect(suggestions).to_be_hidden()
    tags.press("Backspace")

    page.get_by_role("button", name="Create article").click()
    expect(page).to_have_url(f"{base}/wiki/node-pools/")
    tag_links = page.get_by_role("list", name="Tags")
    expect(tag_links.get_by_role("link")).to_have_text(["capacity", "Kubernetes"])

    tag_links.get_by_role("link", name="Kubernetes").click()
    expect(page).to_have_url(f"{base}/tags/kubernetes/")
    expect(page.get_by_role("heading", name="Tagged “Kubernetes”")).to_be_visible()
    expect(page.locator(".tagged-articles a")).to_have_text(
        ["Cluster autoscaling", "Kubernetes upgrades", "Node pools"]
    )


def test_a_click_on_a_suggestion_chooses_it(live_server, signed_in_page, alice, tagged_articles):
    page = signed_in_page(alice)
    page.goto(f"{live_server.url}/wiki/_new/")
    tags = page.get_by_role("combobox", name="Tags")

    tags.press_sequentially("cap")
    page.get_by_role("option", name="capacity (1)").click()

    expect(tags).to_have_value("capacity, ")
    expect(tags).to_be_focused()
