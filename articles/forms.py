from django import forms
from django.contrib.auth.models import Group
from django.core.validators import validate_unicode_slug

from accounts.models import User
from articles.models import MAX_SLUG_LENGTH, MAX_TAG_CHARS, MAX_TAGS, Article, Tag
from articles.services import MOVE_POSITIONS, check_body


def clean_slug_value(slug):
    slug = slug.strip().lower()
    if not slug:
        return slug
    if slug.startswith("_"):
        raise forms.ValidationError(
            "An address can't start with “_”: those are reserved for actions like _edit."
        )
    validate_unicode_slug(slug)
    return slug


class TagsField(forms.CharField):
    """Comma-separated tags → ``[(name, slug)]`` (``Tag.parse_list``); the text is kept on
    error. Works as a plain text field; static/js/tags.js adds suggestions."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"autocomplete": "off", "spellcheck": "false", "data-tags-input": ""}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value) or ""
        if len(text) > MAX_TAGS * (MAX_TAG_CHARS + 2):
            raise forms.ValidationError(
                f"That is too much for {MAX_TAGS} tags of at most {MAX_TAG_CHARS} characters."
            )
        return Tag.parse_list(text)


def tags_text(tags):
    """Tags as the tags field shows them."""
    return ", ".join(tag.name for tag in tags)


class ArticleForm(forms.Form):
    """Create or edit an article. ``base_revision`` is the revision the editor started from,
    so the save can detect (and merge or refuse) edits made in between."""

    title = forms.CharField(max_length=200, strip=True)
    slug = forms.CharField(
        max_length=MAX_SLUG_LENGTH,
        required=False,
        label="Address",
        help_text="The last part of the URL. Leave empty to make one from the title.",
    )
    body = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        validators=[check_body],
        label="Text (Markdown)",
    )
    tags = TagsField(
        label="Tags",
        help_text=f"Separated by commas, like “deploy, on-call”. Up to {MAX_TAGS}.",
    )
    summary = forms.CharField(
        max_length=500,
        required=False,
        label="Edit summary",
        help_text="Briefly, what you changed and why.",
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean_slug(self):
        return clean_slug_value(self.cleaned_data["slug"])

    def clean_tags(self):
        # A post without the field (an older form, a script) leaves the tags as they are.
        return self.cleaned_data["tags"] if "tags" in self.data else None

    def clean_body(self):
        # Browsers post CRLF; store LF so diffs and merges compare like with like.
        return self.cleaned_data["body"].replace("\r\n", "\n")


class NewArticleForm(ArticleForm):
    parent = forms.CharField(
        required=False,
        label="Inside",
        help_text="The address of the parent article; empty for a new top-level section.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        del self.fields["base_revision"]

    def clean_parent(self):
        path = self.cleaned_data["parent"].strip().strip("/")
        if not path:
            return None
        parent = Article.objects.editable_by(self.user).filter(path=path).first()
        if parent is None:
            raise forms.ValidationError(f"There is no article at “{path}” you can add to.")
        return parent


class PreviewForm(forms.Form):
    body = forms.CharField(required=False, strip=False, validators=[check_body])


class MoveForm(forms.Form):
    POSITION_CHOICES = [
        ("last-child", "Inside it, as the last sub-article"),
        ("first-child", "Inside it, as the first sub-article"),
        ("left", "Just before it, beside it"),
        ("right", "Just after it, beside it"),
    ]
    target = forms.CharField(
        required=False,
        label="Target article",
        help_text="The address of an article, e.g. engineering/guides. "
        "Leave empty to make this a top-level section.",
    )
    position = forms.ChoiceField(choices=POSITION_CHOICES, initial="last-child")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_target(self):
        path = self.cleaned_data["target"].strip().strip("/")
        if not path:
            return None
        target = Article.objects.editable_by(self.user).filter(path=path).first()
        if target is None:
            raise forms.ValidationError(f"There is no article at “{path}” you can move to.")
        return target

    def clean_position(self):
        position = self.cleaned_data["position"]
        assert position in MOVE_POSITIONS
        return position


class UsernamesField(forms.CharField):
    """Usernames separated by commas or spaces → a list of active users."""

    def clean(self, value):
        names = set(str(super().clean(value) or "").replace(",", " ").split())
        users = list(User.objects.filter(username__in=names, is_active=True))
        unknown = names - {user.username for user in users}
        if unknown:
            raise forms.ValidationError(
                "No active account has the username "
                + ", ".join(f"“{name}”" for name in sorted(unknown))
                + "."
            )
        return users


class RestrictionForm(forms.Form):
    read_groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Groups who may read",
    )
    read_users = UsernamesField(
        required=False,
        label="People who may read",
        help_text="Usernames, separated by commas. Leave both read lists empty to let "
        "everyone who can see the section above read it.",
    )
    edit_groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Groups who may edit",
    )
    edit_users = UsernamesField(
        required=False,
        label="People who may edit",
        help_text="Leave both edit lists empty to let every reader with the Editor role edit.",
    )
