"""The cache layer: entries whole or absent, strings round-trip, each kind keeps its most recently used entries."""

from __future__ import annotations

import os
import time

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from helpers.cache import Cache, make_key, pack_strings, unpack_strings


@given(st.lists(st.text(max_size=8), max_size=20))
def test_strings_round_trip_without_pickle(strings):
    assert unpack_strings(*pack_strings(strings)) == tuple(strings)


def test_lengths_that_do_not_fit_the_buffer_are_refused():
    data, lengths = pack_strings(["基层", "党建"])
    try:
        unpack_strings(data, lengths + 1)
    except ValueError:
        return
    raise AssertionError("mismatched lengths were accepted")


def test_keys_do_not_run_parts_together():
    assert make_key("ab", "c") != make_key("a", "bc")
    assert make_key(1) != make_key("1 ")


def test_tables_arrays_and_records_round_trip(tmp_path):
    cache = Cache(tmp_path)
    table = pd.DataFrame({"doc_id": ["a", "b"], "text": ["基层党建", "两新组织"]})
    cache.write_tables("cleaned", "k1", {"docs": table, "audit": table.head(1)})
    read = cache.read_tables("cleaned", "k1", ["docs"])
    assert read["docs"]["doc_id"].tolist() == ["a", "b"] and read["docs"]["text"].tolist() == ["基层党建", "两新组织"]
    assert cache.read_tables("cleaned", "k1", ["missing"]) is None
    cache.write_record("files", "k2", {"a.txt": {"size": 3}})
    assert cache.read_record("files", "k2") == {"a.txt": {"size": 3}}
    assert cache.read_arrays("tokens", "nothing") is None


def test_a_damaged_entry_reads_as_absent_and_is_rewritten(tmp_path):
    cache = Cache(tmp_path)
    entry = cache.write_arrays("tokens", "k", {"x": np.arange(3)})
    (entry / "arrays.npz").write_bytes(b"PK\x03\x04 truncated")
    assert cache.read_arrays("tokens", "k") is None
    cache.write_arrays("tokens", "k", {"x": np.arange(2)})
    assert cache.read_arrays("tokens", "k")["x"].tolist() == [0, 1]
    assert not [p for p in (tmp_path / "tokens").iterdir() if p.name.startswith(".")]


def test_each_kind_keeps_its_most_recently_used_entries(tmp_path):
    cache, roomy = Cache(tmp_path, keep=3), Cache(tmp_path, keep=10)
    second = 1_000_000_000
    for n in range(5):
        os.utime(roomy.write_arrays("tokens", f"k{n}", {"x": np.arange(n)}), ns=((n + 1) * second,) * 2)
    os.utime(cache.write_arrays("tfidf", "t", {"x": np.arange(1)}), ns=(second, second))
    # the oldest entry is read again: reading marks it used, so it outlives the younger ones
    assert cache.read_arrays("tokens", "k0") is not None
    cache.write_arrays("tokens", "k9", {"x": np.arange(3)})
    assert sorted(p.name for p in (tmp_path / "tokens").iterdir()) == ["k0", "k4", "k9"]
    assert cache.read_arrays("tfidf", "t") is not None  # another kind is never pruned by tokens


def test_writers_of_the_same_entry_at_once_all_succeed_and_leave_it_whole(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    cache = Cache(tmp_path)
    arrays = {"codes": np.arange(200_000)}
    with ThreadPoolExecutor(4) as pool:
        written = list(pool.map(lambda _: cache.write_arrays("tokens", "k", arrays), range(8)))
    assert written == [cache.entry("tokens", "k")] * 8
    assert cache.read_arrays("tokens", "k")["codes"].tolist() == arrays["codes"].tolist()
    assert [p.name for p in (tmp_path / "tokens").iterdir()] == ["k"]  # no temporary folder left behind


def test_what_an_interrupted_writer_left_is_pruned_once_it_is_stale(tmp_path):
    from helpers.cache import STALE_SECONDS

    cache = Cache(tmp_path)
    fresh, stale = tmp_path / "tfidf" / ".k.a.partial", tmp_path / "tfidf" / ".k.b.partial"
    for folder in (fresh, stale):
        folder.mkdir(parents=True)
    old = 1_000_000_000 * (int(time.time()) - STALE_SECONDS - 60)
    os.utime(stale, ns=(old, old))
    cache.write_arrays("tfidf", "k", {"x": np.arange(2)})
    assert fresh.exists() and not stale.exists()  # a running writer's folder is left alone
