"""The fixture world every test shares, built once per test session and
committed: two municipalities (Vejle and Kolding) with the same shape, a
course provider, an operator and partner API clients. Two municipalities
from the start so that every feature is born with its cross-municipality
negative test (see tests/isolation.py)."""

from dataclasses import dataclass, field

from django_tenants.utils import tenant_context

from accounts.models import Role, User
from accounts.services import user_create
from api.scopes import Scope
from api.services import api_client_create, api_client_revoke
from courses.services import provider_ensure
from tenants.models import Municipality
from tenants.organisation.models import Unit, UnitKind
from tenants.organisation.services import employee_profile_set, unit_ensure
from tenants.services import municipality_provision, network_ensure, network_member_add
from vocabulary.models import Profession

PASSWORD = "correct horse battery staple"


@dataclass
class Staff:
    municipality: Municipality
    hr: User
    leader: User
    employee: User
    coach: User
    workplace_id: int
    other_workplace_id: int


@dataclass
class World:
    vejle: Staff
    kolding: Staff
    provider_staff: User
    operator: User
    api_keys: dict[str, str] = field(default_factory=dict)


def _staff(code: int) -> Staff:
    municipality = municipality_provision(actor=None, code=code).municipality
    slug = municipality.slug

    def person(local: str, name: str, roles: set[str]) -> User:
        return user_create(
            actor=None,
            email=f"{local}@{slug}.example",
            full_name=name,
            roles=roles,
            municipality=municipality,
            password=PASSWORD,
        )

    hr = person("hr", f"HR {municipality.name}", {Role.HR, Role.EMPLOYEE})
    leader = person("leader", f"Leder {municipality.name}", {Role.LEADER, Role.EMPLOYEE})
    employee = person("employee", f"Medarbejder {municipality.name}", {Role.EMPLOYEE})
    coach = person("coach", f"Coach {municipality.name}", {Role.COACH, Role.EMPLOYEE})
    professions = {p.code: p for p in Profession.objects.all()}
    with tenant_context(municipality):
        administration = unit_ensure(actor=None, kind=UnitKind.ADMINISTRATION, name="Beskæftigelse")
        department = unit_ensure(
            actor=None, kind=UnitKind.DEPARTMENT, name="Jobcenter", parent=administration
        )
        workplace = unit_ensure(
            actor=None, kind=UnitKind.WORKPLACE, name="Jobafklaring", parent=department
        )
        other = unit_ensure(
            actor=None, kind=UnitKind.WORKPLACE, name="Virksomhedsservice", parent=department
        )
        lead = employee_profile_set(
            actor=None,
            user=leader,
            profession=professions["manager"],
            job_title="Leder",
            workplace=workplace,
            leader=None,
        )
        employee_profile_set(
            actor=None,
            user=employee,
            profession=professions["jobcentre-caseworker"],
            job_title="Jobkonsulent",
            workplace=workplace,
            leader=lead,
        )
        employee_profile_set(
            actor=None,
            user=hr,
            profession=professions["hr-consultant"],
            job_title="HR-konsulent",
            workplace=other,
            leader=None,
        )
        assert Unit.objects.count() == 4, list(Unit.objects.values_list("name", flat=True))
    return Staff(municipality, hr, leader, employee, coach, workplace.pk, other.pk)


def build_world() -> World:
    vejle = _staff(630)
    kolding = _staff(621)
    network = network_ensure(actor=None, name="Job7", slug="job7")
    for staff in (vejle, kolding):
        network_member_add(actor=None, network=network, municipality=staff.municipality)
    provider = provider_ensure(actor=None, name="VIA University College", slug="via")
    provider_staff = user_create(
        actor=None,
        email="teacher@via.example",
        full_name="Underviser VIA",
        roles={Role.PROVIDER_STAFF},
        provider=provider,
        password=PASSWORD,
    )
    operator = user_create(
        actor=None,
        email="operator@tvaers.example",
        full_name="Operatør",
        roles={Role.OPERATOR},
        password=PASSWORD,
    )
    world = World(vejle, kolding, provider_staff, operator)
    _client, world.api_keys["vejle"] = api_client_create(
        actor=None,
        name="Vejle HR-system",
        scopes=[Scope.DIRECTORY_READ],
        municipality=vejle.municipality,
    )
    _client, world.api_keys["no_scope"] = api_client_create(
        actor=None, name="Kolding uden scope", scopes=[], municipality=kolding.municipality
    )
    revoked, world.api_keys["revoked"] = api_client_create(
        actor=None, name="Tilbagekaldt", scopes=[Scope.DIRECTORY_READ], provider=provider
    )
    api_client_revoke(actor=None, client=revoked)
    return world
