from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
