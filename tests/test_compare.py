"""harness.compare without a browser: the YIQ threshold as pixelmatch defines it, the
allowed ratio of changed pixels, the diff image, the byte-identical fast path and a
change of size reported as such."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from harness.compare import DEFAULT_THRESHOLD, MARK, MAX_YIQ_DELTA, compare, percent

WIDTH, HEIGHT = 64, 48


def screen(seed: int = 1) -> np.ndarray:
    """A small RGBA 'screen': flat areas, a dark bar of text-like strokes, a gradient."""
    rng = np.random.default_rng(seed)
    img = np.full((HEIGHT, WIDTH, 4), 255, dtype=np.uint8)
    img[:8, :, :3] = (31, 59, 115)                                   # a navy header
    img[20:30, 5:60, :3] = rng.integers(0, 80, size=(10, 55, 1))     # "glyphs"
    img[35:, :, 0] = np.linspace(0, 255, WIDTH, dtype=np.uint8)      # a gradient
    return img


def png(array: np.ndarray, **save_options) -> bytes:
    out = io.BytesIO()
    Image.fromarray(array, "RGBA").save(out, format="PNG", **save_options)
    return out.getvalue()


def pixelmatch_delta(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """pixelmatch's colorDelta (squared YIQ distance of two RGBA pixels over white), one
    pixel at a time in plain Python: the reference the vectorised version must match."""
    def blend(c, alpha):
        return 255 + (c - 255) * alpha

    def yiq(r, g, b_):
        return (r * 0.29889531 + g * 0.58662247 + b_ * 0.11448223,
                r * 0.59597799 - g * 0.27417610 - b_ * 0.32180189,
                r * 0.21147017 - g * 0.52261711 + b_ * 0.31114694)

    r1, g1, b1 = (blend(c, a[3] / 255) for c in a[:3])
    r2, g2, b2 = (blend(c, b[3] / 255) for c in b[:3])
    y1, i1, q1 = yiq(r1, g1, b1)
    y2, i2, q2 = yiq(r2, g2, b2)
    return 0.5053 * (y1 - y2) ** 2 + 0.299 * (i1 - i2) ** 2 + 0.1957 * (q1 - q2) ** 2


def test_identical_bytes_take_the_fast_path_and_change_nothing():
    data = png(screen())
    result = compare(data, data)
    assert result.identical_bytes
    assert (result.changed, result.ratio) == (0, 0.0)
    assert result.within()
    diff = np.asarray(result.diff_image().convert("RGBA"))
    assert diff.shape == (HEIGHT, WIDTH, 4)
    assert not np.all(diff == MARK, axis=2).any(), "an identical pair marked pixels as changed"


def test_same_pixels_in_a_different_encoding_are_not_a_change():
    a, b = png(screen(), compress_level=1), png(screen(), compress_level=9)
    assert a != b
    result = compare(a, b)
    assert not result.identical_bytes
    assert result.changed == 0


def test_one_changed_pixel_is_counted_once_and_marked_in_the_diff():
    old = screen()
    new = old.copy()
    new[40, 10, :3] = (255, 0, 255)
    result = compare(png(old), png(new))
    assert result.changed == 1
    assert result.ratio == pytest.approx(1 / (WIDTH * HEIGHT))
    assert not result.within()
    assert result.within(max_diff_ratio=1 / (WIDTH * HEIGHT))
    marked = np.argwhere(np.all(np.asarray(result.diff_image().convert("RGBA")) == MARK, axis=2))
    assert marked.tolist() == [[40, 10]]


def test_the_diff_is_a_faded_grey_copy_of_the_baseline():
    diff = np.asarray(compare(png(screen()), png(screen())).diff_image().convert("RGBA"))
    assert (diff[..., 0] == diff[..., 1]).all() and (diff[..., 1] == diff[..., 2]).all()
    assert diff[0, 0, 0] < diff[HEIGHT - 14, 0, 0] == 255     # navy header darker than white page
    assert diff[0, 0, 0] > 150                                # but faded


@pytest.mark.parametrize(("old", "new"), [
    ((0, 0, 0, 255), (255, 255, 255, 255)),
    ((31, 59, 115, 255), (198, 40, 40, 255)),
    ((120, 120, 120, 255), (126, 118, 121, 255)),
    ((10, 200, 30, 128), (10, 200, 30, 255)),
])
def test_the_distance_is_pixelmatch_s(old, new):
    """At a threshold just under and just over the pair's own distance, the pixel flips."""
    delta = pixelmatch_delta(old, new)
    exact = (delta / MAX_YIQ_DELTA) ** 0.5
    a, b = screen(), screen()
    a[0, 0], b[0, 0] = old, new
    assert compare(a, b, threshold=exact * 0.99).changed == 1
    assert compare(a, b, threshold=min(1.0, exact * 1.01)).changed == 0


def test_threshold_zero_counts_any_change_and_one_counts_none():
    old = screen()
    new = old.copy()
    new[10:12, 10:12, 2] -= 1                         # 4 white pixels, one blue step each
    new[40, 40, :3] = (0, 0, 0)
    assert compare(old, new, threshold=0.0).changed == 5
    assert compare(old, new, threshold=DEFAULT_THRESHOLD).changed == 1
    assert compare(old, new, threshold=1.0).changed == 0


def test_anti_aliasing_level_noise_under_the_threshold_is_ignored():
    old = screen()
    new = old.copy()
    rng = np.random.default_rng(7)
    edges = (slice(19, 31), slice(4, 61))             # around the glyphs
    noise = rng.integers(-6, 7, size=new[edges][..., :3].shape)
    new[edges][..., :3] = np.clip(old[edges][..., :3].astype(int) + noise, 0, 255).astype(np.uint8)
    assert np.any(old != new)
    assert compare(png(old), png(new)).changed == 0


def test_a_change_of_size_is_reported_as_such():
    old = screen()
    taller = np.concatenate([old, np.full((3, WIDTH, 4), 255, dtype=np.uint8)])
    result = compare(png(old), png(taller))
    assert result.size_changed
    assert not result.within(max_diff_ratio=1.0)
    assert result.describe() == f"the screen's size changed from {WIDTH}×{HEIGHT} to {WIDTH}×{HEIGHT + 3}"
    diff = np.asarray(result.diff_image().convert("RGBA"))
    assert diff.shape == (HEIGHT + 3, WIDTH, 4)
    assert np.all(diff[HEIGHT:] == MARK), "the rows only the new screen has are not marked"
    assert not np.all(diff[:HEIGHT] == MARK, axis=2).any(), "the common area was marked though unchanged"


def test_describe_counts_pixels_and_percent():
    old = screen()
    new = old.copy()
    new[:2, :, :3] = 255
    assert compare(old, new).describe() == "128 pixels (4.17%) differ"
    assert percent(1 / (1280 * 720)) == "0.0001%"
    assert percent(0) == "0.00%"


def test_inputs_may_be_paths_images_and_rgb_arrays(tmp_path):
    path = tmp_path / "a.png"
    path.write_bytes(png(screen()))
    rgb = screen()[..., :3].copy()
    assert compare(path, Image.fromarray(screen(), "RGBA")).changed == 0
    assert compare(str(path), rgb).changed == 0


def test_a_threshold_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match="0..1"):
        compare(screen(), screen(), threshold=1.5)
