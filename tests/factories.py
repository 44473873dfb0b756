"""Small factory functions: each makes one valid object, overrides by keyword."""

import datetime
import hashlib
import hmac
import importlib
import itertools
import struct
import time
import uuid

import django_otp
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations import RunPython
from django.test import RequestFactory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from api.models import PartnerKey, WebhookSubscription
from articles.models import Article, Topic
from conditions.models import Condition
from contact.consent import CONSENT_VERSION
from contact.forms import sign_started
from contact.models import ContactRequest
from editorial import workflow
from editorial.models import Contributor, transition_writes
from editorial.roles import INTAKE_STAFF
from library.models import Image as LibraryImage
from pages.models import Block, SitePage

_seq = itertools.count(1)


def make_user(username: str | None = None, *, groups: tuple[str, ...] = (), **kwargs) -> User:
    username = username or f"user{next(_seq)}"
    kwargs.setdefault("is_staff", bool(groups) or kwargs.get("is_superuser", False))
    user = User.objects.create_user(
        username=username, password="correct-horse-battery", email=f"{username}@example.org", **kwargs
    )
    for name in groups:
        user.groups.add(staff_group(name))
    return user


# Data migrations that create the staff groups and their permissions.
GROUP_MIGRATIONS = (
    "editorial.migrations.0002_groups",
    "contact.migrations.0002_intake_staff_permissions",
    "imports.migrations.0002_staff_permissions",
    "imports.migrations.0004_editors_import",
    "pages.migrations.0002_staff_permissions",
    "library.migrations.0002_staff_permissions",
    "editorial.migrations.0010_profile_permissions",
)


def staff_group(name: str) -> Group:
    """Return a staff group, first restoring the migrations' groups if a transactional test's flush removed them."""
    group = Group.objects.filter(name=name).first()
    if group is None:
        restore_staff_groups()
        group = Group.objects.get(name=name)
    return group


def restore_staff_groups() -> None:
    """Run the group data migrations again (idempotent) against the current schema."""
    state_apps = MigrationExecutor(connection).loader.project_state().apps
    for module in GROUP_MIGRATIONS:
        for operation in importlib.import_module(module).Migration.operations:
            if isinstance(operation, RunPython):
                operation.code(state_apps, None)


def make_writer(username: str | None = None) -> User:
    user = make_user(username, groups=(workflow.WRITERS,))
    make_contributor(name=f"Writer {user.username}", is_writer=True, user=user)
    return user


def make_reviewer(
    username: str | None = None, *, licence_expiry: datetime.date | None = None, languages: str = "en"
) -> User:
    user = make_user(username, groups=(workflow.MEDICAL_REVIEWERS,))
    make_contributor(
        name=f"Reviewer {user.username}",
        credentials="PharmD",
        is_medical_reviewer=True,
        languages=languages,
        licence_number=f"RPH-{user.pk:05d}",
        licence_expiry=licence_expiry or timezone.localdate() + datetime.timedelta(days=365),
        user=user,
    )
    return user


def make_editor(username: str | None = None) -> User:
    return make_user(username, groups=(workflow.EDITORS,))


def make_intake(username: str | None = None) -> User:
    return make_user(username, groups=(INTAKE_STAFF,))


def make_contact_request(**kwargs) -> ContactRequest:
    """Create a stored contact request as the public form would leave it."""
    n = next(_seq)
    kwargs.setdefault("token", uuid.uuid4())
    kwargs.setdefault("name", f"Visitor {n}")
    kwargs.setdefault("phone", "+12125550123")
    kwargs.setdefault("email", f"visitor{n}@example.org")
    kwargs.setdefault("preferred_contact", "phone")
    kwargs.setdefault("for_whom", "self")
    kwargs.setdefault("message", f"Question {n} about treatment.")
    kwargs.setdefault("consent_version", CONSENT_VERSION)
    return ContactRequest.objects.create(**kwargs)


def contact_form_data(**overrides) -> dict:
    """Return a valid contact form post, filled in 30 seconds after the form was shown (None leaves a field out)."""
    data = {
        "name": "Jordan Example",
        "phone": "(212) 555-0123",
        "email": "jordan@example.org",
        "preferred_contact": "phone",
        "for_whom": "self",
        "message": "I would like to ask about outpatient treatment.",
        "consent": "on",
        "extra_details": "",
        "started": sign_started(at=time.time() - 30),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_contributor(**kwargs) -> Contributor:
    n = next(_seq)
    kwargs.setdefault("name", f"Sample Contributor {n}")
    kwargs.setdefault("slug", f"sample-contributor-{n}")
    return Contributor.objects.create(**kwargs)


def image_bytes(size: tuple[int, int] = (64, 48), image_format: str = "PNG", colour=(30, 120, 200)) -> bytes:
    """Return a small picture's file content, drawn by Pillow."""
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", size, colour).save(out, format=image_format)
    return out.getvalue()


def make_image(**kwargs) -> LibraryImage:
    """Create a described library image (a small PNG) as an upload would leave it."""
    from django.core.files.base import ContentFile

    n = next(_seq)
    size = kwargs.pop("size", (64, 48))
    kwargs.setdefault("title", f"Picture {n}")
    kwargs.setdefault("alt_text", f"Description of picture {n}")
    image = LibraryImage(**kwargs)
    image.file.save(f"picture-{n}.png", ContentFile(image_bytes(size)), save=False)
    image.save()
    return image


def image_from(upload, alt_text: str = "", **kwargs) -> LibraryImage:
    """Create a library image holding ``upload`` (an uploaded file, or a stored name) with this alt text."""
    n = next(_seq)
    kwargs.setdefault("title", f"Picture {n}")
    image = LibraryImage(alt_text=alt_text, **kwargs)
    if isinstance(upload, str):
        image.file.name = upload
    else:
        image.file.save(upload.name, upload, save=False)
    image.save()
    return image


def make_topic(**kwargs) -> Topic:
    n = next(_seq)
    kwargs.setdefault("name", f"Topic {n}")
    return Topic.objects.create(**kwargs)


# Every page needs a source before it can be sent for review (editorial.checks.has_sources).
def sample_sources(n: int) -> list[dict]:
    return [{"title": f"Sample study {n}", "publisher": "Sample Journal of Medicine", "year": 2020}]


def make_article(*, user: User | None = None, **kwargs) -> Article:
    """Create a draft article through the workflow, as a writer would (with one sample source unless given)."""
    n = next(_seq)
    authors = kwargs.pop("authors", [])
    conditions = kwargs.pop("conditions", [])
    sources = kwargs.pop("sources", sample_sources(n))
    kwargs.setdefault("title", f"Article {n}")
    kwargs.setdefault("slug", f"article-{n}")
    kwargs.setdefault("summary", f"Summary of article {n}.")
    kwargs.setdefault("body", f"<p>Body of article {n}.</p>")
    article = Article(**kwargs)
    return _save_new(article, user, {"authors": authors, "conditions": conditions}, sources)


def make_condition(*, user: User | None = None, **kwargs) -> Condition:
    """Create a draft condition page through the workflow, as a writer would (with one sample source unless given)."""
    n = next(_seq)
    authors = kwargs.pop("authors", [])
    sources = kwargs.pop("sources", sample_sources(n))
    kwargs.setdefault("name", f"Condition {n}")
    kwargs.setdefault("slug", f"condition-{n}")
    kwargs.setdefault("summary", f"Summary of condition {n}.")
    kwargs.setdefault("body", f"<h2>Symptoms</h2><p>Symptoms of condition {n}.</p>")
    condition = Condition(**kwargs)
    return _save_new(condition, user, {"authors": authors}, sources)


def make_site_page(*, user: User | None = None, **kwargs) -> SitePage:
    """Create a draft trust page (the editorial policy unless ``kind`` says otherwise) through the workflow."""
    kind = kwargs.setdefault("kind", SitePage.Kind.EDITORIAL_POLICY)
    sources = kwargs.pop("sources", [])
    kwargs.setdefault("title", f"Page {kind}")
    kwargs.setdefault("summary", f"Summary of the {kind} page.")
    kwargs.setdefault("body", f"<p>Body of the {kind} page.</p>")
    return _save_new(SitePage(**kwargs), user, {}, sources)


def make_block(*, user: User | None = None, **kwargs) -> Block:
    """Create a draft block (the medical disclaimer unless ``kind`` says otherwise) through the workflow."""
    kind = kwargs.setdefault("kind", Block.Kind.DISCLAIMER)
    kwargs.setdefault("heading", f"Heading of {kind}")
    kwargs.setdefault("body", f"<p>Text of the {kind} block; call or text 988.</p>")
    return _save_new(Block(**kwargs), user, {}, [])


def approve_as(obj, approver: User):
    """Send the draft for review as whoever last edited it and approve it as ``approver``."""
    workflow.submit(obj, user=obj.draft_updated_by)
    return workflow.approve(obj, user=approver)


def _save_new(obj, user, m2m: dict, sources: list[dict]):
    user = user or make_writer()
    obj.save()
    for name, objects in m2m.items():
        getattr(obj, name).set(objects)
    obj.set_sources(sources)
    return workflow.save_draft(obj, user=user)


def approve_draft(obj, *, reviewer: User | None = None):
    """Send the draft through review and approval by a licensed reviewer who reads the page's language."""
    reviewer = reviewer or make_reviewer(languages=obj.language)
    editor_of_draft = obj.draft_updated_by or make_writer()
    workflow.submit(obj, user=editor_of_draft)
    return workflow.approve(obj, user=reviewer)


def publish(obj, *, reviewer: User | None = None, editor: User | None = None):
    """Take a draft all the way live through the real workflow."""
    approve_draft(obj, reviewer=reviewer)
    return workflow.publish(obj, user=editor or make_editor())


def translate(source, *, user: User | None = None, language: str = "es", **fields):
    """Start ``source``'s translation as a writer would and store ``fields`` (the translated text) in its draft."""
    user = user or make_writer()
    page = workflow.start_translation(source, language, user=user)
    if fields:
        page.apply_draft()
        for name, value in fields.items():
            setattr(page, name, value)
        workflow.save_draft(page, user=user)
    return page


def set_stored(queryset, **values) -> int:
    """Write columns only the workflow may write, as passing time, an old version or a raw SQL fix would leave them.

    Test set-up only: product code never enters ``transition_writes`` outside editorial.workflow.
    """
    with transition_writes():
        return queryset.update(**values)


def make_live_article(**kwargs) -> Article:
    return publish(make_article(**kwargs))


def make_live_condition(**kwargs) -> Condition:
    return publish(make_condition(**kwargs))


def make_partner_key(name: str = "Partner Health", **kwargs) -> tuple[PartnerKey, str]:
    """Return a partner key and its token (what the admin shows once)."""
    key = PartnerKey(name=name, **kwargs)
    token = key.issue()
    key.save()
    return key, token


def make_subscription(url: str, *, key: PartnerKey | None = None, **kwargs) -> WebhookSubscription:
    """Subscribe a key (a new one by default) to every event at ``url``; the address is not validated here."""
    return WebhookSubscription.objects.create(
        key=key or make_partner_key(f"Partner {next(_seq)}")[0], url=url, **kwargs
    )


def admin_change_data(response, **changes) -> dict:
    """Return the POST data an admin change page would send as shown, inlines included, with ``changes``."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False or hasattr(value, "storage"):  # an empty or stored file
                continue
            data[field.html_name] = [str(v) for v in value] if isinstance(value, list | tuple) else value
    return {**data, **changes, "_save": "Save"}


# Staff sign-in -----------------------------------------------------------------


def totp_code(key_hex: str, at: float | None = None, step: int = 30) -> str:
    """The RFC 6238 code for a hex secret at a time, computed here rather than by django-otp."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def make_totp_device(user: User, **kwargs) -> TOTPDevice:
    kwargs.setdefault("name", "Test authenticator")
    kwargs.setdefault("confirmed", True)
    return TOTPDevice.objects.create(user=user, **kwargs)


def login_staff(client, user: User) -> User:
    """Sign ``user`` in on the test client with a verified second factor, as staff pages require.

    Use this, not ``client.force_login``, for any admin page, staff preview or the editor's upload view: a
    password-only session reaches none of them. It force-logs-in, then marks the session verified by the
    user's authenticator (created if missing) through django-otp's public ``django_otp.login``.
    """
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or make_totp_device(user)
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    django_otp.login(request, device)
    request.session.save()
    return user
