"""Cache-key digests: the same values give the same digest whatever their storage; different values never collide."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from helpers.cache import arrow_text_chunks, columns_digest

texts = st.lists(st.text(alphabet=st.sampled_from("基层党组织建设ab1 \n。"), max_size=6), max_size=12)


@given(texts, st.integers(min_value=0, max_value=12), st.integers(min_value=0, max_value=12))
def test_an_arrow_column_hashes_like_the_same_python_strings(values, start, stop):
    arrow = pd.Series(values, dtype="string[pyarrow]")
    assert columns_digest(arrow) == columns_digest(values) == columns_digest(pd.Series(values, dtype=object))
    # a slice and a column of several Arrow chunks: offsets into shared buffers must be respected
    assert columns_digest(arrow.iloc[start:stop]) == columns_digest(values[start:stop])
    chunked = pd.Series(
        pd.arrays.ArrowStringArray(pa.chunked_array([values[:start], values[start:]], type=pa.large_string()))
    )
    assert columns_digest(chunked) == columns_digest(values)


@given(texts, texts)
def test_different_columns_give_different_digests(first, second):
    if first != second:
        assert columns_digest(pd.Series(first, dtype="string[pyarrow]")) != columns_digest(second)


def test_missing_values_and_non_strings_are_hashed_by_their_repr_not_as_text():
    assert columns_digest(pd.Series(["a", None], dtype="string[pyarrow]")) != columns_digest(["a", "None"])
    assert columns_digest([1, 2]) != columns_digest(["1", "2"])
    assert columns_digest(["a"], ["b"]) != columns_digest(["a", "b"])


def test_string_columns_of_pandas_are_hashed_from_their_arrow_buffers():
    # the fast path must stay in use, or every cache key makes 100 MB of Python strings again
    for dtype in ("str", "string[pyarrow]"):
        lengths, pieces = arrow_text_chunks(pd.Series(["基层", "党建", ""], dtype=dtype))
        assert lengths.tolist() == [6, 6, 0] and b"".join(map(bytes, pieces)) == "基层党建".encode()
    assert arrow_text_chunks(["基层"]) is None and arrow_text_chunks(pd.Series(["基层"], dtype=object)) is None
