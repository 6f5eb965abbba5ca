"""Compare two screenshots the way pixelmatch and Playwright's `toHaveScreenshot` do, in
numpy: a pixel counts as changed when its YIQ colour distance to the baseline's pixel is
over a threshold (0..1, as a share of the largest possible distance, 35215), and a screen
passes when the share of changed pixels is within an allowed ratio.

Byte-identical PNGs take a fast path (no decoding); a change of size is reported as such,
never as a pile of changed pixels. The diff image marks changed pixels red over a faded
grey copy of the baseline, so an author sees at once where the screen moved.

Anti-aliasing is not detected separately (pixelmatch's `includeAA`): the renderer's flags
(harness/browser.CHROMIUM_ARGS) keep glyph edges identical run to run, and the threshold
absorbs what little colour noise remains."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

MAX_YIQ_DELTA = 35215.0          # pixelmatch: the largest possible squared YIQ distance
DEFAULT_THRESHOLD = 0.1          # pixelmatch's default (Playwright's is 0.2)
DEFAULT_MAX_DIFF_RATIO = 0.0     # no changed pixel allowed unless the caller says so
FADE = 0.25                      # how much of the baseline's grey shows under the diff
MARK = (255, 0, 0, 255)          # changed pixels in the diff image

# RGB -> YIQ, as pixelmatch (Kotsarenko & Ramos, "Measuring perceived color difference
# using YIQ NTSC transmission color space"); rows are Y, I, Q.
_YIQ = np.array([
    [0.29889531, 0.58662247, 0.11448223],
    [0.59597799, -0.27417610, -0.32180189],
    [0.21147017, -0.52261711, 0.31114694],
], dtype=np.float32)
_YIQ_WEIGHTS = np.array([0.5053, 0.299, 0.1957], dtype=np.float32)

ImageInput = bytes | str | Path | Image.Image | np.ndarray


@dataclass
class Comparison:
    """What changed between a baseline and a current screenshot."""

    changed: int                              # pixels over the threshold (all of them when sizes differ)
    total: int                                # pixels of the baseline
    baseline_size: tuple[int, int]            # (width, height)
    current_size: tuple[int, int]
    identical_bytes: bool = False
    _baseline: np.ndarray | None = field(default=None, repr=False)
    _mask: np.ndarray | None = field(default=None, repr=False)    # True where changed
    _baseline_png: bytes | None = field(default=None, repr=False)

    @property
    def size_changed(self) -> bool:
        return self.baseline_size != self.current_size

    @property
    def ratio(self) -> float:
        """Share of the baseline's pixels that changed (1.0 when the size changed)."""
        if self.size_changed:
            return 1.0
        return self.changed / self.total if self.total else 0.0

    def within(self, max_diff_ratio: float = DEFAULT_MAX_DIFF_RATIO) -> bool:
        """True when the screen is the same within tolerance; a size change never is."""
        return not self.size_changed and self.ratio <= max_diff_ratio

    def describe(self) -> str:
        """One line for a failure message: the size change, or the changed pixels."""
        if self.size_changed:
            (bw, bh), (cw, ch) = self.baseline_size, self.current_size
            return f"the screen's size changed from {bw}×{bh} to {cw}×{ch}"
        return f"{self.changed} pixels ({percent(self.ratio)}) differ"

    def diff_image(self) -> Image.Image:
        """Changed pixels red over a faded grey baseline. When the size changed: the
        larger canvas, the common area compared, everything outside it marked. A palette
        image (greys plus one red), which is cheap to build and to save."""
        baseline = self._baseline if self._baseline is not None else _decode(self._baseline_png)
        width = max(self.baseline_size[0], self.current_size[0])
        height = max(self.baseline_size[1], self.current_size[1])
        bh, bw = baseline.shape[:2]
        canvas = np.full((height, width), _RED_INDEX, dtype=np.uint8)
        canvas[:bh, :bw] = _faded_grey(baseline)
        if self._mask is not None:
            mh, mw = self._mask.shape
            canvas[:mh, :mw][self._mask] = _RED_INDEX
        if self.size_changed:
            outside = np.ones((height, width), dtype=bool)
            outside[:min(bh, self.current_size[1]), :min(bw, self.current_size[0])] = False
            canvas[outside] = _RED_INDEX
        image = Image.fromarray(canvas, "P")
        image.putpalette(_PALETTE)
        return image

    def save_diff(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.diff_image().save(path, format="PNG")
        return path


def percent(ratio: float) -> str:
    """A share as a percentage that never rounds a real change to zero: 0.13%, 0.0001%."""
    if ratio == 0 or ratio * 100 >= 0.01:
        return f"{ratio * 100:.2f}%"
    return f"{ratio * 100:.2g}%" if ratio * 100 < 0.0001 else f"{ratio * 100:.4f}%"


def compare(baseline: ImageInput, current: ImageInput, threshold: float = DEFAULT_THRESHOLD) -> Comparison:
    """Compare `current` with `baseline` (PNG bytes, a path, a PIL image or an RGBA/RGB
    array). `threshold` is pixelmatch's: 0 counts every colour change, 1 none."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be within 0..1, not {threshold}")
    baseline_png, current_png = _png_bytes(baseline), _png_bytes(current)
    if baseline_png is not None and baseline_png == current_png:
        width, height = _png_size(baseline_png)
        return Comparison(0, width * height, (width, height), (width, height), identical_bytes=True,
                          _baseline_png=baseline_png)
    old, new = _rgba(baseline, baseline_png), _rgba(current, current_png)
    old_size, new_size = (old.shape[1], old.shape[0]), (new.shape[1], new.shape[0])
    total = old.shape[0] * old.shape[1]
    if old_size != new_size:
        common_h, common_w = min(old.shape[0], new.shape[0]), min(old.shape[1], new.shape[1])
        mask = changed_pixels(old[:common_h, :common_w], new[:common_h, :common_w], threshold)
        return Comparison(max(total, new.shape[0] * new.shape[1]), total, old_size, new_size,
                          _baseline=old, _mask=mask)
    mask = changed_pixels(old, new, threshold)
    return Comparison(int(mask.sum()), total, old_size, new_size, _baseline=old, _mask=mask)


def changed_pixels(old: np.ndarray, new: np.ndarray, threshold: float = DEFAULT_THRESHOLD) -> np.ndarray:
    """Boolean mask, True where the YIQ distance of two same-sized RGBA images exceeds
    `threshold`. Only pixels whose bytes differ are converted, so a near-identical pair
    costs little more than one `!=` over the arrays."""
    if old.shape != new.shape:
        raise ValueError(f"images differ in shape: {old.shape} and {new.shape}")
    differs = _words(old) != _words(new)                  # one 32-bit compare per pixel
    mask = np.zeros(old.shape[:2], dtype=bool)
    if not differs.any():
        return mask
    a, b = _on_white(old[differs]), _on_white(new[differs])
    yiq = (a - b) @ _YIQ.T                                # per pixel: dY, dI, dQ
    delta = (yiq * yiq) @ _YIQ_WEIGHTS
    mask[differs] = delta > MAX_YIQ_DELTA * threshold * threshold
    return mask


def _on_white(pixels: np.ndarray) -> np.ndarray:
    """RGB of RGBA pixels blended over white, as pixelmatch does before comparing."""
    rgb = pixels[:, :3].astype(np.float32)
    alpha = pixels[:, 3:4].astype(np.float32) / 255.0
    return 255.0 + (rgb - 255.0) * alpha


def _words(rgba: np.ndarray) -> np.ndarray:
    """Each RGBA pixel as one uint32, shape (height, width)."""
    return np.ascontiguousarray(rgba).view(np.uint32)[..., 0]


# Luma in 16-bit fixed point (pixelmatch's Y weights, summing to 65536; Pillow's "L" uses
# the same ITU-R 601 weights rounded), and a table from luma to the faded grey shown under
# the diff's red marks.
_LUMA_WEIGHTS = (19588, 38445, 7503)
_FADED = (255.0 + (np.arange(256, dtype=np.float32) - 255.0) * FADE).round().astype(np.uint8)
# The diff's palette: index i is grey i, except one index the faded greys never reach,
# which is the red of changed pixels.
_RED_INDEX = 0
assert _FADED.min() > _RED_INDEX
_PALETTE = [c for i in range(256) for c in ((MARK[:3]) if i == _RED_INDEX else (i, i, i))]


def _faded_grey(rgba: np.ndarray) -> np.ndarray:
    """The baseline's luma (over white), faded by FADE: palette indices of the diff image."""
    if (rgba[..., 3] == 255).all():                       # screenshots: let Pillow do it in C
        luma = np.asarray(Image.fromarray(rgba, "RGBA").convert("L"))
    else:
        rgb = rgba[..., :3].astype(np.uint32)
        alpha = rgba[..., 3:4].astype(np.uint32)
        rgb = (rgb * alpha + 255 * (255 - alpha)) // 255
        luma = (rgb[..., 0] * _LUMA_WEIGHTS[0] + rgb[..., 1] * _LUMA_WEIGHTS[1]
                + rgb[..., 2] * _LUMA_WEIGHTS[2]) >> 16
    return _FADED[luma]


def _png_bytes(image: ImageInput) -> bytes | None:
    if isinstance(image, bytes):
        return image
    if isinstance(image, str | Path):
        return Path(image).read_bytes()
    return None


def _png_size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as img:
        return img.size


def _decode(png: bytes | None) -> np.ndarray:
    if png is None:
        raise ValueError("no image to decode")
    with Image.open(io.BytesIO(png)) as img:
        return np.asarray(img if img.mode == "RGBA" else img.convert("RGBA"))


def _rgba(image: ImageInput, png: bytes | None) -> np.ndarray:
    if png is not None:
        return _decode(png)
    if isinstance(image, Image.Image):
        return np.asarray(image.convert("RGBA"))
    if isinstance(image, np.ndarray):
        if image.ndim == 3 and image.shape[2] == 4:
            return image.astype(np.uint8, copy=False)
        if image.ndim == 3 and image.shape[2] == 3:
            alpha = np.full(image.shape[:2] + (1,), 255, dtype=np.uint8)
            return np.concatenate([image.astype(np.uint8, copy=False), alpha], axis=2)
    raise TypeError(f"cannot read an image from {type(image).__name__}")
