"""tenants.organisation.people: who leads whom and who works where, read in
the municipality's own schema — switching to it where the look-up says so,
whatever schema the caller is in."""

from django.db import connection
from django_tenants.utils import tenant_context

from accounts.models import Membership, Role, User
from exchange.models import Swap, SwapParty
from tenants.organisation import people


def _party(world) -> SwapParty:
    """Kolding's employee goes to Vejle's workplace (a swap in the public schema)."""
    swap = Swap.objects.create(
        period_start="2027-03-01", period_end="2027-03-31", status="awaiting_approval"
    )
    return SwapParty.objects.create(
        swap=swap,
        swapper=world.kolding.employee,
        home_municipality=world.kolding.municipality,
        host_municipality=world.vejle.municipality,
        host_workplace_unit_id=world.vejle.workplace_id,
        host_workplace_name="Jobafklaring",
    )


def test_leaders_are_read_in_each_municipalitys_schema_from_anywhere(world):
    party = _party(world)
    connection.set_schema_to_public()
    assert [u.email for u in people.home_leaders(party)] == ["leader@kolding.example"]
    assert [u.email for u in people.host_leaders(party)] == ["leader@vejle.example"]
    # The look-ups return to the caller's schema.
    assert connection.schema_name == "public"
    with tenant_context(world.vejle.municipality):
        assert [u.email for u in people.home_leaders(party)] == ["leader@kolding.example"]
        assert connection.schema_name == world.vejle.municipality.schema_name


def test_a_leader_who_loses_the_role_leads_no_one(world):
    party = _party(world)
    Membership.objects.filter(user=world.kolding.leader, role=Role.LEADER).delete()
    # A fresh instance: the world's users are shared by every test, and a
    # user caches its roles.
    former_leader = User.objects.get(pk=world.kolding.leader.pk)
    assert people.home_leaders(party) == []
    with tenant_context(world.kolding.municipality):
        assert people.team_user_ids(former_leader) == set()


def test_workplaces_with_leaders_and_opening_managers(world):
    assert people.workplaces_with_leaders(
        world.vejle.municipality, {world.vejle.workplace_id, world.vejle.other_workplace_id}
    ) == {world.vejle.workplace_id}
    assert [u.email for u in people.hr_of(world.vejle.municipality)] == ["hr@vejle.example"]


def test_current_schema_look_ups(world):
    with tenant_context(world.vejle.municipality):
        profile = people.profile_of(world.vejle.employee)
        assert (profile.job_title, profile.workplace.name, profile.leader.user.email) == (
            "Jobkonsulent",
            "Jobafklaring",
            "leader@vejle.example",
        )
        assert people.profile_of(world.vejle.coach) is None  # no job registered
        assert [u.email for u in people.leaders_of(world.vejle.employee)] == [
            "leader@vejle.example"
        ]
        assert people.leaders_of(world.vejle.leader) == []
        assert people.team_user_ids(world.vejle.leader) == {world.vejle.employee.pk}
        assert people.team_user_ids(world.vejle.employee) == set()  # not a leader
        assert people.workplace_ids_of(world.vejle.hr) == {world.vejle.other_workplace_id}
        assert [w.name for w in people.workplaces()] == ["Jobafklaring", "Virksomhedsservice"]
        assert people.employees_with_a_job() == {
            world.vejle.leader.pk,
            world.vejle.employee.pk,
            world.vejle.hr.pk,
        }
    # Kolding's schema knows nothing of Vejle's staff.
    with tenant_context(world.kolding.municipality):
        assert people.profile_of(world.vejle.employee) is None
        assert people.team_user_ids(world.vejle.leader) == set()
