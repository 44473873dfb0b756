"""Admin for reviewed content: the change form edits the working draft, never the live page."""

from django.contrib import admin

from editorial import workflow
from editorial.models import Contributor, ReviewEvent, Revision


class SourceInline(admin.TabularInline):
    """Sources of the working draft: shown from and saved into the draft snapshot."""

    extra = 0
    fields = ("title", "publisher", "url", "year", "doi", "pmid")

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj and obj.draft else 1


class DraftSourceFormSetMixin:
    """Validate every draft source shown, even when the editor did not touch it."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if self.initial_extra and index < self.initial_form_count() + len(self.initial_extra):
            kwargs["empty_permitted"] = False
        return kwargs

    def draft_sources(self) -> list[dict]:
        return [
            {name: form.cleaned_data.get(name) or ("" if name != "year" else None) for name in SourceInline.fields}
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]


class ReviewedContentAdmin(admin.ModelAdmin):
    """Edit the working draft through workflow.save_draft; the live columns stay put."""

    readonly_fields = ("live_status", "review_state", "last_published_at", "live_reviewed_by", "review_due_at")
    list_display = ("__str__", "live_status", "review_state", "last_published_at", "review_due_at")
    list_filter = ("live_status", "review_state")
    save_on_top = True

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        return obj.apply_draft() if obj else obj

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, SourceInline):
            kwargs["queryset"] = inline.model.objects.none()
            if obj is not None and obj.pk:
                kwargs["initial"] = [source.as_dict() for source in obj.sources.all()]
        return kwargs

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if isinstance(inline, SourceInline):
                formset = type(formset.__name__, (DraftSourceFormSetMixin, formset), {})
                if obj is not None and obj.pk:
                    formset.extra = len(obj.sources.all()) + (0 if obj.draft else 1)
            yield formset, inline

    def save_model(self, request, obj, form, change):
        # The draft is stored in save_related, once the relations are known.
        pass

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        for name in obj.draft_m2m:
            obj.set_relation(name, form.cleaned_data[name])
        for formset in formsets:
            if isinstance(formset, DraftSourceFormSetMixin):
                obj.set_sources(formset.draft_sources())
        workflow.save_draft(obj, user=request.user)


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ("name", "credentials", "is_writer", "is_medical_reviewer", "licence_expiry", "user")
    list_filter = ("is_writer", "is_medical_reviewer")
    search_fields = ("name", "credentials", "licence_number")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("user",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "credentials", "is_writer", "is_medical_reviewer", "user")}),
        ("Public profile", {"fields": ("bio", "photo", "photo_alt")}),
        ("Licence", {"fields": ("licence_number", "licence_expiry")}),
    )


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "content_type", "published_at", "published_by", "approved_by")
    list_filter = ("content_type",)
    readonly_fields = [f.name for f in Revision._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "content_object", "action", "from_state", "to_state", "user")
    list_filter = ("action", "content_type")
    readonly_fields = [f.name for f in ReviewEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
