"""A local RFC 3161 timestamp authority for the tests: pyHanko's DummyTimeStamper behind HTTP, with
its own development CA (certificate and revocation list written to ``--dir`` for B-LT).

    python -m tests.signing.fake_tsa --dir DIR      prints its URL on the first line, then serves
"""

import argparse
import datetime as dt
import http.server
import sys
from pathlib import Path

from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from contest.signing import devca


def _der(pem: bytes) -> bytes:
    from asn1crypto import pem as asn1_pem

    return asn1_pem.unarmor(pem)[2]


def make_stamper(directory: Path) -> DummyTimeStamper:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's dummy TSA signs RSA only
    chain = devca.issue_chain(
        key.public_key(),
        signer_name="Máy chủ dấu thời gian thử nghiệm",
        organisation="Dân vận khéo",
        now=dt.datetime.now(dt.UTC),
        usages=(ExtendedKeyUsageOID.TIME_STAMPING,),
        usages_critical=True,  # RFC 3161 requires the timeStamping usage, and only it, as critical
    )
    (directory / "tsa-ca.pem").write_bytes(chain.ca_pem)
    (directory / "tsa-ca.crl").write_bytes(chain.crl_pem)
    private = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(_der(chain.signer_pem)),
        tsa_key=keys.PrivateKeyInfo.load(private),
        certs_to_embed=[asn1_x509.Certificate.load(_der(chain.ca_pem))],
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args()
    stamper = make_stamper(args.dir)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802  (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)
            with (args.dir / "requests.log").open("a") as log:
                log.write("stamp\n")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"http://127.0.0.1:{server.server_address[1]}/", flush=True)
    sys.stdout.close()
    server.serve_forever()


if __name__ == "__main__":
    main()
