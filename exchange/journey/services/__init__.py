"""Writes to the swap journey, one module per behaviour. A journey is kept
in the swapper's home municipality's schema: every service on a journey
takes the participant's JourneyAccess (selectors.journey_for_participant),
checks the participant's part, switches to the home schema itself (people
of the host side act from their own site), runs in one transaction, is
audited in the home municipality's own trail and sends mail only after
commit. HR's template and target are written in HR's own schema."""

from exchange.journey.services.checklist import (
    checklist_item_tick_off,
    checklist_template_item_add,
    checklist_template_item_remove,
    checklist_template_items,
)
from exchange.journey.services.coaching import coach_assign, coach_talk_record
from exchange.journey.services.evaluations import goal_evaluation_save
from exchange.journey.services.ideas import idea_add, idea_follow_up
from exchange.journey.services.logbook import (
    logbook_cadence_set,
    logbook_entry_add,
    logbook_entry_share,
)
from exchange.journey.services.network_map import network_contact_add
from exchange.journey.services.reminders import reminders_send
from exchange.journey.services.sharing import sharing_activity_mark_done, sharing_activity_plan
from exchange.journey.services.start import journeys_start
from exchange.journey.services.targets import target_set

__all__ = [
    "checklist_item_tick_off",
    "checklist_template_item_add",
    "checklist_template_item_remove",
    "checklist_template_items",
    "coach_assign",
    "coach_talk_record",
    "goal_evaluation_save",
    "idea_add",
    "idea_follow_up",
    "journeys_start",
    "logbook_cadence_set",
    "logbook_entry_add",
    "logbook_entry_share",
    "network_contact_add",
    "reminders_send",
    "sharing_activity_mark_done",
    "sharing_activity_plan",
    "target_set",
]
