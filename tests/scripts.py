"""The benchmark scripts (benchmarks/, not a package) loaded as modules, for the tests of their
parts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]


def benchmark(script: str) -> ModuleType:
    """benchmarks/<script>.py as a module."""
    name = f"benchmark_{script}"
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{script}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while building the class
    spec.loader.exec_module(module)
    return module
