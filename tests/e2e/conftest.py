"""Start the real app (python app.py) on a free localhost port with the fixture corpus and
the hash embedder, and drive it with Playwright + Debian's chromium."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
CHROMIUM = os.environ.get("DOCQA_CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(os.environ.get("DOCQA_SCREENSHOTS", ROOT / "screenshots"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """The app as a user runs it; yields (url, home). Its log is printed if it fails to start."""
    home = tmp_path_factory.mktemp("app-home")
    docs = tmp_path_factory.mktemp("app-docs")
    for f in FIXTURES.glob("mini_*"):
        shutil.copy(f, docs / f.name)
    from tests.pdf_fixture import write_text_pdf

    write_text_pdf(docs / "mini_plan.pdf", [
        ["テスト市 観光プラン", "第3章 観光の振興", "1 観光案内事業"],
        ["観光案内所の来訪者は前年より増加しました。", "外国人観光客向けの多言語案内を始めました。"]],
        title="テスト市 観光プラン")
    env = {"DOCQA_HOME": str(home), "DOCQA_DOCS": str(docs), "DOCQA_EMBEDDER": "hash"}
    proc, url = start_app(env, home / "app.log")
    yield url, home
    stop_app(proc)


def start_app(extra_env: dict, log_path: Path) -> tuple[subprocess.Popen, str]:
    """`python app.py` on a free loopback port; fails the test with its log if it does not start."""
    port = free_port()
    env = {**os.environ, **extra_env, "DOCQA_PORT": str(port), "DOCQA_HOST": "127.0.0.1",
           "GRADIO_ANALYTICS_ENABLED": "False"}
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 180
    while time.time() < deadline:
        if proc.poll() is not None:
            break
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
    if proc.poll() is not None:
        pytest.fail("app did not start:\n" + Path(log_path).read_text())
    return proc, url


def stop_app(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium not found at {CHROMIUM}: install it (apt-get install chromium fonts-ipafont-gothic) "
                    "to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser, app_server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ja-JP")
    pg = ctx.new_page()
    pg.goto(app_server[0])
    pg.wait_for_selector("#question textarea", timeout=60000)
    yield pg
    ctx.close()
