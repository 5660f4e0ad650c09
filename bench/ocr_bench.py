"""OCR speed, in one run on the same machine and the same images:

1. kiemchung's whole reading of an image (``verify_bytes``: classification,
   pre-processing, OCR, layout, extraction, second reads) against the bare engine,
   ``tesseract IMAGE stdout -l vie`` as a subprocess on the **original** image,
   interleaved image by image against noise; the ratio of the totals (target ≤ 1.5);
2. throughput of a pool of two worker processes against one over the same images,
   each pool's workers started and warmed before timing, run 1, 2, 2, 1 so a drifting
   load weighs on both (target ≥ 1.8×; it needs two idle cores: the load average is
   printed beside it).

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


def _hold(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def run_pool(workers: int, paths: list[str]) -> float:
    """Seconds for ``workers`` processes to read all ``paths``, every worker started and
    warmed (imports, the Tesseract model, one image read) before the clock starts."""
    with ProcessPoolExecutor(workers, initializer=ours, initargs=(paths[0],)) as pool:
        # a worker runs a task only once its initializer is done: rounds of tasks that
        # hold a worker each until every worker has run one (a slow warm-up otherwise
        # leaves one worker doing the first round alone)
        pids: set[int] = set()
        for _ in range(60):
            pids |= set(pool.map(_hold, [0.5] * workers))
            if len(pids) == workers:
                break
        else:
            print(f"  (only {len(pids)} of {workers} workers warmed before timing)")
        # largest first, as the nightly pass orders its files (flows/verify_stage.py): the
        # slowest image does not start last and leave one worker idle at the end
        t = time.perf_counter()
        list(pool.map(ours, sorted(paths, key=os.path.getsize, reverse=True)))
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
            # 1, 2, 2, 1: a load that drifts during the run weighs on both sides alike
            load0 = os.getloadavg()[0]
            one_a = run_pool(1, paths)
            two_a = run_pool(2, paths)
            two_b = run_pool(2, paths)
            one_b = run_pool(1, paths)
            one, two = (one_a + one_b) / 2, (two_a + two_b) / 2
            print(f"one worker {n / one:.2f} images/s ({one_a:.1f} s, {one_b:.1f} s), two "
                  f"workers {n / two:.2f} images/s ({two_a:.1f} s, {two_b:.1f} s): "
                  f"speed-up {one / two:.2f}x (target >= 1.80x; load {load0:.1f} before, "
                  f"{os.getloadavg()[0]:.1f} after; needs two idle cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
