from django.contrib import admin

from notifications.models import Follow, Notification, NotificationSettings


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["summary", "recipient", "kind", "count", "updated_at", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter), "updated_at"]
    search_fields = ["summary", "recipient__username", "article__title"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "actor", "article"]
    date_hierarchy = "updated_at"


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "article", "created_at"]
    search_fields = ["user__username", "article__title", "article__path"]
    list_select_related = ["user", "article"]
    raw_id_fields = ["user", "article"]


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "user", "email", "follow_on_create", "follow_on_edit", "follow_on_comment",
        "last_digest_at",
    ]  # fmt: skip
    list_filter = ["email"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
