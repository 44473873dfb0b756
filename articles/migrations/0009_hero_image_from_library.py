"""Make the article's hero image a choice from the media library (issue 28).

Every stored file becomes a library image (same file, same alt text; library.legacy.adopt_files), the page points
at it, and the old file and alt-text columns go. Stored drafts and revisions keep their old form and are read as
the library choice (library.legacy.upgrade_image_field), so approvals and share links stay valid.
"""

import django.db.models.deletion
from django.db import migrations, models

from library.legacy import adopt_files


def adopt(apps, schema_editor):
    adopt_files(apps, "articles.article", "hero_image", "hero_image_alt", "library_hero_image", "title")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_key_takeaways"),
        ("library", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="library_hero_image",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="library.image",
            ),
        ),
        migrations.RunPython(adopt, migrations.RunPython.noop),
        migrations.RemoveField(model_name="article", name="hero_image"),
        migrations.RemoveField(model_name="article", name="hero_image_alt"),
        migrations.RenameField(model_name="article", old_name="library_hero_image", new_name="hero_image"),
        migrations.AlterField(
            model_name='article',
            name='hero_image',
            field=models.ForeignKey(blank=True, help_text='Chosen from the media library, where its alt text, credit and licence are kept.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='article_heroes', to='library.image'),
        ),
    ]
