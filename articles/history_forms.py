"""Forms for the history pages: which two revisions to compare, and confirming a revert."""

from django import forms

NOT_A_NUMBER = "Revision numbers are whole numbers, like 3."


class DiffForm(forms.Form):
    """``?from=<n>&to=<n>&mode=side|inline&context=all`` for one article.

    Both numbers are optional: a missing ``to`` means the current revision and a missing
    ``from`` the one before ``to``, so a bare ``_diff/`` link shows the latest change.
    Revision numbers run from 1 to ``article.revision_number`` without gaps (every write
    in ``articles.services`` records exactly one), so range-checking them is checking
    that they belong to this article.
    """

    MODES = [("side", "Side by side"), ("inline", "Inline")]
    CONTEXTS = [("", "Only the changes"), ("all", "The whole text")]

    to = forms.IntegerField(
        required=False, label="To revision", error_messages={"invalid": NOT_A_NUMBER}
    )
    mode = forms.ChoiceField(choices=MODES, required=False)
    context = forms.ChoiceField(choices=CONTEXTS, required=False)

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        # "from" is a Python keyword, so it can't be a class attribute.
        self.fields["from"] = forms.IntegerField(
            required=False, label="From revision", error_messages={"invalid": NOT_A_NUMBER}
        )
        self.order_fields(["from", "to", "mode", "context"])

    def _check_number(self, name):
        number = self.cleaned_data.get(name)
        latest = self.article.revision_number
        if number is not None and not 1 <= number <= latest:
            raise forms.ValidationError(
                "“%(title)s” has revisions 1 to %(latest)s; there is no revision %(number)s.",
                code="unknown_revision",
                params={"title": self.article.title, "latest": latest, "number": number},
            )
        return number

    def clean_to(self):
        return self._check_number("to")

    def clean_from(self):
        return self._check_number("from")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        new = cleaned.get("to") or self.article.revision_number
        old = cleaned.get("from") or max(new - 1, 1)
        # Comparing "backwards" still reads oldest → newest.
        cleaned["from"], cleaned["to"] = min(old, new), max(old, new)
        cleaned["mode"] = cleaned.get("mode") or "side"
        return cleaned

    @property
    def whole_text(self):
        return self.cleaned_data["context"] == "all"


class RevertForm(forms.Form):
    """The confirmation of a revert, tied to the revision the user was looking at.

    A revert never loses anything, but it should not silently undo an edit saved after the
    user opened the confirmation page and so never saw: then they are asked again.
    """

    base_revision = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "That confirmation was incomplete. Please confirm again.",
            "invalid": "That confirmation was incomplete. Please confirm again.",
        },
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["base_revision"].initial = article.revision_number

    def clean_base_revision(self):
        base = self.cleaned_data["base_revision"]
        if base != self.article.revision_number:
            raise forms.ValidationError(
                "Someone saved “%(title)s” since you opened this page: it is now at revision "
                "%(latest)s. Check the history, then confirm again.",
                code="stale",
                params={"title": self.article.title, "latest": self.article.revision_number},
            )
        return base
