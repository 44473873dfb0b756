"""Staff pages that fail: an admin-styled page that says what happened to the change and gives back what was typed.

A staff member whose post fails must not get the visitors' outage or CSRF page (a phone number for admissions, "open
the contact form again"): they need to know whether their edit was stored and to have their text to paste back.
"""

from django.contrib import admin
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

# Posted fields never shown back: secrets, Django's form machinery and the admin's buttons (names starting "_").
HIDDEN_FIELD_WORDS = ("password", "token", "otp", "csrf", "secret", "credential")
FORMSET_COUNTS = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")

SAVED_NOT = "not"  # the failure came before the commit: nothing was stored
SAVED_UNKNOWN = "unknown"  # the failure came after the view answered: the change may or may not be stored


def is_admin_path(request) -> bool:
    """Return whether the request is for a page under the admin (staff pages, sign-in included)."""
    return request.path.startswith(reverse("admin:index"))


def is_staff_post(request) -> bool:
    """Return whether the request posts to a page under the admin."""
    return request.method == "POST" and is_admin_path(request)


def shown_field(name: str) -> bool:
    """Return whether a posted field is the person's own input, safe to show them again."""
    lowered = name.lower()
    if name.startswith("_") or name.endswith(FORMSET_COUNTS):
        return False
    return not any(word in lowered for word in HIDDEN_FIELD_WORDS)


def posted_text(request) -> list[tuple[str, str]]:
    """Return (field name, text) for each non-empty field the person posted, in the form's order."""
    fields = []
    for name in request.POST:
        text = "\n".join(request.POST.getlist(name)).strip()
        if text and shown_field(name):
            fields.append((name, text))
    return fields


def render_page(request, template: str, status: int, **context) -> HttpResponse:
    """Render an admin-styled page without a request context, so it works with the database down."""
    context.update(
        site_header=admin.site.site_header,
        site_title=admin.site.site_title,
        fields=posted_text(request) if request.method == "POST" else [],
        page_url=request.get_full_path(),
        sign_in_url=reverse("admin:login"),
    )
    response = HttpResponse(render_to_string(template, context), status=status)
    add_never_cache_headers(response)
    return response


def database_error_response(request, saved: str | None) -> HttpResponse:
    """Answer a staff request the database failed: whether the change was saved, and what was typed."""
    response = render_page(request, "admin/database_error.html", 503, saved=saved, title=database_error_title(saved))
    response["Retry-After"] = "30"
    return response


def database_error_title(saved: str | None) -> str:
    if saved == SAVED_NOT:
        return "Your change was not saved"
    if saved == SAVED_UNKNOWN:
        return "Your change may not have been saved"
    return "This page could not be loaded"


def csrf_failure_response(request) -> HttpResponse:
    """Answer a refused staff post (expired page or session): nothing was saved, sign in and paste it back."""
    return render_page(request, "admin/csrf_failure.html", 403, title="Your change was not saved")
