from django.db import migrations, models


def fill_references(apps, schema_editor):
    from contact.models import reference_for

    ContactRequest = apps.get_model("contact", "ContactRequest")
    for request in ContactRequest.objects.only("pk", "token").iterator():
        ContactRequest.objects.filter(pk=request.pk).update(reference=reference_for(request.token))


class Migration(migrations.Migration):
    dependencies = [("contact", "0002_intake_staff_permissions")]

    operations = [
        migrations.AddField(
            model_name="contactrequest",
            name="reference",
            field=models.CharField(
                db_index=True,
                default="",
                editable=False,
                help_text="What the visitor was shown on the thanks page and may quote on the phone.",
                max_length=9,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="contactrequest",
            name="sent_fast",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Sent within seconds of opening the form (autofill, or a script): still a real request.",
                verbose_name="sent very fast",
            ),
        ),
        migrations.RunPython(fill_references, migrations.RunPython.noop),
    ]
