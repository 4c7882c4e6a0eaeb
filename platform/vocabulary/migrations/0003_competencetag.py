import django.db.models.deletion
from django.db import migrations, models


def add_competences(apps, schema_editor):
    from vocabulary.professions import COMPETENCES

    CompetenceTag = apps.get_model("vocabulary", "CompetenceTag")
    for code, name_da, name_en in COMPETENCES:
        CompetenceTag.objects.update_or_create(
            code=code, defaults={"name_da": name_da, "name_en": name_en}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tenants", "0001_initial"),
        ("vocabulary", "0002_professions"),
    ]

    operations = [
        migrations.CreateModel(
            name="CompetenceTag",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=80, unique=True, verbose_name="code")),
                ("name_da", models.CharField(max_length=120, verbose_name="name (Danish)")),
                ("name_en", models.CharField(max_length=120, verbose_name="name (English)")),
                (
                    "added_by_municipality",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty: shipped with the platform.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tenants.municipality",
                        verbose_name="added by",
                    ),
                ),
            ],
            options={
                "verbose_name": "competence",
                "verbose_name_plural": "competences",
                "ordering": ["name_da"],
            },
        ),
        migrations.RunPython(add_competences, migrations.RunPython.noop),
    ]
