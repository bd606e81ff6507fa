"""A local OpenAI-compatible chat server for tests: answers /v1/chat/completions (plain and
streamed) with scripted texts, one per request, and records what it was sent. A request that
is not a valid chat completion request gets HTTP 400 (as from a real server), is recorded in
`rejected`, and so makes the calling test fail. The checks are tested in test_llm_service."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def request_problem(path: str, body: dict) -> str:
    """Why a request is not a valid chat completion request (empty when it is)."""
    if not path.endswith("/chat/completions"):
        return f"unknown endpoint {path}"
    if not body.get("model"):
        return "model is required"
    msgs = body.get("messages")
    if not isinstance(msgs, list) or not msgs:
        return "messages must be a non-empty list"
    for m in msgs:
        if m.get("role") not in ("system", "user", "assistant") or not isinstance(m.get("content"), str):
            return f"bad message {m!r}"
    return ""


class StubLlm:
    def __init__(self) -> None:
        self.script: list[str] = []
        self.requests: list[dict] = []
        self.rejected: list[str] = []  # malformed requests, with the reason
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):  # quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                problem = request_problem(self.path, body)
                if problem:  # answer like a real server would, so the client (and the test) sees it
                    stub.rejected.append(problem)
                    data = json.dumps({"error": {"message": problem, "type": "invalid_request_error"}}).encode()
                    self.send_response(400)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                stub.requests.append(body)
                text = stub.script.pop(0) if stub.script else "資料に記載はありません。"
                base = {"id": "stub", "created": int(time.time()), "model": body.get("model", "stub")}
                if body.get("stream"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.end_headers()
                    for i in range(0, len(text), 8):
                        chunk = {**base, "object": "chat.completion.chunk", "choices": [
                            {"index": 0, "delta": {"role": "assistant", "content": text[i:i + 8]}, "finish_reason": None}]}
                        self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                    end = {**base, "object": "chat.completion.chunk",
                           "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                    self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
                    return
                out = {**base, "object": "chat.completion", "choices": [
                    {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
                data = json.dumps(out, ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
