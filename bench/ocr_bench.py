"""OCR speed, in one run on the same machine and the same images:

1. kiemchung's whole reading of an image (``verify_bytes``: classification,
   pre-processing, OCR, layout, extraction, second reads) against the bare engine,
   ``tesseract IMAGE stdout -l vie`` as a subprocess on the **original** image,
   interleaved image by image against noise; the ratio of the totals (target ≤ 1.5);
2. throughput of a pool of two worker processes against one over the same images
   (target ≥ 1.8×; it needs two free cores).

Both sides run Tesseract with ``OMP_THREAD_LIMIT=1`` (as the product does), so the
ratio compares work, not thread counts.

    uv run python bench/ocr_bench.py [--per-family 2] [--pil 0] [--seed 2026]

Images: the browser-rendered development families (``bench/screens``), optionally plus
PIL-drawn screenshots (``--pil N``).
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


def ours(path: str) -> int:
    logging.disable(logging.CRITICAL)
    from verifiers.pipeline import verify_bytes

    return len(verify_bytes(Path(path).read_bytes(), Path(path).name).facts)


def bare(path: str) -> None:
    subprocess.run(["tesseract", path, "stdout", "-l", "vie"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)


def run_pool(workers: int, paths: list[str]) -> float:
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(ours, paths[:workers]))  # warm the workers (imports, model) first
        t = time.perf_counter()
        list(pool.map(ours, paths))
        return time.perf_counter() - t


def main() -> int:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-family", type=int, default=2)
    ap.add_argument("--pil", type=int, default=0, help="PIL-drawn screenshots as well")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--no-pool", action="store_true", help="skip the 1 vs 2 workers part")
    a = ap.parse_args()
    from bench.screens import generate

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = [str(folder / s.file) for s in generate(folder, "dev", a.per_family, a.seed)]
        if a.pil:
            from bench.ocr_set import make_set

            paths += [str(folder / "pil" / s.file)
                      for s in make_set(folder / "pil", a.pil, 0, seed=a.seed)]
        ours(paths[0])  # imports and the Tesseract version check, once
        bare(paths[0])
        t_bare = t_ours = 0.0
        for p in paths:
            t = time.perf_counter()
            bare(p)
            t_bare += time.perf_counter() - t
            t = time.perf_counter()
            ours(p)
            t_ours += time.perf_counter() - t
        n = len(paths)
        print(f"{n} images (browser-rendered dev families{', PIL screens' if a.pil else ''}; "
              f"seed {a.seed}; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f})")
        print(f"bare tesseract -l vie on the original image: {t_bare / n:.3f} s/image")
        print(f"kiemchung verify_bytes (whole reading)     : {t_ours / n:.3f} s/image")
        print(f"ratio ours/bare: {t_ours / t_bare:.2f}  (target <= 1.50)")
        if not a.no_pool:
            one = run_pool(1, paths)
            two = run_pool(2, paths)
            print(f"one worker {n / one:.2f} images/s, two workers {n / two:.2f} images/s: "
                  f"speed-up {one / two:.2f}x (target >= 1.80x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
