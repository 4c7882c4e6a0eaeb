"""Pages of the exchange on a municipality's site, one module per concept."""
