"""The matching engine: the best set of pairwise swaps and multi-way
rotations among swap requests (cycle packing, the twin of kidney exchange).
Python with numpy and HiGHS; no Django, no database. See engine.solve and
``python -m exchange.matching solve INSTANCE.json``."""

from exchange.matching.engine import Instance, InstanceError, parse_instance, solve

__all__ = ["Instance", "InstanceError", "parse_instance", "solve"]
