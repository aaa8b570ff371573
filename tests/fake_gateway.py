"""A fake SMS brandname / Zalo ZNS provider, as a real HTTP server in its own process.

The phone gateways' tests (tests/voting/test_phone_gateways.py) start it with :func:`start` and
talk to it over the loopback, so that what is tested is the real request, the real JSON, the real
socket timeout. It speaks the two dialects of contest/voting/gateways/http.py on two paths:

- ``POST /sms``: ``Authorization: Bearer <token>``; answers ``{"code": "00", "message_id": …}``;
- ``POST /zns``: header ``access_token``; answers ``{"error": 0, "data": {"msg_id": …}}``.

What it answers depends on the number's last three digits, like a provider's test numbers:
``408`` no such subscriber (SMS "10", ZNS -118), ``429`` the account's quota is used up (SMS "30",
ZNS -144), ``500`` the provider's own fault (HTTP 500, SMS "50", ZNS -1), ``504`` no answer for
``--slow`` seconds (a timeout for the client); anything else is accepted. A wrong token gets HTTP
401 (SMS "20", ZNS -124). Every request is appended as one JSON line to ``--log``.

Run alone: ``python tests/fake_gateway.py --token t --log /tmp/gw.jsonl`` (prints its port).
"""

import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ANSWERS = {
    # last digits: (HTTP status, SMS code, ZNS error)
    "408": (200, "10", -118),
    "429": (200, "30", -144),
    "500": (500, "50", -1),
}


class Handler(BaseHTTPRequestHandler):
    server_version = "FakeGateway/1"

    def log_message(self, format, *args):  # noqa: A002 (the stdlib's name)
        pass

    def _answer(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):  # noqa: N802 (the stdlib's name)
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            body = None
        dialect = self.path.strip("/")
        record = {
            "path": self.path,
            "authorization": self.headers.get("Authorization", ""),
            "access_token": self.headers.get("access_token", ""),
            "body": body,
        }
        with self.server.lock, open(self.server.log, "a", encoding="utf-8") as log:
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
        if dialect not in ("sms", "zns") or not isinstance(body, dict):
            self._answer(404, {"message": "unknown"})
            return
        token = (
            self.headers.get("Authorization", "").removeprefix("Bearer ")
            if dialect == "sms"
            else self.headers.get("access_token", "")
        )
        if token != self.server.token:
            self._answer(401, {"code": "20", "message": "invalid token"} if dialect == "sms" else {"error": -124})
            return
        phone = str(body.get("phone", ""))
        if phone.endswith("504"):
            time.sleep(self.server.slow)
        status, sms_code, zns_error = ANSWERS.get(phone[-3:], (200, "00", 0))
        if dialect == "sms":
            self._answer(status, {"code": sms_code, "message": "fake", "message_id": f"sms-{time.time_ns()}"})
        else:
            data = {"msg_id": f"zns-{time.time_ns()}"} if zns_error == 0 else None
            self._answer(status, {"error": zns_error, "message": "fake", "data": data})


def serve(token: str, log: Path, slow: float) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.token, server.log, server.slow, server.lock = token, log, slow, threading.Lock()
    return server


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--token", required=True)
    parser.add_argument("--log", required=True, type=Path)
    parser.add_argument("--slow", type=float, default=3.0)
    args = parser.parse_args()
    server = serve(args.token, args.log, args.slow)
    # The parent reads the port from the first line.
    print(server.server_address[1], flush=True)
    server.serve_forever()


def start(log: Path, token: str, slow: float = 3.0):
    """Start the fake provider in its own process; returns (process, base URL)."""
    import subprocess

    process = subprocess.Popen(  # noqa: S603 (this file, fixed arguments)
        [sys.executable, __file__, "--token", token, "--log", str(log), "--slow", str(slow)],
        stdout=subprocess.PIPE,
        text=True,
    )
    port = int(process.stdout.readline())
    return process, f"http://127.0.0.1:{port}"


def requests_seen(log: Path) -> list[dict]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]


if __name__ == "__main__":
    main()
