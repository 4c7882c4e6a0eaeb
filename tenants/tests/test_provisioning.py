import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection
from django_tenants.utils import schema_exists, tenant_context

import tenants.services as services
from accounts.models import Role, User
from audit.models import AuditEvent
from tenants.errors import ProvisioningError
from tenants.models import Domain, Municipality
from tenants.organisation.models import Unit
from tenants.services import municipality_provision


def _tables(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [schema]
        )
        return {row[0] for row in cursor.fetchall()}


def test_provision_creates_row_schema_domain_and_hr_admin(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        result = municipality_provision(
            actor=world.operator,
            code=530,
            hr_admin_email="HR@Billund.example",
            hr_admin_name="Bo Berg",
        )
    billund = result.municipality
    assert (result.created, result.hr_admin_created) == (True, True)
    assert (billund.code, billund.name, billund.schema_name, billund.region) == (
        530,
        "Billund",
        "k530",
        "Region Syddanmark",
    )
    assert list(billund.domains.values_list("domain", "is_primary")) == [
        ("billund.localhost", True)
    ]
    assert {
        "organisation_unit",
        "organisation_employeeprofile",
        "audit_auditevent",
        "django_migrations",
    } <= _tables("k530")
    hr = User.objects.get(email="hr@billund.example")
    assert (hr.municipality_id, hr.roles, hr.has_usable_password()) == (
        billund.pk,
        frozenset({Role.HR, Role.EMPLOYEE}),
        False,
    )
    assert len(callbacks) == 1  # the invitation mail task, sent only after commit
    event = AuditEvent.objects.get(action="municipality.provisioned", target_id=str(billund.pk))
    assert (event.actor_id, event.municipality_id) == (world.operator.pk, billund.pk)
    with tenant_context(billund):
        assert (
            Unit.objects.count() == 0
        )  # a clean clone of the template: no other municipality's data


def test_repeating_provisioning_is_harmless(world):
    first = municipality_provision(
        actor=None, code=530, hr_admin_email="hr@billund.example", hr_admin_name="Bo"
    )
    events = AuditEvent.objects.count()
    again = municipality_provision(
        actor=None, code=530, hr_admin_email="hr@billund.example", hr_admin_name="Bo"
    )
    assert (again.created, again.hr_admin_created) == (False, False)
    assert again.municipality.pk == first.municipality.pk
    assert Municipality.objects.filter(code=530).count() == 1
    assert Domain.objects.filter(tenant__code=530).count() == 1
    assert User.objects.filter(email="hr@billund.example").count() == 1
    assert AuditEvent.objects.count() == events


def test_existing_fixture_municipality_is_not_touched(world):
    result = municipality_provision(actor=None, code=630)
    assert result.created is False
    assert result.municipality.pk == world.vejle.municipality.pk


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"code": 999}, "999 is not an official Danish municipality code"),
        ({"code": 530, "domain": "vejle.localhost"}, "already belongs to Vejle"),
        ({"code": 630, "domain": "vejle2.localhost"}, "already provisioned at vejle.localhost"),
        (
            {"code": 530, "hr_admin_email": "hr@vejle.example", "hr_admin_name": "X"},
            "belongs to another organisation",
        ),
        ({"code": 530, "hr_admin_email": "hr@billund.example"}, "needs a name"),
        (
            {"code": 530, "hr_admin_email": "not-an-address", "hr_admin_name": "X"},
            "HR admin was refused: Angiv en gyldig e-mailadresse.",
        ),
        ({"code": 530, "domain": "evil domain.localhost"}, "is not a valid host name"),
        ({"code": 530, "domain": "-x.localhost"}, "is not a valid host name"),
        ({"code": 530, "domain": "localhost"}, "the shared site's own address"),
        ({"code": 530, "domain": "billund.example.org"}, "not among DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_refused_provisioning_leaves_nothing_behind(world, kwargs, message):
    municipalities, domains, users, events = (
        Municipality.objects.count(),
        Domain.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )
    with pytest.raises(ProvisioningError, match=message):
        municipality_provision(actor=None, **kwargs)
    assert (
        Municipality.objects.count(),
        Domain.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    ) == (municipalities, domains, users, events)
    assert not schema_exists("k530")
    assert not schema_exists("k999")


def test_command_provisions_and_reports(world, capsys):
    call_command("provision_municipality", "410")
    call_command("provision_municipality", "410")
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Middelfart (410): provisioned [schema k410, domain middelfart.localhost]",
        "Middelfart (410): already provisioned; nothing to do "
        "[schema k410, domain middelfart.localhost]",
    ]


def test_command_refuses_unknown_code_without_traceback(world):
    with pytest.raises(CommandError, match="999 is not an official Danish municipality code"):
        call_command("provision_municipality", "999")


def test_concurrent_provisioning_of_the_same_code_gives_a_clear_error(world, monkeypatch):
    def collide(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(services, "_provision", collide)
    with pytest.raises(ProvisioningError, match="at the same time by another process"):
        municipality_provision(actor=None, code=530)
