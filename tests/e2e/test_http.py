"""Whole flows over real HTTP against gunicorn, as a partner system and a
browserless person would use the platform."""

import http.client
import json
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from tests.world import PASSWORD


class Http:
    """A tiny HTTP client for one host name on 127.0.0.1 (the resolver here
    does not resolve *.localhost, so the Host header carries the name)."""

    def __init__(self, port: int, host: str):
        self.port, self.host = port, host
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: dict | None = None, headers: dict | None = None
    ):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        all_headers = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        payload = None
        if body is not None:
            payload = urlencode(body)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=payload, headers=all_headers)
        response = conn.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        conn.close()
        return response.status, response.headers, text


def test_partner_api_over_http(live_server_url, session_world):
    api = Http(live_server_url, "localhost")
    status, _headers, text = api.request(
        "GET",
        "/api/v1/municipalities/",
        headers={"Authorization": f"Api-Key {session_world.api_keys['vejle']}"},
    )
    assert status == 200
    assert [m["code"] for m in json.loads(text)["results"]] == [621, 630]
    status, headers, text = api.request(
        "GET", "/api/v1/networks/", headers={"Authorization": "Api-Key tvs_x_y"}
    )
    assert (status, headers["WWW-Authenticate"]) == (401, "Api-Key")
    assert json.loads(text)["error"]["code"] == "authentication_failed"


def test_sign_in_and_cookie_replay_over_http(live_server_url, session_world):
    vejle = Http(live_server_url, "vejle.localhost")
    status, headers, _ = vejle.request("GET", "/")
    assert (status, headers["Location"]) == (302, "/login/?next=/")
    status, _headers, page = vejle.request("GET", "/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, headers, _ = vejle.request(
        "POST",
        "/login/",
        {"csrfmiddlewaretoken": token, "username": "employee@vejle.example", "password": PASSWORD},
        headers={"Referer": f"http://vejle.localhost:{live_server_url}/login/"},
    )
    assert (status, headers["Location"]) == (302, "/")
    status, _headers, page = vejle.request("GET", "/")
    assert status == 200
    assert "Velkommen, Medarbejder" in page
    assert "Jobkonsulent" in page
    # The same cookies on Kolding's host open nothing.
    kolding = Http(live_server_url, "kolding.localhost")
    kolding.cookies = dict(vejle.cookies)
    status, headers, _ = kolding.request("GET", "/")
    assert (status, headers["Location"]) == (302, "/login/?next=/")


def test_health_and_unknown_host_over_http(live_server_url, session_world):
    status, _headers, text = Http(live_server_url, "localhost").request("GET", "/readyz")
    assert (status, json.loads(text)["status"]) == (200, "ok")
    status, _headers, text = Http(live_server_url, "nowhere.localhost").request("GET", "/")
    assert status == 404
    assert "Ingen kommune bruger adressen nowhere.localhost." in text
