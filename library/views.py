"""The rich-text editor's image upload and the library chooser's search (docs/architecture.md, "Media library").

The upload replaces django-ckeditor-5's view at the same URL name and with the same permission check, so every
image in a page's text is in the library (credited, findable, listed under "where used", protected from deletion).
The chooser (static/js/library-chooser.js) picks existing images for the text, a hero image or a portrait.
"""

from typing import cast

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_ckeditor_5.permissions import check_upload_permission

from library.models import Image
from library.uploads import clean_image


@require_POST
@check_upload_permission
def upload_image(request: HttpRequest) -> JsonResponse:
    """Check and re-encode the editor's upload, keep it as a library image and answer with its address."""
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": "Choose an image to upload."}}, status=400)
    if upload.size is None or upload.size > settings.CKEDITOR_5_MAX_FILE_SIZE * 1024 * 1024:
        limit = settings.CKEDITOR_5_MAX_FILE_SIZE
        return JsonResponse({"error": {"message": f"Images may be at most {limit} MB."}}, status=400)
    try:
        clean = clean_image(upload)
    except ValidationError as error:
        return JsonResponse({"error": {"message": " ".join(error.messages)}}, status=400)
    title = (clean.name or "image").rsplit(".", 1)[0].replace("-", " ").replace("_", " ").capitalize()
    image = Image(title=title[:200], uploaded_by=cast(User, request.user))  # the permission check needs staff
    image.file.save(clean.name or "image", clean, save=False)
    image.save()
    return JsonResponse({"url": image.url, "library_id": image.pk})


CHOICES_PER_PAGE = 12


def image_choices(request: HttpRequest) -> JsonResponse:
    """Answer the chooser's search: a page of library images, newest first, with what choosing one needs.

    Mounted by the library's admin (behind its sign-in); only staff who may view the library get an answer.
    """
    if not request.user.has_perm("library.view_image"):
        return JsonResponse({"error": "You may not view the media library."}, status=403)
    query = request.GET.get("q", "").strip()
    images = Image.objects.order_by("-uploaded_at", "-pk")
    for word in query.split()[:5]:
        images = images.filter(Q(title__icontains=word) | Q(tags__name__icontains=word))
    if query:
        images = images.distinct()
    page = Paginator(images, CHOICES_PER_PAGE).get_page(request.GET.get("page"))
    return JsonResponse(
        {
            "query": query,
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "results": [choice(image) for image in page],
        }
    )


def choice(image: Image) -> dict:
    """Return what the chooser shows and inserts of one image: its address, alt text and whether it is ready."""
    return {
        "id": image.pk,
        "title": image.title,
        "url": image.url,
        "alt": image.alt,
        "decorative": image.decorative,
        "ready": image.ready,
        "width": image.width,
        "height": image.height,
        "change_url": reverse("admin:library_image_change", args=[image.pk]),
    }
