from __future__ import annotations

import pytest

from ..conftest import PASSWORD
from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_sign_in_lands_on_own_unit_and_search_needs_no_diacritics(live_world, live_server, page):
    sign_in(page, live_server.url, "viewer-user", PASSWORD)
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == "Đảng bộ Thành phố Hồ Chí Minh"
    page.fill("header input[type=search]", "dang uy phuong sai gon")
    page.wait_for_selector("#search-results a")
    assert "Đảng ủy phường Sài Gòn" in page.inner_text("#search-results")
    page.click("#search-results a")
    page.wait_for_url("**/don-vi/**")
    assert page.inner_text("h1") == "Đảng ủy phường Sài Gòn"


def test_tree_branch_opens_on_demand(live_world, live_server, page):
    sign_in(page, live_server.url, "viewer-user", PASSWORD)
    page.goto(f"{live_server.url}/don-vi/")
    page.click("details > summary")
    page.wait_for_selector("details ul a:has-text('Đảng ủy phường Sài Gòn')")
    # The sibling province is not in the viewer's tree.
    assert "Cà Mau" not in page.content()


def test_wrong_password_keeps_the_username(live_world, live_server, page):
    sign_in(page, live_server.url, "viewer-user", "wrong")
    page.wait_for_selector(".errors")
    assert "không đúng" in page.inner_text(".errors")
    assert page.input_value("input[name=username]") == "viewer-user"


def test_language_switch_to_english(live_world, live_server, page):
    sign_in(page, live_server.url, "viewer-user", PASSWORD)
    page.wait_for_selector("h1")
    page.click("button[name=language][value=en]")
    page.wait_for_selector("text=Sub-units")
    assert page.locator("html").get_attribute("lang") == "en"


def test_unit_page_fits_a_phone(live_world, live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    sign_in(page, live_server.url, "viewer-user", PASSWORD)
    page.wait_for_selector("h1")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 0


def test_vietnamese_even_when_the_browser_asks_for_english(live_world, live_server, browser):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    sign_in(page, live_server.url, "viewer-user", PASSWORD)
    page.wait_for_selector("h1")
    lang = page.locator("html").get_attribute("lang")
    header = page.inner_text("header")
    context.close()
    assert lang == "vi"
    assert "Đăng xuất" in header


def test_table_cells_carry_their_column_name_on_a_phone(live_world, live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                  locale="vi-VN")
    page = context.new_page()
    sign_in(page, live_server.url, "viewer-user", PASSWORD)
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/lich-su/unit/{live_world.units['own'].pk}/")
    page.wait_for_selector("table.grid td")
    headers = page.eval_on_selector_all("table.grid thead th",
                                        "ths => ths.map(t => t.textContent.trim())")
    first_row = page.eval_on_selector_all(
        "table.grid tbody tr:first-child td", "tds => tds.map(t => t.dataset.label)")
    shown = page.eval_on_selector(
        "table.grid tbody td", "td => getComputedStyle(td, '::before').content")
    context.close()
    assert first_row == headers[:len(first_row)] and all(first_row)
    assert headers[0] in shown
