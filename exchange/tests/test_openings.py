from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from audit.models import AuditEvent
from exchange.models import Opening, OpeningStatus, SwapFormat, Visibility
from exchange.selectors import opening_for_manager, opening_for_viewer, visible_openings
from exchange.services import (
    opening_create,
    opening_publish,
    opening_renew,
    opening_withdraw,
    openings_expire_due,
)
from tenants.models import Network
from tenants.organisation.models import Unit, UnitKind
from tenants.organisation.services import unit_ensure
from tests.exchange_fixtures import opening_data


def test_hr_creates_a_draft_and_publishes_it(world, make_opening):
    opening = make_opening(publish=False)
    assert (opening.status, opening.municipality_id, opening.workplace_name) == (
        OpeningStatus.DRAFT,
        world.vejle.municipality.pk,
        "Jobafklaring",
    )
    assert list(visible_openings(world.kolding.municipality)) == []
    with tenant_context(world.vejle.municipality):
        opening_publish(actor=world.vejle.hr, opening=opening)
    assert list(visible_openings(world.kolding.municipality)) == [opening]
    assert list(
        AuditEvent.objects.filter(target_id=str(opening.pk), target_type="exchange.opening")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["opening.created", "opening.published"]


def test_a_leader_posts_only_for_the_workplace_they_lead(world):
    with tenant_context(world.vejle.municipality):
        opening = opening_create(actor=world.vejle.leader, data=opening_data(world))
        assert opening.workplace_unit_id == world.vejle.workplace_id
        with pytest.raises(ValidationError) as refused:
            opening_create(
                actor=world.vejle.leader,
                data=opening_data(world, workplace_unit_id=world.vejle.other_workplace_id),
            )
        assert "workplace_unit_id" in refused.value.message_dict
        with pytest.raises(ValidationError):
            opening_create(actor=world.vejle.employee, data=opening_data(world))


def test_a_workplace_of_another_municipality_is_refused(world):
    """Kolding's workplace id does not exist (or is another unit) in Vejle's schema."""
    with tenant_context(world.vejle.municipality), pytest.raises(ValidationError):
        opening_create(actor=world.vejle.hr, data=opening_data(world, workplace_unit_id=999999))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"period_end": timezone.localdate()}, "period_end"),
        ({"capacity": 0}, "capacity"),
        ({"professions": []}, "professions"),
        ({"format": SwapFormat.PART_TIME}, "days_per_week"),
        ({"days_per_week": 2}, "days_per_week"),
        ({"duration_weeks": 12}, "duration_weeks"),
        ({"visibility": Visibility.NETWORK}, "network"),
        ({"expires_on": timezone.localdate() + timedelta(days=200)}, "expires_on"),
    ],
)
def test_bad_input_is_refused_with_field_errors_and_nothing_stored(world, overrides, field):
    count, events = Opening.objects.count(), AuditEvent.objects.count()
    with tenant_context(world.vejle.municipality), pytest.raises(ValidationError) as refused:
        opening_create(actor=world.vejle.hr, data=opening_data(world, **overrides))
    assert field in refused.value.message_dict
    assert (Opening.objects.count(), AuditEvent.objects.count()) == (count, events)


def test_network_visibility_needs_membership(world, outsider):
    job7 = Network.objects.get(slug="job7")

    with tenant_context(outsider.municipality):
        admin = unit_ensure(actor=None, kind=UnitKind.ADMINISTRATION, name="Forvaltning")
        dept = unit_ensure(actor=None, kind=UnitKind.DEPARTMENT, name="Afdeling", parent=admin)
        workplace = unit_ensure(
            actor=None, kind=UnitKind.WORKPLACE, name="Arbejdsplads", parent=dept
        )
        assert Unit.objects.count() == 3
        with pytest.raises(ValidationError) as refused:
            opening_create(
                actor=outsider,
                data=opening_data(
                    world,
                    workplace_unit_id=workplace.pk,
                    visibility=Visibility.NETWORK,
                    network=job7,
                ),
            )
    assert refused.value.message_dict["network"] == ["Din kommune er ikke medlem af det netværk."]


def test_job7_only_opening_is_invisible_outside_job7(world, outsider, make_opening):
    opening = make_opening(visibility=Visibility.NETWORK)
    assert opening_for_viewer(user=world.kolding.employee, opening_id=opening.pk) == opening
    with pytest.raises(Opening.DoesNotExist):
        opening_for_viewer(user=outsider, opening_id=opening.pk)
    assert list(visible_openings(outsider.municipality)) == []


def test_own_municipality_opening_is_invisible_to_partners(world, make_opening):
    opening = make_opening(visibility=Visibility.MUNICIPALITY)
    assert opening_for_viewer(user=world.vejle.employee, opening_id=opening.pk) == opening
    with pytest.raises(Opening.DoesNotExist):
        opening_for_viewer(user=world.kolding.employee, opening_id=opening.pk)


def test_drafts_are_seen_only_by_their_managers(world, make_opening):
    draft = make_opening(publish=False)
    assert opening_for_viewer(user=world.vejle.hr, opening_id=draft.pk) == draft
    for user in (world.vejle.employee, world.kolding.hr):
        with pytest.raises(Opening.DoesNotExist):
            opening_for_viewer(user=user, opening_id=draft.pk)
    with pytest.raises(Opening.DoesNotExist):
        opening_for_manager(user=world.kolding.hr, opening_id=draft.pk)
    with pytest.raises(Opening.DoesNotExist):
        opening_for_manager(user=world.vejle.hr, opening_id=2**63)


def test_withdraw_needs_a_reason(world, make_opening):
    opening = make_opening()
    with tenant_context(world.vejle.municipality):
        with pytest.raises(ValidationError) as refused:
            opening_withdraw(actor=world.vejle.hr, opening=opening, reason="  ")
        assert "reason" in refused.value.message_dict
        opening = opening_withdraw(
            actor=world.vejle.hr, opening=opening, reason="Afdelingen lægges sammen"
        )
    assert (opening.status, opening.withdrawn_reason) == (
        OpeningStatus.WITHDRAWN,
        "Afdelingen lægges sammen",
    )
    assert list(visible_openings(world.kolding.municipality)) == []


def test_expiry_and_renewal(world, make_opening):
    opening = make_opening()
    later = opening.expires_on + timedelta(days=1)
    assert openings_expire_due(today=later) == 1
    assert openings_expire_due(today=later) == 0  # safe to run twice
    opening.refresh_from_db()
    assert opening.status == OpeningStatus.EXPIRED
    assert list(visible_openings(world.kolding.municipality)) == []
    with tenant_context(world.vejle.municipality):
        opening_renew(
            actor=world.vejle.hr, opening=opening, expires_on=opening.expires_on + timedelta(days=5)
        )
    opening.refresh_from_db()
    assert opening.status == OpeningStatus.PUBLISHED


def test_more_places_taken_than_capacity_is_impossible_in_the_database(world, make_opening):
    opening = make_opening()
    with pytest.raises(IntegrityError), transaction.atomic():
        Opening.objects.filter(pk=opening.pk).update(places_taken=2)
