from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Profile", {"fields": ("display_name", "job_title", "team", "bio")}),
    )
    list_display = ("username", "display_name", "email", "team", "is_active", "is_staff")
    search_fields = ("username", "display_name", "first_name", "last_name", "email", "team")
