"""Correct, another algorithm: integer cell coordinates (x, y) on a 2**lon_bits x 2**lat_bits grid,
interleaved bit by bit; neighbours by x +- 1 (mod, the antimeridian) and y +- 1 (bounded, the
poles); distances with the atan2 form of the haversine; cells de-duplicated with a set."""
import math

BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz"
R = 6372797.560856


def _bits(n):
    return (5 * n + 1) // 2, 5 * n // 2


def _index(coord, lo, hi, bits):
    # bisection on integers: exact, and a coordinate on a split goes up
    x = 0
    for _ in range(bits):
        mid = (lo + hi) / 2
        x <<= 1
        if coord >= mid:
            x |= 1
            lo = mid
        else:
            hi = mid
    return x


def _join(x, y, n):
    nx, ny = _bits(n)
    value = 0
    for i in range(5 * n):
        if i % 2 == 0:
            bit = (x >> (nx - 1 - i // 2)) & 1
        else:
            bit = (y >> (ny - 1 - i // 2)) & 1
        value = (value << 1) | bit
    return "".join(BASE32[(value >> (5 * (n - 1 - k))) & 31] for k in range(n))


def _split(h):
    if not isinstance(h, str) or len(h) == 0 or not set(h) <= set(BASE32):
        raise ValueError("bad geohash")
    value = 0
    for c in h:
        value = (value << 5) | BASE32.index(c)
    x = y = 0
    for i in range(5 * len(h)):
        bit = (value >> (5 * len(h) - 1 - i)) & 1
        if i % 2 == 0:
            x = (x << 1) | bit
        else:
            y = (y << 1) | bit
    return x, y


def geohash_encode(lat, lon, precision):
    if isinstance(precision, bool) or not isinstance(precision, int) or precision < 1 or precision > 12:
        raise ValueError("precision")
    if lat < -90 or lat > 90 or lon < -180 or lon > 180:
        raise ValueError("coordinates")
    nx, ny = _bits(precision)
    return _join(_index(lon, -180.0, 180.0, nx), _index(lat, -90.0, 90.0, ny), precision)


def geohash_decode(geohash):
    x, y = _split(geohash)
    nx, ny = _bits(len(geohash))
    w, h = 360 / 2 ** nx, 180 / 2 ** ny
    return (-90 + y * h, -180 + x * w, -90 + (y + 1) * h, -180 + (x + 1) * w)


def geohash_neighbours(geohash):
    x, y = _split(geohash)
    n = len(geohash)
    nx, ny = _bits(n)
    moves = {"n": (0, 1), "ne": (1, 1), "e": (1, 0), "se": (1, -1), "s": (0, -1), "sw": (-1, -1), "w": (-1, 0), "nw": (-1, 1)}
    return {d: (_join((x + dx) % 2 ** nx, y + dy, n) if 0 <= y + dy < 2 ** ny else None) for d, (dx, dy) in moves.items()}


def radius_search(store, lat, lon, radius_m):
    if radius_m <= 0 or radius_m > 2000 or abs(lat) > 60:
        raise ValueError("outside the contract")
    centre = geohash_encode(lat, lon, 5)
    cells = {centre} | {c for c in geohash_neighbours(centre).values() if c}
    out = []
    for cell in sorted(cells):
        for pid, plat, plon in store.cell(cell):
            phi1, phi2 = math.radians(lat), math.radians(plat)
            a = math.sin((phi2 - phi1) / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(plon - lon) / 2) ** 2
            d = 2 * R * math.atan2(math.sqrt(a), math.sqrt(1 - a))
            if d <= radius_m:
                out.append((d, pid))
    out.sort()
    return [(pid, d) for d, pid in out]
