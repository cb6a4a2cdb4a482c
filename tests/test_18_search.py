"""Notebook 18 (search, location and media): the catalog of variants, and the helpers of
course/runtime/search_geo_media.py (haversine, the brute-force radius answer, the grader-side
CellStore, cell sizes, the BM25 term and the staleness simulation). Deterministic, no sleeps.

The radius-search and geohash test cells compare with Redis GEOSEARCH/GEOHASH (fakeredis by
default; `make test-redis` runs them again on a real redis-server).
"""
import math

import pytest
from harness import catalog_test

from course.runtime.redis_client import make_redis
from course.runtime.search_geo_media import (BASE32, EARTH_RADIUS_M, CellStore, _encode, bm25_term,
                                             brute_force_radius, cell_size_m, haversine_m, random_points,
                                             sync_lag_demo)

pytestmark = pytest.mark.redis

CONTRACT = {
    "tokenize": "(text)",
    "InvertedIndex": {"__init__": "(self, k1=1.2, b=0.75)",
                      "apply": "(self, event)",
                      "postings": "(self, term)",
                      "search": "(self, query, k=10)"},
    "geohash_encode": "(lat, lon, precision)",
    "geohash_decode": "(geohash)",
    "geohash_neighbours": "(geohash)",
    "radius_search": "(store, lat, lon, radius_m)",
    "UrlSigner": {"__init__": "(self, secret, clock=time.time)",
                  "sign": "(self, method, path, ttl)",
                  "verify": "(self, method, url)"},
    "MultipartUpload": {"__init__": "(self, min_part_size=5 * 2**20)",
                        "upload_part": "(self, part_number, data, checksum)",
                        "complete": "(self, parts)"},
}

test_catalog = catalog_test("18_search")


def test_haversine_known_distances():
    assert haversine_m(0, 0, 0, 0) == 0.0
    # a quarter of a great circle, and one degree of latitude
    assert math.isclose(haversine_m(0, 0, 0, 90), EARTH_RADIUS_M * math.pi / 2, rel_tol=1e-12)
    assert math.isclose(haversine_m(10, 20, 11, 20), EARTH_RADIUS_M * math.pi / 180, rel_tol=1e-12)
    assert math.isclose(haversine_m(0, 179.5, 0, -179.5), EARTH_RADIUS_M * math.pi / 180, rel_tol=1e-9)
    # Redis's documented example: Palermo-Catania 166.2742 km
    assert abs(haversine_m(38.115556, 13.361389, 37.502669, 15.087269) - 166_274.2) < 5


def test_encode_matches_known_hashes_and_redis():
    assert _encode(57.64911, 10.40744, 11) == "u4pruydqqvj"
    assert _encode(0, 0, 5) == "s0000" and _encode(-90, -180, 2) == "00" and _encode(90, 180, 2) == "zz"
    assert set(BASE32) == set("0123456789bcdefghjkmnpqrstuvwxyz")
    r = make_redis(decode_responses=True)
    r.geoadd("p", [13.361389, 38.115556, "palermo"])
    assert r.geohash("p", "palermo")[0][:8] == _encode(38.115556, 13.361389, 8)


def test_brute_force_and_cell_store():
    pts = random_points(300, 48.8584, 2.2945, 3_000, seed=2)
    assert pts == random_points(300, 48.8584, 2.2945, 3_000, seed=2)
    near = brute_force_radius(pts, 48.8584, 2.2945, 1_000)
    assert near and all(d <= 1_000 for _, d in near)
    assert [d for _, d in near] == sorted(d for _, d in near)
    assert {p for p, _ in near} == {p for p, la, lo in pts if haversine_m(48.8584, 2.2945, la, lo) <= 1_000}
    store = CellStore(pts)
    assert len(store) == 300
    cell = _encode(48.8584, 2.2945, 5)
    inside = store.cell(cell)
    assert all(_encode(la, lo, 5) == cell for _, la, lo in inside)
    assert [p for p, _, _ in inside] == [p for p, la, lo in pts if _encode(la, lo, 5) == cell]   # insertion order
    assert store.cell("zzzzz") == [] and store.fetched == [cell, "zzzzz"]
    assert store.points_in([cell, "zzzzz"]) == len(inside) and store.points_in([]) == 0
    for bad in ("u09t", "u09tun", "u09ta", 5):
        with pytest.raises(ValueError):
            store.cell(bad)


def test_random_points_wrap_at_the_antimeridian():
    pts = random_points(200, 0.0, 179.999, 2_000, seed=3)
    assert all(-180 <= lo < 180 for _, _, lo in pts)
    assert any(lo < 0 for _, _, lo in pts) and any(lo > 0 for _, _, lo in pts)


def test_cell_sizes():
    height, width = cell_size_m(5)
    assert math.isclose(height, width) and 4_880 < height < 4_900
    h6, w6 = cell_size_m(6)
    assert math.isclose(w6, 2 * h6)
    _, w60 = cell_size_m(5, 60)
    assert math.isclose(w60, width / 2, rel_tol=1e-12)
    assert math.isclose(cell_size_m(1)[1], 2 * math.pi * EARTH_RADIUS_M / 8)


def test_bm25_term_saturates_and_normalises():
    idf = math.log(1 + (1000 - 10 + 0.5) / 10.5)
    assert math.isclose(bm25_term(1, 10, 1000, 100, 100), idf)          # tf = 1 at average length
    assert bm25_term(0, 10, 1000, 100, 100) == 0
    assert bm25_term(1000, 10, 1000, 100, 100) < idf * 2.2
    assert bm25_term(3, 10, 1000, 50, 100) > bm25_term(3, 10, 1000, 400, 100)
    assert bm25_term(3, 10, 1000, 50, 100, b=0) == bm25_term(3, 10, 1000, 400, 100, b=0)
    assert bm25_term(7, 10, 1000, 50, 100, k1=0) == pytest.approx(idf)
    assert bm25_term(1, 900, 1000, 100, 100) > 0                         # Lucene's IDF never goes negative


def test_sync_lag_demo_is_seeded_and_bounded():
    lags = sync_lag_demo()
    assert lags == sync_lag_demo() and len(lags) == 400
    assert all(0.05 <= x <= 2.05 + 1e-9 for x in lags)
    streaming = sync_lag_demo(relay_every_s=0.0, transit_s=0.0, refresh_every_s=0.0)
    assert streaming == [0.0] * 400
    assert max(sync_lag_demo(relay_every_s=5.0)) > 5
