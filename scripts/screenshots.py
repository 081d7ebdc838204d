"""Screenshots of every staff page at 1366 px, in Russian and English (issue 14); not run in the suite.

    python3 scripts/screenshots.py [--out DIR]

Starts the app on a fresh SQLite database in a temporary folder (its first start-up seeds the
demo data and trains the demo models, about a minute), adds one account of each role, applies
once through the questionnaire so that profiles and the audit log have something to show, and
saves one PNG per page, tab, language and role into DIR (default: a temporary folder, printed),
naming the tables that scroll sideways.
Nothing it writes belongs in the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from core import staff  # noqa: E402
from core.data.db import make_engine, migrate  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_app, wait_healthy, wait_rendered  # noqa: E402

PASSWORD = "screenshots only password"
ROLE_PAGES = {role: areas for role, areas in staff.ROLE_AREAS.items()}
WIDTH, HEIGHT = 1366, 900


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=None, help="folder for the PNGs")
    parser.add_argument("--role", action="append", choices=list(ROLE_PAGES), help="only this role's pages (repeatable)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="screens-"))
    out = args.out or root / "png"
    out.mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{root / 'credit.db'}"
    engine = make_engine(database_url)
    migrate(engine)
    with Session(engine) as session, session.begin():
        for role in ROLE_PAGES:
            staff.create_user(session=session, name=f"shot.{role}", role=role, password=PASSWORD)
    env = os.environ | {
        "DATABASE_URL": database_url,
        "MODELS_DIR": str(root / "models"),
        "MLFLOW_TRACKING_URI": f"sqlite:///{root / 'mlflow.db'}",
        "MLFLOW_ARTIFACTS_DIR": str(root / "mlartifacts"),
    }
    port = free_port()
    process = start_app(env, port, root / "streamlit.log")
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, timeout=120)
        shoot(url, out, args.role or list(ROLE_PAGES))
    finally:
        process.terminate()
        process.wait(timeout=30)
    print(out)
    return 0


def shoot(url: str, out: Path, roles: list[str]) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for role in roles:
            areas = ROLE_PAGES[role]
            context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, timezone_id="Europe/Moscow")
            context.set_default_timeout(180_000)  # the first visitor waits for the start-up
            page = context.new_page()
            page.goto(f"{url}/login")
            wait_rendered(page)
            page.get_by_role("textbox").first.fill(f"shot.{role}")
            page.locator("input[type=password]").fill(PASSWORD)
            page.keyboard.press("Enter")
            page.wait_for_timeout(3_000)
            for lang, label in (("ru", "Русский"), ("en", "English")):
                for area in (*areas, "experiments") if role == "analyst" else areas:
                    page.goto(f"{url}/{area}")
                    wait_rendered(page)
                    page.keyboard.press("Escape")  # Streamlit's own "page not found" box, for a page not theirs
                    choose_language(page, label)
                    prepare(page, area)
                    for index in range(page_tabs(page, area).count()) or [None]:
                        suffix = "" if index is None else f"-tab{index + 1}"
                        if index is not None:
                            try:
                                page_tabs(page, area).nth(index).click(timeout=30_000)
                            except PlaywrightTimeout:
                                print(f"{role}-{area}{suffix}-{lang}: the tab did not show", flush=True)
                                continue
                            page.wait_for_timeout(500)
                            wait_rendered(page)
                        whole_page(page, out / f"{role}-{area}{suffix}-{lang}.png")
            context.close()
        browser.close()


TABBED = {"experiments", "monitoring", "policy", "staff"}  # pages with tabs of their own


def page_tabs(page, area: str):
    """The page's own tabs; none on a page without them (a decision opened there has its own)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    tablist = page.locator("[data-testid=stMain] [role=tablist]").first
    if area in TABBED:
        with contextlib.suppress(PlaywrightTimeout):  # drawn late on a busy machine
            tablist.wait_for(timeout=30_000)
    return tablist.locator("[role=tab]" if area in TABBED else "[data-none]")


def prepare(page, area: str) -> None:
    """Give a page something to show: a search, a decision opened, runs compared."""
    if area == "clients":
        page.get_by_role("textbox").first.fill("петров")
        page.keyboard.press("Enter")
        wait_rendered(page)
    opened = page.locator(".st-key-decisions_detail").count()  # a decision opened before the switch stays open
    if area == "decisions" and page.locator(".st-key-decisions_open").count() and not opened:
        page.locator(".st-key-decisions_open [role=combobox]").click()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_timeout(1_000)
        wait_rendered(page)
    page.wait_for_timeout(1_000)


def whole_page(page, path: Path) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main area, so the window is
    made as tall as the content for the shot."""
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": WIDTH, "height": max(HEIGHT, min(int(height), 12_000))})
    page.wait_for_timeout(800)  # charts redraw at the new size
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    for index, (wide, shown) in enumerate(page.evaluate(_TABLE_WIDTHS)):
        if wide > shown + 1:
            print(f"{path.name}: table {index + 1} scrolls sideways ({wide} px of columns in {shown} px)", flush=True)


# Each table's columns against its visible width (Glide's scroller), to find sideways scrolling.
_TABLE_WIDTHS = """[...document.querySelectorAll('[data-testid=stMain] [data-testid=stDataFrame] .dvn-scroller')]
    .map(s => [s.scrollWidth, s.clientWidth])"""


def choose_language(page, label: str) -> None:
    """Press the language switch until it shows `label` chosen (a click during the run that
    resumes the session from its cookie can be lost); a page without the switch stays as it is."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    switch = page.get_by_test_id("stButtonGroup").get_by_text(label, exact=True)
    chosen = page.get_by_test_id("stButtonGroup").locator("[aria-checked=true]").filter(has_text=label)
    try:  # a page resuming its session from the cookie draws something else first
        switch.first.wait_for(timeout=30_000)
    except PlaywrightTimeout:
        return
    for _ in range(5):
        if not switch.count() or chosen.count():
            break
        switch.first.click()
        page.wait_for_timeout(700)
        wait_rendered(page)
    page.wait_for_timeout(1_500)  # the run in the new language, however busy the machine
    wait_rendered(page)


if __name__ == "__main__":
    raise SystemExit(main())
