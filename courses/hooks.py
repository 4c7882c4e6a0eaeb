"""The named hooks of joint courses: how the municipality's own development
records (courses.development, in each municipality's schema) follow what
happens to a nomination and a cohort without courses importing them. The
development app subscribes in its AppConfig.ready().

- ``baseline_stated``: a participant or leader has said what they want to
  change in practice (on nominating, asking, accepting or approving). Sent
  with ``nomination`` and ``participant_change`` and/or ``leader_change``
  (None for the one not stated), with the connection set to the
  nomination's municipality, inside the deciding transaction.
- ``cohort_completed``: a day after a cohort's last module it is complete.
  Sent from the public schema inside the completing transaction, with
  ``cohort``, ``nominations`` (those who took part, their municipality and
  participant loaded) and ``last_day`` (of the last module)."""

from django.dispatch import Signal

baseline_stated = Signal()
cohort_completed = Signal()
