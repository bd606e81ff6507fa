"""The app's API (gradio_client), one process, many users at once."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

QUESTIONS = [
    "第12条の事業で令和6年度に目標を達成できなかったものは？",
    "Which Article 12 programs missed targets?",
    "起業セミナー参加者数のR5実績は？",
    "第12条について協議会はどんな意見を出した？",
    "起業支援事業の令和6年度の予算はいくら？",
]


def test_twenty_concurrent_users_get_the_single_user_answers(app_server):
    from gradio_client import Client

    url = app_server[0]
    single = {q: Client(url, verbose=False).predict(q, api_name="/ask") for q in QUESTIONS}
    assert single[QUESTIONS[0]]["grounded"] and single[QUESTIONS[4]]["grounded"] is False

    def user(i: int) -> list[tuple[str, dict]]:
        client = Client(url, verbose=False)
        qs = QUESTIONS[i % len(QUESTIONS):] + QUESTIONS[:i % len(QUESTIONS)]
        return [(q, client.predict(q, api_name="/ask")) for q in qs]

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = [r for rs in pool.map(user, range(20)) for r in rs]
    assert len(results) == 100
    for q, ans in results:
        assert ans == single[q], q
