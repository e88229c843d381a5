from django import forms

from articles.models import Article
from notifications.models import NotificationSettings


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["email", "follow_on_create", "follow_on_edit", "follow_on_comment"]
        widgets = {"email": forms.RadioSelect}


class FollowForm(forms.Form):
    """Follow or unfollow an article the user may read (``article`` is an id)."""

    article = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    follow = forms.TypedChoiceField(
        choices=[("1", "follow"), ("0", "unfollow")], coerce=lambda value: value == "1"
    )
    next = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_article(self):
        article = Article.objects.visible_to(self.user).filter(pk=self.cleaned_data["article"])
        article = article.first()
        if article is None:
            raise forms.ValidationError("That article doesn't exist or you can't see it.")
        return article


class MarkReadForm(forms.Form):
    """Mark one notification (``notification``) or, without it, all of them as read."""

    notification = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
