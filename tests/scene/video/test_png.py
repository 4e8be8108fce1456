"""The frame cache's PNG encoder: standard files any reader decodes to the same pixels."""

from __future__ import annotations

import imageio.v3 as iio
import numpy as np
import pytest

from lunarbase.scene.video.png import encode_png, write_frame_png


@pytest.mark.parametrize("channels", [3, 4])
def test_round_trip_through_a_standard_reader(tmp_path, channels):
    rng = np.random.default_rng(7)
    img = rng.integers(0, 256, (37, 53, channels), dtype=np.uint8)
    img[:10] = 200  # flat rows compress, noisy ones do not: both must survive
    out = write_frame_png(tmp_path / "f.png", img)
    back = np.asarray(iio.imread(out))
    assert back.shape == img.shape and np.array_equal(back, img)
    assert list(tmp_path.iterdir()) == [out]  # written under a temporary name, renamed
    assert encode_png(img) == out.read_bytes() == encode_png(img.copy())  # same bytes


def test_smaller_than_raw_and_bad_input_refused():
    img = np.zeros((720, 1280, 3), np.uint8)
    img[200:400, 100:900] = (90, 120, 200)
    assert len(encode_png(img)) < img.nbytes / 50
    with pytest.raises(ValueError, match="uint8"):
        encode_png(img.astype(np.float32))
    with pytest.raises(ValueError, match="level"):
        encode_png(img, 11)
