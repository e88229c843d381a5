"""Owners, intervals, feedback, reports and view counts in the Django admin.

Owner and interval changes go through ``review.services.change_settings`` so every article
below inherits them at once, exactly as from the article's own form.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from review import services
from review.models import ArticleReview, ArticleViewDay, DigestLog, HelpfulVote, OutdatedReport


class ArticleReviewForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            # The service's own rules, so a refusal is a form error, not a "saved" page.
            services.check_settings(
                article=self.instance.article,
                users=list(cleaned["owner_users"]),
                groups=list(cleaned["owner_groups"]),
                interval_days=cleaned["interval_days"],
            )
        return cleaned


@admin.register(ArticleReview)
class ArticleReviewAdmin(admin.ModelAdmin):
    form = ArticleReviewForm
    list_display = [
        "article",
        "owner_names",
        "effective_interval_days",
        "last_verified_at",
        "due_at",
        "helpful_yes",
        "helpful_no",
        "open_reports",
    ]
    list_filter = ["has_owners", ("due_at", admin.EmptyFieldListFilter)]
    search_fields = ["article__title", "article__path", "owner_names"]
    autocomplete_fields = ["owner_users"]
    filter_horizontal = ["owner_groups"]
    fields = [
        "article",
        "owner_users",
        "owner_groups",
        "interval_days",
        "owner_names",
        "effective_interval_days",
        "last_verified_at",
        "last_verified_by",
        "due_at",
        "helpful_yes",
        "helpful_no",
        "open_reports",
    ]
    readonly_fields = [
        "article",
        "owner_names",
        "effective_interval_days",
        "last_verified_at",
        "last_verified_by",
        "due_at",
        "helpful_yes",
        "helpful_no",
        "open_reports",
    ]
    list_select_related = ["article"]

    def has_add_permission(self, request):
        return False  # every article gets its row when it is created

    def save_related(self, request, form, formsets, change):
        # Through the service, so the subtree's inherited owners and due dates follow.
        try:
            services.change_settings(
                article=form.instance.article,
                users=list(form.cleaned_data["owner_users"]),
                groups=list(form.cleaned_data["owner_groups"]),
                interval_days=form.cleaned_data["interval_days"],
                by=request.user,
            )
        except ValidationError as error:  # the owners above changed since the form was checked
            self.message_user(request, " ".join(error.messages), level="error")

    def save_model(self, request, obj, form, change):
        pass  # saved by save_related, through the service


@admin.register(OutdatedReport)
class OutdatedReportAdmin(admin.ModelAdmin):
    list_display = ["article", "reporter", "created_at", "closed_at", "closed_by"]
    list_filter = [("closed_at", admin.EmptyFieldListFilter)]
    search_fields = ["article__title", "note"]
    list_select_related = ["article", "reporter", "closed_by"]
    readonly_fields = ["article", "reporter", "created_at", "closed_by", "closed_at"]


@admin.register(HelpfulVote)
class HelpfulVoteAdmin(admin.ModelAdmin):
    list_display = ["article", "helpful", "voted_at"]
    list_filter = ["helpful"]
    search_fields = ["article__title"]
    list_select_related = ["article"]
    # Who voted is not shown, even here.
    fields = readonly_fields = ["article", "helpful", "voted_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ArticleViewDay)
class ArticleViewDayAdmin(admin.ModelAdmin):
    list_display = ["article", "day", "views"]
    date_hierarchy = "day"
    search_fields = ["article__title"]
    list_select_related = ["article"]
    readonly_fields = ["article", "day", "views"]

    def has_add_permission(self, request):
        return False


@admin.register(DigestLog)
class DigestLogAdmin(admin.ModelAdmin):
    list_display = ["user", "sent_at"]
    readonly_fields = ["user", "sent_at"]
