"""Matching in the product: runs, their execution, and the proposals they
write (see each module). The engine itself is exchange.matching.engine."""
