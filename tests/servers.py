"""Throwaway servers for tests and benchmarks: PostgreSQL (Debian's postgresql-15) and
`chroma run`, on 127.0.0.1 and free ports, stopped by process id. Each raises
ServerUnavailable with the reason when it cannot start, so tests can skip and say why."""
from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Iterator


class ServerUnavailable(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (d / name).exists():
            return str(d / name)
    raise ServerUnavailable(f"PostgreSQL's {name} is not installed (apt-get install postgresql-15)")


def _as_postgres(cmd: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    if os.geteuid() != 0:
        return cmd
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise ServerUnavailable("running as root and there is no postgres user to run PostgreSQL as") from None
    return ["runuser", "-u", "postgres", "--", *cmd]


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A fresh cluster in a temporary folder; yields its URL (database `docqa`)."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    root = Path(tempfile.mkdtemp(prefix="docqa-pg-"))
    data, port = root / "data", free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    pid = None
    try:
        r = subprocess.run(_as_postgres([initdb, "-D", str(data), "-U", "postgres", "--locale=C.UTF-8",
                                         "-E", "UTF8", "--auth=trust"]), capture_output=True, text=True)
        if r.returncode:
            raise ServerUnavailable(f"initdb failed: {r.stderr.strip()[-300:]}")
        r = subprocess.run(_as_postgres([pg_ctl, "-D", str(data), "-l", str(root / "log"), "-w", "-t", "60",
                                         "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {root} "
                                               "-c fsync=off -c max_connections=200", "start"]),
                           capture_output=True, text=True)
        pidfile = data / "postmaster.pid"
        if r.returncode or not pidfile.exists():
            log = (root / "log").read_text(errors="replace")[-300:] if (root / "log").exists() else r.stderr
            raise ServerUnavailable(f"PostgreSQL did not start: {log.strip()}")
        pid = int(pidfile.read_text().split()[0])
        r = subprocess.run(_as_postgres([str(Path(initdb).resolve().with_name("createdb")), "-h", "127.0.0.1", "-p",
                                         str(port), "-U", "postgres", "docqa"]), capture_output=True, text=True)
        if r.returncode:
            raise ServerUnavailable(f"createdb failed: {r.stderr.strip()}")
        yield f"postgresql://postgres@127.0.0.1:{port}/docqa"
    finally:
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGINT)  # "fast" shutdown
            for _ in range(100):
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.1)
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def chroma_server() -> Iterator[str]:
    """`chroma run` on a free loopback port with a temporary data folder; yields its URL."""
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if not chroma:
        raise ServerUnavailable("the chroma CLI (from the chromadb package) is not installed")
    root = Path(tempfile.mkdtemp(prefix="docqa-chroma-"))
    port = free_port()
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "CHROMA_TELEMETRY": "False"}
    proc = subprocess.Popen([chroma, "run", "--path", str(root), "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise ServerUnavailable("the chroma server did not start") from None
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(root, ignore_errors=True)
