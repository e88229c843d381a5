"""Every input to the discussion: comment text, reasons, the thread page number."""

from django import forms
from django.conf import settings


class ThreadPageForm(forms.Form):
    """``?comments=<n>`` on an article page: which page of threads to show."""

    comments = forms.IntegerField(required=False, min_value=1, max_value=100_000)


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "Write a comment (Markdown)"}),
        error_messages={"required": "Write something first: the comment is empty."},
    )

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n")
        if not body.strip():
            raise forms.ValidationError("Write something first: the comment is empty.")
        limit = settings.LORE_MAX_COMMENT_CHARS
        if len(body) > limit:
            raise forms.ValidationError(
                f"A comment can be at most {limit:,} characters; this one has {len(body):,}. "
                "Shorten it, or put the long part in an article and link to it."
            )
        return body


class ReasonForm(forms.Form):
    """Why a comment is reported (required) or hidden (optional)."""

    reason = forms.CharField(label="Reason", max_length=500, required=False)

    def __init__(self, *args, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if required:
            self.fields["reason"].error_messages["required"] = (
                "Say what is wrong with the comment, so a moderator can judge it."
            )


class ResolveForm(forms.Form):
    resolved = forms.BooleanField(required=False)
