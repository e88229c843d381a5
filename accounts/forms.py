from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.contrib.auth.models import Group
from django.db.models import Q

from accounts import avatars, services
from accounts.models import Invitation, Role, User, role_group
from articles import access
from articles.models import Article

MAX_SEARCH_LENGTH = 100
# Guests never moderate: that would let them invite people and manage restrictions.
GUEST_ROLES = (Role.READER, Role.EDITOR)


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with one message for every failure so it never tells
    whether an account exists."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That username and password don't match an active account. "
        "Check both and try again.",
    }
    username = forms.CharField(
        label="Username or email",
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


def _email_not_taken(email):
    if User.objects.filter(email__iexact=email).exists():
        raise forms.ValidationError(
            "Someone already has an account with this email address. They can sign in, or "
            "reset their password from the sign-in page."
        )
    return email


class InvitationForm(forms.Form):
    """What an invitation grants. Every choice is limited to what the inviter may give: roles
    up to their own, sections they can see (a tampered id is refused, not granted)."""

    email = forms.EmailField(label="Email address")
    kind = forms.ChoiceField(
        label="Joins as",
        choices=Invitation.Kind.choices,
        initial=Invitation.Kind.EMPLOYEE,
        widget=forms.RadioSelect,
        help_text="Employees see everything that isn't restricted. Guests see only the "
        "sections you choose below.",
    )
    role = forms.ModelChoiceField(
        label="Role",
        queryset=Group.objects.none(),
        required=False,
        empty_label=None,
        help_text="Readers read; Editors also write. A guest can be a Reader or an Editor, "
        "within their sections.",
    )
    sections = forms.ModelMultipleChoiceField(
        label="Sections the guest may see",
        queryset=Article.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    paths = forms.CharField(
        label="Or deeper articles (guests)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "clients/acme\nclients/globex"}),
        help_text="One address per line. The guest sees each article and everything under it.",
    )

    def __init__(self, *args, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        self.inviter = inviter
        grantable = Role.ALL if access.access_for(inviter).is_admin else Role.ALL[:3]
        self.fields["role"].queryset = Group.objects.filter(name__in=grantable).order_by("pk")
        self.fields["role"].initial = Group.objects.filter(name=Role.EDITOR).first()
        self.fields["sections"].queryset = (
            Article.objects.visible_to(inviter).sections().only("title", "path").order_by("title")
        )

    def clean_email(self):
        return _email_not_taken(User.objects.normalize_email(self.cleaned_data["email"]))

    def clean_paths(self):
        paths = {line.strip().strip("/") for line in self.cleaned_data["paths"].splitlines()}
        paths.discard("")
        found = list(
            Article.objects.visible_to(self.inviter).filter(path__in=paths).only("title", "path")
        )
        missing = paths - {article.path for article in found}
        if missing:
            listed = ", ".join(f"“{path}”" for path in sorted(missing))
            raise forms.ValidationError(f"There is no article you can see at {listed}.")
        return found

    def clean(self):
        data = super().clean()
        if not data.get("role") and not self.has_error("role"):
            data["role"] = role_group(Role.EDITOR)
        if data.get("kind") == Invitation.Kind.GUEST:
            chosen = [*data.get("sections", []), *data.get("paths", [])]
            if not chosen and not (self.has_error("sections") or self.has_error("paths")):
                self.add_error("sections", "Choose at least one section the guest may see.")
            data["sections"] = chosen
            if data.get("role") and data["role"].name not in GUEST_ROLES:
                self.add_error("role", "A guest can be a Reader or an Editor.")
        else:
            data["sections"] = []
        data.pop("paths", None)
        return data


class NewAccountForm(UserCreationForm):
    """Username, name and password (twice, checked by AUTH_PASSWORD_VALIDATORS against the
    instance's email too)."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name")
        help_texts = {
            "username": "Letters, digits and @ . + - _ only. You can sign in with it or with "
            "your email address.",
            "display_name": "How colleagues see you, e.g. “Dana Fox”.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True


class SignupForm(NewAccountForm):
    class Meta(NewAccountForm.Meta):
        fields = ("email", "username", "display_name")
        labels = {"email": "Work email address"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["email"].widget.attrs["autofocus"] = True

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if not services.email_domain_allowed(email):
            domains = " or ".join(f"@{domain}" for domain in settings.LORE_SIGNUP_DOMAINS)
            raise forms.ValidationError(
                f"Only company addresses ({domains}) can sign up here. Anyone else joins by "
                "invitation: ask a moderator to invite you."
            )
        return _email_not_taken(email)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("display_name", "first_name", "last_name", "job_title", "team", "bio", "avatar")
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "bio": "A few lines: what you work on, what people can ask you about.",
            "avatar": "A square-ish PNG, JPEG, GIF or WebP up to 2 MB. Without one, your "
            "initials are shown.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["avatar"].widget.attrs["accept"] = "image/png,image/jpeg,image/gif,image/webp"

    def clean_avatar(self):
        avatar = self.cleaned_data.get("avatar")
        if avatar and hasattr(avatar, "content_type"):  # a new upload, not the current file
            return avatars.reencode(avatar)
        return avatar


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label="Find people", required=False, max_length=MAX_SEARCH_LENGTH)

    def filter(self, people):
        query = self.cleaned_data.get("q", "").strip() if self.is_valid() else ""
        for word in query.split():
            people = people.filter(
                Q(username__icontains=word)
                | Q(display_name__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(team__icontains=word)
                | Q(job_title__icontains=word)
            )
        return people
