"""Staff views behind the comments panel of a change page: comment, reply, resolve; each returns to the panel."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from comments.forms import CommentForm, ReplyForm
from comments.models import Comment, add_comment, may_comment, resolve, targets
from editorial.models import ReviewedContent


def reviewed_page(content_type_id: int, object_id: int) -> ReviewedContent:
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None or not issubclass(model, ReviewedContent):
        raise Http404("No such page.")
    return get_object_or_404(model, pk=object_id)


def panel_url(page: ReviewedContent, anchor: str = "comments") -> str:
    opts = page._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[page.pk]) + f"#{anchor}"


@require_POST
def comment(request, content_type_id, object_id):
    """Add a comment on a part of the page's working draft."""
    page = reviewed_page(content_type_id, object_id)
    if not may_comment(page, request.user):
        raise PermissionDenied
    form = CommentForm(request.POST, targets=targets(page))
    if not form.is_valid():
        messages.error(request, f"Your comment was not added: {form.error_text()}")
        return redirect(panel_url(page))
    added = add_comment(page, text=form.cleaned_data["text"], target=form.cleaned_data["target"], user=request.user)
    messages.success(request, "Comment added.")
    return redirect(panel_url(page, added.anchor))


def thread_to_act_on(request, pk) -> tuple[Comment, ReviewedContent]:
    """Return the comment thread and its page, refusing anyone who may not comment on that page."""
    thread = get_object_or_404(Comment.objects.threads(), pk=pk)
    page = reviewed_page(thread.content_type_id, thread.object_id)
    if not may_comment(page, request.user):
        raise PermissionDenied
    return thread, page


@require_POST
def reply(request, pk):
    """Reply to a comment thread."""
    thread, page = thread_to_act_on(request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        add_comment(page, text=form.cleaned_data["text"], user=request.user, parent=thread)
        messages.success(request, "Reply added.")
    else:
        messages.error(request, "Your reply was not added: write something first (4,000 characters at most).")
    return redirect(panel_url(page, thread.anchor))


@require_POST
def resolve_thread(request, pk):
    """Resolve a comment thread."""
    thread, page = thread_to_act_on(request, pk)
    resolve(thread, user=request.user)
    messages.success(request, "Comment resolved.")
    return redirect(panel_url(page, thread.anchor))
