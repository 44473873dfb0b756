"""Admin views for reviewed content: the workflow buttons, revisions, comparisons and restore.

ReviewedContentAdmin.get_urls wires them in behind admin_site.admin_view; each
view reads and renders, the form validates, and editorial.workflow decides.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import DetailView

from accounts.sessions import idle_seconds_left
from editorial import autosave as autosaves
from editorial import locks, review_comments, workflow
from editorial.diff import diff_snapshots, snapshot_lines
from editorial.drafts import Draft
from editorial.forms import WorkflowActionForm
from editorial.models import ReviewedContent, ReviewEvent, Revision
from editorial.queues import QueueItem, reviewed_models


@method_decorator(never_cache, name="dispatch")
class DraftPreviewView(PermissionRequiredMixin, DetailView):
    """Show staff the working draft through the public template; subclasses set ``queryset``."""

    raise_exception = True
    queryset: "QuerySet[ReviewedContent]"  # set by every subclass

    def get_permission_required(self):
        opts = self.queryset.model._meta
        return [f"{opts.app_label}.view_{opts.model_name}"]

    def get_template_names(self):
        opts = self.queryset.model._meta
        return [f"{opts.app_label}/{opts.model_name}_detail.html"]

    def get_context_object_name(self, obj):
        return self.queryset.model._meta.model_name

    def get_object(self, queryset=None):
        return Draft(get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"]))

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)


Action = ReviewEvent.Action
SUCCESS = {
    Action.SUBMIT: "Sent for medical review. The medical reviewers have been told.",
    Action.APPROVE: "Approved. An editor can now publish this version; any further edit voids the approval.",
    Action.REQUEST_CHANGES: "Changes requested. The writer has been told what to fix.",
    Action.PUBLISH: "Published. Visitors now see this version.",
    Action.SCHEDULE: "Scheduled to go live on {when}",  # a sentence ends once: "9 a.m." has its full stop
    Action.SCHEDULE_CANCELLED: "Scheduled publication cancelled. The page stays as it is; the approval is kept.",
    Action.UNPUBLISH: "Unpublished. Visitors no longer see this page.",
    Action.SCHEDULE_UNPUBLISH: "Scheduled to come off the site on {when}",
}


EDITOR_REVIEW_SENT = "Sent for review. The editors have been told."


def full_stop(sentence: str) -> str:
    """End a sentence with one full stop: a time such as "9 a.m." already brings its own."""
    return sentence if sentence.endswith(".") else f"{sentence}."


def viewable_object(request: HttpRequest, model_admin, object_id):
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None:
        raise Http404("No such page.")
    if not model_admin.has_view_or_change_permission(request, obj):
        raise PermissionDenied
    return obj


def change_url(obj) -> str:
    opts = obj._meta
    return f"admin:{opts.app_label}_{opts.model_name}_change"


def run(action: str, page, user, data: dict) -> None:
    """Call the transition behind a button."""
    note, when = data.get("note", ""), data.get("when")
    if action == Action.SUBMIT:
        workflow.submit(page, user=user, note=note)
    elif action == Action.APPROVE:
        workflow.approve(page, user=user, note=note, seen_fingerprint=data.get("fingerprint", ""))
    elif action == Action.REQUEST_CHANGES:
        workflow.request_changes(page, user=user, note=note_with_comments(page, note, data.get("comments") or []))
    elif action == Action.PUBLISH:
        workflow.publish(page, user=user, note=data.get("public_note", ""), kind=data.get("note_kind", ""))
    elif action == Action.SCHEDULE:
        workflow.publish(page, user=user, at=when)
    elif action == Action.SCHEDULE_CANCELLED:
        workflow.cancel_schedule(page, user=user, note=note)
    elif action == Action.UNPUBLISH:
        workflow.unpublish(page, user=user, note=note)
    elif action == Action.SCHEDULE_UNPUBLISH:
        workflow.unpublish(page, user=user, note=note, at=when)


def note_with_comments(page, note: str, ids: list[int]) -> str:
    """Return the request-changes note with the open comments the reviewer ticked listed under it."""
    chosen = review_comments.source().quoted(page, ids)
    if not chosen:
        return note
    return "\n\n".join(filter(None, [note.strip(), "Open comments to address:\n" + "\n".join(chosen)]))


def comment_choices(page) -> list[tuple[int, str]]:
    """Return the page's open comment threads as choices for the request-changes form."""
    return review_comments.source().open_threads(page)


def act(request: HttpRequest, obj, form: WorkflowActionForm, *, saved_first: bool = False) -> None:
    """Run the transition a valid button form asks for and say how it went, edits saved first or not."""
    saved = "Your changes were saved. " if saved_first else ""
    if not form.is_valid():
        messages.error(request, f"{saved}Nothing else was done: {form.error_text()}" if saved else form.error_text())
        return
    action = form.cleaned_data["action"]
    try:
        run(action, obj, request.user, form.cleaned_data)
    except workflow.WorkflowError as error:
        messages.error(request, f"{saved}Nothing else was done: {error}" if saved else str(error))
    else:
        when = form.cleaned_data.get("when")
        label = formats.date_format(timezone.localtime(when), "DATETIME_FORMAT") if when else ""
        success = SUCCESS[action] if obj.needs_medical_review or action != Action.SUBMIT else EDITOR_REVIEW_SENT
        messages.success(request, saved + full_stop(success.format(when=label)))


@never_cache
@require_POST
def presence(request: HttpRequest, model_admin, object_id):
    """Heartbeat of an open change page: note this editor (unsaved edits or not) and say who else is editing."""
    obj = viewable_object(request, model_admin, object_id)
    if not model_admin.has_change_permission(request, obj):
        raise PermissionDenied
    locks.beat(obj, request.user, dirty=request.POST.get("dirty") == "1")
    return JsonResponse({"notices": locks.notices(obj, request.user)})


@require_POST
def autosave(request: HttpRequest, model_admin, object_id):
    """Keep what this editor has typed so far in their own autosave; the draft is not touched."""
    obj = viewable_object(request, model_admin, object_id)
    if not model_admin.has_change_permission(request, obj):
        raise PermissionDenied
    # Checked before the body is read, so an oversized post costs nothing.
    if int(request.META.get("CONTENT_LENGTH") or 0) > autosaves.MAX_BYTES:
        return JsonResponse({"error": "The form is too large to autosave."}, status=413)
    stored = autosaves.store(obj, request.user, autosaves.form_data(request.POST))
    return JsonResponse(
        {"saved_at": f"{timezone.localtime(stored.saved_at):%H:%M}", "seconds_left": idle_seconds_left(request)}
    )


@require_POST
def discard_autosave(request: HttpRequest, model_admin, object_id):
    """Delete this editor's autosave of the page (the restore offer's "Discard")."""
    obj = viewable_object(request, model_admin, object_id)
    autosaves.forget(obj, request.user)
    messages.info(request, "Your unsaved changes were discarded.")
    return redirect(change_url(obj), obj.pk)


@require_POST
def workflow_action(request: HttpRequest, model_admin, object_id):
    """Run the workflow transition a read-only change page's button asked for, and say how it went."""
    obj = viewable_object(request, model_admin, object_id)
    act(request, obj, WorkflowActionForm(request.POST, comment_choices=comment_choices(obj)))
    if not model_admin.has_view_or_change_permission(request, obj):
        return redirect(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist")
    return redirect(change_url(obj), obj.pk)


def _frame(request: HttpRequest, model_admin, obj, title: str) -> dict:
    return {**model_admin.admin_site.each_context(request), "opts": obj._meta, "original": obj, "title": title}


def confirm_unpublish(request: HttpRequest, model_admin, object_id):
    """Say what unpublishing does and which live pages link here, before the editor confirms it."""
    obj = viewable_object(request, model_admin, object_id)
    if "unpublish" not in workflow.available_actions(obj, request.user) or not obj.is_live:
        raise PermissionDenied
    context = {
        **_frame(request, model_admin, obj, f"Unpublish {obj}?"),
        "linking_pages": linking_pages(obj),
        "action_form": WorkflowActionForm(initial={"action": Action.UNPUBLISH}),
    }
    return TemplateResponse(request, "admin/editorial/confirm_unpublish.html", context)


def linking_pages(obj) -> list:
    """Return the live pages whose text links to this page's public address."""
    address = obj.get_absolute_url()
    links = Q(body__contains=f'{address}"') | Q(body__contains=f"{address}#")
    return [
        QueueItem(page, page.last_published_at)
        for model in reviewed_models()
        for page in model.objects.live().filter(links)
        if page != obj
    ]


def _revision(obj, number: int) -> Revision:
    return get_object_or_404(Revision, content_type=obj.content_type, object_id=obj.pk, number=number)


def revision_detail(request: HttpRequest, model_admin, object_id, number):
    """Show one published version as it went live."""
    obj = viewable_object(request, model_admin, object_id)
    revision = _revision(obj, number)
    previous = Revision.objects.filter(content_type=obj.content_type, object_id=obj.pk, number__lt=number).first()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": obj._meta,
        "original": obj,
        "title": f"Revision {revision.number} of {obj}",
        "revision": revision,
        "parts": snapshot_lines(type(obj), revision.snapshot),
        "diffs": diff_snapshots(type(obj), previous.snapshot if previous else None, revision.snapshot),
        "previous": previous,
        "can_restore": "save_draft" in workflow.available_actions(obj, request.user),
    }
    return TemplateResponse(request, "admin/editorial/revision_detail.html", context)


def _version(obj, key: str):
    """Return (label, snapshot) for "draft", "live" or a revision number."""
    if key == "draft":
        return "Working draft", obj.draft
    if key.isdigit():
        revision = _revision(obj, int(key))
        return f"Revision {revision.number} ({formats.date_format(revision.published_at, 'DATE_FORMAT')})", (
            revision.snapshot
        )
    raise Http404("Unknown version.")


def compare(request: HttpRequest, model_admin, object_id):
    """Show a readable diff between any two versions: ?from=<number|draft>&to=<number|draft>."""
    obj = viewable_object(request, model_admin, object_id)
    revisions = list(Revision.objects.filter(content_type=obj.content_type, object_id=obj.pk))
    default_from = str(revisions[0].number) if revisions else "draft"
    from_key, to_key = request.GET.get("from", default_from), request.GET.get("to", "draft")
    (from_label, old), (to_label, new) = _version(obj, from_key), _version(obj, to_key)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": obj._meta,
        "original": obj,
        "title": f"Compare versions of {obj}",
        "from_label": from_label,
        "to_label": to_label,
        "from_key": from_key,
        "to_key": to_key,
        "revisions": revisions,
        "diffs": diff_snapshots(type(obj), old, new),
    }
    return TemplateResponse(request, "admin/editorial/compare.html", context)


@require_http_methods(["GET", "POST"])
def restore_revision(request: HttpRequest, model_admin, object_id, number):
    """Confirm, then make a published version the working draft again; it then needs a new review."""
    obj = viewable_object(request, model_admin, object_id)
    revision = _revision(obj, number)
    if request.method == "GET":
        if "save_draft" not in workflow.available_actions(obj, request.user):
            raise PermissionDenied
        context = {
            **_frame(request, model_admin, obj, f"Restore revision {revision.number} of {obj}?"),
            "revision": revision,
            "diffs": diff_snapshots(type(obj), obj.draft, revision.snapshot),
        }
        return TemplateResponse(request, "admin/editorial/confirm_restore.html", context)
    try:
        workflow.restore(obj, revision, user=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Revision {revision.number} is now the working draft. Send it for medical review to publish it."
        )
    return redirect(change_url(obj), obj.pk)


# Translations (docs/architecture.md, "Languages") ---------------------------------


@require_POST
def start_translation(request: HttpRequest, model_admin, object_id, language: str):
    """Create the page's translation into ``language`` from its live version and open it."""
    source = viewable_object(request, model_admin, object_id)
    try:
        page = workflow.start_translation(source, language, user=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return redirect(change_url(source), source.pk)
    messages.success(
        request,
        f"Translation into {page.language_name} started from the live version. Translate the text, sources' "
        "descriptions and key takeaways, give it an address in its language, then send it for review.",
    )
    return redirect(change_url(page), page.pk)


@require_http_methods(["GET", "POST"])
def follow_source(request: HttpRequest, model_admin, object_id):
    """Show what changed in the source since the version the translation's draft follows; on POST, follow it."""
    page = viewable_object(request, model_admin, object_id)
    try:
        latest = workflow.check_follow_source(page, request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return redirect(change_url(page), page.pk)
    if request.method == "POST":
        workflow.follow_source(page, user=request.user)
        messages.success(request, f"The draft now follows revision {latest.number} of the source; send it for review.")
        return redirect(change_url(page), page.pk)
    followed = Revision.objects.filter(pk=page.followed_revision_id or page.source_revision_id).first()
    context = {
        **_frame(request, model_admin, page, f"Follow the current version of “{page.translation_of}”"),
        "source": page.translation_of,
        "followed": followed,
        "latest": latest,
        "diffs": diff_snapshots(type(page), followed.snapshot if followed else None, latest.snapshot),
    }
    return TemplateResponse(request, "admin/editorial/follow_source.html", context)
