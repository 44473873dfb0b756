"""The rich-text editor's image upload: the picture becomes a library item, and the text shows it by its address.

It replaces django-ckeditor-5's upload view at the same URL name and with the same permission check, so every
image in a page's text is in the library (credited, findable, listed under "where used", protected from deletion).
"""

from typing import cast

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
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
