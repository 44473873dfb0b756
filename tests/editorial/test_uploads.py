"""Images uploaded from the editor: bombs and oversized images refused with a message, kept ones re-encoded."""

import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests import factories

pytestmark = pytest.mark.django_db
UPLOAD_URL = "/ckeditor5/image_upload/"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A small PNG whose header claims a huge image (rows of zeros compress to almost nothing)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (width + 1) * 64, 9)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", rows) + png_chunk(b"IEND", b"")


def jpeg_with_gps_and_trailer() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif.get_ifd(0x8825)[2] = (40.0, 44.0, 54.36)  # GPS latitude
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue() + b"<?php system($_GET['c']); ?>"


@pytest.fixture
def writer_client(client):
    factories.login_staff(client, factories.make_writer())
    return client


def upload(client, name: str, data: bytes, content_type: str):
    return client.post(UPLOAD_URL, {"upload": SimpleUploadedFile(name, data, content_type=content_type)})


def stored_file(response, settings) -> Path:
    return Path(settings.MEDIA_ROOT) / response.json()["url"].removeprefix(settings.MEDIA_URL)


def test_a_decompression_bomb_gets_a_400_with_a_message(writer_client):
    data = bomb_png()
    assert len(data) < 200_000

    response = upload(writer_client, "bomb.png", data, "image/png")

    assert response.status_code == 400
    assert "too large" in response.json()["error"]["message"]


def test_an_image_past_the_pixel_limit_gets_a_400_saying_the_limit(writer_client, settings):
    settings.UPLOAD_IMAGE_MAX_SIDE = 8000
    response = upload(writer_client, "wide.png", bomb_png(9000, 10), "image/png")

    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert "9,000 × 10 pixels" in message and "8,000 pixels on a side" in message


def test_a_file_that_is_not_an_image_gets_a_400(writer_client):
    response = upload(writer_client, "notes.png", b"not an image at all", "image/png")

    assert response.status_code == 400
    assert "not an image" in response.json()["error"]["message"]


def test_a_kept_jpeg_is_re_encoded_without_location_metadata_or_trailing_bytes(writer_client, settings):
    response = upload(writer_client, "ward.jpg", jpeg_with_gps_and_trailer(), "image/jpeg")

    assert response.status_code == 200, response.content
    data = stored_file(response, settings).read_bytes()
    assert data.endswith(b"\xff\xd9")
    assert b"<?php" not in data and b"PhoneMaker" not in data
    with Image.open(BytesIO(data)) as stored:
        assert stored.size == (64, 48)
        assert not stored.getexif()
        assert "exif" not in stored.info


def test_a_kept_png_keeps_its_transparency_and_loses_text_chunks(writer_client, settings):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "patient-room-12")
    out = BytesIO()
    Image.new("RGBA", (20, 10), (0, 0, 0, 0)).save(out, format="PNG", pnginfo=info)

    response = upload(writer_client, "chart.png", out.getvalue() + b"TRAILER", "image/png")

    assert response.status_code == 200, response.content
    data = stored_file(response, settings).read_bytes()
    assert b"patient-room-12" not in data and not data.endswith(b"TRAILER")
    with Image.open(BytesIO(data)) as stored:
        assert stored.mode == "RGBA"
        assert stored.getpixel((0, 0))[3] == 0


def test_visitors_cannot_upload(client):
    response = upload(client, "x.png", bomb_png(10, 10), "image/png")

    assert response.status_code == 403
    assert reverse("ck_editor_5_upload_file") == UPLOAD_URL
