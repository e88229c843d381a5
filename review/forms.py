from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.models import Role
from articles import access
from articles.models import Article
from review.models import MAX_INTERVAL_DAYS, MIN_INTERVAL_DAYS

ROLE_GROUPS = [Role.READER, Role.EDITOR, Role.MODERATOR, Role.ADMIN]


class ReviewSettingsForm(forms.Form):
    """Owners and review interval set on one article (empty: inherit from the section)."""

    owners = forms.CharField(
        label="Owners",
        required=False,
        max_length=2000,
        help_text="Usernames, separated by commas or spaces.",
    )
    owner_groups = forms.ModelMultipleChoiceField(
        label="Owner groups",
        queryset=Group.objects.exclude(name__in=ROLE_GROUPS).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interval_days = forms.IntegerField(
        label="Review every (days)",
        required=False,
        help_text=(
            f"Between {MIN_INTERVAL_DAYS} and {MAX_INTERVAL_DAYS:,} days. "
            "Leave empty to use the section's interval."
        ),
        error_messages={"invalid": "Enter a whole number of days, such as 90."},
    )

    def __init__(self, *args, article, **kwargs):
        self.article = article
        super().__init__(*args, **kwargs)

    def clean_owners(self):
        names = self.cleaned_data["owners"].replace(",", " ").split()
        if not names:
            return []
        User = get_user_model()
        found = {
            user.username: user for user in User.objects.filter(is_active=True, username__in=names)
        }
        unknown = [name for name in names if name not in found]
        if unknown:
            raise forms.ValidationError(
                "No active person has the username " + ", ".join(f"“{n}”" for n in unknown) + "."
            )
        users = list({user.pk: user for user in found.values()}.values())
        cannot_read = [user.name for user in users if not access.can_read(user, self.article)]
        if cannot_read:
            raise forms.ValidationError(
                f"{', '.join(cannot_read)} can't read this article, so can't own it."
            )
        return users

    def clean_interval_days(self):
        days = self.cleaned_data["interval_days"]
        if days is not None and not MIN_INTERVAL_DAYS <= days <= MAX_INTERVAL_DAYS:
            raise forms.ValidationError(
                f"A review interval must be between {MIN_INTERVAL_DAYS} and "
                f"{MAX_INTERVAL_DAYS:,} days (ten years); {days:,} isn't. "
                "Leave it empty to use the section's."
            )
        return days


class VoteForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        error_messages={"required": "Choose Yes or No.", "invalid_choice": "Choose Yes or No."},
    )


class ReportForm(forms.Form):
    note = forms.CharField(
        label="What is outdated or wrong? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HealthFilter(forms.Form):
    section = forms.ModelChoiceField(
        label="Section",
        queryset=Article.objects.none(),
        required=False,
        empty_label="All sections",
        to_field_name="path",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = (
            Article.objects.visible_to(user)
            .sections()
            .order_by("title")
            .only("id", "title", "path", "tree_id")  # tree_id: the report filters on it
        )
