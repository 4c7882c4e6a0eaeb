"""The named hooks of joint courses: how the municipality's own development
records (courses.development, in each municipality's schema) follow what
happens to a nomination and a cohort, and show on the courses' pages, without
courses importing them. The development app subscribes and registers in its
AppConfig.ready(); courses only sends and asks.

- ``baseline_stated`` (a signal): a participant or leader has said what they
  want to change in practice (on nominating, asking, accepting or
  approving). Sent with ``nomination`` and ``participant_change`` and/or
  ``leader_change`` (None for the one not stated), with the connection set
  to the nomination's municipality, inside the deciding transaction.
- ``cohort_completed`` (a signal): a day after a cohort's last module it is
  complete. Sent from the public schema inside the completing transaction,
  with ``cohort``, ``nominations`` (those who took part, their municipality
  and participant loaded) and ``last_day`` (of the last module).
- page parts (a registry): what a courses page shows that another app owns.
  Each part is called with the request and the page's object(s) and returns
  a rendered fragment, or "" when there is nothing for this viewer. The
  places, and what their parts are called with:

  ``catalogue_links`` (request): links after "My courses" on the catalogue;
  ``my_courses`` (request): sections at the top of "My courses";
  ``nomination_facts`` (request, nomination): rows (<dt>/<dd>) of the facts
  on a nomination's page;
  ``nomination_sections`` (request, nomination): sections of a nomination's
  page after its assignments;
  ``provider_course_links`` (request, course): links at the top of a
  provider's course page."""

from collections.abc import Callable

from django.dispatch import Signal

baseline_stated = Signal()
cohort_completed = Signal()

PagePart = Callable[..., str]
PLACES = (
    "catalogue_links",
    "my_courses",
    "nomination_facts",
    "nomination_sections",
    "provider_course_links",
)
_page_parts: dict[str, list[PagePart]] = {place: [] for place in PLACES}


def register_page_part(place: str, render: PagePart) -> PagePart:
    """Show ``render``'s fragment at ``place`` (one of PLACES) on every page
    that has it."""
    if place not in _page_parts:
        raise ValueError(f"No page has a place called {place!r}; see courses.hooks.PLACES.")
    if render not in _page_parts[place]:
        _page_parts[place].append(render)
    return render


def page_parts(place: str, request, *objects) -> list[str]:
    """The registered fragments for ``place``, as the viewer of ``request``
    may see them; empty ones left out."""
    return [html for render in _page_parts[place] if (html := render(request, *objects))]
