"""Which document files a corpus has and what is in them, hashed once: git's index, for a folder of documents.

A file's content hash (SHA-256) decides whether a cached cleaned corpus is current.
Hashing thousands of files on every notebook start would cost more than reading
the cached tables, so each file's size, times and inode are recorded beside its
hash, and a file whose record still matches is not read again.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

from helpers import corpus

FileRecords = dict[str, dict]  # relative name -> {size, mtime_ns, ctime_ns, inode, hashed_ns, sha256}

# A file changed within this long of being hashed may share its timestamp with the hashed version
# (coarse clocks, FAT's 2 s), so its record is not trusted: git's "racily clean" rule.
RACY_NS = 3_000_000_000
_HASH_RE = re.compile(r"[0-9a-f]{64}")


def file_records(corpus_path: Path, known: FileRecords | None = None, *, hash_files: bool = True) -> FileRecords:
    """Size, times, inode and content hash (SHA-256) of every document file.

    A file whose size, modification time, status-change time and inode all match
    ``known`` (the last build's records) keeps its recorded hash instead of being
    read again, as git's index does. Writing a file, replacing it, copying it
    over it or restoring its old modification time all change the status-change
    time, which no user tool can set, so an edited file is always read and hashed.
    With ``hash_files=False`` such a file's ``sha256`` is left None, for the
    workers that read it anyway to fill in (they hash each file as they read it for cleaning).
    """
    known = known or {}
    records: FileRecords = {}
    for name, path in corpus.document_files(corpus_path):
        stat = os.stat(path)
        signature = {
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "ctime_ns": stat.st_ctime_ns,
            "inode": stat.st_ino,
        }
        recorded = known.get(name)
        recorded = recorded if isinstance(recorded, dict) else {}  # absent, or written by an older version
        if (
            _HASH_RE.fullmatch(str(recorded.get("sha256")))  # a file unreadable last time is tried again
            and all(recorded.get(field) == value for field, value in signature.items())
            and max(stat.st_mtime_ns, stat.st_ctime_ns) < recorded.get("hashed_ns", 0) - RACY_NS
        ):
            records[name] = recorded
            continue
        records[name] = {**signature, "hashed_ns": time.time_ns(), "sha256": file_sha256(path) if hash_files else None}
    return records


def file_sha256(path: Path | str) -> str:
    """The file's SHA-256, or "" when it cannot be read (the build then names it and the reason)."""
    try:
        with open(path, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest()
    except OSError:
        return ""
