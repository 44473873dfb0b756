"""Store a checked WordPress export as article drafts awaiting medical review.

Every post and page becomes (or updates) an Article through
``editorial.workflow.save_draft`` only, so nothing is live until a medical
reviewer approves it and an editor publishes it, whatever its WordPress status.
Each item is written all or nothing (``import_item_atomically``): bad content in one
item is listed as that item's problem and the run goes on (docs/architecture.md, "Imports").
"""

import html
import posixpath
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urlsplit

from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator, slugify

from articles.models import Article, Topic
from editorial import workflow
from editorial.models import Contributor, LiveStatus, fingerprint, model_field
from imports.conversion import convert_body
from imports.media import UploadsLibrary
from imports.models import ImportedAuthor, ImportedItem, ImportRun
from imports.wordpress import Site, WxrItem
from library.models import Image

IMPORTED_TYPES = ("post", "page")
STATUS_NOTES = {
    "draft": "A draft on WordPress: it may be unfinished.",
    "private": "Private on WordPress: check that it is meant for the public before publishing.",
    "future": "Scheduled on WordPress but not yet published there.",
}
UNCATEGORIZED = "uncategorized"
TITLE_LENGTH = cast(int, model_field(Article, "title").max_length)  # a CharField: always set
ERROR_LENGTH = 300  # of an unexpected error's text, listed on its item


@dataclass
class Report:
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    outcomes: Counter = field(default_factory=Counter)
    skipped: list[dict] = field(default_factory=list)
    missing_media: dict[str, list[int | None]] = field(default_factory=lambda: defaultdict(list))
    shortcodes: Counter = field(default_factory=Counter)
    attention: list[dict] = field(default_factory=list)
    comments: int = 0
    # Each post and page with its outcome and problems, kept for the dry run's page (None: not kept).
    items: list[dict] | None = None

    def skip(self, item: WxrItem, reason: str) -> str:
        self.skipped.append({"wp_id": item.wp_id, "post_type": item.post_type, "title": item.title, "reason": reason})
        return "skipped"

    def save(self, run: ImportRun) -> ImportRun:
        """Write the report onto the run's record."""
        run.finished_at = timezone.now()
        run.created, run.updated, run.unchanged = (self.outcomes[k] for k in ("created", "updated", "unchanged"))
        run.skipped_count = len(self.skipped)
        run.comments_not_imported = self.comments
        run.counts = {kind: dict(statuses) for kind, statuses in self.counts.items()}
        run.skipped = self.skipped
        run.missing_media = [{"file": name, "items": ids} for name, ids in sorted(self.missing_media.items())]
        run.shortcodes = dict(self.shortcodes.most_common())
        run.attention = self.attention
        run.state = ImportRun.State.FINISHED
        run.save()
        return run


class Importer:
    """Turn the items of one checked export into drafts; ``outcome`` says what happened to each."""

    def __init__(self, site: Site, user, library: UploadsLibrary):
        self.site, self.user, self.library = site, user, library
        self.report = Report()
        self.run: ImportRun | None = None
        self.contributors: dict[str, Contributor] = {}
        self.topics: dict[str, Topic | None] = {}
        self.notes: list[str] = []  # the problems found in the item being imported
        # Addresses given in this run, so a dry run (each item rolled back) still sees the file's own clashes.
        self.claimed_slugs: set[str] = set()

    def start(self, source_name: str, started_at) -> ImportRun:
        """Open the run's record, which each imported item points to."""
        self.run = ImportRun.objects.create(
            source_name=source_name,
            site_url=self.site.base_url,
            wxr_version=self.site.version,
            state=ImportRun.State.RUNNING,
            started_at=started_at,
            started_by=self.user,
        )
        return self.run

    def finish(self) -> ImportRun:
        return self.report.save(cast(ImportRun, self.run))  # made by start(), which comes first

    def import_item_atomically(self, item: WxrItem) -> str:
        """Import one item in its own savepoint: all of it, or nothing of it and the error listed as its problem.

        Bad content must never stop a run, so any error is caught here (and only here): the item's writes are
        rolled back, the contributors and topics remembered during it are forgotten (they may have been rolled
        back with it), and the item is skipped with the error's class and text as its reason. A database that is
        unavailable or locked is not the item's fault and would fail every item after it, so it stops the run.
        """
        skipped_before = len(self.report.skipped)
        try:
            with transaction.atomic():
                outcome = self.import_item(item)
        except (OperationalError, InterfaceError):
            raise
        except Exception as error:  # noqa: BLE001 - listed on its item; the run goes on
            self.contributors.clear()
            self.topics.clear()
            self.notes = []
            detail = Truncator(f"{type(error).__name__}: {error}").chars(ERROR_LENGTH)
            outcome = self.report.skip(item, f"Not imported, nothing of it was saved: {detail}")
        self.keep_item(item, outcome, self.report.skipped[skipped_before:])
        return outcome

    def import_item(self, item: WxrItem) -> str:
        """Import one item; return "created", "updated", "unchanged", "skipped" or "" (attachments)."""
        self.notes = []
        outcome = self._import_item(item)
        if outcome in ("created", "updated", "unchanged"):
            self.report.outcomes[outcome] += 1
        return outcome

    def keep_item(self, item: WxrItem, outcome: str, skips: list[dict]) -> None:
        if self.report.items is None or not outcome:
            return
        problems = [skip["reason"] for skip in skips] if outcome == "skipped" else list(self.notes)
        self.report.items.append(
            {
                "wp_id": item.wp_id,
                "post_type": item.post_type,
                "status": item.status,
                "title": Truncator(plain_text(item.title)).chars(300),
                "outcome": outcome,
                "problems": problems,
            }
        )

    def _import_item(self, item: WxrItem) -> str:
        self.report.counts[item.post_type][item.status] += 1
        self.report.comments += item.comment_count
        if item.post_type == "attachment":
            return ""  # used through the posts that show them
        if item.post_type not in IMPORTED_TYPES:
            return self.report.skip(item, f"Post type “{item.post_type}” is not imported (only posts and pages).")
        if item.status not in ImportedItem.WordPressStatus.values:
            return self.report.skip(item, f"WordPress status “{item.status}” is not imported.")
        if item.wp_id is None:
            return self.report.skip(item, "It has no WordPress id, so a later import could not find it again.")
        record = ImportedItem.objects.filter(site_url=self.site.base_url, wp_id=item.wp_id).first()
        article = record.article if record else Article()
        reason = self.reason_to_leave(record, article, item) if record else ""
        if reason or article is None:  # a deleted article is always a reason to leave the item
            return self.report.skip(item, reason)
        values, notes = self.article_values(item, article)
        self.notes = notes
        source_fingerprint = fingerprint({"values": values, "meta": self.item_meta(item)})
        if record and record.source_fingerprint == source_fingerprint:
            return "unchanged"
        if record:
            article.apply_draft()
        for name, value in library_values(values, self.user).items():
            setattr(article, name, value)
        article.set_relation("authors", self.authors(item))
        workflow.save_draft(article, user=self.user)
        self.save_record(record, item, article, source_fingerprint, notes)
        return "updated" if record else "created"

    def reason_to_leave(self, record: ImportedItem, article: Article | None, item: WxrItem) -> str:
        """Return why an earlier import's article must not be touched, or ""."""
        if article is None:
            return "The article made from it was deleted on this site; it is not imported again."
        if article.first_published_at or article.live_status != LiveStatus.NONE:
            return "Published on this site since it was imported: left as it is."
        if article.draft_fingerprint != record.draft_fingerprint:
            return "Edited on this site since it was imported: left as it is."
        if record.wp_modified_at and item.modified_at and item.modified_at < record.wp_modified_at:
            return "This export is older than the version already imported."
        return ""

    # What the article gets ----------------------------------------------------

    def article_values(self, item: WxrItem, article: Article) -> tuple[dict, list[str]]:
        body = convert_body(item.content, self.library)
        notes = list(body.attention)
        for name in body.missing_media:
            self.report.missing_media[name.rsplit("/uploads/", 1)[-1]].append(item.wp_id)
        self.report.shortcodes.update(body.shortcodes)
        title = plain_text(item.title) or f"Untitled WordPress {item.post_type} {item.wp_id}"
        summary = plain_text(item.excerpt) or first_paragraph(body.html)
        if not summary:
            notes.append("No summary: WordPress had no excerpt and the body no paragraph; write one.")
        hero_image, hero_alt = self.featured_image(item, notes)
        if item.status in STATUS_NOTES:
            notes.append(STATUS_NOTES[item.status])
        if item.password:
            notes.append("Password-protected on WordPress: check that it is meant for the public.")
        old_links = self.links_to_old_site(item.content)
        if old_links:
            shown = ", ".join(old_links[:3]) + ("…" if len(old_links) > 3 else "")
            notes.append(
                f"{len(old_links)} link(s) lead to pages of the old WordPress site ({shown}): they work only once "
                "those pages are imported and published here; check each or link to the page here."
            )
        if len(title) > TITLE_LENGTH:
            notes.append(f"The title was longer than {TITLE_LENGTH} characters and was shortened: check its end.")
        if item.had_control_characters:
            notes.append(
                "It held control characters, which are not allowed in text; each was replaced with “\ufffd”: "
                "find them and fix the text around them."
            )
        values = {
            "title": Truncator(title).chars(TITLE_LENGTH),
            "slug": self.slug_for(item, article, notes),
            "summary": Truncator(summary).chars(600),
            "body": body.html,
            "hero_image": hero_image,
            "hero_image_alt": hero_alt,
            "topic": self.topic(item),
            "meta_description": Truncator(plain_text(item.meta.get("_yoast_wpseo_metadesc", ""))).chars(160),
        }
        return values, notes

    def links_to_old_site(self, content: str) -> list[str]:
        """Return the paths of the WordPress body's links to pages (not uploads) of the WordPress site itself."""
        paths = []
        for url in re.findall(r"""href=["'](https?://[^"']+)["']""", content):
            parts = urlsplit(html.unescape(url))
            if parts.netloc.lower() in self.library.hosts and "/wp-content/" not in parts.path:
                paths.append(parts.path or "/")
        return paths

    def featured_image(self, item: WxrItem, notes: list[str]) -> tuple[str, str]:
        thumbnail_id = item.meta.get("_thumbnail_id", "")
        attachment = self.site.attachments.get(int(thumbnail_id)) if thumbnail_id.isdigit() else None
        if attachment is None:
            return "", ""
        stored = self.library.copy(attachment.file) if attachment.file else None
        if stored is None:
            self.report.missing_media[attachment.file or attachment.url].append(item.wp_id)
            notes.append(f"Featured image missing: {attachment.file or attachment.url}.")
            return "", ""
        if not attachment.alt.strip():
            notes.append("Featured image without alt text: describe it for people who cannot see it.")
        return stored, attachment.alt.strip()[:250]

    def slug_for(self, item: WxrItem, article: Article, notes: list[str]) -> str:
        wanted = slugify(item.slug) or slugify(plain_text(item.title)) or f"{item.post_type}-{item.wp_id}"
        wanted = wanted[:190]
        slug, n = wanted, 1
        while slug in self.claimed_slugs or Article.objects.filter(slug=slug).exclude(pk=article.pk).exists():
            n += 1
            slug = f"{wanted}-{n}"
        self.claimed_slugs.add(slug)
        if slug != wanted:
            notes.append(f"The address “{wanted}” was taken, so this one is “{slug}”.")
        if item.slug and not slugify(item.slug):
            notes.append(f"The WordPress address “{item.slug}” has no letters addresses here can hold: it is “{slug}”.")
        return slug

    def topic(self, item: WxrItem) -> Topic | None:
        """Return the topic for the item's first category (WordPress's default "Uncategorized" is none)."""
        categories = [(slug, name) for slug, name in item.categories if slug != UNCATEGORIZED]
        if not categories:
            return None
        nicename, name = categories[0]
        if nicename not in self.topics:
            name = name or self.site.categories.get(nicename, nicename)
            topic = Topic.objects.filter(Q(slug=nicename) | Q(name__iexact=name)).first()
            if topic is None:
                slug = unique_slug(Topic, slugify(nicename) or slugify(name) or "topic", 110)
                topic = Topic.objects.create(name=name[:100], slug=slug)
            self.topics[nicename] = topic
        return self.topics[nicename]

    def authors(self, item: WxrItem) -> list[Contributor]:
        login = item.creator
        if not login:
            return []
        if login not in self.contributors:
            self.contributors[login] = self.contributor_for(login)
        return [self.contributors[login]]

    def contributor_for(self, login: str) -> Contributor:
        """Return the contributor for a WordPress author: matched by login or e-mail, created only once."""
        author = self.site.authors.get(login)
        email = author.email if author else ""
        known = ImportedAuthor.objects.filter(site_url=self.site.base_url, login=login)
        if email:
            known = known | ImportedAuthor.objects.filter(email__iexact=email)
        found = known.select_related("contributor").first()
        if found:
            return found.contributor
        staff = Q(user__username=login) | (Q(user__email__iexact=email) if email else Q(pk__in=[]))
        contributor = Contributor.objects.filter(staff).first()
        if contributor is None:
            name = plain_text(author.display_name if author else "") or login
            slug = unique_slug(Contributor, slugify(name) or "contributor", 130)
            contributor = Contributor.objects.create(name=name[:120], slug=slug, is_writer=True)
        ImportedAuthor.objects.create(site_url=self.site.base_url, login=login, email=email, contributor=contributor)
        return contributor

    def item_meta(self, item: WxrItem) -> dict:
        return {
            "status": item.status,
            "link": item.link,
            "published": item.published_at,
            "modified": item.modified_at,
            "author": item.creator,
            "categories": item.categories,
            "tags": item.tags,
        }

    def save_record(self, record, item: WxrItem, article: Article, source_fingerprint: str, notes: list[str]):
        now = timezone.now()
        values = {
            "post_type": item.post_type,
            "wp_status": item.status,
            "title": Truncator(plain_text(item.title)).chars(300),
            "original_url": item.link[:500],
            "old_path": item.old_path[:500],
            "wp_published_at": item.published_at,
            "wp_modified_at": item.modified_at,
            "wp_author": item.creator[:100],
            "categories": [name for _, name in item.categories],
            "tags": "\n".join(item.tags),
            "needs_attention": notes,
            "images_without_alt": sum(
                note.startswith(("Image without alt", "Featured image without")) for note in notes
            ),
            "article": article,
            "source_fingerprint": source_fingerprint,
            "draft_fingerprint": article.draft_fingerprint,
            "last_run": self.run,
            "updated_at": now,
        }
        ImportedItem.objects.update_or_create(
            site_url=self.site.base_url,
            wp_id=item.wp_id,
            defaults=values,
            create_defaults={**values, "imported_at": now},
        )
        if notes:
            self.report.attention.append({"wp_id": item.wp_id, "title": values["title"], "notes": notes})


def plain_text(value: str) -> str:
    """Return markup as one line of plain text."""
    text = re.sub(r"<[^>]*>", " ", value or "")
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def first_paragraph(body: str) -> str:
    for paragraph in re.findall(r"<p>(.*?)</p>", body, re.S):
        text = plain_text(paragraph)
        if text and not text.startswith("[Image not imported"):
            return text
    return ""


def unique_slug(model, wanted: str, length: int) -> str:
    """Return ``wanted``, or ``wanted-2``, ``-3``… when a row of ``model`` already has it."""
    base = wanted[:length]
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def library_values(values: dict, user: Any) -> dict:
    """Return the article's values with its featured image as a media library choice (made once per stored file).

    The import's own fingerprint is taken over the file name and alt text as WordPress gives them, so records
    made before the library still compare equal; the page chooses the library image of that file.
    """
    values = dict(values)
    name, alt = values.pop("hero_image") or "", values.pop("hero_image_alt")
    image = Image.objects.filter(file=name).first() if name else None
    if name and image is None:
        title = posixpath.splitext(posixpath.basename(name))[0].replace("-", " ").capitalize()
        image = Image(file=name, title=title[:200] or "Featured image", alt_text=alt, uploaded_by=user)
        image.save()
    return {**values, "hero_image": image}
