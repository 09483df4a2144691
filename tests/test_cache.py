"""Cache files: whole or absent, strings round-trip, each kind keeps its most recently used files."""
from __future__ import annotations

import os

import numpy as np
from hypothesis import given, strategies as st

from helpers import cache as cachefiles


@given(st.lists(st.text(max_size=8), max_size=20))
def test_strings_round_trip_without_pickle(strings):
    assert cachefiles.unpack_strings(*cachefiles.pack_strings(strings)) == tuple(strings)


def test_lengths_that_do_not_fit_the_buffer_are_refused():
    data, lengths = cachefiles.pack_strings(["基层", "党建"])
    try:
        cachefiles.unpack_strings(data, lengths + 1)
    except ValueError:
        return
    raise AssertionError("mismatched lengths were accepted")


def _write(folder, kind, number, when):
    """A cache file last used at ``when`` (ns), written without pruning."""
    path = folder / f"{kind}-{number:04d}.npz"
    np.savez(path, x=np.arange(number))
    os.utime(path, ns=(when, when))
    return path


def test_each_kind_keeps_its_most_recently_used_files(tmp_path):
    second = 1_000_000_000
    paths = [_write(tmp_path, "rjieba", n, (n + 1) * second) for n in range(5)]
    tfidf = _write(tmp_path, "tfidf", 1, second)  # another kind: never pruned by rjieba files
    # the oldest file is read again: reading marks it used, so it outlives the younger ones
    cachefiles.mark_used(paths[0])
    cachefiles.write_arrays(tmp_path / "rjieba-9999.npz", {"x": np.arange(3)}, keep=3)
    left = sorted(p.name for p in tmp_path.glob("*.npz"))
    assert left == ["rjieba-0000.npz", "rjieba-0004.npz", "rjieba-9999.npz", "tfidf-0001.npz"]
    assert tfidf.exists() and not list(tmp_path.glob("*.tmp"))
    with np.load(tmp_path / "rjieba-9999.npz") as z:
        assert z["x"].tolist() == [0, 1, 2]
