"""Every benchmark in one run, on one machine: python -m benchmarks.run_all [--home DIR]

Builds the PDF index in --home (default .docqa-bench) as part of the ingest benchmark, then
measures answers (with the naive baseline) and the running app on it.
"""
from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import time

from benchmarks.common import ROOT


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", default=".docqa-bench")
    args = ap.parse_args()
    import os

    print(f"# benchmarks {time.strftime('%Y-%m-%d %H:%M')} on {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    subprocess.run(["rm", "-rf", args.home], check=True)
    for mod, extra in (("benchmarks.bench_ingest", ["--keep", args.home]), ("benchmarks.bench_answers", ["--home", args.home]),
                       ("benchmarks.bench_app", ["--home", args.home]), ("benchmarks.bench_first_start", []),
                       ("benchmarks.bench_servers", [])):
        print(f"\n## {mod}", flush=True)
        subprocess.run([sys.executable, "-m", mod, *extra], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
