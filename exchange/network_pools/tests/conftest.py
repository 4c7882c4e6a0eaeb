from exchange.pools.tests.conftest import claim_for, live_swap  # noqa: F401  (shared fixtures)
