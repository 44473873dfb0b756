"""python manage.py load_demo: a full, genuinely reviewed demo site, safe to run again."""

import datetime
import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Article, ArticleSource, Topic
from conditions.models import Condition, ConditionSource
from editorial.models import Affiliation, Contributor, Education, ReviewEvent, Revision
from pages.models import Block
from website.management.commands.load_demo import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db
# Tests of what the demo site holds read it through `demo_content` (load_demo's rows, made once per test run:
# tests/conftest.py); tests of how the command behaves (refusing, repeating, its output) run it.
CONDITION_SLUGS = ["fibromyalgia", "crohns-disease", "rheumatoid-arthritis", "multiple-sclerosis"]
COUNTED = (
    User,
    Contributor,
    Education,
    Affiliation,
    Topic,
    Article,
    ArticleSource,
    Condition,
    ConditionSource,
    Revision,
    ReviewEvent,
)


def load_demo(**kwargs) -> str:
    out = StringIO()
    call_command("load_demo", force=True, stdout=out, stderr=out, **kwargs)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def text_of_html(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def text_of(response) -> str:
    return text_of_html(response.content.decode())


def test_load_demo_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG=1.*--force"):
        call_command("load_demo")

    assert not Article.objects.exists()


def test_load_demo_runs_without_force_when_debug_is_on(settings):
    settings.DEBUG = True

    call_command("load_demo", stdout=StringIO())

    assert Article.objects.live().count() == 1


def test_running_load_demo_twice_changes_nothing():
    load_demo()
    first = counts()
    article = Article.objects.get(language="en")
    load_demo()

    assert counts() == first
    assert Article.objects.get(language="en").last_published_at == article.last_published_at
    assert first["Education"] >= 2 and first["Affiliation"] >= 2
    # The article twice (first publication, then its re-review with an update note); each condition twice, as pages
    # link only to live pages (once without its link to the article, then with it); 4 site pages and 4 blocks once;
    # the Spanish article, disclaimer, call to action and fibromyalgia page once, then the English fibromyalgia
    # page's re-review.
    assert first["Revision"] == 2 + 4 * 2 + 4 + 4 + 5 and first["Condition"] == 4 + 1


def test_demo_content_is_live_and_its_reviewer_badge_is_genuine(demo_content, client):
    article = Article.objects.live().get()

    response = client.get(article.get_absolute_url())

    assert "naltrexone" in article.slug
    text = text_of(response)
    assert "Medically reviewed by Sample Reviewer, PharmD on" in text
    assert "Written by Sample Writer, MA" in text
    approvals = ReviewEvent.objects.filter(object_id=article.pk, action="approve", content_type=article.content_type)
    # The first publication and the re-review behind its update note.
    assert [event.user.username for event in approvals] == ["reviewer", "reviewer"]
    publishes = ReviewEvent.objects.filter(object_id=article.pk, action="publish", content_type=article.content_type)
    assert [event.user.username for event in publishes] == ["editor", "editor"]


def test_demo_article_covers_the_facts_and_links_the_four_conditions(demo_content, client):
    article = Article.objects.live().get()

    html = client.get(article.get_absolute_url()).content.decode()
    text = text_of_html(html)

    for phrase in ("ReVia", "Depade", "Vivitrol", "microglia", "1.75 mg", "4.5 mg", "3.0 mg", "1.5 mg", "prescriber"):
        assert phrase in text
    assert sorted(c.slug for c in article.conditions.all()) == sorted(CONDITION_SLUGS)
    for slug in CONDITION_SLUGS:
        assert f'href="/conditions/{slug}/"' in article.body
    assert all(f'href="#source-{n}"' in html for n in (1, 2, 3, 4, 5, 6))
    identifiers = [source.pmid or source.doi or source.publisher for source in article.sources.all()]
    assert identifiers == [
        "19453963",
        "10.1002/art.37734",
        "20695007",
        "10.1007/s10067-014-2517-2",
        "U.S. Food and Drug Administration",
        "Substance Abuse and Mental Health Services Administration (SAMHSA)",
    ]


@pytest.mark.parametrize("slug", CONDITION_SLUGS)
def test_each_demo_condition_is_live_and_links_to_the_article(demo_content, client, slug):
    article = Article.objects.get(language="en")

    response = client.get(f"/conditions/{slug}/")

    assert response.status_code == 200
    assert f'href="{article.get_absolute_url()}"' in Condition.objects.get(slug=slug).body
    assert "Medically reviewed by Sample Reviewer, PharmD" in text_of(response)


def test_demo_conditions_carry_their_common_abbreviations_and_keep_ibs_apart_from_ibd(demo_content):
    names = {c.slug: c.other_names for c in Condition.objects.filter(language="en")}

    assert "IBD" in names["crohns-disease"]
    assert "RA" in names["rheumatoid-arthritis"]
    assert "MS" in names["multiple-sclerosis"]
    assert "IBS is not a type of IBD" in Condition.objects.get(slug="crohns-disease").body


def test_demo_staff_accounts_sign_in_with_the_printed_password_in_their_groups():
    output = load_demo()

    assert DEFAULT_PASSWORD in output
    expected = {"writer": "Writers", "reviewer": "Medical reviewers", "editor": "Editors", "intake": "Intake staff"}
    for username, group in expected.items():
        user = User.objects.get(username=username)
        assert user.is_staff and user.check_password(DEFAULT_PASSWORD)
        assert list(user.groups.values_list("name", flat=True)) == [group]
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password(DEFAULT_PASSWORD)


def test_demo_password_comes_from_the_environment_and_is_reset_on_existing_users(monkeypatch):
    User.objects.create_user("writer", password="something-else-entirely")
    monkeypatch.setenv("DEMO_PASSWORD", "a-different-demo-password")

    output = load_demo()

    assert "a-different-demo-password" in output
    assert User.objects.get(username="writer").check_password("a-different-demo-password")


def test_demo_reviewer_is_plainly_fictional_with_a_licence_about_two_years_ahead(demo_content):
    reviewer = Contributor.objects.get(user__username="reviewer")

    assert reviewer.display_name == "Sample Reviewer, PharmD"
    assert reviewer.licence_number
    assert reviewer.licence_expiry - timezone.localdate() > datetime.timedelta(days=365)
    assert reviewer.has_current_licence()


def test_demo_pages_keep_proper_names_capitalised_in_sentences(demo_content, client):
    pages = [Article.objects.live().get(), *Condition.objects.live()]

    for page in pages:
        main = client.get(page.get_absolute_url()).content.decode().split("<main")[1].split("</main>")[0]
        text = text_of_html(main)
        assert re.search(r"\bcrohn", text) is None, page.get_absolute_url()
        assert re.search(r"\b(ucsf|samhsa|revia|vivitrol|depade)\b", text) is None, page.get_absolute_url()
    crohns = client.get(Condition.objects.get(slug="crohns-disease").get_absolute_url())
    assert "LDN is not approved for Crohn's disease" in text_of(crohns)


def test_demo_sources_are_specific_documents_with_year_and_identifier(demo_content):
    sources = [*ArticleSource.objects.all(), *ConditionSource.objects.all()]
    agencies = {
        "U.S. Food and Drug Administration",
        "Substance Abuse and Mental Health Services Administration (SAMHSA)",
    }

    assert sources
    for source in sources:
        assert not re.fullmatch(r"https?://[^/]+/?", source.url), f"{source.title}: a home page, not a document"
        if source.publisher in agencies:
            assert source.url == ""
            continue
        assert source.year and (source.doi or source.pmid), source.title
        expected = f"https://doi.org/{source.doi}" if source.doi else f"https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/"
        assert source.url == expected


def test_each_condition_page_cites_the_study_about_it(demo_content):
    cited = {
        condition.slug: sorted(filter(None, (s.pmid or s.doi for s in condition.sources.all())))
        for condition in Condition.objects.live()
    }

    assert cited == {
        "fibromyalgia": ["10.1002/art.37734", "19453963"],
        "crohns-disease": ["17222320"],
        "rheumatoid-arthritis": ["10.1007/s10067-014-2517-2"],
        "multiple-sclerosis": ["20695007"],
    }


def test_demo_trust_pages_and_blocks_are_live_and_approved_by_the_right_person(demo_content, client):
    from pages.models import Block, SitePage

    approvers = {}
    for obj in [*SitePage.objects.all(), *Block.objects.all()]:
        assert obj.is_live, obj
        event = ReviewEvent.objects.get(object_id=obj.pk, content_type=obj.content_type, action="approve")
        approvers[f"{obj.kind}:{obj.language}"] = event.user.username
    assert approvers == {
        "editorial-policy:en": "reviewer", "about:en": "editor", "privacy:en": "editor", "contact-details:en": "editor",
        "disclaimer:en": "reviewer", "help_panel:en": "reviewer", "contact_cta:en": "editor", "header_strip:en": "editor",
        # Medical text in Spanish is approved by the reviewer who reads Spanish; the call to action by an editor.
        "disclaimer:es": "revisora", "contact_cta:es": "editor",
    }  # fmt: skip
    for path in ("/editorial-policy/", "/about/", "/privacy/", "/contact-details/", "/corrections/"):
        assert client.get(path).status_code == 200, path
    assert "Medically reviewed by Sample Reviewer, PharmD" in text_of(client.get("/editorial-policy/"))


def test_demo_article_carries_one_dated_update_note(client):
    load_demo()
    load_demo()
    article = Article.objects.live().get()

    assert [(n.note_kind, n.public_note) for n in article.public_notes] == [
        ("update", "Medically reviewed again: the dosing information for multiple sclerosis is unchanged.")
    ]
    assert "Medically reviewed again: the dosing information" in text_of(client.get(article.get_absolute_url()))


def test_demo_pages_and_people_have_pictures_drawn_here_with_descriptions_and_renditions(demo_content):
    from django.core.files.storage import default_storage
    from PIL import Image

    from website.renditions import renditions

    pictures = [page.hero_image for page in Condition.objects.filter(language="en")]
    pictures += [Article.objects.get(language="en").hero_image]
    pictures += [person.photo for person in Contributor.objects.all()]
    assert len(pictures) == 8  # 5 illustrations, 3 portraits (the Spanish pages show their source's illustration)
    for picture in pictures:
        # Library items, credited and licensed: the demo draws them (never a photograph of anyone).
        assert picture.credit.startswith("Illustration:") and picture.licence == "cc0" and picture.source, picture
        file, alt = picture.file, picture.alt_text
        assert file.name and len(alt) > 20, file
        with default_storage.open(file.name) as opened:
            width, height = Image.open(opened).size
        assert (width, height) in ((1600, 900), (400, 400))
        # Smaller copies ready for the first visit, in the shape each page shows it (a portrait square, a hero 2:1).
        crop = "1:1" if width == height else "2:1"
        assert [r.width for r in renditions(file.name, crop)][-1] == min(width, height * 2)
    assert len({picture.alt_text for picture in pictures}) == 8


def test_demo_pages_have_key_takeaways_in_their_live_version(demo_content, client):
    for page in [Article.objects.get(language="en"), *Condition.objects.filter(language="en")]:
        assert 3 <= len(page.takeaways) <= 5, page
        assert page.draft["fields"]["key_takeaways"] == page.key_takeaways  # reviewed with the rest
    assert "Key takeaways" in client.get(Article.objects.get(language="en").get_absolute_url()).content.decode()


def test_running_load_demo_again_draws_no_new_picture_files():
    from django.core.files.storage import default_storage

    load_demo()
    first = sorted(default_storage.listdir("conditions")[1])
    load_demo()

    assert sorted(default_storage.listdir("conditions")[1]) == first


def test_every_demo_person_has_a_drawn_credited_portrait_sample_training_and_affiliations(demo_content, client):
    people = list(Contributor.objects.select_related("photo"))
    assert len(people) >= 2
    for person in people:
        photo = person.photo
        # Drawn by the demo (a figure, not initials and never a photograph), credited, licensed, described.
        assert photo.ready and photo.credit.startswith("Illustration:") and photo.licence_text, person
        assert photo.alt_text.startswith(f"Illustrated portrait of {person.name}, a drawing"), photo.alt_text
        assert person.name.startswith("Sample "), person
        rows = [*person.education.all(), *person.affiliations.all()]
        named = [f"{row} {getattr(row, 'organisation', '')}" for row in rows]
        assert person.education.exists() and person.affiliations.exists(), person
        assert all("Sample" in text or "Example" in text for text in named), named

        page = client.get(person.get_absolute_url()).content.decode()

        assert re.search(r'<figure class="profile-portrait">\s*<picture>', page), person
        assert f'alt="{photo.alt_text}"' in page.replace("&#x27;", "'")
        assert "Education" in page and "Certifications and affiliations" in page


def test_demo_article_byline_shows_both_portraits_from_the_library(demo_content, client):
    article = Article.objects.live().get()

    page = client.get(article.get_absolute_url()).content.decode()

    byline = page.split('<div class="byline">')[1].split("</ul>")[0]
    assert byline.count("<picture>") == 2 and "avatar-initials" not in byline
    for person in (*article.authors.all(), article.live_reviewed_by):
        assert f'alt="{person.photo.alt_text}"' in byline.replace("&#x27;", "'"), person


def test_the_spanish_demo_pages_are_reviewed_by_the_reviewer_who_reads_spanish(demo_content, client):
    revisora = Contributor.objects.get(user__username="revisora")
    assert revisora.name.startswith("Sample") and revisora.reads("es")
    article = Article.objects.live("es").get()
    fibromyalgia = Condition.objects.live("es").get()
    for page in (article, fibromyalgia):
        assert page.live_reviewed_by == revisora
        assert page.translation_of.language == "en"
        assert [s.as_dict() for s in page.sources.all()] == [s.as_dict() for s in page.translation_of.sources.all()]

    html = client.get(article.get_absolute_url()).content.decode()
    assert "naltrexona en dosis bajas (LDN)" in html
    # The demo's disclaimer and call to action have Spanish translations of their own, reviewed in Spanish.
    assert "Aviso médico" in html and "Hable con nuestro equipo de admisiones" in html
    assert "Medical disclaimer" not in html
    spanish_disclaimer = Block.objects.live("es").get(kind="disclaimer")
    assert spanish_disclaimer.live_reviewed_by == revisora
    assert "trastorno por consumo de alcohol" in html
    assert "4.5 mg" in html and "1.75 mg" in html


def test_the_spanish_fibromyalgia_page_follows_an_older_english_version(demo_content):
    assert not Article.objects.live("es").get().is_out_of_date
    assert Condition.objects.live("es").get().is_out_of_date
