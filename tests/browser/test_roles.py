"""Every role end to end in a real browser: what each one can do, and what the page doesn't
offer or refuses. Data is made through the services; the browser does what the role does."""

import pytest
from playwright.sync_api import expect

from accounts.models import GuestGrant, Role, role_group
from articles import services
from tests.conftest import make_user

pytestmark = pytest.mark.browser


def person(username, role=None, **extra):
    user = make_user(username, display_name=username.title(), **extra)
    if role:
        # get_or_create: an earlier live_server test's flush may have removed the role groups.
        user.groups.add(role_group(role))
    return user


def test_a_reader_reads_but_is_offered_no_edit_and_is_refused_the_editor(
    live_server, signed_in_page, make_article
):
    base = live_server.url
    make_article("Handbook", body="## Holidays\n\nTwenty-five days a year.\n")
    page = signed_in_page(person("rita", Role.READER))

    page.goto(f"{base}/wiki/handbook/")
    expect(page.get_by_role("heading", name="Handbook", level=1)).to_be_visible()
    expect(page.locator(".article-body")).to_contain_text("Twenty-five days")
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="New article")).to_have_count(0)
    page.get_by_label("More actions").click()
    expect(page.get_by_role("link", name="Recent changes here")).to_be_visible()
    expect(page.get_by_role("link", name="Move to trash")).to_have_count(0)

    response = page.goto(f"{base}/wiki/handbook/_edit/")
    assert response.status == 403
    expect(page.get_by_text("You can read this article but not change it.")).to_be_visible()


def test_an_editor_creates_and_edits_an_article(live_server, signed_in_page, alice):
    base = live_server.url
    page = signed_in_page(alice)

    page.goto(f"{base}/wiki/_new/")
    page.get_by_label("Title").fill("Onboarding")
    page.locator("textarea[name=body]").fill("Welcome aboard.\n")
    page.get_by_role("button", name="Create article").click()
    expect(page).to_have_url(f"{base}/wiki/onboarding/")

    page.get_by_role("link", name="Edit", exact=True).click()
    page.locator("textarea[name=body]").fill("Welcome aboard.\n\nAsk for a laptop on day one.\n")
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(f"{base}/wiki/onboarding/")
    expect(page.locator(".article-body")).to_contain_text("Ask for a laptop on day one.")


def test_a_moderator_restricts_a_section_and_restores_from_the_trash(
    live_server, signed_in_page, make_article, alice
):
    base = live_server.url
    hr = make_article("People team", body="Salaries and reviews.")
    make_article("Salaries", parent=hr)
    runbooks = make_article("Runbooks", body="On call.")
    services.trash_article(article=runbooks, author=alice)
    bob = person("bob", Role.EDITOR)
    page = signed_in_page(person("mona", Role.MODERATOR))

    # Only moderators may read the People team section from now on.
    page.goto(f"{base}/wiki/people-team/")
    page.get_by_label("More actions").click()
    page.get_by_role("link", name="Who can see this").click()
    page.locator("fieldset", has_text="Reading").get_by_label("Moderator").check()
    page.get_by_role("button", name="Save access").click()
    expect(page).to_have_url(f"{base}/wiki/people-team/")
    expect(page.get_by_text("Readable by")).to_be_visible()

    others = signed_in_page(bob)
    assert others.goto(f"{base}/wiki/people-team/salaries/").status == 404
    expect(others.locator("nav").first).not_to_contain_text("People team")

    # Alice deleted Runbooks; the moderator brings it back.
    page.goto(f"{base}/wiki/_trash/")
    page.get_by_role("button", name="Restore “Runbooks”").click()
    expect(page).to_have_url(f"{base}/wiki/runbooks/")
    expect(page.get_by_text("“Runbooks” is back where it was.")).to_be_visible()


def test_an_administrator_deletes_for_good_and_opens_the_django_admin(
    live_server, signed_in_page, make_article, alice, admin
):
    base = live_server.url
    draft = make_article("Old draft", body="Obsolete.")
    services.trash_article(article=draft, author=alice)
    page = signed_in_page(admin)

    page.goto(f"{base}/wiki/_trash/")
    page.get_by_role("link", name="Delete for good “Old draft”").click()
    expect(page.get_by_text("There is no undo.")).to_be_visible()
    page.get_by_role("button", name="Delete for good").click()
    expect(page.get_by_text("“Old draft” was deleted for good.")).to_be_visible()
    expect(page.get_by_text("The trash is empty.")).to_be_visible()

    page.goto(f"{base}/admin/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    page.goto(f"{base}/admin/accounts/user/")
    expect(page.locator("#result_list")).to_contain_text("alice")


def test_a_guest_sees_only_the_granted_section_in_pages_tree_search_and_recent_changes(
    live_server, signed_in_page, make_article, alice
):
    base = live_server.url
    clients = make_article("Clients")
    falcon = make_article("Project Falcon", parent=clients, body="Milestones for the client.")
    make_article("Payroll secrets", body="Internal salaries falcon.")
    gus = person("gus", Role.EDITOR, is_guest=True)
    GuestGrant.objects.create(user=gus, article=falcon, granted_by=alice)
    page = signed_in_page(gus)

    # Home: the granted sub-section is the guest's way in; nothing else is named.
    main = page.locator("main")
    expect(main.get_by_role("link", name="Project Falcon").first).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Payroll secrets")
    expect(page.locator("body")).not_to_contain_text("Clients")

    page.goto(f"{base}/wiki/clients/project-falcon/")
    expect(page.locator(".article-body")).to_contain_text("Milestones for the client.")
    expect(page.locator("body")).not_to_contain_text("Payroll secrets")

    page.goto(f"{base}/search/?q=falcon")
    expect(main).to_contain_text("Project Falcon")
    expect(page.locator("body")).not_to_contain_text("Payroll secrets")

    page.goto(f"{base}/wiki/_recent/")
    expect(main).to_contain_text("Project Falcon")
    expect(page.locator("body")).not_to_contain_text("Payroll secrets")

    assert page.goto(f"{base}/wiki/payroll-secrets/").status == 404
    assert page.goto(f"{base}/wiki/clients/").status == 404
