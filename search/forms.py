from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from accounts.models import User
from articles.models import MAX_PATH_LENGTH, MAX_TAG_CHARS, Article, tag_slug

# Far enough apart for any real edit date; near enough that "the day after" can't overflow.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(9998, 12, 31)
DATE_RANGE = [MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)]


class SearchForm(forms.Form):
    """The results page's query and filters (all in the query string)."""

    # No max_length: an over-long query is cut with a notice (search.language), not refused.
    q = forms.CharField(label="Search for", required=False)
    section = forms.CharField(
        label="In section",
        required=False,
        max_length=MAX_PATH_LENGTH,
        help_text="An article's address, like eng/howto: it and everything under it.",
    )
    author = forms.CharField(
        label="Last edited by", required=False, max_length=150, help_text="A username."
    )
    tag = forms.CharField(
        label="Tagged",
        required=False,
        max_length=MAX_TAG_CHARS,
        help_text="A tag, like on-call. In the search box: tag:on-call (or -tag:on-call).",
    )
    updated_after = forms.DateField(
        label="Edited from",
        required=False,
        validators=DATE_RANGE,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    updated_before = forms.DateField(
        label="Edited until",
        required=False,
        validators=DATE_RANGE,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_section(self):
        path = self.cleaned_data["section"].strip().strip("/")
        if not path:
            return None
        section = (
            Article.objects.visible_to(self.user)
            .filter(path=path)
            .only("title", "path", "tree_id", "lft", "rght")
            .first()
        )
        if section is None:
            raise forms.ValidationError(f"There is no article at “/{path}/”.")
        return section

    def clean_author(self):
        username = self.cleaned_data["author"].strip()
        if not username:
            return None
        author = User.objects.filter(username=username).first()
        if author is None:
            raise forms.ValidationError(f"No one has the username “{username}”.")
        return author

    def clean_tag(self):
        # The slug is the tag's identity; an unknown one simply matches nothing (whether a tag
        # exists only on articles you can't read is not for this form to say).
        typed = self.cleaned_data["tag"].strip()
        slug = tag_slug(typed)
        if typed and not slug:
            raise forms.ValidationError(f"“{typed}” can't be a tag: tags have letters or digits.")
        return slug or None

    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("updated_after"), cleaned.get("updated_before")
        if after and before and after > before:
            self.add_error("updated_before", "This date is before the “from” date.")
        return cleaned

    @property
    def has_filters(self):
        return any(self.cleaned_data.get(name) for name in self.fields if name != "q")
