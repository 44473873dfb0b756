"""schema.org JSON-LD for public pages, built as plain dicts.

Each builder takes ``absolute``, a function that turns a site path into a full
URL (``request.build_absolute_uri``), so the data names the address that was asked for.
"""

from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone

from caching import content as content_cache
from editorial.models import Affiliation, NoteKind
from website.context_processors import site
from website.templatetags.content_urls import safe_url

SCHEMA = "https://schema.org"
# The square publisher logo (static/img/logo.png) and its size, as search engines want it.
LOGO = ("img/logo.png", 512, 512)

Absolute = Callable[[str], str]
# A published version never changes: its cached parts only make room for others.
VERSION_CACHE_SECONDS = 60 * 60 * 24 * 7


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _drop_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def logo(absolute: Absolute) -> dict:
    """Return the publisher's logo as an ImageObject."""
    path, width, height = LOGO
    return {"@type": "ImageObject", "url": absolute(static(path)), "width": width, "height": height}


def image(picture, absolute: Absolute) -> dict | None:
    """Return a library image as an ImageObject with its size and credit; None without one or without alt text.

    A decorative picture is not claimed either: it says nothing about the page.
    """
    if not picture or picture.decorative or not picture.alt_text.strip():
        return None
    data: dict[str, Any] = {
        "@type": "ImageObject",
        "url": absolute(picture.url),
        "caption": picture.caption or picture.alt_text,
        "creditText": picture.credit,
    }
    if picture.width and picture.height:
        data.update(width=picture.width, height=picture.height)
    return _drop_empty(data)


def publisher(absolute: Absolute) -> dict:
    """Return the publisher named by every page: the site's Organization with its logo."""
    return {
        "@type": "Organization",
        "@id": absolute("/") + "#organization",
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "logo": logo(absolute),
    }


def organization(absolute: Absolute) -> dict:
    """Return the publisher as an Organization with its admissions line."""
    return _drop_empty(
        {
            "@context": SCHEMA,
            "@type": "Organization",
            "@id": absolute("/") + "#organization",
            "name": settings.SITE_NAME,
            "url": absolute("/"),
            "logo": logo(absolute),
            "contactPoint": [
                {
                    "@type": "ContactPoint",
                    "contactType": "admissions",
                    "telephone": site(None)["ADMISSIONS_PHONE_TEL"],
                    "areaServed": "US",
                    "availableLanguage": "English",
                }
            ],
        }
    )


def website(absolute: Absolute) -> dict:
    """Return the WebSite node with its search box."""
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "@id": absolute("/") + "#website",
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "publisher": {"@id": absolute("/") + "#organization"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": absolute("/search/") + "?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumbs(absolute: Absolute, trail: list[tuple[str, str]]) -> dict:
    """Return a BreadcrumbList for (name, path) pairs, home first."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def person(contributor, absolute: Absolute) -> dict:
    """Return a contributor as a Person, credentials included."""
    credentials = [part.strip() for part in contributor.credentials.split(",") if part.strip()]
    return _drop_empty(
        {
            "@type": "Person",
            "name": contributor.name,
            "url": absolute(contributor.get_absolute_url()),
            "honorificSuffix": contributor.credentials,
            "image": absolute(contributor.photo.url) if contributor.photo and contributor.photo.ready else None,
            "hasCredential": [{"@type": "EducationalOccupationalCredential", "name": name} for name in credentials],
        }
    )


def citation(source) -> dict:
    """Return a numbered source as a CreativeWork."""
    identifiers = [
        {"@type": "PropertyValue", "propertyID": name, "value": value}
        for name, value in (("DOI", source.doi), ("PMID", source.pmid))
        if value
    ]
    return _drop_empty(
        {
            "@type": "CreativeWork",
            "name": source.title,
            "url": safe_url(source.url),
            "publisher": {"@type": "Organization", "name": source.publisher} if source.publisher else None,
            "datePublished": str(source.year) if source.year else None,
            "identifier": identifiers,
        }
    )


def corrections(page) -> list[dict]:
    """Return the page's published corrections as schema.org CorrectionComments (updates are not corrections)."""
    return [
        {"@type": "CorrectionComment", "text": note.public_note, "datePublished": _iso(note.published_at)}
        for note in page.public_notes
        if note.note_kind == NoteKind.CORRECTION
    ]


def version_parts(page) -> dict:
    """Return the JSON-LD parts only the page's own published version decides: its citations and corrections.

    They are cached per process under the version, like the page's rendered fragments, so a page whose
    fragments are cached reads neither its sources nor its notes. Everything naming people, other pages or
    images is built afresh each time: those change without a new version of this page.
    """
    # Only live pages carry JSON-LD (a preview has none), and a live page's version changes with every publication.
    parts = content_cache.get_or_set_by_version(
        f"json-ld:{page.rendered_version}",
        lambda: {"citation": [citation(source) for source in page.source_list], "correction": corrections(page)},
        VERSION_CACHE_SECONDS,
    )
    return cast(dict, parts)  # get_or_set returns the default's value when the cache holds none


def medical_web_page(page, absolute: Absolute, *, about) -> dict:
    """Return the MedicalWebPage for a live article or condition page.

    ``reviewedBy`` and ``lastReviewed`` come only from the approval of the live
    content; ``lastReviewed`` is left out once the review is overdue.
    """
    url = absolute(page.get_absolute_url())
    data = {
        "@context": SCHEMA,
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": page.title_text,
        "headline": page.title_text[:110],
        "description": page.meta_description or page.summary,
        "inLanguage": "en-US" if page.language == "en" else page.language,
        "isPartOf": {"@type": "WebSite", "name": settings.SITE_NAME, "url": absolute("/")},
        "publisher": publisher(absolute),
        "about": about,
        "image": image(page.hero_image, absolute),
        "author": [person(author, absolute) for author in page.authors.all()],
        "datePublished": _iso(page.first_published_at),
        "dateModified": _iso(page.last_published_at),
        **version_parts(page),
    }
    if page.live_reviewed_by:
        data["reviewedBy"] = person(page.live_reviewed_by, absolute)
        if page.live_reviewed_at and not page.review_is_due:
            data["lastReviewed"] = timezone.localdate(page.live_reviewed_at).isoformat()
    return _drop_empty(data)


def article_page(article, absolute: Absolute) -> list[dict]:
    """Return the JSON-LD nodes of an article page."""
    conditions = [condition for condition in article.conditions.all() if condition.is_live]
    about = [
        {"@type": "MedicalCondition", "name": condition.name, "url": absolute(condition.get_absolute_url())}
        for condition in conditions
    ] or {"@type": "Thing", "name": article.topic.name if article.topic else article.title}
    return [medical_web_page(article, absolute, about=about)]


def condition_page(condition, absolute: Absolute) -> list[dict]:
    """Return the JSON-LD nodes of a condition page: the condition and the page about it."""
    url = absolute(condition.get_absolute_url())
    medical_condition = _drop_empty(
        {
            "@context": SCHEMA,
            "@type": "MedicalCondition",
            "@id": url + "#condition",
            "name": condition.name,
            "alternateName": condition.other_names,
            "description": condition.summary,
            "url": url,
        }
    )
    about = {"@type": "MedicalCondition", "@id": url + "#condition", "name": condition.name}
    return [medical_condition, medical_web_page(condition, absolute, about=about)]


def profile_page(contributor, absolute: Absolute) -> list[dict]:
    """Return the ProfilePage of a contributor: who they are, their training, memberships and credentials.

    The licence is claimed (by its issuer, never its number) only while it is current.
    """
    main = person(contributor, absolute)
    roles = " and ".join(
        role
        for role, held in (("Medical reviewer", contributor.is_medical_reviewer), ("Writer", contributor.is_writer))
        if held
    )
    affiliations = list(contributor.affiliations.all())
    education = list(contributor.education.all())
    main.update(
        description=contributor.bio,
        jobTitle=contributor.job_title or roles,
        image=image(contributor.photo, absolute) if contributor.photo and contributor.photo.ready else None,
        knowsAbout=contributor.expertise_list,
        sameAs=[safe_url(link) for link in contributor.profile_links if safe_url(link)],
        alumniOf=[
            {"@type": "EducationalOrganization", "name": name}
            for name in dict.fromkeys(degree.institution for degree in education)
        ],
        memberOf=[organisation(item) for item in affiliations if item.kind == Affiliation.Kind.MEMBERSHIP],
        affiliation=[organisation(item) for item in affiliations if item.kind == Affiliation.Kind.POSITION],
        hasCredential=[
            *main.get("hasCredential", []),
            *(credential(degree.degree, "degree", degree.institution) for degree in education),
            *(
                credential(item.name, "certification", item.organisation)
                for item in affiliations
                if item.kind == Affiliation.Kind.CERTIFICATION
            ),
        ],
    )
    if contributor.has_current_licence():
        licence = credential("Professional licence", "license", contributor.licence_issuer)
        main["hasCredential"].append({**licence, "validUntil": _iso(contributor.licence_expiry)})
    return [{"@context": SCHEMA, "@type": "ProfilePage", "mainEntity": _drop_empty(main)}]


def organisation(affiliation) -> dict:
    """Return the organisation of a membership or position (the affiliation's own name when it names none)."""
    return _drop_empty(
        {
            "@type": "Organization",
            "name": affiliation.organisation or affiliation.name,
            "url": safe_url(affiliation.url) or None,
        }
    )


def credential(name: str, category: str, recognized_by: str = "") -> dict:
    """Return a degree, certification or licence as an EducationalOccupationalCredential."""
    return _drop_empty(
        {
            "@type": "EducationalOccupationalCredential",
            "name": name,
            "credentialCategory": category,
            "recognizedBy": {"@type": "Organization", "name": recognized_by} if recognized_by else None,
        }
    )
