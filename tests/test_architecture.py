"""The core stays framework-free: flows/ must not import aiogram, telegram or sqlalchemy."""

import ast
from pathlib import Path

FORBIDDEN = {"aiogram", "telegram", "sqlalchemy"}
FLOWS = Path(__file__).resolve().parents[1] / "flows"


def test_flows_imports_no_framework_or_orm():
    offenders = []
    for path in FLOWS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert not offenders, offenders
    assert len(list(FLOWS.rglob("*.py"))) >= 8  # the check really looked at the core


def test_both_catalogs_have_the_same_keys():
    from flows.texts import EN, ID

    assert set(ID) == set(EN)
