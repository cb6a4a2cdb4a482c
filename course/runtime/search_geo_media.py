"""Teaching helpers and grader-side fakes for chapter 18 (search, location and media).

    from course.runtime.search_geo_media import (EARTH_RADIUS_M, CellStore, bm25_term, brute_force_radius,
                                                 cell_size_m, haversine_m, random_points, sync_lag_demo)

- ``haversine_m``: the great-circle distance in metres on a sphere of radius ``EARTH_RADIUS_M``,
  the radius Redis uses for its GEO commands (``EARTH_RADIUS_IN_METERS`` in Redis's
  ``src/geohash_helper.c``), so answers agree with ``GEOSEARCH``;
- ``brute_force_radius``: the reference answer of a radius query, every point measured;
- ``CellStore``: a grader-side store of points bucketed by geohash cell; student code may only
  call ``cell(geohash)``, and the store records which cells were asked for (work, counted on the
  grader's side, where the student cannot rewrite it);
- ``cell_size_m``: the height and width of a geohash cell of a given length, in metres;
- ``bm25_term``: one term's BM25 contribution (for the figures);
- ``sync_lag_demo``: a seeded simulation of an index fed by change events that lag the database.

Everything is deterministic: points come from seeded generators, time is a parameter.
"""
from __future__ import annotations

import math
import random
from typing import Iterable

EARTH_RADIUS_M = 6_372_797.560856          # Redis, src/geohash_helper.c (EARTH_RADIUS_IN_METERS)
BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz"  # the geohash alphabet (no a, i, l, o)


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two (lat, lon) points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def brute_force_radius(points: Iterable[tuple], lat: float, lon: float, radius_m: float) -> list[tuple[str, float]]:
    """Every ``(id, lat, lon)`` within ``radius_m`` of (lat, lon): ``[(id, distance_m)]`` sorted by
    distance, then id. Reads every point: the answer an index must reproduce, with less work."""
    found = [(pid, haversine_m(lat, lon, plat, plon)) for pid, plat, plon in points]
    return sorted(((pid, d) for pid, d in found if d <= radius_m), key=lambda t: (t[1], t[0]))


def _encode(lat: float, lon: float, precision: int) -> str:
    """A geohash (the grader's own, to bucket points)."""
    lat_lo, lat_hi, lon_lo, lon_hi = -90.0, 90.0, -180.0, 180.0
    out, bits, value, even = [], 0, 0, True
    while len(out) < precision:
        if even:
            mid = (lon_lo + lon_hi) / 2
            value = value * 2 + (lon >= mid)
            lon_lo, lon_hi = (mid, lon_hi) if lon >= mid else (lon_lo, mid)
        else:
            mid = (lat_lo + lat_hi) / 2
            value = value * 2 + (lat >= mid)
            lat_lo, lat_hi = (mid, lat_hi) if lat >= mid else (lat_lo, mid)
        even, bits = not even, bits + 1
        if bits == 5:
            out.append(BASE32[value])
            bits, value = 0, 0
    return "".join(out)


def cell_size_m(length: int, latitude: float = 0.0) -> tuple[float, float]:
    """(height, width) in metres of a geohash cell of ``length`` characters at ``latitude``.

    5 bits per character, longitude first: ceil(5n/2) bits of longitude, floor(5n/2) of latitude.
    Height is the same everywhere; width shrinks with cos(latitude)."""
    lon_bits, lat_bits = (5 * length + 1) // 2, 5 * length // 2
    per_degree = 2 * math.pi * EARTH_RADIUS_M / 360
    return (180 / 2 ** lat_bits * per_degree,
            360 / 2 ** lon_bits * per_degree * math.cos(math.radians(latitude)))


class CellStore:
    """Points bucketed by geohash cell, on the grader's side.

    ``cell(geohash)`` returns the ``(id, lat, lon)`` tuples of that cell (a list, in the order the
    points were given: not sorted, so a search must sort its answer itself);
    ``fetched`` records every call, in order: the work a radius search did.
    """

    __remote_methods__ = ("cell",)

    def __init__(self, points: Iterable[tuple], precision: int = 5):
        self.precision = precision
        self._cells: dict[str, list[tuple]] = {}
        for pid, lat, lon in points:
            self._cells.setdefault(_encode(lat, lon, precision), []).append((pid, float(lat), float(lon)))
        self.fetched: list[str] = []

    def cell(self, geohash: str) -> list[tuple]:
        if type(geohash) is not str or len(geohash) != self.precision or any(c not in BASE32 for c in geohash):
            raise ValueError(f"a cell is a geohash of exactly {self.precision} characters, got {geohash!r}")
        self.fetched.append(geohash)
        return list(self._cells.get(geohash, []))

    def points_in(self, cells: Iterable[str]) -> int:
        """How many points the given cells hold (a teaching count; not callable under grading)."""
        return sum(len(self._cells.get(c, [])) for c in cells)

    def __len__(self) -> int:
        return sum(len(b) for b in self._cells.values())


def random_points(n: int, lat: float, lon: float, spread_m: float, seed: int = 0, prefix: str = "p") -> list[tuple]:
    """``n`` seeded points ``(id, lat, lon)`` scattered uniformly in a square of side
    ``2 * spread_m`` around (lat, lon); longitudes wrap at the antimeridian."""
    rng = random.Random(seed)
    dlat = math.degrees(spread_m / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(lat)), 1e-9)
    out = []
    for i in range(n):
        plat = lat + rng.uniform(-dlat, dlat)
        plon = lon + rng.uniform(-dlon, dlon)
        plon = (plon + 180) % 360 - 180
        out.append((f"{prefix}{i:04d}", round(plat, 6), round(plon, 6)))
    return out


def bm25_term(tf: float, df: int, n_docs: int, doc_len: float, avg_len: float, k1: float = 1.2, b: float = 0.75) -> float:
    """One term's BM25 contribution, Lucene's IDF: ln(1 + (N - df + 0.5) / (df + 0.5))."""
    idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
    return idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * doc_len / avg_len))


def sync_lag_demo(writes: int = 400, rate_per_s: float = 20.0, relay_every_s: float = 1.0,
                  transit_s: float = 0.05, refresh_every_s: float = 1.0, seed: int = 0) -> list[float]:
    """Staleness, in seconds, of each write: from its commit to when a search can find it.

    Writes commit at Poisson arrivals (``rate_per_s``); a relay (an outbox poller, or a CDC
    connector reading the log) ships what committed every ``relay_every_s`` (0: at once); the
    event takes ``transit_s`` through the broker and the indexer; the index makes new documents
    searchable at its next refresh, every ``refresh_every_s`` (Elasticsearch's default
    ``index.refresh_interval`` is 1 s). Seeded: the same arguments give the same list."""
    rng = random.Random(seed)
    t, lags = 0.0, []
    for _ in range(writes):
        t += rng.expovariate(rate_per_s)
        shipped = math.ceil(t / relay_every_s) * relay_every_s if relay_every_s > 0 else t
        indexed = shipped + transit_s
        visible = math.ceil(indexed / refresh_every_s) * refresh_every_s if refresh_every_s > 0 else indexed
        lags.append(visible - t)
    return lags
