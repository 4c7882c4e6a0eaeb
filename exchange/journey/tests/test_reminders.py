"""The daily reminders: a checklist item due within three days reaches its
owner, once a day."""

from django.utils import timezone
from django_tenants.utils import tenant_context

from exchange.journey.models import ChecklistItem
from exchange.journey.services import reminders_send


def test_an_item_due_soon_is_reminded_to_its_owner_once_a_day(world, agreed, mailoutbox, delivered):
    mailoutbox.clear()
    with tenant_context(world.kolding.municipality):
        swapper_item = ChecklistItem.objects.filter(owner="swapper").first()
        ChecklistItem.objects.filter(pk=swapper_item.pk).update(due_on=timezone.localdate())
        with delivered():
            assert reminders_send() == 1
        assert [m.to for m in mailoutbox] == [[world.kolding.employee.email]]
        assert swapper_item.title in mailoutbox[0].subject
        with delivered():
            assert reminders_send() == 0
        assert len(mailoutbox) == 1
