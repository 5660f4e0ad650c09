"""OCR benchmark, in one run on the same machine:

1. our OCR per image (pre-processing, Tesseract through pytesseract, the digits-only
   second pass, fact extraction) against the bare `tesseract` command on the same
   pre-processed images (target: ours / bare <= 1.2);
2. throughput of two worker processes against one (target: >= 1.7x).

    uv run python bench/ocr_bench.py [--images 24]
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

from bench.ocr_set import make_set
from verifiers.ocr.engine import LANG, PSM
from verifiers.ocr.images import open_image, prepare


def ours(path: str) -> int:
    logging.disable(logging.CRITICAL)
    from verifiers.pipeline import verify_bytes

    return len(verify_bytes(Path(path).read_bytes(), path).facts)


def bare(path: str) -> None:
    subprocess.run(["tesseract", path, "-", "-l", LANG, "--psm", str(PSM["screen"]), "tsv"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "OMP_THREAD_LIMIT": "1"})


def run_pool(workers: int, paths: list[str]) -> float:
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(ours, paths[:2]))  # warm the workers (imports) before timing
        t = time.perf_counter()
        list(pool.map(ours, paths))
        return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--images", type=int, default=24)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        samples = make_set(folder, screens=a.images, scans_n=0)
        originals = [str(folder / s.file) for s in samples]
        prepared = []
        for p in originals:
            out = p + ".prepared.pnm"
            prepare(open_image(Path(p).read_bytes()), "screen").image.save(out)
            prepared.append(out)
        ours(originals[0])  # imports and the Tesseract version check, once
        t_bare = t_ours = 0.0
        for o, pp in zip(originals, prepared, strict=True):  # interleaved against noise
            t = time.perf_counter()
            bare(pp)
            t_bare += time.perf_counter() - t
            t = time.perf_counter()
            ours(o)
            t_ours += time.perf_counter() - t
        print(f"{len(originals)} screenshots (11–16 px, light/dark, 3 layouts, JPEG 55–95)")
        print(f"bare tesseract on pre-processed images: {t_bare / len(originals):.3f} s/image")
        print(f"kiemchung OCR + extraction            : {t_ours / len(originals):.3f} s/image")
        print(f"ratio ours/bare: {t_ours / t_bare:.2f}  (target <= 1.20)")
        one = run_pool(1, originals)
        two = run_pool(2, originals)
        print(f"one worker {len(originals) / one:.2f} images/s, two workers "
              f"{len(originals) / two:.2f} images/s: speed-up {one / two:.2f}x "
              f"(target >= 1.7x; {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
