"""Correct, another representation: the geohash as a string of '0'/'1' bits (bin/format),
neighbours by moving the cell's centre by one cell and re-encoding, distances with the
spherical law of cosines in its vector form (atan2 of |cross| and dot: accurate at small distances)."""
import math

ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz"
EARTH = 6_372_797.560856


def geohash_encode(lat, lon, precision):
    if type(precision) is not int or precision not in range(1, 13):
        raise ValueError(precision)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError((lat, lon))
    bits = []
    box = [[-180.0, 180.0], [-90.0, 90.0]]
    for i in range(precision * 5):
        axis = i & 1
        value = (lon, lat)[axis]
        mid = sum(box[axis]) / 2
        up = value >= mid
        bits.append("1" if up else "0")
        box[axis][0 if up else 1] = mid
    s = "".join(bits)
    return "".join(ALPHABET[int(s[i:i + 5], 2)] for i in range(0, len(s), 5))


def geohash_decode(geohash):
    if type(geohash) is not str or geohash == "":
        raise ValueError(geohash)
    bits = ""
    for ch in geohash:
        pos = ALPHABET.find(ch)
        if pos < 0:
            raise ValueError(ch)
        bits += format(pos, "05b")
    box = [[-180.0, 180.0], [-90.0, 90.0]]
    for i, b in enumerate(bits):
        axis = i % 2
        mid = (box[axis][0] + box[axis][1]) / 2
        box[axis][0 if b == "1" else 1] = mid
    return (box[1][0], box[0][0], box[1][1], box[0][1])


def geohash_neighbours(geohash):
    s, w, n, e = geohash_decode(geohash)
    result = {}
    for name, (dy, dx) in zip(["n", "ne", "e", "se", "s", "sw", "w", "nw"],
                              [(1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1)]):
        clat = (s + n) / 2 + dy * (n - s)
        clon = (w + e) / 2 + dx * (e - w)
        if clat > 90 or clat < -90:
            result[name] = None
            continue
        if clon > 180:
            clon -= 360
        elif clon < -180:
            clon += 360
        result[name] = geohash_encode(clat, clon, len(geohash))
    return result


def _distance(lat1, lon1, lat2, lon2):
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    u = (math.cos(p1) * math.cos(l1), math.cos(p1) * math.sin(l1), math.sin(p1))
    v = (math.cos(p2) * math.cos(l2), math.cos(p2) * math.sin(l2), math.sin(p2))
    cross = (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])
    dot = sum(a * b for a, b in zip(u, v))
    return EARTH * math.atan2(math.sqrt(sum(c * c for c in cross)), dot)


def radius_search(store, lat, lon, radius_m):
    if not radius_m > 0 or radius_m > 2_000:
        raise ValueError(radius_m)
    if lat > 60 or lat < -60:
        raise ValueError(lat)
    here = geohash_encode(lat, lon, 5)
    points = list(store.cell(here))
    for cell in geohash_neighbours(here).values():
        points += store.cell(cell)
    found = [(pid, _distance(lat, lon, plat, plon)) for pid, plat, plon in points]
    return sorted([f for f in found if f[1] <= radius_m], key=lambda f: (f[1], f[0]))
