"""The library's admin: search and filters, several uploads at once, where each picture is used.

Deleting a picture any page or person uses is refused on the delete page itself (a foreign key's PROTECT covers
the live columns; ``get_deleted_objects`` adds drafts and text). Replacing a used picture's file or changing its
alt text needs a confirmation, writes a note in each page's review history and is logged.
"""

import logging
from pathlib import Path
from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from editorial import workflow
from library import usage, views
from library.forms import DocumentForm, ImageForm, UploadImagesForm
from library.models import Document, Image, Tag

logger = logging.getLogger(__name__)
URL_FIELDS: dict[type[models.Field], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


def chosen_picture(image: Image | None) -> str:
    """Return the thumbnail, alt text and provenance of a page's chosen picture, for its change form."""
    if image is None:
        return "None chosen. Choose one from the media library, or add one with the + button."
    alt = image.alt_text or ("Decorative" if image.decorative else "No alt text yet: a live page will not show it")
    return format_html(
        '<img src="{}" width="160" alt="" class="library-preview"><br>Alt text: {}<br>Credit: {} · Licence: {}',
        image.url,
        alt,
        image.credit or "missing",
        image.licence_text,
    )


class UploaderFilter(admin.RelatedOnlyFieldListFilter):
    """The people who uploaded something, headed "By uploader" (the field's own name would read "By uploaded by")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = "uploader"


class UnusedFilter(admin.SimpleListFilter):
    title = "use"
    parameter_name = "use"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("unused", "Unused")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "unused":
            return queryset.filter(pk__in=usage.unused_ids())
        return queryset


class MissingFilter(admin.SimpleListFilter):
    title = "what is missing"
    parameter_name = "missing"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("alt", "Alt text"), ("credit", "Credit")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "alt":
            return queryset.missing_alt()  # type: ignore[attr-defined]  # the changelist's queryset is an ImageQuerySet
        if self.value() == "credit":
            return queryset.missing_credit()  # type: ignore[attr-defined]  # as above
        return queryset


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    formfield_overrides = URL_FIELDS
    change_list_template = "admin/library/image/change_list.html"

    class Media:
        css = {"all": ["library/admin.css"]}
        # Names the tag autocomplete's boxes for screen readers (and warns before leaving unsaved edits).
        js = ["js/editorial-admin.js"]

    list_display = ("thumbnail", "title", "alt_status", "credit", "licence", "uploaded_by", "uploaded_at")
    list_display_links = ("title",)  # one link per row: the thumbnail beside it is decoration
    list_filter = ("tags", ("uploaded_by", UploaderFilter), UnusedFilter, MissingFilter, "licence")
    list_select_related = ("uploaded_by",)
    search_fields = ("title", "alt_text", "caption", "credit", "tags__name")
    autocomplete_fields = ("tags",)
    readonly_fields = ("preview", "dimensions", "uploaded_by", "uploaded_at", "where_used")
    fieldsets = (
        (None, {"fields": ("preview", "file", "title", "dimensions")}),
        ("For readers", {"fields": ("alt_text", "decorative", "decorative_reason", "caption")}),
        ("Provenance", {"fields": ("credit", "source", "licence", "licence_other", "uploaded_by", "uploaded_at")}),
        ("Cropping and finding", {"fields": ("focal_x", "focal_y", "tags")}),
        ("Where used", {"fields": ("where_used", "confirm_pages")}),
    )

    @admin.display(description="")
    def thumbnail(self, image: Image) -> str:
        return format_html('<img src="{}" width="64" alt="" class="library-thumb">', image.url) if image.file else ""

    @admin.display(description="alt text")
    def alt_status(self, image: Image) -> str:
        if image.decorative:
            return "Decorative"
        return image.alt_text or "Missing"

    @admin.display(description="picture")
    def preview(self, image: Image) -> str:
        return format_html('<img src="{}" width="240" alt="" class="library-preview">', image.url) if image.file else ""

    @admin.display(description="size")
    def dimensions(self, image: Image) -> str:
        return f"{image.width} × {image.height} px, {image.size / 1024:.0f} KB" if image.file else ""

    @admin.display(description="where used")
    def where_used(self, image: Image) -> str:
        if not image.pk:
            return ""
        found = usage.usages(image)
        if not found:
            return "Not used: it may be deleted."
        return format_html(
            "<ul class='library-usage'>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a>: {}{}</li>',
                ((use.admin_url, use.obj, use.how, " (live)" if use.live else "") for use in found),
            ),
        )

    def get_urls(self) -> list:
        upload = path("upload/", self.admin_site.admin_view(self.upload_view), name="library_image_upload")
        # The chooser's search (library/views.py), behind the admin's sign-in and second factor.
        choices = path("choices/", self.admin_site.admin_view(views.image_choices), name="library_image_choices")
        return [upload, choices, *super().get_urls()]

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """Create one library image per uploaded file; each then needs alt text (the list opens filtered so)."""
        if not self.has_add_permission(request):
            return HttpResponse(status=403)
        form = UploadImagesForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            created = [self.create_from_upload(request, file, data) for file in data["images"]]
            self.message_user(
                request,
                f"{len(created)} image(s) added. Give each alt text (or mark it decorative) before a live page "
                "can show it.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:library_image_changelist") + "?missing=alt")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": "Upload images",
        }
        return TemplateResponse(request, "admin/library/image/upload.html", context)

    def create_from_upload(self, request: HttpRequest, file: Any, data: dict) -> Image:
        title = Path(file.name).stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Image"
        image = Image(title=title[:200], credit=data.get("credit") or "", uploaded_by=cast(User, request.user))
        image.file.save(file.name, file, save=False)
        image.save()
        image.tags.set(data.get("tags") or [])
        self.log_addition(request, image, [{"added": {}}])
        return image

    def save_model(self, request: HttpRequest, obj: Image, form: Any, change: bool) -> None:
        if not change:
            obj.uploaded_by = cast(User, request.user)  # admin views are for signed-in staff only
        changed = form.reader_facing_changes() if change else []
        pages = form.pages_using if changed else []
        super().save_model(request, obj, form, change)
        if not changed:
            return
        note = describe_change(obj, changed, form.initial.get("alt_text", ""))
        for page in pages:
            workflow.note_media_change(page, user=request.user, note=note)
        # Ids only: titles and alt texts are content, but the log stays free of anything a person typed.
        logger.info("Library image %s changed (%s); pages noted: %s", obj.pk, ", ".join(changed), len(pages))
        if pages:
            self.message_user(request, f"The review history of {len(pages)} page(s) now says this picture changed.")

    def delete_model(self, request: HttpRequest, obj: Image) -> None:
        name = obj.name
        super().delete_model(request, obj)
        delete_file_on_commit(name)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        names = [image.name for image in queryset]
        super().delete_queryset(request, queryset)
        for name in names:
            delete_file_on_commit(name)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            for use in usage.usages(image):
                protected.append(format_html('{}: <a href="{}">{}</a> ({})', image, use.admin_url, use.obj, use.how))
        return deleted, counts, perms_needed, protected


def delete_file_on_commit(name: str) -> None:
    """Remove a deleted item's file from storage once the deletion has committed (the admin refused a used image).

    An image's renditions are the worker's to delete (website.renditions.image_deleted).
    """
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def describe_change(image: Image, changed: list[str], old_alt: str) -> str:
    """Return the review-history note for a picture's reader-facing change."""
    parts = []
    if "file" in changed:
        parts.append("its file was replaced")
    if "alt_text" in changed or "decorative" in changed:
        parts.append(f"its alt text changed from “{old_alt}” to “{image.alt}”")
    return f"Library image “{image.title}” (#{image.pk}): {' and '.join(parts)}."


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    form = DocumentForm
    formfield_overrides = URL_FIELDS

    class Media:
        css = {"all": ["library/admin.css"]}
        # Names the tag autocomplete's boxes for screen readers (and warns before leaving unsaved edits).
        js = ["js/editorial-admin.js"]

    list_display = ("title", "credit", "licence", "uploaded_by", "uploaded_at", "size")
    list_filter = ("tags", "uploaded_by", "licence")
    search_fields = ("title", "description", "credit", "tags__name")
    autocomplete_fields = ("tags",)
    readonly_fields = ("uploaded_by", "uploaded_at", "size")

    def save_model(self, request: HttpRequest, obj: Document, form: Any, change: bool) -> None:
        if not change:
            obj.uploaded_by = cast(User, request.user)  # admin views are for signed-in staff only
        super().save_model(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: Document) -> None:
        name = obj.file.name
        super().delete_model(request, obj)
        delete_file_on_commit(name)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        names = [document.file.name for document in queryset]
        super().delete_queryset(request, queryset)
        for name in names:
            delete_file_on_commit(name)
