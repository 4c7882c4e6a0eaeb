from django.test import Client


def test_unknown_host_gets_a_proper_404_page(world):
    response = Client(HTTP_HOST="atlantis.localhost").get("/")
    assert response.status_code == 404
    assert "Ingen kommune bruger adressen atlantis.localhost." in response.content.decode()
    assert "<main" in response.content.decode()


def test_browser_language_does_not_override_danish(client_for, world):
    page = client_for(municipality=world.vejle.municipality).get(
        "/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    assert "Log ind i Vejle Kommune" in page.content.decode()
    assert page["Content-Language"] == "da"


def test_unknown_host_404_in_english(world):
    client = Client(HTTP_HOST="atlantis.localhost")
    client.cookies["django_language"] = "en"
    response = client.get("/login/")
    assert response.status_code == 404
    assert "No municipality uses the address atlantis.localhost." in response.content.decode()


def test_public_start_page_lists_municipalities_and_networks(client_for, world):
    response = client_for().get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="http://kolding.localhost/"' in page
    assert 'href="http://vejle.localhost/"' in page
    assert "Job7" in page
    assert "2 kommuner er med" in page


def test_municipality_host_shows_its_name(client_for, world):
    page = client_for(municipality=world.kolding.municipality).get("/login/").content.decode()
    assert "Log ind i Kolding Kommune" in page
    assert "Vejle" not in page


def test_static_files_are_served(client_for, world):
    response = client_for().get("/static/css/tvaers.css")
    assert response.status_code == 200
    assert b":focus-visible" in b"".join(response.streaming_content)


def test_host_names_are_case_insensitive_and_may_end_in_a_dot(world):
    for host in ("VEJLE.localhost", "vejle.localhost.", "Vejle.LocalHost"):
        page = Client(HTTP_HOST=host).get("/login/")
        assert (page.status_code, "Log ind i Vejle Kommune" in page.content.decode()) == (
            200,
            True,
        ), host
    assert Client(HTTP_HOST="LOCALHOST").get("/").status_code == 200


def test_public_start_page_query_count_does_not_grow_with_municipalities(
    client_for, world, django_assert_max_num_queries
):
    # SET search_path once, municipalities, their domains (prefetched), networks,
    # their members: the same five whatever the number of municipalities.
    with django_assert_max_num_queries(5):
        client_for().get("/")
