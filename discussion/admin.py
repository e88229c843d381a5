"""Comments, reports and the moderation log in the Django admin. Bulk actions go through
discussion.services, so counts stay right and the log is written."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef

from discussion import services
from discussion.models import Comment, CommentEdit, CommentReport, ModerationLog


class ReportedFilter(admin.SimpleListFilter):
    title = "reports"
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("open", "Open reports"), ("any", "Ever reported")]

    def queryset(self, request, queryset):
        reports = CommentReport.objects.filter(comment=OuterRef("pk"))
        if self.value() == "open":
            return queryset.filter(Exists(reports.filter(closed_at__isnull=True)))
        if self.value() == "any":
            return queryset.filter(Exists(reports))
        return queryset


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("shown", "Shown"), ("hidden", "Hidden"), ("deleted", "Removed")]

    def queryset(self, request, queryset):
        if self.value() == "shown":
            return queryset.shown()
        if self.value() == "hidden":
            return queryset.filter(hidden_at__isnull=False)
        if self.value() == "deleted":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


class CommentEditInline(admin.TabularInline):
    model = CommentEdit
    extra = 0
    can_delete = False
    fields = ["written_at", "replaced_at", "body"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class CommentReportInline(admin.TabularInline):
    model = CommentReport
    extra = 0
    can_delete = False
    fields = ["reporter", "reason", "created_at", "closed_at", "closed_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "author", "created_at", "state", "open_reports"]
    list_filter = [ReportedFilter, StateFilter, "created_at", "article", "author"]
    list_select_related = ["article", "author"]
    search_fields = ["body", "author__username", "author__display_name", "article__title"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    actions = ["hide", "unhide", "remove"]
    inlines = [CommentEditInline, CommentReportInline]
    # Changes go through the page or the actions (counts and log); the record is read-only.
    readonly_fields = [
        "article",
        "author",
        "thread",
        "parent",
        "reply_to",
        "depth",
        "body",
        "revision_number",
        "created_at",
        "edited_at",
        "deleted_at",
        "hidden_at",
        "hidden_by",
        "hidden_reason",
        "resolved_at",
        "resolved_by",
    ]
    exclude = ["body_html"]

    def get_queryset(self, request):
        open_reports = CommentReport.objects.filter(comment=OuterRef("pk"), closed_at__isnull=True)
        return super().get_queryset(request).annotate(has_open_reports=Exists(open_reports))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # comments are removed (a placeholder stays), never deleted outright

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="state")
    def state(self, comment):
        if comment.is_deleted:
            return "removed"
        return "hidden" if comment.is_hidden else "shown"

    @admin.display(description="reported", boolean=True)
    def open_reports(self, comment):
        return comment.has_open_reports

    def _each(self, request, queryset, change, done):
        count = 0
        try:
            for comment in queryset.select_related("article"):
                change(comment)
                count += 1
        except PermissionDenied as denied:
            self.message_user(request, str(denied), messages.ERROR)
        self.message_user(request, f"{count} comment{'s' if count != 1 else ''} {done}.")

    @admin.action(description="Hide selected comments", permissions=["change"])
    def hide(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda c: services.hide_comment(comment=c, moderator=request.user, reason="admin"),
            "hidden",
        )

    @admin.action(description="Unhide selected comments", permissions=["change"])
    def unhide(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda c: services.unhide_comment(comment=c, moderator=request.user, note="admin"),
            "unhidden",
        )

    @admin.action(description="Remove selected comments", permissions=["change"])
    def remove(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda c: services.delete_comment(comment=c, actor=request.user, note="admin"),
            "removed",
        )


@admin.register(CommentReport)
class CommentReportAdmin(admin.ModelAdmin):
    list_display = ["comment", "reporter", "reason", "created_at", "closed_at"]
    list_filter = [("closed_at", admin.EmptyFieldListFilter), "created_at"]
    list_select_related = ["comment__author", "comment__article", "reporter"]
    search_fields = ["reason", "reporter__username", "comment__body"]
    readonly_fields = ["comment", "reporter", "reason", "created_at", "closed_at", "closed_by"]

    def has_add_permission(self, request):
        return False


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "moderator", "action", "comment", "note"]
    list_filter = ["action", "created_at", "moderator"]
    list_select_related = ["moderator", "comment__author", "comment__article"]
    search_fields = ["note", "moderator__username", "comment__body"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
