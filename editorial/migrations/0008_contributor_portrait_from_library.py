"""Make the contributor's portrait a choice from the media library (issue 28).

Every stored file becomes a library image (same file, same alt text; library.legacy.adopt_files), the page points
at it, and the old file and alt-text columns go. Stored drafts and revisions keep their old form and are read as
the library choice (library.legacy.upgrade_image_field), so approvals and share links stay valid.
"""

import django.db.models.deletion
from django.db import migrations, models

from library.legacy import adopt_files


def adopt(apps, schema_editor):
    adopt_files(apps, "editorial.contributor", "photo", "photo_alt", "library_photo", "name")


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0007_reviewevent_media_changed"),
        ("library", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="contributor",
            name="library_photo",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="library.image",
            ),
        ),
        migrations.RunPython(adopt, migrations.RunPython.noop),
        migrations.RemoveField(model_name="contributor", name="photo"),
        migrations.RemoveField(model_name="contributor", name="photo_alt"),
        migrations.RenameField(model_name="contributor", old_name="library_photo", new_name="photo"),
        migrations.AlterField(
            model_name='contributor',
            name='photo',
            field=models.ForeignKey(blank=True, help_text='Chosen from the media library, where its alt text, credit and licence are kept.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='contributor_portraits', to='library.image', verbose_name='portrait'),
        ),
    ]
