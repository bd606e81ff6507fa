"""The running app: start-up time on an existing index, resident memory, and answer
latency through its API (gradio_client) for one user and for 20 concurrent users.

Run: python -m benchmarks.bench_app --home DIR   (an index built from ../shared/corpus/pdf)
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from benchmarks.common import DEV_QUESTIONS, ROOT, rss_of


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", default=os.environ.get("DOCQA_HOME", ".docqa"))
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--port", type=int, default=7871)
    args = ap.parse_args()
    from assistant.eval.runner import load_questions, percentile
    from gradio_client import Client

    questions = [q["question"] for q in load_questions(DEV_QUESTIONS)]
    env = {**os.environ, "DOCQA_HOME": args.home, "DOCQA_PORT": str(args.port), "GRADIO_ANALYTICS_ENABLED": "False"}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{args.port}/"
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit("the app exited during start-up")
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        ready = time.perf_counter() - t0
        client = Client(url, verbose=False)
        single = []
        for q in questions:
            t = time.perf_counter()
            client.predict(q, api_name="/ask")
            single.append((time.perf_counter() - t) * 1000)
        rss_single = rss_of(proc.pid)

        def user(i: int) -> list[float]:
            c = Client(url, verbose=False)
            out = []
            for q in questions[i % len(questions):] + questions[:i % len(questions)]:
                t = time.perf_counter()
                c.predict(q, api_name="/ask")
                out.append((time.perf_counter() - t) * 1000)
            return out

        t = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.users) as pool:
            many = [ms for rs in pool.map(user, range(args.users)) for ms in rs]
        wall = time.perf_counter() - t
        cur, peak = rss_of(proc.pid)
    finally:
        proc.terminate()
        proc.wait(20)
    print(f"app start on an existing index: ready in {ready:.1f} s; RSS after {len(questions)} questions "
          f"{rss_single[0]:.0f} MiB")
    print(f"one user through the API: p50 {percentile(single, 50):.0f} ms, p95 {percentile(single, 95):.0f} ms "
          f"(includes HTTP and queue)")
    print(f"{args.users} concurrent users, {len(many)} answers in {wall:.1f} s ({len(many) / wall:.1f}/s): "
          f"p50 {percentile(many, 50):.0f} ms, p95 {percentile(many, 95):.0f} ms")
    print(f"app resident memory: now {cur:.0f} MiB, peak {peak:.0f} MiB")


if __name__ == "__main__":
    main()
