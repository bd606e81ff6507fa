"""Helpers shared by the benchmarks: paths, timing, peak memory of child processes."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
DEV_QUESTIONS = SHARED / "eval" / "dev_questions.jsonl"
# every question set about the shared corpus, each reported apart: the two shared development
# sets, the blind sets used for failure analysis and calibration, and the blind sets only
# ever measured (never tuned on)
QUESTION_SETS = [DEV_QUESTIONS, SHARED / "eval" / "dev_questions_2.jsonl", ROOT / "evals" / "blind_tune.jsonl",
                 ROOT / "evals" / "blind_tune_2.jsonl",
                 ROOT / "evals" / "blind_3.jsonl",
                 ROOT / "evals" / "blind_holdout.jsonl", ROOT / "evals" / "blind_holdout_2.jsonl",
                 ROOT / "evals" / "blind_4.jsonl", ROOT / "evals" / "blind_5.jsonl", ROOT / "evals" / "blind_6.jsonl",
                 ROOT / "evals" / "blind_rates.jsonl"]


def run_child(args: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Run a Python module in a fresh process: (wall seconds, peak RSS MiB, stdout+stderr).

    Peak RSS is the child's own high-water mark, read from wait4's rusage, so figures from
    several children do not mix."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}):\n{out[-2000:]}")
    return wall, usage.ru_maxrss / 1024, out


def self_peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_of(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a running process in MiB, from /proc."""
    cur = peak = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            cur = int(line.split()[1]) / 1024
        elif line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
    return cur, peak
