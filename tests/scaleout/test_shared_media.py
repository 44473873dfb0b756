"""Media in an S3 bucket that two app servers share: what one server's admin uploads, the other's pages show.

Everything runs as in production, on the engine under test (a copy of the demo database: a SQLite file both
servers open, or a PostgreSQL database): moto's S3 server on this machine holds the bucket, two gunicorn app
servers and the worker (``run_worker --batch``: the tasks queued so far, then exit) have the S3 settings, and
share Redis where REDIS_URL is given. Files are checked where visitors get them: from the bucket's address.
"""

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from html.parser import HTMLParser

import boto3
import pytest

from tests import factories, workers
from tests.faults.conftest import DEMO_PASSWORD, ROOT, ScratchDatabase, Server, manage, site_env
from tests.scaleout.conftest import Visitor

PORTS = workers.own_ports(range(8600, 8700))  # this worker's share (tests/workers.py)
BUCKET = "recovery-media"
PREFIX = "media"  # the settings' default MEDIA_S3_PREFIX
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}  # moto takes any
EDITOR = "editor"  # a demo account in the Editors group
EDITOR_TOTP_KEY = "00112233445566778899aabbccddeeff00112233"  # noqa: S105 (a test secret)
PORTRAIT_OF = "sample-writer"  # a demo contributor whose public page shows a portrait
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class FormValues(HTMLParser):
    """What a browser would submit from one form of a page, as shown: its inputs, selects and text areas."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or not attrs.get("name") and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in ("file", "submit", "button", "image"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.values.setdefault(attrs["name"], []).append(attrs.get("value") or "")
        elif tag == "select":
            self.select = attrs["name"]
            self.values.setdefault(self.select, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.values[self.select].append(attrs.get("value") or "")
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.values[self.textarea] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea][0] += data.removeprefix("\n") if not self.values[self.textarea][0] else data


def form_values(page: str, form_id: str, **changes) -> dict:
    parser = FormValues(form_id)
    parser.feed(page)
    values = {name: found if len(found) != 1 else found[0] for name, found in parser.values.items()}
    values.pop("csrfmiddlewaretoken", None)
    return {**values, **changes}


def png(colour: tuple[int, int, int]) -> bytes:
    return factories.image_bytes(size=(640, 400), colour=colour)  # three widths: a srcset, little work


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET a URL as a browser would an <img> or a link: no cookies, nothing signed."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 (the test's own bucket)
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


@pytest.fixture(scope="module")
def bucket():
    """moto's S3 server on a free port, with a bucket whose media visitors may read, as a public bucket's policy says."""
    from moto.server import ThreadedMotoServer

    port = workers.free_port(PORTS)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **_boto_credentials())
    client.create_bucket(Bucket=BUCKET)
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{BUCKET}/{PREFIX}/*",
            }
        ],
    }
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_read))
    try:
        yield endpoint, client
    finally:
        server.stop()


def _boto_credentials() -> dict:
    return {name.lower(): value for name, value in CREDENTIALS.items()}


class MediaSite:
    """Two app servers and the worker on one database, one Redis and one bucket."""

    def __init__(self, database: ScratchDatabase, env: dict, servers: list[Server], client):
        self.database, self.env, self.client = database, env, client
        self.first, self.second = (server.base for server in servers)

    def run_worker(self) -> None:
        command = [sys.executable, "manage.py", "run_worker", "--batch", "-v", "0"]
        done = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "Traceback" not in done.stderr, done.stderr[-2000:]

    def keys(self, prefix: str) -> set[str]:
        """Return the names of the objects in the bucket under ``prefix``, listed by the S3 API itself."""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    def stored_name(self, table: str, title: str) -> tuple[int, str]:
        return self.database.rows(f"SELECT id, file FROM {table} WHERE title = '{title}'")[0]  # noqa: S608 (the test's)


@pytest.fixture(scope="module")
def media_site(demo_template, bucket, tmp_path_factory):
    endpoint, client = bucket
    folder = tmp_path_factory.mktemp("shared-media")
    database = ScratchDatabase("media", folder).create(template=demo_template)
    manage(
        database.url,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; from django_otp.plugins.otp_totp.models import TOTPDevice; "
        f"TOTPDevice.objects.create(user=User.objects.get(username='{EDITOR}'), name='Test', key='{EDITOR_TOTP_KEY}')",
    )
    shared = {
        "MEDIA_S3_BUCKET": BUCKET,
        "MEDIA_S3_ENDPOINT_URL": endpoint,
        "MEDIA_S3_REGION": "us-east-1",
        **CREDENTIALS,
        # This run's own keys in a shared Redis: a page cached by an earlier run must not answer.
        "CACHE_KEY_PREFIX": f"media-{uuid.uuid4().hex[:12]}",
        "RENDITIONS_AVIF": "0",  # the slowest image work, and no different on S3
    }
    # REDIS_URL is this worker's own database already (tests/conftest.py); without it each server caches alone.
    redis_url = os.environ.get("REDIS_URL", "")
    env = site_env(database.url, **shared, **({"REDIS_URL": redis_url} if redis_url else {}))
    try:
        # The second port is chosen once the first server has bound its own.
        with (
            Server(workers.free_port(PORTS), env, folder / "a.log") as first,
            Server(workers.free_port(PORTS), env, folder / "b.log") as second,
        ):
            yield MediaSite(database, env, [first, second], client)
            logs = first.output() + second.output()
        assert "Traceback" not in logs, logs[-3000:]
    finally:
        database.drop()


@pytest.fixture(scope="module")
def editor_cookies(media_site) -> dict:
    """Sign the editor in once (a TOTP code is good once), on the first server; the servers share sessions."""
    editor = Visitor(media_site.first)
    status, headers, _ = editor.post_form(
        "/admin/login/?next=/admin/", {"username": EDITOR, "password": DEMO_PASSWORD, "next": "/admin/"}
    )
    assert (status, headers.get("location")) == (302, "/admin/"), "the staff login failed"
    status, headers, _ = editor.post_form(
        "/admin/sign-in/verify/?next=/admin/", {"code": factories.totp_code(EDITOR_TOTP_KEY), "next": "/admin/"}
    )
    assert (status, headers.get("location")) == (302, "/admin/"), "the second sign-in step failed"
    return editor.cookies


def signed_in(base: str, cookies: dict) -> Visitor:
    return Visitor(base, cookies=dict(cookies))


def upload_images(editor: Visitor, *names: str) -> None:
    # The browser's type is not trusted: the library re-encodes each picture and stores it as what it is.
    files = {"images": [(name, png((40 + 30 * n, 120, 160)), "text/html") for n, name in enumerate(names)]}
    status, headers, page = editor.post_form("/admin/library/image/upload/", {"credit": "Sample Artist"}, files=files)
    assert (status, headers.get("location")) == (302, "/admin/library/image/?missing=alt"), page[-2000:]


def save_change_form(editor: Visitor, path: str, form_id: str, **changes) -> None:
    _, _, page = editor.get(path)
    status, _, answer = editor.post_form(path, form_values(page, form_id, _save="Save", **changes))
    assert status == 302, re.findall(r'<ul class="errorlist[^>]*>.*?</ul>', answer) or answer[-2000:]


def bucket_urls(html: str, endpoint: str) -> list[str]:
    """Return the bucket addresses in a page's src and srcset attributes."""
    found = []
    for value in re.findall(r'\b(?:src|srcset)="([^"]+)"', html):
        found += [part.split()[0] for part in value.split(",") if part.strip().startswith(endpoint)]
    return found


def test_an_upload_through_one_server_is_served_from_the_bucket_on_the_other(media_site, editor_cookies):
    endpoint = media_site.env["MEDIA_S3_ENDPOINT_URL"]
    editor = signed_in(media_site.first, editor_cookies)

    upload_images(editor, "bucket-portrait.png")
    pk, name = media_site.stored_name("library_image", "Bucket portrait")
    save_change_form(editor, f"/admin/library/image/{pk}/change/", "image_form", alt_text="A painted portrait in blue")
    ((contributor,),) = media_site.database.rows(
        f"SELECT id FROM editorial_contributor WHERE slug = '{PORTRAIT_OF}'"  # noqa: S608 (a constant)
    )
    save_change_form(editor, f"/admin/editorial/contributor/{contributor}/change/", "contributor_form", photo=pk)
    media_site.run_worker()

    status, headers, page = Visitor(media_site.second).get(f"/contributors/{PORTRAIT_OF}/")
    assert status == 200
    portrait = re.search(r"<picture>.*?</picture>", page, re.DOTALL).group(0)
    assert 'alt="A painted portrait in blue"' in portrait
    urls = bucket_urls(portrait, endpoint)
    stem = name.rsplit("/", 1)[1].removesuffix(".png")
    rendition_url = f"{endpoint}/{BUCKET}/{PREFIX}/renditions/{name.rsplit('/', 1)[0]}/{stem}-"
    assert urls and all(url.startswith(rendition_url) for url in urls), urls
    assert any(url.endswith(".webp") for url in urls) and any(url.endswith(".png") for url in urls)
    for url in urls:
        status, content_type, body = fetch(url)
        assert (status, content_type) == (200, "image/webp" if url.endswith(".webp") else "image/png"), url
        assert body
    # A browser loads them only when the page's policy allows the bucket's address.
    img_src = re.search(r"img-src ([^;]*)", headers["content-security-policy"]).group(1).split()
    assert endpoint in img_src
    status, content_type, _ = fetch(f"{endpoint}/{BUCKET}/{PREFIX}/{name}")
    assert (status, content_type) == (200, "image/png")


def test_a_pdf_uploaded_through_one_server_is_a_pdf_in_the_bucket_until_deleted_on_the_other(
    media_site, editor_cookies
):
    endpoint = media_site.env["MEDIA_S3_ENDPOINT_URL"]
    uploader = signed_in(media_site.second, editor_cookies)
    _, _, page = uploader.get("/admin/library/document/add/")
    data = form_values(page, "document_form", title="Bucket handout", _save="Save")
    status, _, answer = uploader.post_form(
        "/admin/library/document/add/", data, files={"file": ("bucket-handout.pdf", PDF, "text/html")}
    )
    assert status == 302, answer[-2000:]
    pk, name = media_site.stored_name("library_document", "Bucket handout")
    editor = signed_in(media_site.first, editor_cookies)
    _, _, page = editor.get(f"/admin/library/document/{pk}/change/")
    link = f"{endpoint}/{BUCKET}/{PREFIX}/{name}"
    assert f'href="{link}"' in page
    assert fetch(link) == (200, "application/pdf", PDF)

    status, _, _ = editor.post_form(f"/admin/library/document/{pk}/delete/", {"post": "yes"})
    assert status == 302
    assert media_site.keys(f"{PREFIX}/{name}") == set()


def test_deleting_an_unused_image_removes_its_file_and_renditions_from_the_bucket(media_site, editor_cookies):
    editor = signed_in(media_site.first, editor_cookies)
    upload_images(editor, "bucket-kept.png", "bucket-unused.png")
    media_site.run_worker()
    files = {}
    for title in ("Bucket kept", "Bucket unused"):
        pk, name = media_site.stored_name("library_image", title)
        folder, base = name.rsplit("/", 1)
        renditions = media_site.keys(f"{PREFIX}/renditions/{folder}/{base.removesuffix('.png')}-")
        files[title] = (pk, {f"{PREFIX}/{name}"} | renditions)
        assert len(renditions) > 3, renditions  # each crop's sizes and formats, and its manifest
        assert media_site.keys(f"{PREFIX}/{name}") == {f"{PREFIX}/{name}"}
    everything = media_site.keys(PREFIX)
    assert files["Bucket kept"][1] | files["Bucket unused"][1] <= everything

    pk = files["Bucket unused"][0]
    other = signed_in(media_site.second, editor_cookies)
    status, headers, _ = other.post_form(f"/admin/library/image/{pk}/delete/", {"post": "yes"})
    assert (status, headers.get("location")) == (302, "/admin/library/image/")
    media_site.run_worker()

    assert media_site.keys(PREFIX) == everything - files["Bucket unused"][1]
