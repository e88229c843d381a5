"""Editing one's own profile and avatar."""

import html
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts import avatars
from accounts.models import User


def text(response):
    return html.unescape(response.content.decode())


def image_file(name="me.png", format="PNG", size=(400, 300), mode="RGB", color="teal"):
    buffer = BytesIO()
    Image.new(mode, size, color).save(buffer, format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{format.lower()}")


def profile_data(**changes):
    data = {
        "display_name": "Alice A.",
        "first_name": "Alice",
        "last_name": "Archer",
        "job_title": "",
        "team": "",
        "bio": "",
    }
    return {**data, **changes}


def test_one_edits_ones_own_profile(client, alice):
    client.force_login(alice)

    response = client.post(
        "/accounts/profile/", profile_data(job_title="Staff engineer", team="Platform", bio="Hi!")
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    alice.refresh_from_db()
    assert (alice.job_title, alice.team, alice.bio) == ("Staff engineer", "Platform", "Hi!")


def test_the_form_cannot_change_privileges_or_email(client, alice):
    client.force_login(alice)

    client.post(
        "/accounts/profile/",
        profile_data(is_staff="on", is_superuser="on", is_guest="on", email="x@evil.example"),
    )

    alice.refresh_from_db()
    assert not (alice.is_staff or alice.is_superuser or alice.is_guest)
    assert alice.email == "alice@example.com"


def test_a_refused_edit_does_not_change_the_name_in_the_header(client, alice):
    client.force_login(alice)

    response = client.post("/accounts/profile/", profile_data(display_name="x" * 200))

    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters" in text(response)
    assert '<span class="user-menu-name">Alice A.</span>' in text(response)


def test_an_uploaded_avatar_is_reencoded_as_a_small_square_webp(client, alice, bob):
    client.force_login(alice)

    client.post("/accounts/profile/", profile_data(avatar=image_file()))

    alice.refresh_from_db()
    assert alice.avatar.name.startswith("avatars/") and alice.avatar.name.endswith(".webp")
    with default_storage.open(alice.avatar.name) as stored, Image.open(stored) as image:
        assert (image.format, image.size) == ("WEBP", (avatars.SIZE, avatars.SIZE))
    client.force_login(bob)
    profile = text(client.get("/people/alice/"))
    assert f'src="{alice.avatar_url}"' in profile
    response = client.get(alice.avatar_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert "immutable" in response["Cache-Control"]


def test_a_new_avatar_replaces_and_deletes_the_old_file(client, alice):
    client.force_login(alice)
    client.post("/accounts/profile/", profile_data(avatar=image_file()))
    alice.refresh_from_db()
    old = alice.avatar.name

    client.post("/accounts/profile/", profile_data(avatar=image_file("new.jpg", "JPEG")))

    alice.refresh_from_db()
    assert alice.avatar.name != old
    assert not default_storage.exists(old)


def test_clearing_the_avatar_falls_back_to_initials(client, alice):
    client.force_login(alice)
    client.post("/accounts/profile/", profile_data(avatar=image_file()))
    alice.refresh_from_db()
    old = alice.avatar.name

    client.post("/accounts/profile/", profile_data(**{"avatar-clear": "on"}))

    alice.refresh_from_db()
    assert not alice.avatar
    assert not default_storage.exists(old)


def test_a_file_that_is_not_an_image_is_refused(client, alice):
    client.force_login(alice)
    fake = SimpleUploadedFile("me.png", b"<script>alert(1)</script>", content_type="image/png")

    response = client.post("/accounts/profile/", profile_data(avatar=fake))

    assert response.status_code == 200
    assert "Upload a valid image" in text(response)
    alice.refresh_from_db()
    assert not alice.avatar


def test_an_image_over_2_mb_is_refused(client, alice, monkeypatch):
    monkeypatch.setattr(avatars, "MAX_BYTES", 100)
    client.force_login(alice)

    response = client.post("/accounts/profile/", profile_data(avatar=image_file(size=(300, 300))))

    assert "That image is larger than 2 MB" in text(response)


def test_an_unusual_image_format_is_refused(client, alice):
    client.force_login(alice)

    response = client.post("/accounts/profile/", profile_data(avatar=image_file("me.bmp", "BMP")))

    assert "Upload a PNG, JPEG, GIF or WebP image." in text(response)


def test_a_transparent_png_keeps_its_transparency(db):
    webp = avatars.reencode(image_file(mode="RGBA", size=(64, 64), color=(0, 128, 128, 0)))

    with Image.open(webp) as image:
        assert image.mode == "RGBA"


@pytest.mark.parametrize("name", ["../settings.py", "x.png", "a" * 70 + ".webp", "missing.webp"])
def test_only_existing_avatars_are_served(client, alice, name):
    client.force_login(alice)

    assert client.get(f"/accounts/avatars/{name}").status_code == 404


def test_the_initials_colour_is_stable_and_varies_between_people(db):
    hues = {User(username=f"user{n}").avatar_hue for n in range(30)}

    assert User(username="alice").avatar_hue == User(username="alice").avatar_hue
    assert len(hues) > 3
