#!/usr/bin/env python
"""Signing certificates: what each key backend adds to issuing one, as a ratio to rendering it.

In one run, per certificate (CPU time of this process, and wall time: the token's work is partly in
SoftHSM's library):

- the baseline: rendering one A4 certificate page with WeasyPrint, unsigned (what issuing does
  without a key), measured on ``--render`` pages;
- PKCS#12 (a development key file), PKCS#11 (a SoftHSM2 token, the key never leaving it): signing
  ``--count`` rendered certificates at level B-B, each as ``(render + sign) / render``;
- the size estimate: pyHanko's default makes every signature twice (a dry run measures the space to
  reserve); the signer learns the space from its first signature and reserves it after
  (signers.PadesSigner). Shown as the time per signature with the dry run each time vs without.

Target of issue 17: render + sign within 1.5× of rendering alone. Printed as PASS/MISS, never fails.

Usage: python bench/signing_bench.py [--count 200] [--render 20]
"""

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

# First of the imports below: it sets Django up.
from _harness import ROOT  # noqa: F401

from contest.core import pdf
from contest.signing import devca, levels, pkcs11_key, pkcs12_key, signers, trial_token

TARGET = 1.5
PAGE = """<html lang="vi"><head><style>@page {{ size: A4 landscape; margin: 2cm }}
body {{ font-family: "Noto Serif", serif; text-align: center }} h1 {{ font-size: 32pt }}</style></head><body>
<p>ĐẢNG CỘNG SẢN VIỆT NAM</p><h1>GIẤY CHỨNG NHẬN</h1>
<p>Ban Tổ chức Cuộc thi “Dân vận khéo” năm 2026 chứng nhận</p>
<h2>Ủy ban Mặt trận Tổ quốc xã Thạch Hạ số {n}</h2>
<p>Đạt Giải Khuyến khích với mô hình “Dân vận khéo trong xây dựng nông thôn mới”</p>
<p>Số: {n:04d}/GCN-BTC</p></body></html>"""


def cpu() -> float:
    return time.process_time()


def render(n: int) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=PAGE.format(n=n)).write_pdf(stylesheets=[CSS(string=pdf.font_face_css())])


def timed(function, items) -> tuple[float, float, list]:
    """(CPU seconds, wall seconds, results) of ``function`` over ``items``."""
    c0, w0 = cpu(), time.perf_counter()
    results = [function(item) for item in items]
    return cpu() - c0, time.perf_counter() - w0, results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--render", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dvk-signing-bench-"))
    now = dt.datetime.now(dt.UTC)

    render(0)  # fonts and WeasyPrint warmed up
    render_cpu, render_wall, _pages = timed(render, range(args.render))
    per_render = render_cpu / args.render
    documents = [render(n) for n in range(min(args.count, 20))]
    pages = [documents[i % len(documents)] for i in range(args.count)]

    bundle = devca.make_bundle(signer_name="Ban Tổ chức (đo)", organisation="Dân vận khéo", passphrase=b"", now=now)
    (work / "key.p12").write_bytes(bundle.pkcs12)
    key = pkcs12_key.load(work / "key.p12", None)
    backends: dict[str, object] = {"PKCS#12": key}
    module = trial_token.softhsm_module()
    if module:
        token = trial_token.make_trial_token(
            work / "softhsm",
            pin="2468",
            so_pin="13571357",
            signer_name="Ban Tổ chức (đo, token)",
            organisation="Dân vận khéo",
            now=now,
        )
        config = pkcs11_key.TokenConfig(module, token.token_label, None, token.key_label, "")
        backends["PKCS#11 (SoftHSM2)"] = pkcs11_key.signer_for(config, "2468")

    print(f"Ký số giấy chứng nhận — {args.count} chữ ký mỗi cách, dựng trang: {args.render} trang")
    per_render_wall = render_wall / args.render
    print(f"  dựng 1 trang (không ký):           {per_render * 1000:7.1f} ms CPU ({per_render_wall * 1000:.1f} ms)")
    for name, backend in backends.items():
        signer = signers.PadesSigner(backend, levels.LevelConfig())
        signer.sign(pages[0])  # learns the reserved space (and opens the token's objects)
        sign_cpu, sign_wall, _ = timed(signer.sign, pages)
        per_sign, per_wall = sign_cpu / args.count, sign_wall / args.count
        ratio = (per_render + per_sign) / per_render
        ratio_wall = (per_render_wall + per_wall) / per_render_wall
        verdict = "PASS" if ratio <= TARGET else "MISS"
        print(
            f"  {name:<20} ký 1 trang: {per_sign * 1000:7.1f} ms CPU ({per_wall * 1000:.1f} ms)"
            f"  → (dựng + ký) / dựng = {ratio:.2f}× CPU, {ratio_wall:.2f}× thời gian thực  [{verdict} ≤ {TARGET}×]"
        )

    # The size estimate: the same key, a dry run before every signature vs the learnt space.
    estimating = signers.PadesSigner(key, levels.LevelConfig())
    count = min(args.count, 100)
    dry_cpu, _, _ = timed(lambda page: estimating._sign_once(page, None), pages[:count])
    learnt = signers.PadesSigner(key, levels.LevelConfig())
    learnt.sign(pages[0])
    kept_cpu, _, _ = timed(learnt.sign, pages[:count])
    saved = 1 - kept_cpu / dry_cpu
    print(
        f"  ước lượng chỗ chữ ký (PKCS#12): chạy thử mỗi lần {dry_cpu / count * 1000:.1f} ms,"
        f" dùng lại chỗ đã đo {kept_cpu / count * 1000:.1f} ms: bớt {saved * 100:.0f} %"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  bộ nhớ đỉnh của tiến trình: {peak:.0f} MB")
    if module:
        pkcs11_key.forget(config)


if __name__ == "__main__":
    sys.exit(main())
