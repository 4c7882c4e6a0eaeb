import pytest

from accounts.errors import AccountError
from accounts.models import Role, User
from accounts.services import membership_grant, user_create, user_ensure
from audit.models import AuditEvent


def test_user_create_normalises_email_and_records_audit(world):
    user = user_create(
        actor=world.operator,
        email="  Ny.Person@Vejle.Example ",
        full_name="Ny Person",
        roles={Role.EMPLOYEE},
        municipality=world.vejle.municipality,
    )
    assert user.email == "ny.person@vejle.example"
    assert user.has_usable_password() is False
    event = AuditEvent.objects.get(action="user.created", target_id=str(user.pk))
    assert (event.actor_id, event.municipality_id, event.data) == (
        world.operator.pk,
        world.vejle.municipality.pk,
        {"roles": ["employee"]},
    )


@pytest.mark.parametrize(
    ("roles", "org", "message"),
    [
        ({Role.PROVIDER_STAFF}, "municipality", "do not fit"),
        ({Role.HR}, "provider", "do not fit"),
        ({Role.HR}, "none", "do not fit"),
        ({"wizard"}, "municipality", "Unknown role"),
    ],
)
def test_roles_must_fit_the_organisation(world, roles, org, message):
    kwargs = {
        "municipality": {"municipality": world.vejle.municipality},
        "provider": {"provider": world.provider_staff.provider},
        "none": {},
    }[org]
    count = User.objects.count()
    with pytest.raises(AccountError, match=message):
        user_create(actor=None, email="x@y.example", full_name="X", roles=roles, **kwargs)
    assert User.objects.count() == count


def test_duplicate_email_is_refused_case_insensitively(world):
    with pytest.raises(AccountError) as refused:
        user_create(
            actor=None,
            email="HR@VEJLE.example",
            full_name="X",
            roles={Role.EMPLOYEE},
            municipality=world.vejle.municipality,
        )
    # Next to the e-mail field on HR's pages (the address may be another
    # municipality's employee's; that is not said).
    assert refused.value.message_dict == {
        "email": ["Der findes allerede en konto med e-mailadressen hr@vejle.example."]
    }


def test_user_ensure_adds_missing_roles_only(world):
    user, created = user_ensure(
        actor=None,
        email="employee@vejle.example",
        full_name="ignored",
        roles={Role.EMPLOYEE, Role.COACH},
        municipality=world.vejle.municipality,
    )
    assert created is False
    assert user.roles == frozenset({Role.EMPLOYEE, Role.COACH})


def test_membership_grant_refuses_a_role_of_another_kind(world):
    with pytest.raises(AccountError):
        membership_grant(actor=None, user=world.vejle.employee, role=Role.OPERATOR)
    assert world.vejle.employee.memberships.filter(role=Role.OPERATOR).exists() is False
