"""Reads of applications and swaps: who takes part in a swap and how, what
each participant may see and do. Missing and not-theirs are the same
DoesNotExist."""

from django.db.models import Q

from accounts.models import Role
from config.posted import storable_id
from exchange.models import AcceptanceRole, Application, Opening, Swap, SwapParty
from exchange.selectors.openings import opening_manageable_by
from tenants.organisation import people


def applications_of(user):
    return (
        Application.objects.filter(applicant=user)
        .select_related("opening__municipality")
        .order_by("-created_at")
    )


def applications_to_manage(user, opening: Opening):
    """Applications to ``opening`` if ``user`` manages it; else none."""
    if not opening_manageable_by(user, opening):
        return Application.objects.none()
    return opening.applications.select_related("applicant", "applicant_municipality").order_by(
        "created_at"
    )


def application_for_manager(*, user, application_id: int):
    if not storable_id(application_id):
        raise Application.DoesNotExist
    application = Application.objects.select_related("opening").filter(pk=application_id).first()
    if application is None or not opening_manageable_by(user, application.opening):
        raise Application.DoesNotExist
    return application


def application_for_applicant(*, user, application_id: int):
    if not storable_id(application_id):
        raise Application.DoesNotExist
    return Application.objects.select_related("opening").get(pk=application_id, applicant=user)


def host_side_open(party, parties) -> bool:
    """Whether the receiving side may see ``party`` yet. In a mutual swap the
    receiving workplace is the other swapper's own; its leader and HR learn of
    the swap only when that swapper has involved their leader (the employee
    decides when)."""
    if (
        party.home_municipality_id == party.host_municipality_id
        and party.leader_involved_at is None
    ):
        # Within one municipality the receiving side is the swapper's own
        # organisation: it learns of the swap when the swapper says so.
        return False
    return all(
        other.leader_involved_at is not None
        for other in parties
        if other.pk != party.pk and other.home_municipality_id == party.host_municipality_id
    )


def disclosed_to(user, party) -> bool:
    """Whether ``user`` may see who the swapper of ``party`` is. The swapper's
    own municipality (leader, HR, colleagues) learns it only when the swapper
    involves their leader; the receiving side sees whom it receives."""
    return (
        party.swapper_id == user.pk
        or party.leader_involved_at is not None
        or party.home_municipality_id != user.municipality_id
    )


def mark_disclosure(user, swaps) -> None:
    """Set ``disclosed`` on every party of ``swaps`` for the templates."""
    for swap in swaps:
        for party in swap.parties.all():
            party.disclosed = disclosed_to(user, party)


def _swap_roles(user, swap) -> set[str]:
    """How ``user`` takes part in ``swap``: swapper, home_leader (once
    involved), host_leader, hr (home once the leader is involved, host
    always), manager (of the opening)."""
    roles = set()
    parties = list(swap.parties.all())
    for party in parties:
        if party.swapper_id == user.pk:
            roles.add("swapper")
        if user.municipality_id == party.host_municipality_id and host_side_open(party, parties):
            if user.has_role(Role.HR):
                roles.add("hr")
            if user.has_role(Role.LEADER) and any(
                u.pk == user.pk for u in people.host_leaders(party)
            ):
                roles.add("host_leader")
        if user.municipality_id == party.home_municipality_id and party.leader_involved_at:
            if user.has_role(Role.HR):
                roles.add("hr")
            if user.has_role(Role.LEADER) and any(
                u.pk == user.pk for u in people.home_leaders(party)
            ):
                roles.add("home_leader")
    if swap.opening_id and opening_manageable_by(user, swap.opening):
        roles.add("manager")
    return roles


def swap_for_participant(*, user, swap_id: int):
    """The swap with its roles for ``user``, if they take part; DoesNotExist
    alike for missing and not theirs."""
    if not storable_id(swap_id) or user.municipality_id is None:
        raise Swap.DoesNotExist
    swap = (
        Swap.objects.select_related("opening__municipality", "application")
        .prefetch_related(
            "parties__swapper", "parties__home_municipality", "parties__host_municipality"
        )
        .filter(pk=swap_id)
        .first()
    )
    if swap is None:
        raise Swap.DoesNotExist
    roles = _swap_roles(user, swap)
    if not roles:
        raise Swap.DoesNotExist
    swap.viewer_roles = roles
    return swap


def swaps_for(user):
    """Every swap ``user`` takes part in (see _swap_roles), newest first."""
    if user.municipality_id is None:
        return []
    candidates = (
        Swap.objects.filter(
            Q(parties__home_municipality_id=user.municipality_id)
            | Q(parties__host_municipality_id=user.municipality_id)
        )
        .distinct()
        .select_related("opening__municipality")
        .prefetch_related(
            "parties__swapper", "parties__home_municipality", "parties__host_municipality"
        )
        .order_by("-created_at")
    )
    result = []
    for swap in candidates:
        roles = _swap_roles(user, swap)
        if roles:
            swap.viewer_roles = roles
            result.append(swap)
    return result


def acceptors(swap) -> list[tuple[SwapParty, str, list]]:
    """(party, role, users who may accept in that role) for every acceptance
    the agreement needs."""
    needed = []
    for party in swap.parties.select_related("swapper", "home_municipality", "host_municipality"):
        needed.append((party, AcceptanceRole.SWAPPER, [party.swapper]))
        needed.append((party, AcceptanceRole.HOME_LEADER, people.home_leaders(party)))
        needed.append((party, AcceptanceRole.HOST_LEADER, people.host_leaders(party)))
    return needed


def acceptance_roles_of(user, swap) -> list[tuple[SwapParty, str]]:
    """The (party, role) acceptances ``user`` may give on ``swap``."""
    return [
        (party, role)
        for party, role, users in acceptors(swap)
        if any(u.pk == user.pk for u in users)
    ]


def may_cancel(user, swap) -> bool:
    """The swapper(s) and the opening's managers may call a swap off; leaders
    decline through their approval instead."""
    if any(p.swapper_id == user.pk for p in swap.parties.all()):
        return True
    return bool(swap.opening_id) and opening_manageable_by(user, swap.opening)


def may_post(user, swap) -> bool:
    """The thread is between the parties: the swapper(s) and, for a swap into
    an opening, the opening's managers."""
    return may_cancel(user, swap)


def swap_period_days(swap) -> int:
    return (swap.period_end - swap.period_start).days + 1
