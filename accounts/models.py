import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.urls import reverse
from django.utils import timezone

AVATAR_FOLDER = "avatars"
INVITATION_DAYS = 7
# Enough initials-avatar colours to tell people apart at a glance; all legible on white text.
AVATAR_HUES = (12, 35, 150, 170, 200, 225, 260, 290, 320, 345)


class User(AbstractUser):
    """An employee (or, later, a guest) of the company.

    Swapped in from the very first migration so profile and access fields can grow here
    without the painful mid-project user-model switch Django warns about.
    """

    display_name = models.CharField(
        max_length=150, blank=True, help_text="How colleagues see you. Defaults to your full name."
    )
    job_title = models.CharField(max_length=150, blank=True)
    team = models.CharField(max_length=150, blank=True)
    bio = models.TextField(blank=True, max_length=2000)
    is_guest = models.BooleanField(
        default=False,
        help_text="Guests (contractors, partners) see only the sections granted to them.",
    )
    # A square WebP re-encoded by accounts.avatars (never the uploaded bytes).
    avatar = models.ImageField(upload_to=AVATAR_FOLDER, blank=True)

    class Meta:
        ordering = ["username"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.display_name or self.get_full_name() or self.username

    @property
    def initials(self):
        parts = self.name.split()
        letters = "".join(part[0] for part in parts[:2]) if parts else self.username[:2]
        return letters.upper()

    @property
    def avatar_hue(self):
        """The initials avatar's colour: stable for a username, different between neighbours."""
        digest = hashlib.sha256(self.username.encode()).digest()
        return AVATAR_HUES[digest[0] % len(AVATAR_HUES)]

    @property
    def avatar_url(self):
        if not self.avatar:
            return ""
        return reverse("avatar", kwargs={"name": self.avatar.name.rsplit("/", 1)[-1]})

    def get_absolute_url(self):
        return reverse("people:profile", kwargs={"username": self.username})


class Role:
    """The four roles are Django groups (created by a data migration); see docs/permissions.md."""

    READER = "Reader"  # read and comment
    EDITOR = "Editor"  # + create, edit, move, delete to trash (default for employees)
    MODERATOR = "Moderator"  # + hide comments, restore from trash, manage restrictions, invite
    ADMIN = "Admin"  # everything, including the Django admin and purge

    ALL = (READER, EDITOR, MODERATOR, ADMIN)


def role_group(name):
    """The group of a role (``Role.EDITOR``…), recreated if someone deleted it."""
    return Group.objects.get_or_create(name=name)[0]


class GuestGrant(models.Model):
    """A section (an article and everything under it) a guest may see."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="guest_grants")
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="guest_grants"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="guest_grant_unique")
        ]

    def __str__(self):
        return f"{self.user} → {self.article}"


def new_token():
    return secrets.token_urlsafe(32)


def default_invitation_expiry():
    return timezone.now() + timedelta(days=INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A link that lets one person create an account: an employee with a role, or a guest who
    sees only the chosen sections. It works once, until it expires."""

    class Kind(models.TextChoices):
        EMPLOYEE = "employee", "Employee"
        GUEST = "guest", "Guest"

    email = models.EmailField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EMPLOYEE)
    role = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The role group the new account joins (Editor when empty).",
    )
    sections = models.ManyToManyField(
        "articles.Article",
        blank=True,
        related_name="+",
        help_text="What a guest may see: each article and everything under it.",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=default_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} invitation for {self.email}"

    def get_absolute_url(self):
        return reverse("accept_invitation", kwargs={"token": self.token})

    @property
    def is_used(self):
        return self.accepted_at is not None

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_guest(self):
        return self.kind == self.Kind.GUEST


class UserSession(models.Model):
    """A signed-in browser, so people can see where they are signed in and end the others.

    Rows follow the session store (sessions are cached_db, so the database has them all)."""

    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    user_agent = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self):
        return f"{self.user} on {self.device}"

    @property
    def device(self):
        """ "Firefox on Windows": enough to recognise one's own devices, from the user agent."""
        agent = self.user_agent
        browser = next((name for token, name in BROWSERS if token in agent), "")
        system = next((name for token, name in SYSTEMS if token in agent), "")
        if browser and system:
            return f"{browser} on {system}"
        return browser or system or "Unknown browser"


# Checked in order: Chrome's user agent also says Safari, Edge's and Opera's also say Chrome.
BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
)
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)
