"""The house's rule beyond what import-linter sees: a cross-app import sits at the top of its module, where a
reader finds it, except in an AppConfig.ready() (apps.py), which registers with core once models are loaded."""

import ast

from tests.conftest import ROOT

APPS = ["core", "plans", "meetings", "supervision", "deputies", "reports", "renda"]


def _imports_inside_functions() -> list[str]:
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or path.name == "apps.py":
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    for inner in ast.walk(node):
                        if isinstance(inner, ast.ImportFrom) and inner.module and inner.level == 0:
                            top = inner.module.split(".")[0]
                            if top in APPS and top != app:
                                found.append(f"{path.relative_to(ROOT)}:{inner.lineno} from {inner.module}")
    return found


def test_no_app_imports_another_inside_a_function():
    assert _imports_inside_functions() == []


def test_the_check_sees_an_import_inside_a_function(tmp_path, monkeypatch):
    """The scan above finds what it looks for: a module of core that imports plans inside a function."""
    import tests.renda.test_layers as layers

    fake_root = tmp_path
    (fake_root / "core").mkdir()
    (fake_root / "core" / "sneaky.py").write_text("def f():\n    from plans.models import PlanItem\n    return PlanItem\n")
    monkeypatch.setattr(layers, "ROOT", fake_root)
    monkeypatch.setattr(layers, "APPS", ["core", "plans"])
    (fake_root / "plans").mkdir()
    assert layers._imports_inside_functions() == ["core/sneaky.py:2 from plans.models"]
