"""Who must act on a swap. Leaders are known only in each municipality's own
schema, so these look there (switching schema for the lookup and back)."""

from django_tenants.utils import tenant_context

from accounts.models import Role, User


def _leader_users(ids) -> list[User]:
    return list(
        User.objects.filter(
            pk__in=list(ids), is_active=True, memberships__role=Role.LEADER
        ).distinct()
    )


def home_leaders(party) -> list[User]:
    """The swapper's own leader (from their employee profile at home)."""
    from tenants.organisation.models import EmployeeProfile

    with tenant_context(party.home_municipality):
        leader_ids = list(
            EmployeeProfile.objects.filter(
                user_id=party.swapper_id, leader__isnull=False
            ).values_list("leader__user_id", flat=True)
        )
    return _leader_users(leader_ids)


def workplace_leaders(municipality, workplace_unit_id: int) -> list[User]:
    """The leaders working at a workplace of ``municipality``."""
    from tenants.organisation.models import EmployeeProfile

    with tenant_context(municipality):
        ids = list(
            EmployeeProfile.objects.filter(workplace_id=workplace_unit_id).values_list(
                "user_id", flat=True
            )
        )
    return _leader_users(ids)


def workplaces_with_leaders(municipality, workplace_unit_ids) -> set[int]:
    """Which of ``workplace_unit_ids`` in ``municipality`` have a leader
    working there (read in the municipality's own schema)."""
    from tenants.organisation.models import EmployeeProfile

    with tenant_context(municipality):
        staff = list(
            EmployeeProfile.objects.filter(workplace_id__in=list(workplace_unit_ids)).values_list(
                "workplace_id", "user_id"
            )
        )
    leaders = {u.pk for u in _leader_users({user_id for _w, user_id in staff})}
    return {workplace for workplace, user_id in staff if user_id in leaders}


def host_leaders(party) -> list[User]:
    """The leaders of the receiving workplace."""
    return workplace_leaders(party.host_municipality, party.host_workplace_unit_id)


def hr_of(municipality) -> list[User]:
    return list(
        User.objects.filter(
            municipality=municipality, is_active=True, memberships__role=Role.HR
        ).distinct()
    )


def opening_managers(opening) -> list[User]:
    """HR of the opening's municipality and the leaders of its workplace."""
    from tenants.organisation.models import EmployeeProfile

    with tenant_context(opening.municipality):
        at_workplace = list(
            EmployeeProfile.objects.filter(workplace_id=opening.workplace_unit_id).values_list(
                "user_id", flat=True
            )
        )
    leaders = _leader_users(at_workplace)
    return list({u.pk: u for u in [*hr_of(opening.municipality), *leaders]}.values())


def opening_leaders(opening) -> list[User]:
    """The leaders at the opening's workplace (who approve a swap into it)."""
    return workplace_leaders(opening.municipality, opening.workplace_unit_id)
