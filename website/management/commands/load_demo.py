"""Fill a new site with demo content and staff accounts, published through the real workflow."""

import datetime
import os

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.demo import give_demo_device
from articles.models import Article, Topic
from conditions.models import Condition
from editorial import workflow
from editorial.models import Contributor, LiveStatus, NoteKind, ReviewState
from editorial.roles import EDITORS, INTAKE_STAFF, MEDICAL_REVIEWERS, WRITERS
from library.models import Image, Licence, Tag
from pages.models import Block, SitePage
from website import demo_content as demo
from website import demo_images
from website.renditions import make_renditions

# Every demo picture is drawn by website/demo_images.py: an illustration, never a photograph of anyone.
# Its source is this site (where it was made).
DEMO_PROVENANCE = {
    "credit": "Illustration: Recovery Site demo (drawn by the site's own code)",
    "licence": Licence.CC0,
    "caption": "",
}

# A demo person without a picture of their own in demo_content.PORTRAITS still gets a drawn one.
DEFAULT_PORTRAIT = ("teal", "medium", "dark", "short", False)

DEFAULT_PASSWORD = "recovery-demo-password"  # noqa: S105 - a demo account password, printed on purpose
ACCOUNTS = (
    ("writer", WRITERS),
    ("reviewer", MEDICAL_REVIEWERS),
    ("revisora", MEDICAL_REVIEWERS),
    ("editor", EDITORS),
    ("intake", INTAKE_STAFF),
    ("admin", None),
)


class Command(BaseCommand):
    help = "Create demo content and the demo staff accounts (writer, reviewer, editor, intake, admin); safe to repeat."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off. Never do this on a real site."
        )
        parser.add_argument(
            "--no-sign-in",
            action="store_true",
            help="Leave out how to sign in (make run prints it last, with the address it serves on).",
        )

    def handle(self, *args, force=False, no_sign_in=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates staff accounts with a published password, so it only runs with DJANGO_DEBUG=1. "
                "Add --force to run it anyway (never on a production site)."
            )
        password = demo_password()
        try:
            with transaction.atomic():
                users = {username: self.account(username, group, password) for username, group in ACCOUNTS}
                writer = self.contributor(demo.WRITER, users["writer"])
                self.contributor(demo.REVIEWER, users["reviewer"], licence_expiry=True)
                self.contributor(demo.REVIEWER_ES, users["revisora"], licence_expiry=True)
                topic, _ = Topic.objects.update_or_create(slug=demo.TOPIC["slug"], defaults=demo.TOPIC)
                links = self.page_links()
                # A page may only link to live pages (editorial.checks): on a new site the conditions go live
                # first without their link to the article, and get it once the article is live.
                article_live = Article.objects.live().filter(slug=demo.ARTICLE_SLUG).exists()
                conditions = [
                    self.condition(data, writer, links, users, read_more=article_live) for data in demo.CONDITIONS
                ]
                article = self.article(topic, writer, conditions, links, users)
                if not article_live:
                    for data in demo.CONDITIONS:
                        self.condition(data, writer, links, users)
                self.site_pages_and_blocks(users)
                self.update_note(article, users)
                self.spanish_edition(article, conditions, users)
        except workflow.WorkflowError as error:
            raise CommandError(f"The demo content could not be published: {error}") from error
        self.report(password, sign_in=not no_sign_in)

    # Accounts and people ------------------------------------------------------

    def account(self, username: str, group_name: str | None, password: str) -> User:
        """Create or reset one demo staff account."""
        user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
        user.is_staff = True
        user.is_active = True
        user.is_superuser = group_name is None
        user.set_password(password)
        user.save()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        if settings.DEBUG:  # a published authenticator secret: never on a site running with debug off
            give_demo_device(user)
        return user

    def contributor(self, data: dict, user: User, licence_expiry: bool = False) -> Contributor:
        contributor = Contributor.objects.filter(slug=data["slug"]).first() or Contributor(slug=data["slug"])
        for name, value in data.items():
            if name != "photo_alt":
                setattr(contributor, name, value)
        contributor.user = user
        name = demo_image(
            f"contributors/demo-{data['slug']}-illustrated.jpg",
            ("1:1",),
            demo_images.portrait,
            *demo.PORTRAITS.get(data["slug"], DEFAULT_PORTRAIT),
        )
        title = f"Illustrated portrait: {data['name']}"
        contributor.photo = library_image(name, title, data["photo_alt"], "portrait")
        # Keep a licence that is still good for a year, so repeated runs change nothing.
        today = timezone.localdate()
        if licence_expiry and not (
            contributor.licence_expiry and contributor.licence_expiry > today + datetime.timedelta(days=365)
        ):
            contributor.licence_expiry = today + datetime.timedelta(days=730)
        contributor.full_clean()
        contributor.save()
        self.profile_rows(contributor.education, demo.EDUCATION.get(contributor.slug, []))
        self.profile_rows(contributor.affiliations, demo.AFFILIATIONS.get(contributor.slug, []))
        return contributor

    def profile_rows(self, rows, wanted: list[dict]) -> None:
        """Make a person's education or affiliations the demo's list, writing only the rows that differ."""
        for position, data in enumerate(wanted):
            row = rows.filter(position=position).first() or rows.model(contributor=rows.instance, position=position)
            if any(getattr(row, name) != value for name, value in data.items()) or row.pk is None:
                for name, value in data.items():
                    setattr(row, name, value)
                row.full_clean()
                row.save()
        rows.filter(position__gte=len(wanted)).delete()

    # Pages ----------------------------------------------------------------------

    def page_links(self) -> dict[str, str]:
        links = {slug: reverse("conditions:detail", kwargs={"slug": slug}) for slug in demo.CONDITION_SLUGS}
        links["article"] = reverse("articles:detail", kwargs={"slug": demo.ARTICLE_SLUG})
        return links

    def condition(self, data: dict, writer: Contributor, links: dict, users: dict, read_more=True) -> Condition:
        fields = {key: value for key, value in data.items() if key not in ("sources", "hero_image_alt")}
        fields["hero_image"] = hero_image("conditions", data["slug"], data["name"], data["hero_image_alt"])
        off_label = demo.OFF_LABEL.format(name=demo.NAME_IN_SENTENCE[data["slug"]])
        fields["body"] = data["body"] + off_label + (demo.READ_MORE if read_more else "")
        condition = Condition.objects.filter(slug=data["slug"]).first() or Condition()
        return self.publish(condition, fields, {"authors": [writer]}, data["sources"], links, users)

    def article(self, topic, writer, conditions, links, users) -> Article:
        fields = {key: value for key, value in demo.ARTICLE.items() if key not in ("sources", "hero_image_alt")}
        fields["topic_id"] = topic.pk
        title, alt = demo.ARTICLE["title"], demo.ARTICLE["hero_image_alt"]
        fields["hero_image"] = hero_image("articles", demo.ARTICLE_SLUG, title, alt)
        article = Article.objects.filter(slug=demo.ARTICLE_SLUG).first() or Article()
        m2m = {"authors": [writer], "conditions": conditions}
        return self.publish(article, fields, m2m, demo.ARTICLE["sources"], links, users)

    def publish(self, obj, fields: dict, m2m: dict, sources: list[dict], links: dict, users: dict):
        """Write the demo text as the draft and take it live: writer, reviewer, editor in turn."""
        fields["body"] = fill(fields["body"], links)
        for name, value in fields.items():
            setattr(obj, name, value)
        if obj.pk is None:
            obj.save()  # relations need a primary key; nothing is live until publish
        for name, objects in m2m.items():
            obj.set_relation(
                name, type(obj)._meta.get_field(name).related_model.objects.filter(pk__in=[o.pk for o in objects])
            )
        obj.set_sources(sources)
        workflow.save_draft(obj, user=users["writer"])
        if obj.review_state in (ReviewState.DRAFT, ReviewState.CHANGES_REQUESTED):
            workflow.submit(obj, user=users["writer"], note="Demo content.")
        if obj.review_state == ReviewState.IN_REVIEW:
            workflow.approve(obj, user=users["reviewer"], note="Demo content.")
        if obj.review_state == ReviewState.APPROVED:
            workflow.publish(obj, user=users["editor"])
        if obj.live_status != LiveStatus.LIVE:
            self.stderr.write(f"{obj} is not live ({obj.get_live_status_display()}); publish it in the admin.")
        return obj

    def site_pages_and_blocks(self, users: dict) -> None:
        """Publish the trust pages and the reusable blocks; editors approve what makes no medical claim."""
        english = settings.LANGUAGE_CODE  # the Spanish blocks are translations of these (spanish_edition)
        for data in demo.SITE_PAGES:
            page = SitePage.objects.filter(kind=data["kind"], language=english).first() or SitePage(kind=data["kind"])
            self.review_and_publish(page, data, users)
        for data in demo.BLOCKS:
            block = Block.objects.filter(kind=data["kind"], language=english).first() or Block(kind=data["kind"])
            self.review_and_publish(block, data, users)

    def review_and_publish(self, obj, fields: dict, users: dict):
        """Write the demo text as the draft (writer), have the right person approve it, and publish it (editor)."""
        for name, value in fields.items():
            setattr(obj, name, value)
        workflow.save_draft(obj, user=users["writer"])
        approver = users["reviewer"] if obj.needs_medical_review else users["editor"]
        if obj.review_state in (ReviewState.DRAFT, ReviewState.CHANGES_REQUESTED):
            workflow.submit(obj, user=users["writer"], note="Demo content.")
        if obj.review_state == ReviewState.IN_REVIEW:
            workflow.approve(obj, user=approver, note="Demo content.")
        if obj.review_state == ReviewState.APPROVED:
            workflow.publish(obj, user=users["editor"])
        return obj

    def update_note(self, article: Article, users: dict) -> None:
        """Give the article one dated update note, from a periodic re-review of the unchanged page (once)."""
        if article.public_notes or article.review_state != ReviewState.PUBLISHED:
            return
        workflow.submit(article, user=users["writer"], note="Periodic medical review (demo).")
        workflow.approve(article, user=users["reviewer"], note="Demo content.")
        workflow.publish(article, user=users["editor"], note=demo.ARTICLE_UPDATE_NOTE, kind=NoteKind.UPDATE)

    def spanish_edition(self, article: Article, conditions: list[Condition], users: dict) -> None:
        """Publish the Spanish article, disclaimer, call to action and fibromyalgia page, reviewed in Spanish.

        Then review the English fibromyalgia page again (once), so its translation follows an older version.
        """
        self.translate(article, demo.ARTICLE_ES, users)
        for kind, fields in demo.BLOCKS_ES.items():
            self.translate(Block.objects.get(kind=kind, language=settings.LANGUAGE_CODE), fields, users)
        english = next(condition for condition in conditions if condition.slug == "fibromyalgia")
        spanish = self.translate(english, demo.FIBROMYALGIA_ES, users)
        if spanish.is_live and not spanish.is_out_of_date and english.review_state == ReviewState.PUBLISHED:
            workflow.submit(english, user=users["writer"], note=demo.FIBROMYALGIA_REREVIEW_NOTE)
            workflow.approve(english, user=users["reviewer"], note="Demo content.")
            workflow.publish(english, user=users["editor"])

    def translate(self, source, fields: dict, users: dict):
        """Start (once) the source's Spanish translation, write the demo text into it and take it live."""
        page = type(source).objects.filter(translation_of=source, language="es").first()
        if page is None:
            page = workflow.start_translation(source, "es", user=users["writer"])
        page.apply_draft()
        for name, value in fields.items():
            setattr(page, name, value.strip() if name == "body" else value)
        workflow.save_draft(page, user=users["writer"])
        if page.review_state in (ReviewState.DRAFT, ReviewState.CHANGES_REQUESTED):
            workflow.submit(page, user=users["writer"], note="Demo translation.")
        if page.review_state == ReviewState.IN_REVIEW:
            # Medical text by the reviewer who reads Spanish; the call to action, like its English block, by an editor.
            approver = users["revisora"] if page.needs_medical_review else users["editor"]
            workflow.approve(page, user=approver, note="Demo translation, reviewed in Spanish.")
        if page.review_state == ReviewState.APPROVED:
            workflow.publish(page, user=users["editor"])
        return page

    def report(self, password: str, *, sign_in: bool = True) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                "Demo content is live: 1 article, 4 condition pages, 4 site pages, 4 blocks; in Spanish, "
                "the article, the disclaimer, the call to action and the fibromyalgia page (the latter following an "
                "older English version)."
            )
        )
        if sign_in:
            self.stdout.write(sign_in_block(password))


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


def sign_in_block(password: str, site_url: str = "") -> str:
    """Return how to sign in to the demo: the block README shows and `make run` prints last."""
    source = "from DEMO_PASSWORD" if os.environ.get("DEMO_PASSWORD") else "demo default; set DEMO_PASSWORD to change"
    lines = [f"Sign in to the demo at {site_url or settings.SITE_URL}/admin/ as one of:"]
    lines += [f"  {username:<9} {group or 'superuser'}" for username, group in ACCOUNTS]
    lines.append(f"Password for every account: {password}  ({source})")
    lines.append("Second step: the 6-digit code `make demo-code` prints (demo accounts, debug only; new every 30 s)")
    return "\n".join(lines)


def hero_image(folder: str, slug: str, title: str, alt: str) -> Image:
    """Return the library image of a page's demo illustration, drawing it the first time."""
    name = demo_image(f"{folder}/demo-{slug}.jpg", ("2:1", "16:9"), demo_images.illustration, *demo.ILLUSTRATIONS[slug])
    return library_image(name, f"Illustration: {title}", alt, "illustration")


def library_image(name: str, title: str, alt: str, tag: str) -> Image:
    """Return the library item of a stored demo picture, credited and licensed, making it the first time."""
    image = Image.objects.filter(file=name).first()
    if image is None:
        source = settings.SITE_URL.rstrip("/") + "/"
        image = Image(file=name, title=title[:200], alt_text=alt, source=source, **DEMO_PROVENANCE)
        image.full_clean()
        image.save()
        image.tags.add(Tag.objects.get_or_create(name=f"demo {tag}")[0])
    return image


def demo_image(name: str, crops: tuple[str, ...], draw, *args) -> str:
    """Store the picture ``draw(*args)`` makes under ``name`` unless it is there, resize it now; return the name.

    Only the shapes the demo pages show it in (``crops``, centred) are made here; a later save in the library
    queues the others on the worker.
    """
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(draw(*args)))
    # Made here rather than by the worker, so the first page shown already has its smaller copies.
    for crop in crops:
        make_renditions.call(name, crop, [50, 50])
    return name


def fill(text: str, links: dict[str, str]) -> str:
    """Put real page addresses into the {placeholders} of a demo body."""
    for key, url in links.items():
        text = text.replace("{" + key + "}", url)
    return text.strip()
