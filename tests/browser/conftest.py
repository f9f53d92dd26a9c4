"""Browser tests: Playwright (sync API) drives Debian's Chromium against a real `congvan serve`
subprocess on a corpus-filled tracker. In CI a missing browser is a failure, not a skip."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.web_corpus import TODAY, WebCorpus, add_scan, fill_tracker, free_port, wait_until_up

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Chromium through Playwright against congvan serve")


@dataclass(frozen=True)
class Server:
    base: str
    corpus: WebCorpus
    inbox: Path
    archive: Path
    failed: Path
    scan_document: int  # 030.jpg, read with OCR; its page is in the server's OCR cache


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("serve")
    corpus = fill_tracker(root / "tracker.db")
    ocr_cache = root / "ocr-cache"
    scan = add_scan(corpus.url, ocr_cache)
    inbox, archive, failed = root / "inbox", root / "archive", root / "failed"
    port = free_port()
    log = (root / "serve.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "congvan",
            "serve",
            "--db",
            corpus.url,
            "--port",
            str(port),
            "--inbox",
            str(inbox),
            "--ocr",
            "never",
            "--today",
            TODAY,
        ],
        cwd=REPO,
        env={**os.environ, "CONGVAN_CACHE": str(ocr_cache)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, proc)
        yield Server(base, corpus, inbox, archive, failed, scan)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def browser():  # noqa: ANN201 — playwright.sync_api.Browser
    if not CHROMIUM.exists():
        # `make test` installs it; a run without it is not the whole suite
        pytest.fail("no /usr/bin/chromium: run scripts/install-browser.sh (or `make test`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def _page_in(browser, **options):  # noqa: ANN001, ANN003, ANN202
    context = browser.new_context(locale="vi-VN", **options)
    p = context.new_page()
    p.set_default_timeout(20_000)
    try:
        yield p
    finally:
        context.close()


@pytest.fixture()
def page(browser):  # noqa: ANN001, ANN201
    yield from _page_in(browser, viewport={"width": 1280, "height": 900})


@pytest.fixture()
def phone(browser):  # noqa: ANN001, ANN201
    yield from _page_in(
        browser, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
