"""Finding near-duplicate photos through an index instead of comparing every pair.

A 64-bit dHash is cut into BAND_COUNT bands of BAND_BITS bits, each stored in an indexed column.
Generalised pigeonhole: if two hashes differ in at most NEAR_DUPLICATE_DISTANCE (6) bits, one of
the 4 bands differs in at most PROBE_RADIUS = 6 // 4 = 1 bit (were every band 2 or more bits apart,
the hashes would be 8 or more apart). So the candidates of a hash are the rows whose band i equals
band i of the hash or one of its 16 one-bit neighbours, for some i: 4 × 17 index probes.

Why 4 bands of 16 bits rather than 7 bands of 9 bits with exact equality: among 500,000 photos
an exact 9-bit band matches ~1,000 rows, so 7 bands bring ~6,400 candidates per photo; a 16-bit
band matches ~8 rows, so the 68 probes bring ~500. Candidates are then checked with is_near().
"""

from itertools import combinations

from .images import NEAR_DUPLICATE_DISTANCE

BAND_COUNT = 4
BAND_BITS = 64 // BAND_COUNT
PROBE_RADIUS = NEAR_DUPLICATE_DISTANCE // BAND_COUNT
_BAND_MASK = (1 << BAND_BITS) - 1
# A flat or nearly flat picture hashes to (almost) all zeros or ones; such hashes say nothing
# about the picture, so they never count as near duplicates of each other.
_MIN_FEATURE_BITS, _MAX_FEATURE_BITS = 4, 60


def phash_value(phash: str) -> int | None:
    """The hash as an integer; None when missing or featureless."""
    if not phash:
        return None
    value = int(phash, 16)
    return value if _MIN_FEATURE_BITS <= value.bit_count() <= _MAX_FEATURE_BITS else None


def bands(value: int) -> tuple[int, ...]:
    """The BAND_COUNT bands of a hash value, most significant first."""
    return tuple((value >> (BAND_BITS * (BAND_COUNT - 1 - i))) & _BAND_MASK for i in range(BAND_COUNT))


def from_bands(parts) -> int:
    """The hash value put back together from its bands."""
    value = 0
    for part in parts:
        value = value << BAND_BITS | part
    return value


def band_probes(value: int) -> tuple[frozenset[int], ...]:
    """Per band, the band values a near duplicate of `value` may have there; every near duplicate
    has its band i in probes[i] for at least one i."""
    return tuple(frozenset(_within_radius(band)) for band in bands(value))


def _within_radius(band: int):
    for flips in range(PROBE_RADIUS + 1):
        for bits in combinations(range(BAND_BITS), flips):
            flipped = band
            for bit in bits:
                flipped ^= 1 << bit
            yield flipped


def is_near(a: int | None, b: int | None) -> bool:
    return a is not None and b is not None and (a ^ b).bit_count() <= NEAR_DUPLICATE_DISTANCE
