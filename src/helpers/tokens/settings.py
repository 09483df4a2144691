"""The settings that decide a corpus's tokens: which engine cuts, which tokens the filter keeps.

A :class:`TokenSettings` is frozen and travels with what it made (the token
Series' source, a :class:`~helpers.features.CorpusTfidf`), and its text form is
part of every cache key built from those tokens, as a fitted scikit-learn
estimator carries its parameters or a quanteda ``tokens`` object its options.

    >>> str(TokenSettings(pos=("v", "n")))
    'engine=rjieba|keep_single_chars=False|keep_stopwords=False|pos=n,v'
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

ENGINES: tuple[str, ...] = ("jieba", "rjieba")
# rjieba is the default because its token boundaries agree with jieba's on the
# seed corpus with the domain dictionary loaded (measured by
# tests/test_segment.py::test_engines_agree_on_seed_boundaries; the bar is 99.5%).
DEFAULT_ENGINE = "rjieba"


def check_engine(engine: str) -> str:
    """The engine's name, or ValueError naming the choices.

    >>> check_engine("jieba")
    'jieba'
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {ENGINES}")
    return engine


@dataclass(frozen=True)
class TokenSettings:
    """How a text becomes content tokens.

    ``engine`` cuts (None: :data:`DEFAULT_ENGINE`); the filter then drops single
    characters unless ``keep_single_chars``, stopwords unless ``keep_stopwords``,
    and with ``pos`` every token whose part-of-speech tag starts with none of
    its prefixes (the text is then tagged, not only cut). ``pos`` is stored
    sorted and without repeats, since the filter asks only whether any prefix
    matches, so settings that filter alike are equal and share cache entries.

        >>> TokenSettings(pos=["v", "n", "v"]).pos
        ('n', 'v')
    """

    engine: str | None = None
    keep_single_chars: bool = False
    keep_stopwords: bool = False
    pos: Collection[str] | None = None

    def __post_init__(self) -> None:
        if self.engine is not None:
            check_engine(self.engine)
        if self.pos is not None:
            object.__setattr__(self, "pos", tuple(sorted(set(self.pos))))

    @property
    def engine_name(self) -> str:
        """The engine that cuts: ``engine``, or the default one.

        >>> TokenSettings().engine_name
        'rjieba'
        """
        return self.engine or DEFAULT_ENGINE

    @property
    def tagged(self) -> bool:
        """Whether the text must be tagged (a part-of-speech filter is set), not only cut.

        >>> TokenSettings().tagged, TokenSettings(pos=("n",)).tagged
        (False, True)
        """
        return self.pos is not None

    def __str__(self) -> str:
        """The stable text form cache keys are built from (the engine resolved, so None and the default share it)."""
        pos = "-" if self.pos is None else ",".join(self.pos)
        return (
            f"engine={self.engine_name}|keep_single_chars={self.keep_single_chars}"
            f"|keep_stopwords={self.keep_stopwords}|pos={pos}"
        )
