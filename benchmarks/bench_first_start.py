"""A newcomer's first start: `python app.py` on an empty index home with the shared PDFs.
Times until the UI answers, until the first answer (a KPI question and a passage question),
until the vectors are complete (semantic search ready), and the app's peak memory.

Run: python -m benchmarks.bench_first_start [--docs DIR]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from benchmarks.common import CORPUS, ROOT, rss_of

def _tree_rss_mib(pid: int) -> float:
    """Resident memory of a process and its descendants (the first start parses in a child)."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += rss_of(p)[0]
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


QUESTIONS = ["第16条の事業で令和6年度に目標を達成できなかったものは？", "事業承継について協議会はどんな意見を出した？"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", default=str(CORPUS / "pdf"))
    ap.add_argument("--port", type=int, default=7873)
    args = ap.parse_args()
    from gradio_client import Client

    with tempfile.TemporaryDirectory() as home:
        log_path = Path(home) / "app.log"
        env = {**os.environ, "DOCQA_HOME": home, "DOCQA_DOCS": args.docs, "DOCQA_PORT": str(args.port),
               "GRADIO_ANALYTICS_ENABLED": "False"}
        t0 = time.perf_counter()
        with open(log_path, "w") as log:
            proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{args.port}/"
        tree_peak, stop = [0.0], threading.Event()

        def sample() -> None:  # the machine's view: the app and its indexing child together
            while not stop.is_set():
                tree_peak[0] = max(tree_peak[0], _tree_rss_mib(proc.pid))
                time.sleep(0.1)

        threading.Thread(target=sample, daemon=True).start()
        try:
            while True:
                if proc.poll() is not None:
                    raise SystemExit("the app exited during start-up:\n" + log_path.read_text())
                try:
                    urllib.request.urlopen(url, timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            ui = time.perf_counter() - t0
            client = Client(url, verbose=False)
            firsts = []
            for q in QUESTIONS:
                ans = client.predict(q, "", api_name="/ask")
                firsts.append((time.perf_counter() - t0, ans.get("grounded"), ans.get("mode")))
            while "semantic search ready" not in log_path.read_text() and time.perf_counter() - t0 < 600:
                if proc.poll() is not None:
                    raise SystemExit("the app exited:\n" + log_path.read_text())
                time.sleep(0.5)
            full = time.perf_counter() - t0
            _, peak = rss_of(proc.pid)
        finally:
            stop.set()
            proc.terminate()
            proc.wait(20)
    print(f"first start on {Path(args.docs).name}: UI up {ui:.1f} s; first answers "
          + "; ".join(f"{t:.1f} s ({mode}, grounded {g})" for t, g, mode in firsts)
          + f"; vectors complete {full:.1f} s; app peak RSS {peak:.0f} MiB (the indexing child's memory is its own; "
          f"app and child together at most {tree_peak[0]:.0f} MiB)")


if __name__ == "__main__":
    main()
