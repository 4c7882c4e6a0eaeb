"""The pages in a real browser: sign-in, start page, language, landmarks,
labels and visible keyboard focus."""

import re

import pytest
from playwright.sync_api import expect

from tests.world import PASSWORD

pytestmark = pytest.mark.browser

UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea, button')]
  .filter(el => el.type !== 'hidden')
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !(el.tagName === 'BUTTON' && el.textContent.trim()))
  .map(el => el.outerHTML)"""


def test_sign_in_start_page_language_and_sign_out(page, live_server_url, session_world, tmp_path):
    base = f"http://vejle.localhost:{live_server_url}"
    page.goto(f"{base}/")
    expect(page).to_have_url(f"{base}/login/?next=/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind i Vejle Kommune")
    assert page.evaluate(UNLABELLED) == []
    for landmark in ("banner", "main", "contentinfo"):
        expect(page.get_by_role(landmark)).to_have_count(1)

    page.get_by_label("E-mailadresse").fill("leader@vejle.example")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Leder")
    expect(page.get_by_role("heading", name="Mit team")).to_be_visible()
    expect(page.get_by_role("cell", name="Medarbejder Vejle")).to_be_visible()
    page.screenshot(path=str(tmp_path / "start.png"), full_page=True)

    page.get_by_label("Sprog").select_option("en")
    page.get_by_role("button", name="Skift").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Leder")
    expect(page.get_by_role("heading", name="My team")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login/$"))


def test_keyboard_focus_is_visible_and_skip_link_works(page, live_server_url, session_world):
    page.goto(f"http://localhost:{live_server_url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Gå til indhold"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_public_start_page_lists_municipalities_and_networks(page, live_server_url, session_world):
    page.goto(f"http://localhost:{live_server_url}/")
    expect(page.get_by_role("link", name="Vejle")).to_have_attribute(
        "href", f"http://vejle.localhost:{live_server_url}/"
    )
    expect(page.get_by_role("link", name="Kolding")).to_be_visible()
    expect(page.get_by_role("heading", name="Job7")).to_be_visible()
    assert page.evaluate(UNLABELLED) == []


def test_wrong_password_shows_an_announced_error(page, live_server_url, session_world):
    page.goto(f"http://kolding.localhost:{live_server_url}/login/")
    page.get_by_label("E-mailadresse").fill("hr@kolding.example")
    page.get_by_label("Adgangskode").fill("wrong")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "E-mailadressen eller adgangskoden er forkert."
    )
    expect(page.get_by_label("E-mailadresse")).to_have_value("hr@kolding.example")
