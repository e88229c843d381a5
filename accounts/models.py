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
