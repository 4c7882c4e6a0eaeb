from django.db import migrations


def add_relations(apps, schema_editor):
    from vocabulary.professions import INTERFACES

    Profession = apps.get_model("vocabulary", "Profession")
    ProfessionRelation = apps.get_model("vocabulary", "ProfessionRelation")
    professions = {p.code: p for p in Profession.objects.all()}
    pairs = {}
    for a in professions.values():
        for b in professions.values():
            if a.pk < b.pk and a.family == b.family and a.family != "leadership":
                pairs[(a.pk, b.pk)] = "related"
    for code_a, code_b in INTERFACES:
        a, b = sorted((professions[code_a], professions[code_b]), key=lambda p: p.pk)
        pairs.setdefault((a.pk, b.pk), "interface")
    for (a, b), kind in pairs.items():
        ProfessionRelation.objects.get_or_create(
            profession_a_id=a, profession_b_id=b, defaults={"kind": kind}
        )


class Migration(migrations.Migration):
    dependencies = [("vocabulary", "0004_professionrelation")]

    operations = [migrations.RunPython(add_relations, migrations.RunPython.noop)]
