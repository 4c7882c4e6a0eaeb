"""HR's pages for the municipality's organisation and staff, on its own
site, one module per concept: ``units`` (the tree, a unit, creating,
changing, naming its leader, closing), ``employees`` (the list, adding,
changing, deactivating, reactivating, registering an account's job) and
``changes`` (the trail in words). Everyone but HR gets the same 404 as for
a missing page or id — except on a unit's staff list, which a workplace's
own leader may read too."""
