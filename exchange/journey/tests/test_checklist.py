"""Before the swap: each checklist item is ticked off by its owner, from
their own site (the host leader from the host's); the host fills in the
network map; HR shapes the municipality's checklist template."""

from django_tenants.utils import tenant_context

from exchange.journey.models import ChecklistItem, ChecklistTemplateItem, Journey


def test_the_owner_ticks_off_an_item_and_the_host_fills_in_the_network_map(world, agreed):
    vejle_leader = agreed.vejle["leader"]
    with tenant_context(world.kolding.municipality):
        journey = Journey.objects.get()
        items = list(ChecklistItem.objects.order_by("due_on"))
    host_item = next(i for i in items if i.owner == "host_leader")
    swapper_item = next(i for i in items if i.owner == "swapper")
    assert vejle_leader.post(agreed.url(f"checklist/{host_item.pk}/done/")).status_code == 302
    # Not the host leader's item: the same as a missing one.
    assert vejle_leader.post(agreed.url(f"checklist/{swapper_item.pk}/done/")).status_code == 404
    assert vejle_leader.post(agreed.url("checklist/999999/done/")).status_code == 404
    vejle_leader.post(agreed.url("contacts/"), {"name": "Lise Holm", "role": "Teamleder"})
    with tenant_context(world.kolding.municipality):
        done = ChecklistItem.objects.get(pk=host_item.pk)
        assert (done.done_at is not None, done.done_by_id) == (True, world.vejle.leader.pk)
        assert ChecklistItem.objects.get(pk=swapper_item.pk).done_at is None
        assert list(journey.contacts.values_list("name", "role", "added_by_id")) == [
            ("Lise Holm", "Teamleder", world.vejle.leader.pk)
        ]
    # The page offers the host leader their own item only.
    page = vejle_leader.get(agreed.url()).content.decode()
    assert agreed.url(f"checklist/{swapper_item.pk}/done/") not in page


def test_hr_shapes_the_checklist_template(world, agreed):
    hr = agreed.kolding["hr"]
    assert hr.get("/journey/checklist/").status_code == 200
    # Who does it is required; the refused item is not stored.
    hr.post(
        "/journey/checklist/items/",
        {"title": "Aftal frokost", "owner": "", "days_before_start": "2"},
    )
    assert (
        hr.post(
            "/journey/checklist/items/",
            {"title": "Aftal frokost", "owner": "swapper", "days_before_start": "2"},
        ).status_code
        == 302
    )
    with tenant_context(world.kolding.municipality):
        item = ChecklistTemplateItem.objects.get(title="Aftal frokost")
        assert (item.owner, item.days_before_start, item.position) == ("swapper", 2, 6)
    for role in ("employee", "leader", "coach"):
        assert agreed.kolding[role].get("/journey/checklist/").status_code == 404
    assert hr.post(f"/journey/checklist/items/{item.pk}/remove/").status_code == 302
    with tenant_context(world.kolding.municipality):
        assert not ChecklistTemplateItem.objects.filter(pk=item.pk).exists()
        assert ChecklistTemplateItem.objects.count() == 6
