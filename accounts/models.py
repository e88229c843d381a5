from django.contrib.auth.models import AbstractUser
from django.db import models


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


class Role:
    """The four roles are Django groups (created by a data migration); see docs/permissions.md."""

    READER = "Reader"  # read and comment
    EDITOR = "Editor"  # + create, edit, move, delete to trash (default for employees)
    MODERATOR = "Moderator"  # + hide comments, restore from trash, manage restrictions, invite
    ADMIN = "Admin"  # everything, including the Django admin and purge

    ALL = (READER, EDITOR, MODERATOR, ADMIN)


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
