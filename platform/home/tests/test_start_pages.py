def _page(client_for, user, municipality=None):
    response = client_for(user, municipality=municipality).get("/" if municipality else "/home/")
    assert response.status_code == 200
    return response.content.decode()


def test_employee_sees_own_job(client_for, world):
    page = _page(client_for, world.vejle.employee, world.vejle.municipality)
    assert "Jobkonsulent" in page
    assert "Jobafklaring" in page
    assert "Leder Vejle" in page
    assert "Organisationen" not in page  # HR only
    assert "Mit team" not in page  # leaders only


def test_leader_sees_team(client_for, world):
    page = _page(client_for, world.vejle.leader, world.vejle.municipality)
    assert "Mit team" in page
    assert "Medarbejder Vejle" in page


def test_hr_sees_organisation_of_own_municipality_only(client_for, world):
    page = _page(client_for, world.kolding.hr, world.kolding.municipality)
    assert "Organisationen" in page
    assert "3 medarbejdere på 2 arbejdspladser." in page
    assert "Medarbejder Vejle" not in page
    assert "Vejle" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_coach_sees_coaches(client_for, world):
    page = _page(client_for, world.kolding.coach, world.kolding.municipality)
    assert "Coach Kolding" in page
    assert "Coach Vejle" not in page


def test_provider_staff_start_page(client_for, world):
    page = _page(client_for, world.provider_staff)
    assert "VIA University College" in page
    assert "Underviser VIA" in page


def test_operator_start_page(client_for, world):
    page = _page(client_for, world.operator)
    assert "2 / 98" in page
