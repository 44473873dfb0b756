"""Library items: what an image must say before a page may show it, and what is read from its file."""

import pytest
from django.core.exceptions import ValidationError

from library.models import Image, Licence
from tests import factories

pytestmark = pytest.mark.django_db


def test_width_height_and_size_are_read_from_the_file():
    image = factories.make_image(size=(120, 80))

    image.refresh_from_db()
    assert (image.width, image.height) == (120, 80)
    assert image.size == image.file.size > 0


def test_an_image_needs_alt_text_unless_decorative():
    image = factories.make_image(alt_text="")

    with pytest.raises(ValidationError) as error:
        image.full_clean()
    assert "alt_text" in error.value.message_dict


def test_a_decorative_image_needs_a_reason_and_has_empty_alt():
    image = factories.make_image(alt_text="", decorative=True)
    with pytest.raises(ValidationError) as error:
        image.full_clean()
    assert "decorative_reason" in error.value.message_dict

    image.decorative_reason = "A border pattern beside the heading."
    image.full_clean()
    assert image.ready
    assert image.alt == ""


def test_an_undescribed_upload_is_not_ready_for_a_live_page():
    assert not factories.make_image(alt_text="").ready
    assert factories.make_image(alt_text="Two capsules on a table").ready


def test_the_source_must_be_a_web_address():
    image = factories.make_image(source="javascript:alert(1)")

    with pytest.raises(ValidationError) as error:
        image.full_clean()
    assert "source" in error.value.message_dict


def test_an_other_licence_must_be_named():
    image = factories.make_image(licence=Licence.OTHER)
    with pytest.raises(ValidationError) as error:
        image.full_clean()
    assert "licence_other" in error.value.message_dict

    image.licence_other = "Used with written permission of the artist"
    image.full_clean()
    assert image.licence_text == "Used with written permission of the artist"


def test_the_focal_point_defaults_to_the_centre_and_stays_within_the_picture():
    image = factories.make_image()
    assert (image.focal_x, image.focal_y) == (50, 50)

    image.focal_x = 101
    with pytest.raises(ValidationError) as error:
        image.full_clean()
    assert "focal_x" in error.value.message_dict


def test_missing_alt_and_missing_credit_querysets():
    described = factories.make_image(credit="Illustration: Sample Artist")
    undescribed = factories.make_image(alt_text="")
    decorative = factories.make_image(alt_text="", decorative=True, decorative_reason="A pattern")

    assert list(Image.objects.missing_alt()) == [undescribed]
    assert set(Image.objects.missing_credit()) == {undescribed, decorative}
    assert described not in Image.objects.missing_credit()
