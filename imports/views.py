"""WordPress imports from the browser: upload, dry run, start, progress and report (docs/architecture.md, "Imports").

Behind ``admin_site.admin_view`` (signed in, staff, second factor) and the ``imports.add_importrun`` permission,
which the Editors group has (superusers have every permission). The work itself is done by the worker
(imports/tasks.py); these views only store the upload, queue tasks and show the run's state.
"""

from typing import Any, cast

from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from imports import runs, tasks
from imports.forms import UploadForm
from imports.models import ImportRun
from jobs.delivery import enqueue

PERMISSION = "imports.add_importrun"
ITEMS_PER_PAGE = 100


def _may_import(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _context(request: HttpRequest, title: str, **values: Any) -> dict:
    return {**admin.site.each_context(request), "title": title, "opts": ImportRun._meta, **values}


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    _may_import(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            run = runs.keep_upload(form.cleaned_data["export"], cast(User, request.user))  # admin_view: staff
            enqueue(tasks.check_export, run.pk)
        return redirect(run.page_url())
    recent = ImportRun.objects.select_related("started_by")[:10]
    return TemplateResponse(
        request, "imports/upload.html", _context(request, "Import from WordPress", form=form, recent=recent)
    )


@never_cache
@require_GET
def run_page(request: HttpRequest, pk: int) -> HttpResponse:
    _may_import(request)
    run = get_object_or_404(ImportRun.objects.select_related("started_by"), pk=pk)
    items = run.preview.get("items") or []
    if request.GET.get("problems") == "1":
        items = [item for item in items if item["problems"]]
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "imports/run.html",
        _context(
            request,
            f"WordPress import: {run.source_name}",
            run=run,
            page=page,
            only_problems=request.GET.get("problems") == "1",
            with_problems=sum(1 for item in run.preview.get("items") or [] if item["problems"]),
            State=ImportRun.State,
        ),
    )


@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the import once: a second click (or a second tab) finds the run already queued and only redirects."""
    _may_import(request)
    run = get_object_or_404(ImportRun, pk=pk)
    with transaction.atomic():
        if runs.start(run.pk):
            enqueue(tasks.import_export, run.pk)
    return redirect(run.page_url())


@never_cache
@require_GET
def status(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's state for the page's progress line (imports/static/imports/import-progress.js)."""
    _may_import(request)
    run = get_object_or_404(ImportRun, pk=pk)
    return JsonResponse(
        {"state": run.state, "label": run.get_state_display(), "done": run.done_items, "total": run.total_items}
    )
