"""Pre-publish checks: one small function per rule, each reading a draft and returning findings.

Each check takes an ``editorial.drafts.Draft`` (the working draft as templates read it) and returns a
list of ``Finding``. Blocking findings stop ``workflow.submit`` and ``workflow.publish``; warnings are
shown on the change page and recorded with the approval. docs/architecture.md, "Pre-publish checks",
says how the rules and thresholds were chosen.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

import lxml.html
import textstat
from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import timezone

from editorial.drafts import Draft
from editorial.models import LinkCheck, ReviewedContent

# A Flesch-Kincaid grade above this is hard going for many readers (health-literacy guidance aims at 6-8).
MAX_READING_GRADE = 8
MAX_SENTENCE_WORDS = 30
# "[1]" or "[2, 3]": the markers the public template turns into links to the numbered sources.
CITATION = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")
DOSE = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|ml)\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]?[A-Z0-9])")
WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
OPIOID_TOPIC = re.compile(r"\b(?:overdos\w*|opioids?|fentanyl|heroin)\b", re.IGNORECASE)
BLOCK_TAGS = ("p", "li", "h2", "h3", "h4", "blockquote", "td", "th", "figcaption", "caption")

# The standard guidance every page about overdose or opioids carries (inserted by the "Insert" button).
OVERDOSE_GUIDANCE = (
    "<h2>If someone may be overdosing</h2>"
    "<p>Call 911 at once. If you have naloxone (Narcan), give it: it can reverse an opioid overdose, and it "
    "does no harm to someone who has not taken opioids. Stay with the person until help arrives.</p>"
    "<p>If you or someone you love is struggling, call or text 988, the Suicide &amp; Crisis Lifeline, at any "
    "time. SAMHSA's National Helpline, 1-800-662-4357, is free and confidential, day and night.</p>"
)

# NIDA's "Words Matter": (pattern, the term found, what to say instead).
STIGMATIZING_TERMS = (
    (r"\baddicts?\b", "addict", "person with a substance use disorder"),
    (r"\b(?:drug |substance )?abusers?\b", "abuser", "person who uses drugs, or person with a substance use disorder"),
    (
        r"\b(?:substance|drug) abuse\b(?! and mental health services)",
        "substance abuse",
        "substance use (or substance use disorder)",
    ),
    (
        r"\b(?:tested|tests?|testing|screens?|screened|urine|results?)\s+(?:came back\s+|was\s+|were\s+|is\s+|are\s+)?"
        r"(?:clean|dirty)\b|\b(?:clean|dirty)\s+(?:drug\s+)?(?:tests?|screens?|urine|samples?|results?)\b",
        "clean/dirty (test results)",
        "testing negative / testing positive",
    ),
    (r"\bjunkies?\b", "junkie", "person who uses drugs"),
    (
        r"\balcoholics\b(?!\s+anonymous)|\b(?:an|the|recovering|recovered|former)\s+alcoholic\b"
        r"(?!\s+(?:beverages?|drinks?|liver|hepatitis|cirrhosis|pancreatitis|cardiomyopathy|neuropathy|content))",
        "alcoholic (as a noun)",
        "person with alcohol use disorder",
    ),
)


@dataclass(frozen=True)
class Finding:
    check: str
    message: str
    suggestion: str = ""
    blocking: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def as_draft(page_or_draft: ReviewedContent | Draft) -> Draft:
    """Return a Draft for a page (its working draft) or pass a Draft through."""
    return page_or_draft if isinstance(page_or_draft, Draft) else Draft(page_or_draft)


def body_tree(draft: Draft) -> lxml.html.HtmlElement:
    """Return the draft's body parsed as one element holding its blocks."""
    return lxml.html.fragment_fromstring(draft.body or "", create_parent="div")


def plain_text(draft: Draft, markers: bool = False) -> str:
    """Return the body's prose, one block per line, without citation markers unless ``markers``."""
    tree = body_tree(draft)
    loose = [tree.text or "", *(child.tail or "" for child in tree)]  # text outside any block element
    blocks = [
        " ".join(text.split())
        for text in loose
        + [
            element.text_content()
            for element in tree.iter(*BLOCK_TAGS)
            if next(element.iterdescendants(*BLOCK_TAGS), None) is None  # a quote's paragraphs count once
        ]
    ]
    return "\n".join(block if markers else CITATION.sub("", block) for block in blocks if block)


def sentences(draft: Draft) -> list[str]:
    return [s for line in plain_text(draft).splitlines() for s in SENTENCE_END.split(line) if s.strip()]


def sections(draft: Draft) -> list[tuple[str, str]]:
    """Return (heading, text) for each Heading 2 section; text before the first heading is the introduction."""
    tree = body_tree(draft)
    found: list[tuple[str, list[str]]] = [("Introduction", [tree.text or ""])]
    for element in tree:
        if element.tag == "h2":
            found.append((" ".join(element.text_content().split()), []))
        else:
            found[-1][1].append(element.text_content())
        found[-1][1].append(element.tail or "")
    return [
        (heading, " ".join(parts)) for heading, parts in found if "".join(parts).strip() or heading != "Introduction"
    ]


def links(draft: Draft) -> list[str]:
    return list(body_tree(draft).xpath("//a/@href"))


def internal_path(href: str) -> str | None:
    """Return the site path a link points at, or None for an external, mail or fragment link."""
    parts = urlsplit(href)
    if parts.scheme in ("http", "https"):
        return parts.path or "/" if parts.netloc == urlsplit(settings.SITE_URL).netloc else None
    return parts.path if href.startswith("/") and not href.startswith("//") else None


def external_urls(draft: Draft) -> list[str]:
    """Return the draft's outside web addresses (body links and sources), each once, in order."""
    urls = [href for href in links(draft) if href.startswith(("http://", "https://")) and internal_path(href) is None]
    urls += [source.url for source in draft.sources.all() if source.url]
    return list(dict.fromkeys(urls))


# Blocking checks -----------------------------------------------------------


def images_have_alt_text(draft: Draft) -> list[Finding]:
    findings = []
    # A library picture says itself whether a page may show it (``ready``: alt text, or decorative with a reason).
    hero = getattr(draft, "hero_image", None)
    if hero is not None and not hero.ready:
        findings.append(Finding("images_have_alt_text", "The hero image has no description (alt text).", "", True))
    for image in body_tree(draft).iter("img"):
        if not (image.get("alt") or "").strip():
            name = (image.get("src") or "").rsplit("/", 1)[-1] or "an image"
            message = f"The image {name} in the body has no description (alt text)."
            findings.append(Finding("images_have_alt_text", message, "Describe what a reader needs to know.", True))
    return findings


def has_sources(draft: Draft) -> list[Finding]:
    if draft.sources.count():
        return []
    return [Finding("has_sources", "The page cites no sources.", "Add the studies or guidance it rests on.", True)]


def citations_have_sources(draft: Draft) -> list[Finding]:
    count = draft.sources.count()
    cited = {int(n) for marker in CITATION.findall(plain_text(draft, markers=True)) for n in marker.split(",")}
    return [
        Finding(
            "citations_have_sources",
            f"Citation [{n}] has no source {n}: the page lists {count} source{'s' if count != 1 else ''}.",
            "Add the source or correct the number.",
            True,
        )
        for n in sorted(cited)
        if not 1 <= n <= count
    ]


def dead_internal_links(draft: Draft) -> list[tuple[str, str]]:
    """Return (href, why) for each link to a site address that is no page, or a page that is not live."""
    from editorial.queues import reviewed_models

    dead = []
    for href in dict.fromkeys(links(draft)):
        path = internal_path(href)
        if path is None:
            continue
        try:
            match = resolve(path)
        except Resolver404:
            dead.append((href, f"The link to {path} goes to no page."))
            continue
        for model in reviewed_models():
            if match.view_name == f"{model._meta.app_label}:detail" and not (
                model.objects.live().filter(slug=match.kwargs.get("slug")).exists()
            ):
                dead.append((href, f"The link to {path} goes to a page that is not live."))
    return dead


def internal_links_are_live(draft: Draft) -> list[Finding]:
    suggestion = "Publish that page first, or correct or remove the link."
    return [Finding("internal_links_are_live", why, suggestion, True) for _, why in dead_internal_links(draft)]


def doses_are_cited(draft: Draft) -> list[Finding]:
    return [
        Finding(
            "doses_are_cited",
            f"The section “{heading}” gives a dose ({dose.group(0)}) but cites no source.",
            "Add a citation marker such as [1] for the dose.",
            True,
        )
        for heading, text in sections(draft)
        if (dose := DOSE.search(text)) and not CITATION.search(text)
    ]


# Warnings ------------------------------------------------------------------


def reading_grade(draft: Draft) -> list[Finding]:
    text = plain_text(draft)
    if textstat.lexicon_count(text) < 20:
        return []  # too little prose for a grade to mean anything
    grade = textstat.flesch_kincaid_grade(text)
    if grade <= MAX_READING_GRADE:
        return []
    return [
        Finding(
            "reading_grade",
            f"Reading grade {grade:.1f} (Flesch-Kincaid); aim for {MAX_READING_GRADE} or below.",
            "Use shorter sentences and everyday words; explain medical terms.",
        )
    ]


def sentence_length(draft: Draft) -> list[Finding]:
    findings = []
    for sentence in sentences(draft):
        words = WORD.findall(sentence)
        if len(words) > MAX_SENTENCE_WORDS:
            start = sentence[:60].rsplit(" ", 1)[0] if len(sentence) > 60 else sentence
            message = f"A sentence of {len(words)} words (over {MAX_SENTENCE_WORDS}): “{start} …”."
            findings.append(Finding("sentence_length", message, "Split it in two."))
    return findings


def person_first_language(draft: Draft) -> list[Finding]:
    text = "\n".join([draft.title_text, draft.summary or "", plain_text(draft)])
    findings = []
    for pattern, term, preferred in STIGMATIZING_TERMS:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            message = f"“{match.group(0)}” ({term}) can stigmatize readers."
            findings.append(Finding("person_first_language", message, f"Say “{preferred}”."))
    return findings


def overdose_guidance(draft: Draft) -> list[Finding]:
    text = plain_text(draft).lower()
    # "About" opioids: named in the title or summary, or three times or more in the body.
    about = OPIOID_TOPIC.search(f"{draft.title_text} {draft.summary}") or len(OPIOID_TOPIC.findall(text)) >= 3
    if not about or ("naloxone" in text and "988" in text):
        return []
    message = "This page is about opioids or overdose but lacks the naloxone and 988 guidance."
    return [Finding("overdose_guidance", message, "Insert the standard guidance block.")]


LINK_FIX = "Replace or remove the link."
# What an HTTP error status means to a writer; the number stays beside it for whoever asks the site's owner.
STATUS_WORDS = {
    401: "the site asks for a sign-in",
    403: "the site refused the request",
    404: "the page was not found",
    410: "the page has been removed",
    429: "the site refused to answer so many requests",
}


def status_words(status: int) -> str:
    if status in STATUS_WORDS:
        return STATUS_WORDS[status]
    return "the site had an error" if status >= 500 else "the site answered with an error"


def broken_external_links(draft: Draft) -> list[Finding]:
    """Report the outside links the background check found broken (see editorial.tasks.check_links)."""
    results = [result for result in LinkCheck.objects.filter(url__in=external_urls(draft)) if result.is_broken]
    return [link_finding(result) for result in results]


def link_finding(result: LinkCheck) -> Finding:
    """Say what the link check found in words: an answer is not the same as no answer."""
    checked = f"when checked on {timezone.localdate(result.checked_at)}"
    if result.status:
        message = f"{result.url}: {status_words(result.status)} ({result.status}) {checked}."
        return Finding("broken_external_links", message, LINK_FIX)
    if result.error == LinkCheck.NOT_PUBLIC:
        message = f"{result.url} is not a public address: visitors cannot open it, so it was not checked."
        return Finding("broken_external_links", message, "Link the public page instead.")
    if result.error == LinkCheck.NOT_VALID:
        message = f"{result.url} is not a valid web address, so it was not checked."
        return Finding("broken_external_links", message, "Correct the address.")
    message = f"{result.url} could not be opened {checked}: {result.error}."
    return Finding("broken_external_links", message, LINK_FIX)


Check = Callable[[Draft], list[Finding]]
BLOCKING: tuple[Check, ...] = (
    images_have_alt_text,
    has_sources,
    citations_have_sources,
    internal_links_are_live,
    doses_are_cited,
)
WARNINGS: tuple[Check, ...] = (
    reading_grade,
    sentence_length,
    person_first_language,
    overdose_guidance,
    broken_external_links,
)


def run(page_or_draft: ReviewedContent | Draft, checks: Sequence[Check] = BLOCKING + WARNINGS) -> list[Finding]:
    """Run the checks on a page's working draft (or a Draft) and return every finding, blocking first."""
    draft = as_draft(page_or_draft)
    if not draft.prepublish_checks:
        return []
    return [finding for check in checks for finding in check(draft)]


def blocking(page_or_draft: ReviewedContent | Draft) -> list[Finding]:
    return run(page_or_draft, BLOCKING)


def warnings(page_or_draft: ReviewedContent | Draft) -> list[Finding]:
    return run(page_or_draft, WARNINGS)
