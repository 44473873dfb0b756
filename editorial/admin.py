"""Admin for reviewed content: the change form edits the working draft, never the live page.

The change page adds the review panel (state, who has it, the buttons
``workflow.available_actions`` allows, history, diff against the live version);
the buttons post to the views in editorial/views.py.
"""

import datetime

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe

from editorial import views, workflow
from editorial.diff import diff_snapshots
from editorial.forms import SCHEDULING, WorkflowActionForm, buttons_for
from editorial.models import Contributor, ReviewEvent, Revision
from editorial.queues import holder
from editorial.richtext import clean_html


class SourceInline(admin.TabularInline):
    """Sources of the working draft: shown from and saved into the draft snapshot."""

    extra = 0
    fields = ("title", "publisher", "url", "year", "doi", "pmid")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj and obj.draft else 1


class DraftSourceFormSetMixin:
    """Validate every draft source shown, even when the editor did not touch it."""

    # The sources go into the draft, not the table, so the admin's change message lists no rows.
    new_objects = changed_objects = deleted_objects = ()

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        # empty_form (the template for "Add another") asks with index None.
        if index is not None and self.initial_extra and index < self.initial_form_count() + len(self.initial_extra):
            kwargs["empty_permitted"] = False
        return kwargs

    def draft_sources(self) -> list[dict]:
        return [
            {name: form.cleaned_data.get(name) or ("" if name != "year" else None) for name in SourceInline.fields}
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]


class DraftForm(forms.ModelForm):
    """The change form shows the working draft, its relations included (the model's relations are the live ones)."""

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        if instance is not None and instance.pk:
            for name in instance.draft_m2m:
                if name in self.fields:
                    self.initial[name] = [obj.pk for obj in instance.related_objects(name)]


class ReviewerFilter(admin.SimpleListFilter):
    title = "medical reviewer"
    parameter_name = "reviewer"

    def lookups(self, request, model_admin):
        return [(c.pk, c.display_name) for c in Contributor.objects.filter(is_medical_reviewer=True)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(Q(live_reviewed_by=self.value()) | Q(approved_by=self.value()))
        return queryset


class ReviewDueFilter(admin.SimpleListFilter):
    title = "medical review due"
    parameter_name = "review_due"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("soon", "Due within 30 days"), ("current", "Not due yet")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=30)
        live = queryset.filter(live_status="live")
        if self.value() == "overdue":
            return live.filter(review_due_at__lte=today)
        if self.value() == "soon":
            return live.filter(review_due_at__gt=today, review_due_at__lte=soon)
        if self.value() == "current":
            return live.filter(review_due_at__gt=soon)
        return queryset


class ReviewedContentAdmin(admin.ModelAdmin):
    """Edit the working draft through workflow.save_draft; the live columns stay put."""

    change_form_template = "admin/editorial/change_form.html"
    form = DraftForm
    readonly_fields = ("live_status", "review_state", "last_published_at", "live_reviewed_by", "review_due_at")
    list_display = ("__str__", "review_state", "live_status", "who_has_it", "live_reviewed_by", "review_due_at")
    list_filter = ("review_state", "live_status", ReviewerFilter, ReviewDueFilter)
    list_select_related = ("draft_updated_by", "live_reviewed_by")
    save_on_top = True

    class Media:
        css = {"all": ["editorial/review.css"]}

    @admin.display(description="who has it")
    def who_has_it(self, obj):
        return holder(obj)

    @admin.display(description="body")
    def body_as_read(self, obj):
        return mark_safe(clean_html(obj.body))  # sanitized by the project's one allow-list

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # People who may only read (medical reviewers) see the body formatted, not as HTML source.
        return [
            (
                title,
                {**options, "fields": tuple("body_as_read" if name == "body" else name for name in options["fields"])},
            )
            for title, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "body_as_read")

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"

        def wrap(view):
            def wrapper(request, *args, **kwargs):
                return view(request, self, *args, **kwargs)

            return self.admin_site.admin_view(wrapper)

        return [
            path("<path:object_id>/workflow/", wrap(views.workflow_action), name=f"{prefix}_workflow"),
            path("<path:object_id>/compare/", wrap(views.compare), name=f"{prefix}_compare"),
            path("<path:object_id>/revisions/<int:number>/", wrap(views.revision_detail), name=f"{prefix}_revision"),
            path(
                "<path:object_id>/revisions/<int:number>/restore/",
                wrap(views.restore_revision),
                name=f"{prefix}_restore",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context.update(self.review_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_context(self, request, obj) -> dict:
        """Return what the review panel shows this user about this page."""
        actions = workflow.available_actions(obj, request.user)
        buttons = buttons_for(actions, live=obj.is_live)
        revisions = list(
            Revision.objects.filter(content_type=obj.content_type, object_id=obj.pk).select_related(
                "published_by", "approved_by"
            )
        )
        blocked = ""
        if "request_changes" in actions and "approve" not in actions:
            try:
                workflow.check_approve(obj, request.user)
            except workflow.WorkflowError as error:
                blocked = str(error)
        return {
            "review_state_label": obj.get_review_state_display(),
            "live_status_label": obj.get_live_status_display(),
            "holder": holder(obj),
            "buttons": buttons,
            "has_schedule_button": any(name in SCHEDULING for name, _, _ in buttons),
            "action_form": WorkflowActionForm(initial={"fingerprint": obj.draft_fingerprint}),
            "approve_blocked": blocked,
            "events": ReviewEvent.objects.filter(content_type=obj.content_type, object_id=obj.pk).select_related(
                "user"
            )[:50],
            "revisions": revisions,
            "live_diffs": diff_snapshots(type(obj), revisions[0].snapshot if revisions else None, obj.draft),
            "preview_url_name": f"{obj._meta.app_label}:preview",
        }

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        return obj.apply_draft() if obj else obj

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, SourceInline):
            kwargs["queryset"] = inline.model.objects.none()
            if obj is not None and obj.pk:
                kwargs["initial"] = [source.as_dict() for source in obj.related_objects("sources")]
        return kwargs

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if isinstance(inline, SourceInline):
                formset = type(formset.__name__, (DraftSourceFormSetMixin, formset), {})
                if obj is not None and obj.pk:
                    formset.extra = len(obj.related_objects("sources")) + (0 if obj.draft else 1)
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


class AuditRecordAdmin(admin.ModelAdmin):
    """Records of what happened: readable by those allowed, never added, changed or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Revision)
class RevisionAdmin(AuditRecordAdmin):
    list_display = ("__str__", "content_type", "published_at", "published_by", "approved_by")
    list_filter = ("content_type",)
    readonly_fields = [f.name for f in Revision._meta.fields]


@admin.register(ReviewEvent)
class ReviewEventAdmin(AuditRecordAdmin):
    list_display = ("created_at", "content_object", "action", "from_state", "to_state", "user")
    list_filter = ("action", "content_type")
    readonly_fields = [f.name for f in ReviewEvent._meta.fields]
