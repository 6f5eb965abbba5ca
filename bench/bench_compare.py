"""How long harness.compare takes for one 1280×720 pair: the median of N runs, in ms.

    .venv/bin/python bench/bench_compare.py [--runs 50] [--image baselines/chromium-156/step-08.png]

Pairs timed, each from PNG bytes (decoding included, as the suite compares files) and
from decoded arrays (the pixel work alone):
  identical bytes   - the fast path
  same pixels       - two encodings of one screen: decoded and compared in full, 0 changed
  changed           - a block recoloured and a label-sized patch of text noise
  changed + diff    - the same, plus drawing the diff image
The screen is a real capture when --image is given (or a baseline found), else a synthetic
one of flat areas and text-like noise. Each cell is the median wall-clock time and the
median CPU time of the process: on a shared, busy machine the CPU time is the cost of the
comparison itself, the wall time what a test waited."""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

from harness.compare import compare

ROOT = Path(__file__).resolve().parent.parent

WIDTH, HEIGHT = 1280, 720


def synthetic() -> np.ndarray:
    rng = np.random.default_rng(0)
    img = np.full((HEIGHT, WIDTH, 4), 255, dtype=np.uint8)
    img[:64, :, :3] = (31, 59, 115)
    img[64:104, :, :3] = (21, 42, 84)
    for top in range(140, 680, 28):                     # lines of "text"
        img[top:top + 16, 60:1220, :3] = rng.integers(0, 256, size=(16, 1160, 1)) // 3 + 170
    return img


def load_screen(path: Path | None) -> tuple[np.ndarray, str]:
    if path is None:
        found = sorted(ROOT.glob("baselines/chromium-*/step-*.png"))
        path = found[len(found) // 2] if found else None
    if path is None:
        return synthetic(), "synthetic 1280×720 screen"
    with Image.open(path) as img:
        return np.asarray(img.convert("RGBA")).copy(), str(path.relative_to(ROOT) if path.is_absolute() else path)


def encode(array: np.ndarray, level: int = 6) -> bytes:
    out = io.BytesIO()
    Image.fromarray(array, "RGBA").save(out, format="PNG", compress_level=level)
    return out.getvalue()


def median_ms(fn, runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of `fn` (CPU time says what the comparison
    costs when other processes share the machine)."""
    fn()                                                  # warm up
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--image", type=Path, default=None)
    args = parser.parse_args()

    screen, source = load_screen(args.image)
    if screen.shape[:2] != (HEIGHT, WIDTH):
        sys.exit(f"{source} is {screen.shape[1]}×{screen.shape[0]}, not {WIDTH}×{HEIGHT}")
    changed = screen.copy()
    changed[300:340, 100:400, :3] = (198, 40, 40)                          # a recoloured button
    rng = np.random.default_rng(1)
    changed[200:220, 600:760, :3] = rng.integers(0, 256, size=(20, 160, 3))   # a relabelled patch

    png, png_again, png_changed = encode(screen), encode(screen, level=1), encode(changed)
    result = compare(png, png_changed)
    print(f"image: {source}; {args.runs} runs each; changed pair: {result.describe()}")
    rows = [
        ("identical bytes", lambda: compare(png, png), None),
        ("same pixels", lambda: compare(png, png_again), lambda: compare(screen, screen.copy())),
        ("changed", lambda: compare(png, png_changed), lambda: compare(screen, changed)),
        ("changed + diff", lambda: compare(png, png_changed).diff_image(),
         lambda: compare(screen, changed).diff_image()),
    ]
    print(f"ms per pair, median (wall / cpu); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus")
    print(f"{'pair':<16} {'from PNG bytes':>20} {'from arrays':>20}")
    for name, from_png, from_arrays in rows:
        bytes_cell = "{:8.2f} / {:7.2f}".format(*median_ms(from_png, args.runs))
        arrays = "{:8.2f} / {:7.2f}".format(*median_ms(from_arrays, args.runs)) if from_arrays else "-"
        print(f"{name:<16} {bytes_cell:>20} {arrays:>20}")


if __name__ == "__main__":
    main()
