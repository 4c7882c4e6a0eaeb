"""Every kind of bad row gets its own message in the preview, and while any
row is refused nothing can be applied and nothing is stored."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django_tenants.utils import tenant_context

from tenants.organisation.models import ImportStatus, Unit, UnitKind
from tenants.organisation.services import unit_create
from tenants.organisation.staff_import.services import staff_import_confirm
from tenants.organisation.staff_import.tests.helpers import (
    csv_file,
    organisation_state,
    outcome,
    person,
    read,
)

NEW = ("Sundhed", "Hjemmeplejen", "Distrikt Nord")
CASES = {
    "unknown profession": (
        [person("a@vejle.example", "A", profession="astronaut")],
        {2: ["Unknown profession astronaut."]},
    ),
    "unknown leader": (
        [person("a@vejle.example", "A", leader="nobody@vejle.example")],
        {
            2: [
                "No one in the file or among the employees has the e-mail address or "
                "medarbejdernummer nobody@vejle.example."
            ]
        },
    ),
    "duplicate e-mail, and a leader it makes ambiguous": (
        [
            person("boss@vejle.example", "Boss One"),
            person("Boss@Vejle.example", "Boss Two"),
            person("a@vejle.example", "A", leader="boss@vejle.example"),
        ],
        {
            2: ["The e-mail address is also in row 3."],
            3: ["The e-mail address is also in row 2."],
            4: [
                "boss@vejle.example names more than one person in the file or among the employees."
            ],
        },
    ),
    "duplicate medarbejdernummer": (
        [person("a@vejle.example", "A", "7"), person("b@vejle.example", "B", "7")],
        {
            2: ["The medarbejdernummer is also in row 3."],
            3: ["The medarbejdernummer is also in row 2."],
        },
    ),
    "e-mail of another municipality's account": (
        [person("employee@kolding.example", "Snyder")],
        {2: ["employee@kolding.example is already used by an account outside Vejle."]},
    ),
    "e-mail of a provider's account": (
        [person("teacher@via.example", "Snyder")],
        {2: ["teacher@via.example is already used by an account outside Vejle."]},
    ),
    "leader cycle with a registered employee": (
        [person("leader@vejle.example", leader="employee@vejle.example")],
        {
            2: [
                "The leader chain goes round: leader@vejle.example → employee@vejle.example "
                "→ leader@vejle.example."
            ]
        },
    ),
    "leader cycle inside the file": (
        [
            person("a@vejle.example", "A", leader="b@vejle.example"),
            person("b@vejle.example", "B", leader="a@vejle.example"),
            person("c@vejle.example", "C", leader="a@vejle.example"),
        ],
        {
            2: [
                "The leader chain goes round: a@vejle.example → b@vejle.example → a@vejle.example."
            ],
            3: [
                "The leader chain goes round: a@vejle.example → b@vejle.example → a@vejle.example."
            ],
        },
    ),
    "own leader": (
        [person("a@vejle.example", "A", leader="a@vejle.example")],
        {2: ["A person cannot be their own leader."]},
    ),
    "leader who leaves": (
        [
            person("leader@vejle.example", left="ja"),
            person("a@vejle.example", "A", leader="leader@vejle.example"),
        ],
        {3: ["The leader leader@vejle.example has left."]},
    ),
    "part of a unit path": (
        [person("a@vejle.example", "A", path=("Beskæftigelse", "", "Jobafklaring"))],
        {2: ["Give forvaltning, afdeling and arbejdsplads together, or none of them."]},
    ),
    "closed workplace": (
        [person("employee@vejle.example", path=("Beskæftigelse", "Jobcenter", "Lukket"))],
        {2: ["Lukket is closed."]},
    ),
    "two units that differ only in case": (
        [person("a@vejle.example", "A", path=("Beskæftigelse", "UNGEENHEDEN", "Ny"))],
        {2: ["The organisation has more than one unit called Ungeenheden in the same place."]},
    ),
    "a workplace given two addresses": (
        [
            person("a@vejle.example", "A", path=NEW) + ";Torvet 1;;",
            person("b@vejle.example", "B", path=NEW) + ";Torvet 2;;",
        ],
        {
            2: ["Rows 2, 3 give this workplace different addresses or places."],
            3: ["Rows 2, 3 give this workplace different addresses or places."],
        },
    ),
    "half a place, and a latitude that is no number": (
        [
            person("a@vejle.example", "A", path=NEW) + ";;55,7;",
            person("b@vejle.example", "B", path=NEW) + ";;nord;9,5",
        ],
        {2: ["Give both bredde and længde, or neither."], 3: ["nord is not a number of degrees."]},
    ),
    "HR takes away their own HR role and leaves": (
        [person("hr@vejle.example", roles="medarbejder", left="ja")],
        {
            2: [
                "You cannot take your own HR role away in an import.",
                "You cannot mark yourself as left in an import.",
            ]
        },
    ),
    "unknown role and an unreadable fratrådt": (
        [
            person("a@vejle.example", "A", roles="medarbejder, chef"),
            person("b@vejle.example", "B", left="måske"),
        ],
        {
            2: ["Unknown role chef (use medarbejder, leder, hr or coach)."],
            3: ["Write ja, nej or a date in fratrådt, not måske."],
        },
    ),
    "someone new without a name, an e-mail that is none, a row without one": (
        [person("a@vejle.example"), person("not-an-address"), person("", "Uden Mail")],
        {
            2: ["Someone new needs a name (navn)."],
            3: ["not-an-address is not an e-mail address."],
            4: ["The row has no e-mail address."],
        },
    ),
}
HEADER_WITH_PLACE = (
    "e-mail;navn;medarbejdernummer;stillingsbetegnelse;fag;"
    "forvaltning;afdeling;arbejdsplads;leder;roller;fratrådt;adresse;bredde;længde"
)


@pytest.fixture
def awkward_units(world):
    """A closed workplace, and a department whose name differs from another
    only in case (possible: unit names are unique as written)."""
    with tenant_context(world.vejle.municipality):
        department = Unit.objects.get(name="Jobcenter")
        closed = unit_create(actor=None, kind=UnitKind.WORKPLACE, name="Lukket", parent=department)
        Unit.objects.filter(pk=closed.pk).update(closed_at=timezone.now())
        for name in ("Ungeenheden", "ungeenheden"):
            unit_create(actor=None, kind=UnitKind.DEPARTMENT, name=name, parent=department.parent)


@pytest.mark.parametrize("case", list(CASES))
def test_each_bad_row_says_why_and_nothing_is_stored(world, awkward_units, case):
    rows, expected = CASES[case]
    vejle, hr = world.vejle.municipality, world.vejle.hr
    before = organisation_state(vejle)
    staff_import = read(vejle, hr, csv_file(*rows, header=HEADER_WITH_PLACE))
    assert staff_import.status == ImportStatus.PREVIEW
    with translation.override("en"):
        refused = {
            line: problems
            for line, (action, problems) in outcome(staff_import).items()
            if action == "refused"
        }
    assert refused == expected
    assert staff_import.counts["refused"] == len(expected)
    with pytest.raises(ValidationError) as error, tenant_context(vejle):
        staff_import_confirm(actor=hr, staff_import=staff_import, invite=True)
    assert error.value.messages == ["Nogle rækker er afvist. Ret dem i filen, og upload den igen."]
    assert organisation_state(vejle) == before
