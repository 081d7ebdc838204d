"""A fresh process whose first visitor comes by a deep link (this module starts its own app)."""

import pytest

from tests.e2e.conftest import ANONYMOUS_NAVIGATION, navigation_links, wait_rendered

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_the_first_visitor_of_a_fresh_process_gets_the_page_the_link_names(app_server, page):
    # Streamlit would run pages/login.py by itself here; the router takes over and opens it.
    page.goto(f"{app_server.url}/login")
    page.get_by_role("heading", name="Вход для сотрудников").wait_for()
    wait_rendered(page)

    assert navigation_links(page) == ANONYMOUS_NAVIGATION
    assert page.url.rstrip("/").endswith("/login")
