"""A moderator invites a guest; the guest accepts, signs in and sees only the granted section."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Role, role_group
from tests.conftest import make_user

pytestmark = pytest.mark.browser
GUEST_PASSWORD = "a sturdy passphrase for gus"


def test_a_guest_invited_by_a_moderator_sees_only_the_granted_section(
    live_server, signed_in_page, make_page, make_article, mailoutbox
):
    base = live_server.url
    make_article("Engineering", body="Internal only.")
    make_article("Project Falcon", body="Shared with the client.")
    mona = make_user("mona", display_name="Mona M.")
    # get_or_create: an earlier live_server test's flush may have removed the role groups.
    mona.groups.add(role_group(Role.MODERATOR))
    role_group(Role.EDITOR)

    # The moderator sends the invitation from the People menu.
    page = signed_in_page(mona)
    page.locator(".user-menu summary").click()
    page.get_by_role("link", name="People").click()
    page.get_by_role("link", name="Invite people").click()
    page.get_by_label("Email address").fill("gus@partner.example")
    page.get_by_role("radio", name="Guest").check()
    page.get_by_role("checkbox", name="Project Falcon").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to gus@partner.example")).to_be_visible()
    (invitation,) = mail.outbox
    link = re.search(r"http://\S+/accounts/invite/\S+/", invitation.body).group(0)

    # The guest follows the link and creates the account.
    guest_page = make_page()
    guest_page.goto(link.replace("http://testserver", base))
    expect(guest_page.get_by_text("Project Falcon")).to_be_visible()
    guest_page.get_by_label("Username").fill("gus")
    guest_page.get_by_label("Display name").fill("Gus G.")
    guest_page.get_by_label("Password", exact=True).fill(GUEST_PASSWORD)
    guest_page.get_by_label("Password confirmation").fill(GUEST_PASSWORD)
    guest_page.get_by_role("button", name="Create my account").click()
    expect(guest_page).to_have_url(f"{base}/")
    expect(guest_page.get_by_text("Welcome, Gus G.!")).to_be_visible()

    # Signed out and in again, the guest sees the granted section and nothing else.
    guest_page.locator(".user-menu summary").click()
    guest_page.get_by_role("button", name="Sign out").click()
    guest_page.get_by_label("Username or email").fill("gus@partner.example")
    guest_page.get_by_label("Password").fill(GUEST_PASSWORD)
    guest_page.get_by_role("button", name="Sign in").click()
    expect(guest_page).to_have_url(f"{base}/")
    main = guest_page.locator("main")
    expect(main.get_by_role("link", name="Project Falcon").first).to_be_visible()
    expect(guest_page.locator("body")).not_to_contain_text("Engineering")
    response = guest_page.goto(f"{base}/wiki/engineering/")
    assert response.status == 404
    guest_page.goto(f"{base}/wiki/project-falcon/")
    expect(guest_page.get_by_role("heading", name="Project Falcon", level=1)).to_be_visible()
    assert guest_page.goto(f"{base}/people/").status == 404
