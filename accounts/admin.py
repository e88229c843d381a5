"""People in the Django admin: filters, guest grants inline, bulk deactivate and add to group,
invitations and signed-in sessions. Sign-in lockouts are django-axes' "Access attempts"
(delete an entry to unlock that account)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.template.response import TemplateResponse
from django.utils.html import format_html

from accounts import services, sessions
from accounts.models import GuestGrant, Invitation, User, UserSession


class GuestGrantInline(admin.TabularInline):
    model = GuestGrant
    fk_name = "user"
    extra = 0
    autocomplete_fields = ("article",)
    readonly_fields = ("granted_at", "granted_by")
    verbose_name = "section this guest may see"
    verbose_name_plural = "sections this guest may see (guests only)"


class AddToGroupForm(forms.Form):
    group = forms.ModelChoiceField(queryset=Group.objects.order_by("name"))


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Profile", {"fields": ("display_name", "job_title", "team", "bio", "avatar")}),
        ("Guest access", {"fields": ("is_guest",)}),
    )
    list_display = (
        "username",
        "display_name",
        "email",
        "team",
        "is_guest",
        "is_active",
        "is_staff",
        "last_login",
    )
    list_filter = ("is_guest", "is_active", "is_staff", "is_superuser", "groups")
    search_fields = ("username", "display_name", "first_name", "last_name", "email", "team")
    inlines = [GuestGrantInline]
    actions = ["deactivate", "add_to_group"]

    def save_formset(self, request, form, formset, change):
        for grant in formset.save(commit=False):
            if isinstance(grant, GuestGrant) and grant.granted_by_id is None:
                grant.granted_by = request.user
            grant.save()
        for removed in formset.deleted_objects:
            removed.delete()
        formset.save_m2m()

    @admin.action(description="Deactivate selected people (signs them out at once)")
    def deactivate(self, request, queryset):
        people = queryset.exclude(pk=request.user.pk)
        if people.count() < queryset.count():
            self.message_user(request, "You can't deactivate yourself.", messages.WARNING)
        count = services.deactivate(people)
        self.message_user(request, f"Deactivated {count} {'person' if count == 1 else 'people'}.")

    @admin.action(description="Add selected people to a group…")
    def add_to_group(self, request, queryset):
        form = AddToGroupForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            group = form.cleaned_data["group"]
            group.user_set.add(*queryset)
            self.message_user(request, f"Added {queryset.count()} to “{group.name}”.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Add people to a group",
            "form": form,
            "people": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "accounts/admin_add_to_group.html", context)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "kind", "role", "created_by", "created_at", "expires_at", "status")
    list_filter = ("kind", "role", "created_at")
    search_fields = ("email", "created_by__username", "accepted_user__username")
    list_select_related = ("role", "created_by", "accepted_user")
    autocomplete_fields = ("sections",)
    readonly_fields = ("link", "created_by", "created_at", "accepted_at", "accepted_user")
    fields = ("email", "kind", "role", "sections", "expires_at", *readonly_fields)
    actions = ["revoke"]

    @admin.display(description="status")
    def status(self, invitation):
        if invitation.is_used:
            return "Accepted"
        return "Expired" if invitation.is_expired else "Pending"

    @admin.display(description="link (works once)")
    def link(self, invitation):
        if not invitation.pk:
            return "Shown once saved."
        return format_html("<code>{}</code>", invitation.get_absolute_url())

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Revoke selected invitations")
    def revoke(self, request, queryset):
        for invitation in queryset:
            services.revoke_invitation(invitation)
        self.message_user(request, "The selected invitations no longer work.")


@admin.register(GuestGrant)
class GuestGrantAdmin(admin.ModelAdmin):
    list_display = ("user", "article", "granted_by", "granted_at")
    list_select_related = ("user", "article", "granted_by")
    search_fields = ("user__username", "user__email", "article__title", "article__path")
    autocomplete_fields = ("user", "article")
    readonly_fields = ("granted_by", "granted_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    list_display = ("user", "device", "ip_address", "created_at", "last_seen")
    list_select_related = ("user",)
    search_fields = ("user__username", "ip_address")
    readonly_fields = ("user", "session_key", "user_agent", "ip_address", "created_at", "last_seen")
    actions = ["sign_out"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Sign out of the selected sessions")
    def sign_out(self, request, queryset):
        for row in queryset:
            sessions.end_session(row.session_key)
        self.message_user(request, "Signed out.")
