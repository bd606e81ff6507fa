"""Two app processes on one PostgreSQL and one Chroma server: the same answers, an upload
through one answered by the other without a restart, 20 users across both, collections apart."""
from __future__ import annotations

import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.conftest import FIXTURES, start_app, stop_app
from vectorstore.pg_store import VERSION_TTL

QUESTIONS = [
    "第12条の事業で令和6年度に目標を達成できなかったものは？",
    "Which Article 12 programs missed targets?",
    "起業セミナー参加者数のR5実績は？",
    "第12条について協議会はどんな意見を出した？",
    "起業支援事業の令和6年度の予算はいくら？",
]


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, pg_url, chroma_url):
    docs = tmp_path_factory.mktemp("replica-docs")
    for f in FIXTURES.glob("mini_*"):
        shutil.copy(f, docs / f.name)
    procs, urls = [], []
    try:
        for name in ("a", "b"):  # a indexes the folder on its first start; b finds it published
            home = tmp_path_factory.mktemp(f"replica-{name}")
            env = {"DOCQA_HOME": str(home), "DOCQA_DOCS": str(docs), "DOCQA_EMBEDDER": "hash",
                   "DOCQA_DATABASE_URL": pg_url, "DOCQA_CHROMA_URL": chroma_url, "DOCQA_COLLECTION": "replicas"}
            proc, url = start_app(env, home / "app.log")
            procs.append(proc)
            urls.append(url)
            if name == "b":
                assert "first start: indexing" not in (home / "app.log").read_text()
        yield urls
    finally:
        for p in procs:
            stop_app(p)


def _ask(url: str, q: str, collection: str = "") -> dict:
    from gradio_client import Client

    ans = Client(url, verbose=False).predict(q, collection, api_name="/ask")
    ans.pop("trace", None)
    return ans


def test_both_replicas_answer_alike_for_twenty_users(replicas):
    from gradio_client import Client

    single = {q: _ask(replicas[0], q) for q in QUESTIONS}
    assert single[QUESTIONS[0]]["grounded"] and "起業支援事業" in single[QUESTIONS[0]]["answer"]
    assert {q: _ask(replicas[1], q) for q in QUESTIONS} == single

    def user(i: int) -> list[tuple[str, dict]]:
        client = Client(replicas[i % 2], verbose=False)
        out = []
        for q in QUESTIONS[i % 5:] + QUESTIONS[:i % 5]:
            ans = client.predict(q, "", api_name="/ask")
            ans.pop("trace", None)
            out.append((q, ans))
        return out

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = [r for rs in pool.map(user, range(20)) for r in rs]
    assert len(results) == 100
    for q, ans in results:
        assert ans == single[q], q


def test_an_unknown_collection_is_named_not_guessed(replicas):
    ans = _ask(replicas[0], QUESTIONS[0], "no-such-city")
    assert "no-such-city" in ans["error"]


def test_upload_through_one_replica_is_answered_by_the_other(replicas, browser, tmp_path):
    from playwright.sync_api import expect

    doc = tmp_path / "夜市報告.md"
    doc.write_text("# 桜通り商店街 夜市報告\n\n## 夜市事業\n\n桜通り商店街の夜市は令和6年度に12回開かれ、"
                   "延べ3,400人が来場した。\n", encoding="utf-8")
    page = browser.new_page()
    page.goto(replicas[0])
    page.get_by_role("tab", name=re.compile("文書|Documents")).click()
    page.locator("#upload input[type=file]").set_input_files([str(doc)])
    page.click("#add-docs")
    expect(page.locator("#doc-status")).to_contain_text("夜市報告.md: indexed", timeout=60000)
    page.close()
    time.sleep(VERSION_TTL + 0.1)  # how long a replica may answer from its caches
    ans = _ask(replicas[1], "桜通り商店街の夜市は何回開かれた？")
    assert ans["grounded"] and "12回" in ans["answer"]
    assert ans["citations"][0]["source"] == "夜市報告.md"
