"""Admin for reviewed content: the change form edits the working draft, never the live page.

The change page adds the review panel (state, who has it, the buttons
``workflow.available_actions`` allows, history, diff against the live version).
For people who may edit, the buttons belong to the change form: pressing one
stores the form's edits through ``workflow.save_draft`` and then calls the
transition, so no edit is lost. People who may only read (medical reviewers)
post to the views in editorial/views.py. docs/architecture.md, "The editorial
admin", says why.
"""

import datetime
from typing import TYPE_CHECKING, ClassVar, cast

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from accounts.admin import AuditRecordAdmin
from accounts.sessions import IDLE_WARNING_SECONDS, idle_seconds_left
from editorial import autosave, checks, dashboard, locks, tasks, views, workflow
from editorial.diff import diff_snapshots
from editorial.forms import CHANGE_FORM_PREFIX, SCHEDULING, WorkflowActionForm, buttons_for
from editorial.models import Affiliation, Contributor, Education, LinkCheck, ReviewEvent, ReviewState, Revision
from editorial.queues import holder, latest_change_requests
from editorial.richtext import clean_html

# The mixin below is put in front of the admin's inline formset class at run time (get_formsets_with_inlines);
# for mypy it is that formset, so its calls to the formset's methods are checked.
if TYPE_CHECKING:
    FormSetBase = BaseInlineFormSet
else:
    FormSetBase = object


class SourceInline(admin.TabularInline):
    """Sources of the working draft: shown from and saved into the draft snapshot."""

    extra = 0
    fields = ("title", "publisher", "url", "year", "doi", "pmid")
    # A plain address box: the admin's URL widget adds a "Currently: <link>" line that does not fit a table cell.
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https", "widget": forms.URLInput(attrs={"class": "vURLField"})}
    }

    def get_extra(self, request: HttpRequest, obj=None, **kwargs):
        return 0 if obj and obj.draft else 1

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        # A table cell has no <label>: name each box for screen readers (its column header is only seen).
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name in self.fields:
            formfield.widget.attrs.setdefault("aria-label", f"Source {db_field.verbose_name}")
        return formfield


class DraftSourceFormSetMixin(FormSetBase):
    """Validate every draft source shown, even when the editor did not touch it."""

    # The sources go into the draft, not the table, so the admin's change message lists no rows.
    new_objects = changed_objects = deleted_objects = ()  # type: ignore[assignment]  # only read: a tuple

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
            if form.cleaned_data and form not in self.deleted_forms
        ]


CITATION_HELP = (
    "Cite a source by its number in square brackets, e.g. [1] or [2, 3]: the number is the source's row "
    "in Sources below, counted from 1. Readers see each number as a link to that source."
)
# Search engines show about 60 characters of a title; the model's max_length is the hard limit.
TITLE_GUIDE = 60


class DraftForm(forms.ModelForm):
    """The change form shows the working draft, its relations included (the model's relations are the live ones)."""

    # The draft version the form was loaded with: a save over another person's newer one is refused (locks.py).
    loaded_version = forms.CharField(required=False, widget=forms.HiddenInput)
    editing_user = None  # set per request by ReviewedContentAdmin.get_form

    def __init__(self, *args, instance=None, **kwargs) -> None:
        super().__init__(*args, instance=instance, **kwargs)  # type: ignore[misc]  # callers pass no positional instance
        if instance is not None and instance.pk:
            self.initial["loaded_version"] = locks.version(instance)
            for name in instance.draft_m2m:
                if name in self.fields:
                    self.initial[name] = [obj.pk for obj in instance.related_objects(name)]
        if "body" in self.fields:
            self.fields["body"].help_text = " ".join(filter(None, [str(self.fields["body"].help_text), CITATION_HELP]))
        title = cast(forms.CharField | None, self.fields.get(self._meta.model.search_title_fields[0]))
        if title is not None:
            title.widget.attrs.update({"data-length-guide": TITLE_GUIDE, "class": "vTextField review-title"})
            title.help_text = (
                f"Up to {TITLE_GUIDE} characters shows in full in search results and link previews; "
                f"{title.max_length} at most."
            )

    def loaded_version_posted(self) -> str | None:
        """Return the draft version the posted form was loaded with, or None when it carried none."""
        return self.data.get(self.add_prefix("loaded_version"))

    def clean(self):
        cleaned = super().clean()
        if self.editing_user is None:
            return cleaned
        try:
            # Early and unlocked, to refuse an old form before anything is written; save_draft checks again
            # on the locked row, where a save that passed here at the same moment as another is caught.
            workflow.check_draft_version(self.instance, self.editing_user, self.loaded_version_posted())
        except workflow.StaleDraft as stale:
            # Shown again with the person's input; saving once more, knowingly, replaces the other version.
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_version")] = stale.version
            opts = self.instance._meta
            compare = reverse(f"admin:{opts.app_label}_{opts.model_name}_compare", args=[self.instance.pk])
            raise forms.ValidationError(
                format_html(
                    "{} saved this page at {}, after you opened it, so nothing was saved: your edits are still "
                    'below. <a href="{}">Compare their version</a>; press Save again to replace it with yours.',
                    stale.saved_by.get_full_name() or stale.saved_by.get_username(),
                    f"{timezone.localtime(stale.saved_at):%H:%M}",
                    compare,
                ),
                code="edit_conflict",
            ) from stale
        return cleaned


class ReviewerFilter(admin.SimpleListFilter):
    title = "medical reviewer"
    parameter_name = "reviewer"

    def lookups(self, request: HttpRequest, model_admin):
        return [(c.pk, c.display_name) for c in Contributor.objects.filter(is_medical_reviewer=True)]

    def queryset(self, request: HttpRequest, queryset):
        if self.value():
            return queryset.filter(Q(live_reviewed_by=self.value()) | Q(approved_by=self.value()))
        return queryset


class ReviewDueFilter(admin.SimpleListFilter):
    title = "medical review due"
    parameter_name = "review_due"

    def lookups(self, request: HttpRequest, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", "Due within 30 days"),
            ("due", "Overdue or due within 30 days"),
            ("current", "Not due yet"),
        ]

    def queryset(self, request: HttpRequest, queryset):
        today = timezone.localdate()
        if self.value() == "due":
            return queryset.filter(dashboard.review_due(today))
        soon = today + datetime.timedelta(days=30)
        live = queryset.filter(live_status="live")
        if self.value() == "overdue":
            return live.filter(review_due_at__lte=today)
        if self.value() == "soon":
            return live.filter(review_due_at__gt=today, review_due_at__lte=soon)
        if self.value() == "current":
            return live.filter(review_due_at__gt=soon)
        return queryset


# The filters below take their sets from editorial.dashboard, so a dashboard card's "View all" list is that card.


class WorkedByFilter(admin.SimpleListFilter):
    title = "who worked on it"
    parameter_name = "worked_by"

    def lookups(self, request, model_admin):
        return [("me", "Pages I worked on")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(dashboard.worked_on(queryset.model, request.user))
        return queryset


class ApproverFilter(admin.SimpleListFilter):
    title = "who approves it"
    parameter_name = "approver"

    def lookups(self, request, model_admin):
        return [("medical", "A medical reviewer"), ("editor", "An editor")]

    def queryset(self, request, queryset):
        if self.value() in ("medical", "editor"):
            medical_pages = queryset.model.objects.filter(queryset.model.medical_review_filter()).values("pk")
            medical = Q(pk__in=medical_pages)
            return queryset.filter(medical if self.value() == "medical" else ~medical)
        return queryset


class TranslationFilter(admin.SimpleListFilter):
    title = "translation"
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            ("source", "Pages in the site's language"),
            ("translation", "Translations"),
            ("out_of_date", "Translations following an older version"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "source":
            return queryset.filter(translation_of__isnull=True)
        if self.value() == "translation":
            return queryset.filter(translation_of__isnull=False)
        if self.value() == "out_of_date":
            return queryset.filter(dashboard.out_of_date_translation(queryset.model))
        return queryset


class ScheduleFilter(admin.SimpleListFilter):
    title = "schedule"
    parameter_name = "schedule"

    def lookups(self, request, model_admin):
        return [("none", "Not scheduled to go live"), ("week", "Going live or coming off within 7 days")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(publish_at__isnull=True)
        if self.value() == "week":
            return queryset.filter(dashboard.scheduled_soon(timezone.now()))
        return queryset


class ActivityFilter(admin.SimpleListFilter):
    title = "activity"
    parameter_name = "activity"

    def lookups(self, request, model_admin):
        return [("mine", "My pages others acted on this week")]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(dashboard.active(queryset.model, request.user, timezone.now()))
        return queryset


# What the rich-text editor needs beyond the site's policy, on the change pages that carry it and nowhere else:
# it reads a pasted image's inline data with fetch() before uploading it (connect-src), and draws an upload's
# progress bar and an image's width as style attributes. Style attributes cannot carry a nonce, and hashes would
# have to list every width, so style-src-attr allows them; scripts and <style> elements stay as strict as ever.
EDITOR_CSP = {"connect-src": ["data:", "blob:"], "style-src-attr": [UNSAFE_INLINE]}


# What the side panel of a saved page shows about its state (templates/admin/editorial/includes/review_panel.html).
STATUS_FIELDS = {"live_status", "review_state", "last_published_at", "live_reviewed_by", "review_due_at"}


class ReviewedContentAdmin(admin.ModelAdmin):
    """Edit the working draft through workflow.save_draft; the live columns stay put."""

    change_form_template = "admin/editorial/change_form.html"
    object_history_template = "admin/editorial/review_history.html"
    form = DraftForm
    readonly_fields: ClassVar[tuple[str, ...]] = (
        "live_status",
        "review_state",
        "last_published_at",
        "live_reviewed_by",
        "review_due_at",
    )
    # Typed as any tuple of their kind: subclasses (articles, pages) list more columns and filters.
    list_display: tuple[str, ...] = (
        "__str__",
        "language",
        "review_state",
        "live_status",
        "who_has_it",
        "live_reviewed_by",
        "review_due_at",
    )
    list_filter: ClassVar[tuple[str | type[admin.SimpleListFilter], ...]] = (
        "language",
        TranslationFilter,
        "review_state",
        "live_status",
        ReviewerFilter,
        ReviewDueFilter,
        WorkedByFilter,
        ApproverFilter,
        ScheduleFilter,
        ActivityFilter,
    )
    list_select_related = ("draft_updated_by", "live_reviewed_by")
    save_on_top = True

    class Media:
        css = {"all": ["editorial/review.css", "css/library-chooser.css"]}
        # The library chooser defines the editor's "Library image" plug-in that CKEDITOR_5_CONFIGS names: every
        # admin showing a rich-text field must load it (tests/library/test_chooser.py checks each one does).
        js = ["js/editorial-admin.js", "js/editorial-autosave.js", "js/library-chooser.js"]

    @admin.display(description="who has it")
    def who_has_it(self, obj):
        return holder(obj)

    @admin.display(description="body")
    def body_as_read(self, obj):
        preview = reverse_preview(obj)
        return format_html(
            '<p class="reader-preview"><a href="{}">Open the visitor preview</a> to see the whole page as '
            "visitors will.</p>"
            '<div class="reader-body">{}</div>',
            preview,
            mark_safe(clean_html(obj.body)),  # sanitized by the project's one allow-list
        )

    @admin.display(description="sources")
    def sources_as_read(self, obj):
        sources = obj.related_objects("sources")
        if not sources:
            return "No sources."
        return format_html(
            '<ol class="reader-sources">{}</ol>',
            format_html_join("", "<li>{}</li>", ((source_line(source),) for source in sources)),
        )

    @admin.display(description="related items")
    def related_as_read(self, obj):
        rows = [
            (obj._meta.get_field(name).verbose_name.capitalize(), ", ".join(map(str, obj.related_objects(name))) or "—")
            for name in obj.draft_m2m
        ]
        return format_html('<dl class="reader-related">{}</dl>', format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            # The side panel says the state of a saved page; a fieldset of the same values would say it twice.
            fieldsets = [(title, options) for title, options in fieldsets if set(options["fields"]) - STATUS_FIELDS]
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # People who may only read (medical reviewers) see the draft as readers will: the body formatted,
        # its relations and its sources, all from the draft rather than the live page.
        read = {"body": "body_as_read", **({obj.draft_m2m[0]: "related_as_read"} if obj.draft_m2m else {})}
        shown = [
            (
                title,
                {
                    **options,
                    "fields": tuple(
                        read.get(name, name) for name in options["fields"] if name not in obj.draft_m2m[1:]
                    ),
                },
            )
            for title, options in fieldsets
        ]
        return [*shown, ("Sources", {"fields": ("sources_as_read",)})]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return (*super().get_readonly_fields(request, obj), "body_as_read", "sources_as_read", "related_as_read")

    def has_delete_permission(self, request: HttpRequest, obj=None):
        # Taking a page off the site is unpublishing, a recorded transition; only a page that is not live is deleted.
        if obj is not None and obj.is_live:
            return False
        return super().has_delete_permission(request, obj)

    def get_inline_instances(self, request: HttpRequest, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return []  # readers see the draft's sources in the Sources fieldset instead
        return super().get_inline_instances(request, obj)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"

        def wrap(view):
            def wrapper(request: HttpRequest, *args, **kwargs):
                return view(request, self, *args, **kwargs)

            return self.admin_site.admin_view(wrapper)

        return [
            path("<path:object_id>/workflow/", wrap(views.workflow_action), name=f"{prefix}_workflow"),
            path("<path:object_id>/unpublish/", wrap(views.confirm_unpublish), name=f"{prefix}_unpublish"),
            path("<path:object_id>/compare/", wrap(views.compare), name=f"{prefix}_compare"),
            path(
                "<path:object_id>/translate/<str:language>/",
                wrap(views.start_translation),
                name=f"{prefix}_translate",
            ),
            path("<path:object_id>/follow-source/", wrap(views.follow_source), name=f"{prefix}_follow_source"),
            path("<path:object_id>/presence/", wrap(views.presence), name=f"{prefix}_presence"),
            path("<path:object_id>/autosave/", wrap(views.autosave), name=f"{prefix}_autosave"),
            path("<path:object_id>/autosave/discard/", wrap(views.discard_autosave), name=f"{prefix}_autosave_discard"),
            path("<path:object_id>/revisions/<int:number>/", wrap(views.revision_detail), name=f"{prefix}_revision"),
            path(
                "<path:object_id>/revisions/<int:number>/restore/",
                wrap(views.restore_revision),
                name=f"{prefix}_restore",
            ),
            *super().get_urls(),
        ]

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"editing_user": request.user})

    @method_decorator(csp_update(EDITOR_CSP))
    def changeform_view(self, request: HttpRequest, object_id=None, form_url: str = "", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except workflow.StaleDraft:
            # Another person's save took the row's lock between this form's check and its save, and won:
            # the admin's transaction rolled this one back whole. Run the view again: its form check now
            # sees that save and refuses with everything typed, as it does for any older form.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(
        self, request: HttpRequest, context, add: bool = False, change: bool = False, form_url: str = "", obj=None
    ):
        if obj is not None and obj.pk:
            context.update(self.review_context(request, obj))
            if obj.prepublish_checks:
                context.update(self.checks_context(obj))
            context.update(self.translation_context(request, obj))
            # A review button pressed on a form with errors acted on nothing; the edits are still on screen.
            context["review_refused"] = request.method == "POST" and f"{CHANGE_FORM_PREFIX}-action" in request.POST
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_context(self, request: HttpRequest, obj) -> dict:
        """Return what the review panel shows this user about this page."""
        actions = workflow.available_actions(obj, request.user)
        can_edit = self.has_change_permission(request, obj)
        buttons = buttons_for(actions, live=obj.is_live, medical=obj.needs_medical_review)
        blocked = ""
        if "request_changes" in actions and "approve" not in actions:
            try:
                workflow.check_approve(obj, request.user)
            except workflow.WorkflowError as error:
                blocked = str(error)
        return {
            **self.history_context(obj),
            "review_state_label": obj.get_review_state_display(),
            "live_status_label": obj.get_live_status_display(),
            "holder": holder(obj),
            "buttons": buttons,
            "can_edit": can_edit,
            "has_schedule_button": any(name in SCHEDULING for name, _, _ in buttons),
            # Notes for readers are shown on the page itself, so only content with a page of its own takes one.
            "has_publish_button": hasattr(obj, "get_absolute_url")
            and any(name == ReviewEvent.Action.PUBLISH for name, _, _ in buttons),
            "action_form": WorkflowActionForm(
                initial={"fingerprint": obj.draft_fingerprint},
                prefix=CHANGE_FORM_PREFIX if can_edit else None,
                actions=actions,
                comment_choices=views.comment_choices(obj) if "request_changes" in actions else (),
            ),
            "approve_blocked": blocked,
            "change_request": latest_change_requests([obj]).get(obj.pk)
            if obj.review_state == ReviewState.CHANGES_REQUESTED
            else None,
            "preview_url": reverse_preview(obj),
            "edit_notices": self.edit_notices(request, obj, can_edit),
            "autosave_offer": autosave.offer(obj, request.user) if can_edit else None,
            "session_seconds_left": idle_seconds_left(request),
            "session_warning_seconds": IDLE_WARNING_SECONDS,
        }

    def translation_context(self, request: HttpRequest, obj) -> dict:
        """Return what the Languages panel shows: the page's translations and the languages it may go into,
        or, for a translation, its source's live text and the version its draft follows."""
        if obj.is_translation:
            source = obj.translation_of
            followed = Revision.objects.filter(pk=obj.followed_revision_id or obj.source_revision_id).first()
            latest = obj.source_latest_revision
            try:
                workflow.check_follow_source(obj, request.user)
                may_follow = True
            except workflow.WorkflowError:
                may_follow = False
            return {
                "translation_source": source,
                "source_fields": source_fields(source),
                "source_sources": [source_line(item) for item in source.sources.all()],
                "followed_revision": followed,
                "source_latest_revision": latest,
                "may_follow_source": may_follow,
            }
        translations = list(type(obj).objects.filter(translation_of=obj))
        missing = []
        for code, name in settings.LANGUAGES:
            try:
                workflow.check_start_translation(obj, code, request.user)
            except workflow.WorkflowError:
                continue
            missing.append((code, name))
        return {"page_translations": translations, "translate_into": missing}

    def edit_notices(self, request: HttpRequest, obj, can_edit: bool) -> list[str]:
        """Say who else is editing; an editor opening the page counts as present from now (locks.py)."""
        if not can_edit:
            return []
        locks.beat(obj, request.user, dirty=False)
        return locks.notices(obj, request.user)

    def checks_context(self, obj) -> dict:
        """Return the Checks panel's findings for the working draft."""
        findings = checks.run(obj)
        outside = checks.external_urls(checks.as_draft(obj))
        return {
            "check_findings": findings,
            "check_blocking": [finding for finding in findings if finding.blocking],
            "check_warnings": [finding for finding in findings if not finding.blocking],
            "link_checks_pending": len(tasks.unchecked_urls(outside)),
            "link_checks_total": len(outside),
        }

    def history_context(self, obj) -> dict:
        revisions = list(
            Revision.objects.filter(content_type=obj.content_type, object_id=obj.pk).select_related(
                "published_by", "approved_by"
            )
        )
        return {
            "events": ReviewEvent.objects.filter(content_type=obj.content_type, object_id=obj.pk).select_related(
                "user"
            )[:50],
            "revisions": revisions,
            "live_diffs": diff_snapshots(type(obj), revisions[0].snapshot if revisions else None, obj.draft),
        }

    def history_view(self, request: HttpRequest, object_id, extra_context=None):
        """Show the page's review history and published versions (Django's own log stays empty here)."""
        obj = views.viewable_object(request, self, object_id)
        context = {
            **self.admin_site.each_context(request),
            **self.history_context(obj),
            "opts": obj._meta,
            "original": obj,
            "title": f"Review history of {obj}",
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def get_object(self, request: HttpRequest, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        return obj.apply_draft() if obj else obj

    def get_formset_kwargs(self, request: HttpRequest, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, SourceInline):
            kwargs["queryset"] = inline.model.objects.none()
            if obj is not None and obj.pk:
                kwargs["initial"] = [source.as_dict() for source in obj.related_objects("sources")]
        return kwargs

    def get_formsets_with_inlines(self, request: HttpRequest, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if isinstance(inline, SourceInline):
                formset = cast(type[BaseInlineFormSet], type(formset.__name__, (DraftSourceFormSetMixin, formset), {}))
                if obj is not None and obj.pk:
                    formset.extra = len(obj.related_objects("sources")) + (0 if obj.draft else 1)
            yield formset, inline

    def save_model(self, request: HttpRequest, obj, form, change) -> None:
        # The draft is stored in save_related, once the relations are known.
        pass

    def save_related(self, request: HttpRequest, form, formsets, change) -> None:
        obj = form.instance
        was_approved = change and obj.review_state == ReviewState.APPROVED
        for name in obj.draft_m2m:
            obj.set_relation(name, form.cleaned_data[name])
        for formset in formsets:
            if isinstance(formset, DraftSourceFormSetMixin):
                obj.set_sources(formset.draft_sources())
        workflow.save_draft(obj, user=request.user, expected_version=form.loaded_version_posted() if change else None)
        autosave.forget(obj, request.user)  # what it kept is stored now
        tasks.queue_link_checks(checks.external_urls(checks.as_draft(obj)))
        if was_approved and obj.review_state != ReviewState.APPROVED:
            messages.warning(
                request,
                "Your change cancelled the medical approval: send the draft for medical review again "
                "before it can be published.",
            )

    def response_change(self, request: HttpRequest, obj):
        """After the edits are stored, run the review button that was pressed, if one was."""
        if INSERT_GUIDANCE in request.POST:
            return self.insert_guidance(request, obj)
        if f"{CHANGE_FORM_PREFIX}-action" not in request.POST:
            return super().response_change(request, obj)
        form = WorkflowActionForm(request.POST, prefix=CHANGE_FORM_PREFIX, comment_choices=views.comment_choices(obj))
        # The fingerprint the page was shown with: a different one now means the edits were just stored.
        shown = request.POST.get(f"{CHANGE_FORM_PREFIX}-fingerprint", "")
        views.act(request, obj, form, saved_first=shown != obj.draft_fingerprint)
        return redirect(views.change_url(obj), obj.pk)

    def insert_guidance(self, request: HttpRequest, obj):
        """Append the standard naloxone and 988 block to the saved draft's body (the Checks panel's button)."""
        if not checks.overdose_guidance(checks.as_draft(obj)):
            messages.info(request, "The body already carries the naloxone and 988 guidance.")
            return redirect(views.change_url(obj), obj.pk)
        obj.body = f"{obj.body or ''}{checks.OVERDOSE_GUIDANCE}"
        try:
            workflow.save_draft(obj, user=request.user)
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The naloxone and 988 guidance was added at the end of the body.")
        return redirect(views.change_url(obj), obj.pk)


# The Checks panel's button that appends the overdose guidance (a button of the change form).
INSERT_GUIDANCE = "_insert_guidance"


def reverse_preview(obj) -> str:
    """Return the visitor preview of the draft: ``<app>:preview``, or the model's ``preview_url_name``."""
    name = getattr(obj, "preview_url_name", f"{obj._meta.app_label}:preview")
    return reverse(name, args=[obj.pk])


def source_fields(page) -> list[tuple[str, str]]:
    """Return the live page's text fields as a translator reads them beside the draft: (label, text or HTML)."""
    shown = []
    for name in page.draft_fields:
        field = page._meta.get_field(name)
        if name == "slug" or not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(page, name)
        if name in page.rich_text_fields:
            value = mark_safe(clean_html(value))  # sanitized by the project's one allow-list
        shown.append((str(field.verbose_name).capitalize(), value))
    return shown


def source_line(source) -> str:
    """Return one source as a reviewer reads it: title, publisher, year, address and identifiers."""
    parts = [format_html("<strong>{}</strong>", source.title)]
    parts += [format_html("{}", value) for value in (source.publisher, source.year) if value]
    if source.url:
        parts.append(format_html('<a href="{}">{}</a>', source.url, source.url))
    identifiers = (("DOI", source.doi), ("PMID", source.pmid))
    parts += [format_html("{} {}", label, value) for label, value in identifiers if value]
    return mark_safe(". ".join(parts))  # noqa: S308 - every part is built with format_html


class ProfileRowsFormSet(BaseInlineFormSet):
    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:  # its table cell has no <label> either
            form.fields["DELETE"].widget.attrs["aria-label"] = "Delete this row"


class ProfileRowsInline(admin.TabularInline):
    """Rows of a contributor's profile, one per line of a table."""

    formset = ProfileRowsFormSet
    extra = 1
    row_name = ""
    formfield_overrides = SourceInline.formfield_overrides

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        # As for sources: a table cell has no <label>, so each box is named for screen readers.
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name in (self.fields or ()):
            formfield.widget.attrs.setdefault("aria-label", f"{self.row_name} {db_field.verbose_name}")
        return formfield


class EducationInline(ProfileRowsInline):
    model = Education
    fields = ("degree", "institution", "year", "position")
    row_name = "Education"


class AffiliationInline(ProfileRowsInline):
    model = Affiliation
    fields = ("kind", "name", "organisation", "url", "position")
    row_name = "Affiliation"


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ("name", "credentials", "is_writer", "is_medical_reviewer", "languages", "licence_expiry", "user")
    list_filter = ("is_writer", "is_medical_reviewer")
    search_fields = ("name", "credentials", "licence_number")
    prepopulated_fields = {"slug": ("name",)}
    # The portrait is chosen from the media library (its alt text, credit and licence are kept there).
    autocomplete_fields = ("user", "photo")

    fieldsets = (
        (None, {"fields": ("name", "slug", "credentials", "is_writer", "is_medical_reviewer", "languages", "user")}),
        ("Public profile", {"fields": ("job_title", "bio", "photo", "expertise", "other_profiles")}),
        ("Licence", {"fields": ("licence_issuer", "licence_number", "licence_expiry")}),
    )
    # Education and affiliations are edited on the same page, each row in the order its number gives.
    inlines = (EducationInline, AffiliationInline)

    class Media:
        css = {"all": ["css/library-chooser.css"]}
        js = [
            "js/editorial-admin.js",  # names the autocomplete boxes for screen readers; warns of unsaved changes
            "js/library-chooser.js",  # "Choose from the library" beside the portrait field
        ]


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


@admin.register(LinkCheck)
class LinkCheckAdmin(AuditRecordAdmin):
    list_display = ("url", "status", "error", "checked_at")
    search_fields = ("url",)
    readonly_fields = [f.name for f in LinkCheck._meta.fields]
