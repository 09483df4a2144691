"""Where the project's files live, derived from this module's own location.

Nothing here depends on the current directory, so notebooks, tests and
scripts find the same files wherever they are started from.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
SEEDS_DIR = PROJECT_ROOT / "seeds"
PROCESSED_DIR = PROJECT_ROOT / "processed"  # generated tables and caches, apart from the hand-made data/
CACHE_DIR = PROCESSED_DIR / "shared"  # caches of no one corpus (the words of jieba's dictionary a guess test needs)
REPORTS_DIR = PROJECT_ROOT / "reports"


def data_path(name: str) -> Path:
    """Path of a hand-made knowledge file under ``data/``."""
    return DATA_DIR / name


def read_data_lines(name: str) -> list[str]:
    """Entries of a one-entry-a-line data file: comment lines (``#``) and blanks dropped.

    Only whole-line comments are stripped, so an entry may itself contain ``#``.
    """
    text = data_path(name).read_text(encoding="utf-8")
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def read_data_table(name: str) -> list[list[str]]:
    """Rows of a tab-separated data file, comment lines and blanks dropped."""
    return [line.split("\t") for line in read_data_lines(name)]


def display_path(path: Path | str) -> str:
    """A path as a reader should see it: relative to the project when inside it.

    Keeps absolute, machine-specific paths out of notebook outputs.
    """
    path = Path(path).resolve()
    try:
        return path.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return path.as_posix()
