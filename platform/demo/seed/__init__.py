"""Demo data for the seven Job7 municipalities: organisation trees, staff in
real municipal professions with their leaders, HR, coaches, a course
provider and an operator, openings and swap requests, courses with
nominations, an agreed swap on its journey and the wage-compensation pools.
Deterministic (seeded per municipality) and idempotent: running it twice
leaves the same state. Used by ``manage.py seed_demo``."""

from demo.seed.accounts import DEMO_MAIL_DOMAIN, DEMO_PASSWORD, demo_email
from demo.seed.run import SeedReport, seed_demo

__all__ = ["DEMO_MAIL_DOMAIN", "DEMO_PASSWORD", "SeedReport", "demo_email", "seed_demo"]
