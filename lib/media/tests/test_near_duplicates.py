from hypothesis import given
from hypothesis import strategies as st

from lib.media import NEAR_DUPLICATE_DISTANCE
from lib.media.near_duplicates import BAND_COUNT, band_probes, bands, from_bands, is_near, phash_value

hashes = st.integers(min_value=0, max_value=2**64 - 1)
flips = st.sets(st.integers(min_value=0, max_value=63), max_size=NEAR_DUPLICATE_DISTANCE)


def flipped(value: int, bits) -> int:
    for bit in bits:
        value ^= 1 << bit
    return value


@given(hashes, flips)
def test_every_near_duplicate_is_among_the_probed_candidates(value, bits):
    other = flipped(value, bits)
    probes = band_probes(value)
    assert any(band in probes[i] for i, band in enumerate(bands(other)))


@given(hashes)
def test_bands_put_the_hash_back_together(value):
    parts = bands(value)
    assert len(parts) == BAND_COUNT
    assert int("".join(f"{part:04x}" for part in parts), 16) == from_bands(parts) == value


def test_probes_stay_few():
    assert [len(probe) for probe in band_probes(0x0123_4567_89AB_CDEF)] == [17] * BAND_COUNT


@given(hashes, flips)
def test_near_means_within_the_distance(value, bits):
    assert is_near(value, flipped(value, bits))
    assert not is_near(value, flipped(value, set(range(NEAR_DUPLICATE_DISTANCE + 1))))


def test_featureless_hashes_are_near_nothing():
    assert phash_value("") is None
    assert phash_value("0000000000000000") is None
    assert phash_value("ffffffffffffffff") is None
    assert phash_value("00000000000000f0") == 0xF0
    assert not is_near(None, None)
