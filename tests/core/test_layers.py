"""The layer rules that import-linter cannot see (the contracts are in .importlinter, checked by
`make lint`): "who may" is asked of contest/rules.py, an import inside a function says why, and no
module borrows another's private helper (what two places need is a public function).
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(ROOT.glob("contest/*/services/*.py"))
# A service asks by.has_perm("…"): the roles behind a permission are contest/rules.py's business.
ROLE_CHECK = re.compile(r"\bis_organiser\b|\bis_secretariat\b|\bis_contest_staff\b|\.has_role\(|\bis_superuser\b")


def test_the_services_exist_where_the_rule_looks():
    assert len(SERVICES) > 20


def test_services_ask_rules_through_has_perm_not_roles():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in SERVICES
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if ROLE_CHECK.search(line)
    ]
    assert found == []


def _function_imports(path):
    """(line, statement) of each import inside a function whose block has no comment saying why:
    on the import line, or in the two lines above the block's first import."""
    lines = path.read_text().splitlines()
    tree = ast.parse("\n".join(lines))
    missing = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        previous_end = None
        imports = [node for node in ast.walk(function) if isinstance(node, (ast.Import, ast.ImportFrom))]
        for node in sorted(imports, key=lambda node: node.lineno):
            block_start = node.lineno if previous_end is None or node.lineno > previous_end + 2 else None
            previous_end = node.end_lineno
            here = lines[node.lineno - 1]
            if "#" in here:
                continue
            if block_start is None:
                continue  # the rest of a block whose first import was judged
            above = lines[max(0, node.lineno - 3) : node.lineno - 1]
            if not any(line.strip().startswith("#") for line in above):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}: {here.strip()}")
    return missing


def _source_files():
    return [
        path
        for package in ("contest", "cms", "config")
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def test_every_import_inside_a_function_says_why():
    files = _source_files()
    assert len(files) > 100
    assert [problem for path in files for problem in _function_imports(path)] == []


def test_no_module_borrows_another_modules_private_helper():
    borrowed = [
        f"{path.relative_to(ROOT)}:{node.lineno}: from {node.module} import {alias.name}"
        for path in _source_files()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(("contest", "cms", "config"))
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert borrowed == []
