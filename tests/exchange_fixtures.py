"""Fixtures for exchange tests, shared with the API tests (registered in the root conftest)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from accounts.services import user_create
from exchange.models import SwapFormat, SwapKind, Visibility
from exchange.services import OpeningData, opening_create, opening_publish
from tenants.models import Network
from tenants.services import municipality_provision
from tests.world import PASSWORD
from vocabulary.models import CompetenceTag, Profession


@pytest.fixture
def outsider(world):
    """Aarhus, provisioned inside the test's transaction: a municipality that
    is not in Job7, with an HR user."""
    aarhus = municipality_provision(actor=None, code=751).municipality
    hr = user_create(
        actor=None,
        email="hr@aarhus.example",
        full_name="HR Aarhus",
        roles={Role.HR, Role.EMPLOYEE},
        municipality=aarhus,
        password=PASSWORD,
    )
    return hr


def opening_data(world, **overrides) -> OpeningData:
    today = timezone.localdate()
    values = dict(
        workplace_unit_id=world.vejle.workplace_id,
        title="Jobkonsulent til virksomhedsservice",
        description="Du lærer motiverende samtaler med ledige og tæt samarbejde med virksomheder.",
        kind=SwapKind.SAME_PROFESSION,
        format=SwapFormat.FULL,
        period_start=today + timedelta(days=60),
        period_end=today + timedelta(days=100),
        professions=[Profession.objects.get(code="jobcentre-caseworker")],
        learning_tags=[CompetenceTag.objects.get(code="motivational-interviewing")],
        expires_on=today + timedelta(days=30),
        contact_name="Leder Vejle",
        contact_email="leader@vejle.example",
        excluded_tasks="Myndighedsudøvelse",
        visibility=Visibility.ALL,
    )
    values.update(overrides)
    return OpeningData(**values)


@pytest.fixture
def make_opening(world):
    """make_opening(actor=vejle HR, publish=True, **fields) → an opening."""

    def make(actor=None, publish=True, **overrides):
        actor = actor or world.vejle.hr
        if overrides.get("visibility") == Visibility.NETWORK and "network" not in overrides:
            overrides["network"] = Network.objects.get(slug="job7")
        if (
            actor.municipality_id == world.kolding.municipality.pk
            and "workplace_unit_id" not in overrides
        ):
            overrides["workplace_unit_id"] = world.kolding.workplace_id
        with tenant_context(actor.municipality):
            opening = opening_create(actor=actor, data=opening_data(world, **overrides))
            if publish:
                opening = opening_publish(actor=actor, opening=opening)
        return opening

    return make
