"""Move the recorded redirects into django.contrib.redirects, on the site named by SITE_URL."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def move_redirects(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    OldRedirect = apps.get_model("website", "Redirect")
    Redirect = apps.get_model("redirects", "Redirect")
    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    # Created here, before the sites app's post_migrate would add "example.com".
    site, _ = Site.objects.get_or_create(pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME})
    Redirect.objects.bulk_create(
        [Redirect(site=site, old_path=old.old_path, new_path=old.new_path) for old in OldRedirect.objects.all()],
        batch_size=500,
        ignore_conflicts=True,
    )


def move_back(apps, schema_editor):
    OldRedirect = apps.get_model("website", "Redirect")
    Redirect = apps.get_model("redirects", "Redirect")
    OldRedirect.objects.bulk_create(
        [OldRedirect(old_path=r.old_path, new_path=r.new_path) for r in Redirect.objects.all()], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0002_trigram_extension"),
        ("redirects", "0002_alter_redirect_new_path_help_text"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [
        migrations.RunPython(move_redirects, move_back),
        migrations.DeleteModel(name="Redirect"),
    ]
