from django.db import migrations


def add_professions(apps, schema_editor):
    from vocabulary.professions import PROFESSIONS

    Profession = apps.get_model("vocabulary", "Profession")
    for code, name_da, name_en, family in PROFESSIONS:
        Profession.objects.update_or_create(
            code=code, defaults={"name_da": name_da, "name_en": name_en, "family": family}
        )


class Migration(migrations.Migration):
    dependencies = [("vocabulary", "0001_initial")]

    operations = [migrations.RunPython(add_professions, migrations.RunPython.noop)]
