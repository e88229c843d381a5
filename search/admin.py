from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from search.models import FailedSearch


@admin.register(FailedSearch)
class FailedSearchAdmin(admin.ModelAdmin):
    """Knowledge gaps: what people looked for most often and found nothing about.

    Read-only; delete a row once an article answers it (it comes back if searches still fail).
    """

    list_display = ["query", "count", "last_seen", "first_seen", "search_now"]
    ordering = ["-count", "-last_seen"]
    search_fields = ["query"]
    list_filter = ["last_seen"]
    readonly_fields = ["query", "count", "first_seen", "last_seen"]

    @admin.display(description="Try it")
    def search_now(self, failed):
        url = reverse("search:results") + "?" + urlencode({"q": failed.query})
        return format_html('<a href="{}">Search again</a>', url)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
