"""A local remote-signing service for the tests, following the contract of docs/operations.md and
contest/signing/remote_key.py: it holds a development key (never sent anywhere) and signs hashes.

    python -m tests.signing.fake_remote_signer --dir DIR --token T [--approval]

``--approval``: every signature first answers 202 and is approved on the first poll, as when a
person confirms it on a phone. Writes the CA's certificate to DIR/ca.pem; prints its URL first.
"""

import argparse
import base64
import datetime as dt
import http.server
import json
import secrets
import sys
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from contest.signing import devca

SIGNER = "Ban Tổ chức (ký từ xa thử nghiệm)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--approval", action="store_true")
    args = parser.parse_args()
    key = ec.generate_private_key(ec.SECP256R1())
    chain = devca.issue_chain(
        key.public_key(), signer_name=SIGNER, organisation="Dân vận khéo", now=dt.datetime.now(dt.UTC)
    )
    (args.dir / "ca.pem").write_bytes(chain.ca_pem)
    waiting: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _allowed(self) -> bool:
            if self.headers.get("Authorization") == f"Bearer {args.token}":
                return True
            self._answer(401, {"error": "sai mã truy cập"})
            return False

        def do_GET(self):  # noqa: N802  (http.server's name)
            if not self._allowed():
                return
            if self.path == "/certificates":
                self._answer(200, {"certificate": chain.signer_pem.decode(), "chain": [chain.ca_pem.decode()]})
            elif self.path.startswith("/sign/") and self.path[6:] in waiting:
                self._answer(200, {"signature": base64.b64encode(waiting.pop(self.path[6:])).decode()})
            else:
                self._answer(404, {"error": "không có"})

        def do_POST(self):  # noqa: N802
            if not self._allowed():
                return
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            if self.path != "/sign" or body.get("hash_algorithm") != "sha256":
                self._answer(400, {"error": "chỉ ký băm SHA-256"})
                return
            digest = base64.b64decode(body["hash"])
            signature = key.sign(digest, ec.ECDSA(Prehashed(hashes.SHA256())))
            with (args.dir / "requests.log").open("a") as log:
                log.write(body["hash"] + "\n")  # what left the app: a hash, never the document
            if args.approval:
                transaction = secrets.token_hex(8)
                waiting[transaction] = signature
                self._answer(202, {"transaction_id": transaction})
            else:
                self._answer(200, {"signature": base64.b64encode(signature).decode()})

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    sys.stdout.close()
    server.serve_forever()


if __name__ == "__main__":
    main()
