"""The vocabulary's pages lived under the exchange before issue 11 re-homed
them; a bookmark of the old address is sent on for good."""

import pytest


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/exchange/competences/", "/vocabulary/competences/"),
        ("/exchange/matching/relations/", "/vocabulary/relations/"),
    ],
)
def test_the_old_address_redirects_permanently(world, client_for, old, new):
    hr = client_for(world.vejle.hr, municipality=world.vejle.municipality)
    response = hr.get(old)
    assert (response.status_code, response["Location"]) == (301, new)
    assert hr.get(f"{old}?from=bookmark")["Location"] == f"{new}?from=bookmark"
    page = hr.get(old, follow=True)
    assert (page.status_code, page.redirect_chain) == (200, [(new, 301)])
