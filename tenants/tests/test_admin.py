from accounts.models import User
from audit.models import AuditEvent
from tenants.models import Network


def test_operator_adds_a_provider_staff_account_through_the_admin(client_for, world):
    admin = client_for(world.operator)
    admin.force_login(world.operator)
    User.objects.filter(pk=world.operator.pk).update(is_staff=True, is_superuser=True)
    response = admin.post(
        "/admin/accounts/user/add/",
        {
            "email": "Ny@VIA.example",
            "full_name": "Ny Underviser",
            "provider": world.provider_staff.provider_id,
            "roles": ["provider_staff"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="ny@via.example")
    assert (user.provider_id, user.roles, user.has_usable_password()) == (
        world.provider_staff.provider_id,
        frozenset({"provider_staff"}),
        False,
    )
    assert (
        AuditEvent.objects.filter(
            action="user.created", target_id=str(user.pk), actor=world.operator
        ).count()
        == 1
    )


def test_admin_refuses_a_role_that_does_not_fit(client_for, world):
    admin = client_for(world.operator)
    User.objects.filter(pk=world.operator.pk).update(is_staff=True, is_superuser=True)
    count = User.objects.count()
    response = admin.post(
        "/admin/accounts/user/add/",
        {
            "email": "x@via.example",
            "full_name": "X",
            "provider": world.provider_staff.provider_id,
            "roles": ["hr"],
        },
    )
    assert response.status_code == 200
    assert User.objects.count() == count


def test_admin_is_not_served_on_municipality_hosts(client_for, world):
    assert (
        client_for(world.vejle.hr, municipality=world.vejle.municipality).get("/admin/").status_code
        == 404
    )


def test_network_change_in_admin_is_audited(client_for, world):
    User.objects.filter(pk=world.operator.pk).update(is_staff=True, is_superuser=True)
    admin = client_for(world.operator)
    response = admin.post(
        "/admin/tenants/network/add/",
        {
            "name": "Trekantområdet",
            "slug": "trekant",
            "description": "",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-municipality": world.kolding.municipality.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    network = Network.objects.get(slug="trekant")
    assert list(network.members.values_list("code", flat=True)) == [621]
    assert sorted(
        AuditEvent.objects.filter(
            target_id=str(network.pk), target_type="tenants.network"
        ).values_list("action", flat=True)
    ) == ["network.created", "network.member_added"]


def test_admin_refuses_a_role_of_another_organisation_on_an_existing_user(client_for, world):
    User.objects.filter(pk=world.operator.pk).update(is_staff=True, is_superuser=True)
    admin = client_for(world.operator)
    hr = world.vejle.hr
    memberships = list(hr.memberships.order_by("pk"))
    data = {
        "email": hr.email,
        "full_name": hr.full_name,
        "is_active": "on",
        "memberships-TOTAL_FORMS": str(len(memberships) + 1),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        f"memberships-{len(memberships)}-role": "operator",
    }
    for i, m in enumerate(memberships):
        data[f"memberships-{i}-id"] = m.pk
        data[f"memberships-{i}-user"] = hr.pk
        data[f"memberships-{i}-role"] = m.role
    response = admin.post(f"/admin/accounts/user/{hr.pk}/change/", data)
    assert response.status_code == 200
    assert "do not fit" in response.content.decode()
    assert not hr.memberships.filter(role="operator").exists()
