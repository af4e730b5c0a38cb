"""A tiny OpenAI-compatible server on 127.0.0.1 for tests (POST /v1/chat/completions).

Answers from a script (`enqueue("text", ...)`), or echoes the last user message; supports
`stream: true` as server-sent events, word by word, like vLLM or llama.cpp server.
Every request body is kept in `requests` so tests can see what the bot sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeOpenAI:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.script: deque[str] = deque()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def enqueue(self, *replies: str) -> None:
        self.script.extend(replies)

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, body: dict) -> str:
        if self.script:
            return self.script.popleft()
        users = [m["content"] for m in body.get("messages", []) if m.get("role") == "user"]
        return f"echo: {users[-1] if users else ''}"

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self.send_error(404)
                    return
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                body["_auth"] = self.headers.get("Authorization", "")
                fake.requests.append(body)
                text = fake._answer(body)
                if body.get("stream"):
                    self._stream(body, text)
                else:
                    self._json(body, text)

            def _base(self, body: dict) -> dict:
                return {"id": "chatcmpl-fake", "created": int(time.time()),
                        "model": body.get("model", "fake")}

            def _json(self, body: dict, text: str) -> None:
                data = json.dumps({**self._base(body), "object": "chat.completion",
                                   "choices": [{"index": 0, "finish_reason": "stop",
                                                "message": {"role": "assistant",
                                                            "content": text}}],
                                   "usage": {"prompt_tokens": 1, "completion_tokens": 1,
                                             "total_tokens": 2}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, body: dict, text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                words = text.split(" ")
                pieces = [w if i == 0 else " " + w for i, w in enumerate(words)]
                deltas = [{"role": "assistant", "content": ""}] + [{"content": p} for p in pieces]
                for i, delta in enumerate(deltas + [{}]):
                    chunk = {**self._base(body), "object": "chat.completion.chunk",
                             "choices": [{"index": 0, "delta": delta,
                                          "finish_reason": "stop" if i == len(deltas) else None}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        return Handler
