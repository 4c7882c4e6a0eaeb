"""The staff list of a unit: HR sees every unit of its municipality, a
leader the workplace they lead; anyone else gets the same 404 as for a unit
that does not exist."""

from tests.isolation import assert_same_as_missing, isolation_case


def test_unit_page_for_hr_and_own_leader(client_for, world):
    hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    assert (
        "Medarbejder Vejle"
        in hr.get(f"/organisation/units/{world.vejle.workplace_id}/").content.decode()
    )
    leader = client_for(world.vejle.leader, municipality=world.vejle.municipality)
    assert leader.get(f"/organisation/units/{world.vejle.workplace_id}/").status_code == 200


@isolation_case("organisation:unit")
def test_unit_page_forbidden_is_the_same_404_as_missing(client_for, world):
    leader = client_for(world.vejle.leader, municipality=world.vejle.municipality)
    assert_same_as_missing(
        leader.get(f"/organisation/units/{world.vejle.other_workplace_id}/"),
        leader.get("/organisation/units/999999/"),
    )
    hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    assert_same_as_missing(
        hr.get("/organisation/units/99999999999999999999999/"),
        hr.get("/organisation/units/999999/"),
    )
    employee = client_for(world.vejle.employee, municipality=world.vejle.municipality)
    assert_same_as_missing(
        employee.get(f"/organisation/units/{world.vejle.workplace_id}/"),
        employee.get("/organisation/units/999999/"),
    )
