"""Synthetic corpora of Chinese policy documents, built from the seeds' own sentences.

Every document is a web-page text dump like the seeds: sometimes a navigation or
breadcrumb line, a title, a dateline, paragraphs of sentences drawn at random from
the cleaned seed articles (their numbers replaced by random ones of the same
length, some written with full-width digits), and sometimes a copyright or contact
footer. The boilerplate lines are the ones the cleaning audit removed from the
seeds, so the cleaner meets lines it knows how to drop. A share of the documents
is converted to traditional characters (OpenCC s2t), another share is written in
GBK instead of UTF-8, and ``n_broken`` files are binary junk. Lengths follow a
log-normal law (median ``median_chars`` characters), as article lengths do.

The output depends only on the spec (``seed`` included) and the seeds, so two runs
with the same spec write identical files. Usage::

    .venv/bin/python benchmarks/synthetic.py benchmarks/out/corpus-10mb --mb 10
    .venv/bin/python benchmarks/synthetic.py /tmp/small --docs 200 --median-chars 600

    >>> spec = CorpusSpec(n_docs=3, median_chars=300)
    >>> summary = write_corpus("/tmp/语料", spec)    # doc-000000.txt … and broken-000.txt
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import shutil
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

SENTENCE_END = re.compile(r"(?<=[。！？；])|\n")
DIGITS = re.compile(r"\d+")
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
# the seeds' audit rules whose dropped lines are page chrome worth reusing
BOILERPLATE_RULE = re.compile(r"^(?:boilerplate:|drop_dateline$)")
# chrome that sits above an article's title; the rest (copyright, contact, related links) goes below
HEADER_RULES = frozenset(
    {
        "boilerplate:nav_bar",
        "boilerplate:breadcrumb",
        "boilerplate:page_widget",
        "boilerplate:site_brand",
        "boilerplate:lone_widget",
        "drop_dateline",
    }
)
MANIFEST = ".synthetic.json"
DOCS_PER_FOLDER = 1000
MB = 1_000_000


@dataclass(frozen=True)
class CorpusSpec:
    """What to generate: a size (``target_mb`` of file bytes, or ``n_docs``) and the mix.

    Shares are probabilities per document; when a share is above zero, the first
    documents are forced to include at least one such file, so small corpora
    still exercise every case.
    """

    target_mb: float = 10.0
    n_docs: int | None = None
    seed: int = 0
    median_chars: int = 2500
    traditional_share: float = 0.05
    gbk_share: float = 0.05
    boilerplate_share: float = 0.6
    full_width_share: float = 0.1
    n_broken: int = 1


@dataclass(frozen=True)
class SeedMaterial:
    """What the generator draws from: sentences, title-like lines, boilerplate lines."""

    sentences: tuple[str, ...]
    titles: tuple[str, ...]
    headers: tuple[str, ...]
    footers: tuple[str, ...]
    fingerprint: str


@dataclass(frozen=True)
class CorpusSummary:
    files: int
    documents: int
    traditional: int
    gbk: int
    broken: int
    n_bytes: int
    reused: bool = False

    @property
    def mb(self) -> float:
        return self.n_bytes / MB


@lru_cache(maxsize=1)
def seed_material() -> SeedMaterial:
    """Sentences and boilerplate of the bundled seeds, cleaned in-process (nothing is written)."""
    from helpers.clean.pipeline import clean_corpus
    from helpers.config import SEEDS_DIR
    from helpers.corpus.read import load_corpus

    raw = load_corpus(SEEDS_DIR, workers=1)
    docs, audit = clean_corpus(raw, workers=1)
    sentences = sorted({s.strip() for text in docs["text"] for s in SENTENCE_END.split(text) if len(s.strip()) >= 8})
    titles = sorted(
        {t for t in docs["title"] if 6 <= len(t) <= 40} | {s.rstrip("。！？；") for s in sentences if 8 <= len(s) <= 30}
    )
    dropped = audit.loc[audit["rule"].str.match(BOILERPLATE_RULE) & (audit["after"].fillna("") == "")]
    chrome = sorted(set(zip(dropped["rule"], dropped["before"])))
    headers = tuple(line for rule, line in chrome if rule in HEADER_RULES)
    footers = tuple(line for rule, line in chrome if rule not in HEADER_RULES)
    digest = hashlib.sha256(
        "\n".join([*sentences, "\f", *titles, "\f", *headers, "\f", *footers]).encode()
    ).hexdigest()[:16]
    return SeedMaterial(tuple(sentences), tuple(titles), headers, footers, digest)


def randomise_numbers(sentence: str, rng: random.Random, full_width_share: float) -> str:
    """Each run of digits becomes a random number of the same length; years stay plausible.

    >>> randomise_numbers("全市已经成立30个党支部，2016年", random.Random(0), 0.0)  # doctest: +SKIP
    '全市已经成立62个党支部，2011年'
    """

    def number(match: re.Match) -> str:
        digits = match.group()
        if len(digits) == 4 and digits[:2] in ("19", "20") and sentence[match.end() : match.end() + 1] == "年":
            return str(rng.randint(1998, 2023))
        first = str(rng.randint(1, 9)) if len(digits) > 1 else str(rng.randint(0, 9))
        new = first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])
        return new.translate(FULL_WIDTH_DIGITS) if rng.random() < full_width_share else new

    return DIGITS.sub(number, sentence)


def document_length(rng: random.Random, median_chars: int) -> int:
    """A log-normal article length (σ = 0.6), clipped to [median/8, median×8]."""
    length = int(median_chars * math.exp(rng.gauss(0.0, 0.6)))
    return max(median_chars // 8, min(median_chars * 8, length))


def synthetic_text(rng: random.Random, material: SeedMaterial, spec: CorpusSpec) -> str:
    """One document's text, simplified Chinese, with its page chrome."""
    lines: list[str] = []
    chrome = rng.random() < spec.boilerplate_share
    if chrome and material.headers:
        lines += rng.sample(material.headers, k=min(len(material.headers), rng.randint(1, 3)))
    lines.append(rng.choice(material.titles))
    if rng.random() < 0.7:
        year, month, day = rng.randint(2008, 2023), rng.randint(1, 12), rng.randint(1, 28)
        lines.append(
            rng.choice(
                (
                    f"{year}年{month:02d}月{day:02d}日",
                    f"{year}-{month:02d}-{day:02d} {rng.randint(7, 22)}:{rng.randint(0, 59):02d}",
                )
            )
        )
    lines.append("")
    indent = rng.choice(("", "\u3000\u3000", "  "))
    target = document_length(rng, spec.median_chars)
    written = 0
    while written < target:
        paragraph = "".join(
            randomise_numbers(rng.choice(material.sentences), rng, spec.full_width_share)
            for _ in range(rng.randint(1, 6))
        )
        lines += [indent + paragraph, ""]
        written += len(paragraph)
    if chrome and material.footers:
        lines += rng.sample(material.footers, k=min(len(material.footers), rng.randint(1, 3)))
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def encode_document(text: str, kind: str) -> tuple[bytes, str]:
    """``(bytes, kind actually written)``; a GBK document with a character GBK lacks stays UTF-8."""
    if kind == "traditional":
        return _s2t().convert(text).encode("utf-8"), kind
    if kind == "gbk":
        try:
            return text.encode("gbk"), kind
        except UnicodeEncodeError:
            pass
    return text.encode("utf-8"), "utf-8"


def broken_bytes(rng: random.Random, size: int = 4096) -> bytes:
    """Binary junk with NUL bytes, like an image or archive saved with a .txt name."""
    return b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(rng.randrange(256) for _ in range(size))


def _document_kind(index: int, rng: random.Random, spec: CorpusSpec) -> str:
    draw = rng.random()
    if index == 0 and spec.traditional_share > 0:
        return "traditional"
    if index == 1 and spec.gbk_share > 0:
        return "gbk"
    if draw < spec.traditional_share:
        return "traditional"
    if draw < spec.traditional_share + spec.gbk_share:
        return "gbk"
    return "utf-8"


def _fingerprint(spec: CorpusSpec, material: SeedMaterial) -> str:
    source = Path(__file__).read_bytes()
    payload = json.dumps(asdict(spec), sort_keys=True).encode() + material.fingerprint.encode() + source
    return hashlib.sha256(payload).hexdigest()[:24]


def write_corpus(folder: Path | str, spec: CorpusSpec, material: SeedMaterial | None = None) -> CorpusSummary:
    """Write a fresh corpus into ``folder`` (emptied first) and a hidden manifest; return a summary.

    Documents are written one at a time, so memory stays flat whatever the size.
    Files go to sub-folders of 1,000, as large collections usually are.
    """
    material = material or seed_material()
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    rng = random.Random(spec.seed)
    target_bytes = spec.target_mb * MB
    counts = {"utf-8": 0, "traditional": 0, "gbk": 0}
    n_bytes = 0
    index = 0
    while (index < spec.n_docs) if spec.n_docs is not None else (n_bytes < target_bytes):
        kind = _document_kind(index, rng, spec)
        data, kind = encode_document(synthetic_text(rng, material, spec), kind)
        path = folder / f"batch-{index // DOCS_PER_FOLDER:03d}" / f"doc-{index:06d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        counts[kind] += 1
        n_bytes += len(data)
        index += 1
    for broken in range(spec.n_broken):
        data = broken_bytes(rng)
        (folder / f"broken-{broken:03d}.txt").write_bytes(data)
        n_bytes += len(data)
    summary = CorpusSummary(
        files=index + spec.n_broken,
        documents=index,
        traditional=counts["traditional"],
        gbk=counts["gbk"],
        broken=spec.n_broken,
        n_bytes=n_bytes,
    )
    manifest = {"fingerprint": _fingerprint(spec, material), "spec": asdict(spec), "summary": asdict(summary)}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return summary


def ensure_corpus(folder: Path | str, spec: CorpusSpec) -> CorpusSummary:
    """The corpus in ``folder``, reused when its manifest matches the spec, the seeds and this generator."""
    folder = Path(folder)
    material = seed_material()
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest["fingerprint"] == _fingerprint(spec, material):
            return CorpusSummary(**{**manifest["summary"], "reused": True})
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return write_corpus(folder, spec, material)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--mb", type=float, default=10.0, help="size in MB of file bytes (default 10)")
    ap.add_argument("--docs", type=int, default=None, help="number of documents instead of a size")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--median-chars", type=int, default=CorpusSpec.median_chars)
    args = ap.parse_args(argv)
    spec = CorpusSpec(target_mb=args.mb, n_docs=args.docs, seed=args.seed, median_chars=args.median_chars)
    summary = write_corpus(args.folder, spec)
    print(
        f"{summary.documents:,} documents ({summary.traditional} traditional, {summary.gbk} GBK) "
        f"and {summary.broken} broken file(s), {summary.mb:.1f} MB, in {args.folder}"
    )


if __name__ == "__main__":
    main()
