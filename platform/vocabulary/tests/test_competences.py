from audit.models import AuditEvent
from vocabulary.models import CompetenceTag


def test_hr_extends_the_vocabulary_for_everyone(world, client_for):
    hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    response = hr.post(
        "/vocabulary/competences/",
        {
            "name_da": "Beskæftigelsesrettet rehabilitering",
            "name_en": "Employment-oriented rehabilitation",
        },
    )
    assert response.status_code == 302
    tag = CompetenceTag.objects.get(name_da="Beskæftigelsesrettet rehabilitering")
    assert (tag.code, tag.added_by_municipality_id) == (
        "employment-oriented-rehabilitation",
        world.vejle.municipality.pk,
    )
    assert AuditEvent.objects.filter(action="competence.added", target_id=str(tag.pk)).count() == 1
    kolding = client_for(world.kolding.employee, municipality=world.kolding.municipality)
    assert (
        "Beskæftigelsesrettet rehabilitering"
        in kolding.get("/vocabulary/competences/").content.decode()
    )


def test_only_hr_adds_and_duplicates_are_refused(world, client_for):
    count = CompetenceTag.objects.count()
    employee = client_for(world.kolding.employee, municipality=world.kolding.municipality)
    assert employee.post("/vocabulary/competences/", {"name_da": "Noget nyt"}).status_code == 404
    hr = client_for(world.kolding.hr, municipality=world.kolding.municipality)
    response = hr.post("/vocabulary/competences/", {"name_da": "motiverende samtaler"})
    assert response.status_code == 200
    assert CompetenceTag.objects.count() == count
