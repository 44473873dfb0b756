"""Media storage from the environment: local disk by default, S3-compatible storage when a bucket is named."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW_STORAGE = (
    "import django; django.setup();"
    "from django.core.files.storage import storages; storage = storages['default'];"
    "print(type(storage).__name__, storage.url('articles/hero.jpg'))"
)


def storage_in_a_new_process(**env: str) -> list[str]:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "recovery_site.settings", **env}
    result = subprocess.run(
        [sys.executable, "-c", SHOW_STORAGE], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_media_goes_to_local_disk_without_a_bucket():
    kind, url = storage_in_a_new_process(MEDIA_S3_BUCKET="")

    assert kind == "FileSystemStorage"
    assert url == "/media/articles/hero.jpg"


def test_media_goes_to_s3_compatible_storage_when_a_bucket_is_named():
    kind, url = storage_in_a_new_process(
        MEDIA_S3_BUCKET="recovery-media",
        MEDIA_S3_ENDPOINT_URL="https://objects.example.org",
        MEDIA_S3_CUSTOM_DOMAIN="media.example.org",
        AWS_ACCESS_KEY_ID="test-key",
        AWS_SECRET_ACCESS_KEY="test-secret",
    )

    assert kind == "S3Storage"
    assert url == "https://media.example.org/media/articles/hero.jpg"


def test_pages_may_show_images_from_the_media_domain():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "recovery_site.settings",
        "MEDIA_S3_BUCKET": "recovery-media",
        "MEDIA_S3_CUSTOM_DOMAIN": "media.example.org",
    }
    show_policy = "import django; django.setup(); from django.conf import settings;" + (
        "print(*settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", show_policy], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )

    assert "https://media.example.org" in result.stdout.split()
