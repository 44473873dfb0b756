"""The editor's image upload keeps each picture as a library item."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from library.models import Image
from library.usage import usages
from tests import factories
from tests.editorial.test_uploads import jpeg_with_gps_and_trailer

pytestmark = pytest.mark.django_db
UPLOAD_URL = "/ckeditor5/image_upload/"


def test_an_editor_upload_becomes_a_library_image_without_its_exif(client):
    writer = factories.login_staff(client, factories.make_writer())
    upload = SimpleUploadedFile("morning-walk.jpg", jpeg_with_gps_and_trailer(), content_type="image/jpeg")

    response = client.post(UPLOAD_URL, {"upload": upload})

    assert response.status_code == 200
    image = Image.objects.get()
    assert response.json() == {"url": image.url, "library_id": image.pk}
    assert image.title == "Morning walk" and image.uploaded_by == writer and not image.ready
    assert b"<?php" not in image.file.read()


def test_a_body_image_from_the_editor_is_listed_where_used(client):
    factories.login_staff(client, factories.make_writer())
    url = client.post(UPLOAD_URL, {"upload": SimpleUploadedFile("a.png", factories.image_bytes())}).json()["url"]
    article = factories.make_article(body=f'<p>Text</p><img src="{url}" alt="A chart">')

    assert [use.obj for use in usages(Image.objects.get())] == [article]


def test_someone_without_upload_permission_is_refused(client):
    response = client.post(UPLOAD_URL, {"upload": SimpleUploadedFile("a.png", factories.image_bytes())})

    assert response.status_code in (302, 403)
    assert not Image.objects.exists()
