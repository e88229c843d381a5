"""Moderation of the article tree in the Django admin.

Everything that changes an article goes through ``articles.services`` — the same code the
wiki uses — so the admin can't skip revisions, path updates, redirects or the tree lock:
drag-and-drop moves call ``move_article``; reversion's revert and recover views hand over to
Lore's own revert page and trash (reversion's ``Version.revert()`` would re-save a row built
from the stored title/slug/body alone, wiping the tree fields and the rendered HTML).
"""

from django import forms, http
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from mptt.admin import DraggableMPTTAdmin
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles import access, services
from articles.models import Article, ArticleRedirect, ArticleRevision, Restriction, Tag


class LiveFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("live", "Live"), ("trash", "In the trash")]

    def queryset(self, request, queryset):
        if self.value() == "live":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "trash":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


@admin.register(Article)
class ArticleAdmin(DraggableMPTTAdmin, VersionAdmin):
    list_display = ("tree_actions", "indented_title", "path", "updated_by", "updated_at", "state")
    list_display_links = ("indented_title",)
    list_filter = (LiveFilter, ("parent", admin.EmptyFieldListFilter), "updated_at")
    search_fields = ("title", "path")
    list_select_related = ("updated_by",)
    readonly_fields = (
        "title",
        "slug",
        "path",
        "parent",
        "body",
        "revision_number",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
        "deleted_at",
        "deleted_by",
        "open_in_wiki",
    )
    fields = readonly_fields
    mptt_level_indent = 18

    @admin.display(description="state")
    def state(self, article):
        return "in trash" if article.deleted_at else "live"

    @admin.display(description="In the wiki")
    def open_in_wiki(self, article):
        if article.deleted_at:
            return format_html('<a href="{}">In the trash</a>', reverse("articles:trash"))
        return format_html(
            '<a href="{}">View</a> · <a href="{}">Edit</a> · <a href="{}">Move</a>',
            article.get_absolute_url(),
            reverse("articles:edit", kwargs={"path": article.path}),
            reverse("articles:move", kwargs={"path": article.path}),
        )

    def has_add_permission(self, request):
        # New articles are written in the wiki, where they get a first revision.
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting is the trash (wiki) and purging it (the trash page, admins only).
        return False

    def _move_node(self, request):
        queryset = self.get_queryset(request)
        try:
            cut_item = queryset.get(pk=request.POST.get("cut_item"))
            pasted_on = queryset.get(pk=request.POST.get("pasted_on"))
        except (Article.DoesNotExist, TypeError, ValueError):
            self.message_user(request, "Those articles have gone; reload.", messages.ERROR)
            return http.HttpResponse("FAIL, invalid objects.")
        if not self.has_change_permission(request, cut_item):
            self.message_user(request, "No permission.", messages.ERROR)
            return http.HttpResponse("FAIL, no permission.")
        try:
            services.move_article(
                article=cut_item,
                target=pasted_on,
                position=request.POST.get("position"),
                author=request.user,
            )
        except ValidationError as exc:
            self.message_user(request, exc.messages[0], messages.ERROR)
            return http.HttpResponse("FAIL, invalid move.")
        self.message_user(request, f"“{cut_item}” has been moved.")
        return http.HttpResponse("OK, moved.")

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = get_object_or_404(Article.objects.live(), pk=object_id)
        meta = get_object_or_404(ArticleRevision, article=article, revision__version__pk=version_id)
        return redirect("articles:revert", path=article.path, number=meta.number)

    def recoverlist_view(self, request, extra_context=None):
        return redirect("articles:trash")

    def recover_view(self, request, version_id, extra_context=None):
        get_object_or_404(Version, pk=version_id)
        return redirect("articles:trash")


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(admin.ModelAdmin):
    list_display = ("article", "number", "kind", "author", "date", "size_delta", "summary")
    list_filter = ("kind", "revision__date_created")
    search_fields = ("article__title", "article__path", "revision__comment")
    list_select_related = ("article", "revision__user")
    readonly_fields = ("article", "number", "kind", "title", "size", "size_delta", "detail")
    exclude = ("revision",)

    @admin.display(ordering="revision__user")
    def author(self, meta):
        return meta.revision.user

    @admin.display(ordering="revision__date_created")
    def date(self, meta):
        return meta.revision.date_created

    def summary(self, meta):
        return meta.revision.comment

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    list_display = ("old_path", "article", "created_at")
    search_fields = ("old_path", "article__path")
    raw_id_fields = ("article",)


@admin.register(Restriction)
class RestrictionAdmin(admin.ModelAdmin):
    list_display = ("article", "read_summary", "edit_summary", "updated_by", "updated_at")
    search_fields = ("article__title", "article__path", "read_summary", "edit_summary")
    autocomplete_fields = ("read_users", "edit_users")
    filter_horizontal = ("read_groups", "edit_groups")
    raw_id_fields = ("article",)
    readonly_fields = ("updated_by", "updated_at")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        restriction = form.instance
        # The same bookkeeping as services.set_restriction: flags, summaries, article roots.
        services.set_restriction(
            article=restriction.article,
            read_users=list(restriction.read_users.all()),
            read_groups=list(restriction.read_groups.all()),
            edit_users=list(restriction.edit_users.all()),
            edit_groups=list(restriction.edit_groups.all()),
            author=request.user,
        )

    def delete_model(self, request, obj):
        article = obj.article
        super().delete_model(request, obj)
        access.refresh_roots(article)


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name"]

    def clean_name(self):
        try:
            name, slug = Tag.normalise(self.cleaned_data["name"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        clash = Tag.objects.filter(slug=slug).exclude(pk=self.instance.pk).first()
        if clash is not None:
            raise forms.ValidationError(
                f"“{clash.name}” is already spelt that way; merge the two tags instead."
            )
        self.instance.slug = slug
        return name


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Tags are made while editing articles; here they can be renamed and merged."""

    form = TagAdminForm
    list_display = ("name", "slug", "article_count")
    search_fields = ("name", "slug")
    readonly_fields = ("slug",)
    actions = ["merge"]

    def get_queryset(self, request):
        # Every article, live or trashed: this is for staff.
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, tag):
        return tag.article_count

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        old_slug = Tag.objects.filter(pk=obj.pk).values_list("slug", flat=True).first()
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            services.tag_renamed(tag=obj, old_slug=old_slug)

    def delete_model(self, request, obj):
        services.delete_tags(tags=[obj])

    def delete_queryset(self, request, queryset):
        services.delete_tags(tags=list(queryset))

    @admin.action(description="Merge the selected tags into the most used one")
    def merge(self, request, queryset):
        tags = sorted(queryset, key=lambda tag: (-tag.article_count, tag.pk))
        if len(tags) < 2:
            self.message_user(request, "Select at least two tags to merge.", messages.WARNING)
            return
        moved = services.merge_tags(into=tags[0], others=tags[1:])
        names = ", ".join(f"“{tag.name}”" for tag in tags[1:])
        self.message_user(request, f"Merged {names} into “{tags[0].name}” ({moved} articles).")
