"""The package's shape: the public API is what the notebooks and the README call, stages import only downwards
and never each other's private names, no module grows past the size one reads in a sitting."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

import helpers
from helpers.config import PROJECT_ROOT

SRC = PROJECT_ROOT / "src" / "helpers"
# Data flows one way: files → raw table → cleaned articles → tokens → features → clusters; cleaned articles →
# quantities. A stage may import the shared modules and the stages before it, never one after it.
STAGE_ORDER = {
    "corpus": 1,
    "clean": 2,
    "tokens": 3,
    "quantities": 3,
    "features": 4,
    "cluster": 5,
    "compare": 6,
    "policy": 6,
}
SHARED = {"config", "cache", "hanzi", "notices", "parallel", "parallel_dask", "scheduler"}
# may import every stage: they present the stages' results
TOP = {"plots", "report", "__init__"}
MAX_LINES = 400


def _notebook_code() -> str:
    cells = []
    for path in sorted((PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells += [
            "".join(cell["source"])
            for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
            if cell["cell_type"] == "code"
        ]
    return "\n".join(cells)


def _readme_code() -> str:
    return "\n".join(re.findall(r"```python\n(.*?)```", (PROJECT_ROOT / "README.md").read_text(encoding="utf-8"), re.S))


def test_the_public_api_is_exactly_what_the_notebooks_and_the_readme_call():
    called = set(re.findall(r"\bhelpers\.([A-Za-z_]\w*)", _notebook_code() + "\n" + _readme_code()))
    assert called == set(helpers.__all__)


def test_every_public_name_resolves():
    for name in helpers.__all__:
        assert getattr(helpers, name) is not None, name


def _stage(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return parts[0]


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """``(module imported from, names)`` for every ``from helpers… import …`` and ``import helpers…`` in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("helpers"):
            found.append((node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names if alias.name.startswith("helpers")]
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(SRC).as_posix())
def test_stages_import_only_downwards_and_no_private_names_of_another_stage(path):
    own = _stage(path)
    for module, names in _imports(path):
        parts = module.split(".")
        targets = [parts[1]] if len(parts) > 1 else [name for name in names]
        for target in targets:
            if target in SHARED or target == own or own in TOP or target not in STAGE_ORDER:
                continue
            assert own not in SHARED, f"the shared module {path.name} imports the stage {target}"
            assert STAGE_ORDER[target] <= STAGE_ORDER.get(own, 0), f"{own} imports {module}"
        if len(parts) > 1 and parts[1] != own:
            assert not [name for name in names if name.startswith("_") and name != "__version__"], (
                f"{path.name} imports private names of {module}: {names}"
            )


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(SRC).as_posix())
def test_no_module_grows_past_one_sitting(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_only_the_cache_layer_writes_cache_files():
    """Writing a file (``to_parquet``, ``np.savez``, ``write_bytes``/``write_text``, ``open(..., "w")``) happens only in
    the cache layer (with its stored-table format, stored.py), the one user-facing export (indicators.csv) and the
    report renderer."""
    writers = re.compile(
        r"\.to_parquet\(|\.to_csv\(|np\.save|\.write_bytes\(|\.write_text\(|json\.dump\(|pickle\.dump\(|shutil\.copy"
        r"|os\.replace\(|os\.rename\(|open\([^)]*[\"'][wax]b?\+?[\"']|mode=[\"'][wax]"
    )
    allowed = {"cache.py", "stored.py", "quantities/summaries.py", "report.py", "hanzi.py"}
    offending = [
        path.relative_to(SRC).as_posix()
        for path in _modules()
        if writers.search(path.read_text(encoding="utf-8")) and path.relative_to(SRC).as_posix() not in allowed
    ]
    assert offending == []


def _other_stage_module_aliases(tree: ast.AST, own: str) -> set[str]:
    """Names a file binds to a module of another stage (``from helpers.clean import store as pipeline``)."""
    aliases = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("helpers"):
            for alias in node.names:
                dotted = f"{node.module}.{alias.name}".split(".")
                if len(dotted) > 2 and dotted[1] != own and (SRC.joinpath(*dotted[1:]).with_suffix(".py")).exists():
                    aliases.add(alias.asname or alias.name)
                elif node.module == "helpers" and alias.name != own and (SRC / alias.name).exists():
                    aliases.add(alias.asname or alias.name)  # a stage package or a shared module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if alias.name.startswith("helpers.") and parts[1] != own and alias.asname:
                    aliases.add(alias.asname)
    return aliases


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(SRC).as_posix())
def test_no_private_name_of_another_stage_is_read_through_its_module(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = _other_stage_module_aliases(tree, _stage(path))
    private = [
        f"{node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in aliases
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    ]
    assert private == [], f"{path.name} reads private names of another stage: {private}"
