"""What the browser tests share: signing in on a tablet-sized screen."""

from playwright.sync_api import Browser, Page, expect

from tests.factories import PASSWORD

TABLET = {"width": 1024, "height": 768}


def sign_in(browser: Browser, url: str, email: str, password: str = PASSWORD) -> Page:
    """A new browser context (its own cookies) signed in as ``email``, on its dashboard."""
    page = browser.new_context(viewport=TABLET).new_page()
    page.goto(f"{url}/akun/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator(".dashboard")).to_be_visible()
    return page
