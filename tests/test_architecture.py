"""The shape of the code: layers point down, models never import views, and every import is pinned.

Read from the source with `ast`, so a lazy import inside a function counts like one at the top of a module.
"""

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent

# Each app's layer (DESIGN.md): an app may import apps of lower layers only, never one beside or above it.
LAYERS = {
    "home": 0,
    "alumni": 1,
    "events": 1,
    "newsletters": 2,
    "surveys": 3,
    "gala": 3,
    "protocols": 3,
    "office": 4,
}
# Read every app; no app imports them.
TOP = {"config", "search"}
PROJECT_PACKAGES = set(LAYERS) | TOP | {"tests", "benchmarks"}


def python_files(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, dotted module name) of every import in a file, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package_parts = list(path.relative_to(ROOT).parent.parts)  # the package a relative import starts from
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # `from app import views` imports a module too.
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
    return found


class LayerTests(SimpleTestCase):
    def test_apps_import_only_lower_layers(self):
        problems = []
        for app, layer in LAYERS.items():
            if not (ROOT / app).is_dir():
                continue
            for path in python_files(app):
                for line, module in imported_modules(path):
                    target = module.split(".")[0]
                    if target == app:
                        continue
                    if target in TOP or (target in LAYERS and LAYERS[target] >= layer):
                        problems.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
        self.assertEqual(sorted(set(problems)), [], "imports beside or above the app's layer")

    def test_templates_load_only_tags_of_lower_layers(self):
        """A template of an app (or the project's base templates, which are home's) loads no feature app's tags."""
        tag_libraries = {
            path.stem: path.parent.parent.name for app in LAYERS for path in (ROOT / app).glob("templatetags/*.py")
        }
        problems = []
        template_dirs = [(ROOT / "templates", "home")] + [(ROOT / app / "templates", app) for app in LAYERS]
        for directory, app in template_dirs:
            for path in directory.rglob("*.html") if directory.is_dir() else []:
                for libraries in re.findall(r"{%\s*load\s+([^%]+?)\s*%}", path.read_text(encoding="utf-8")):
                    for library in libraries.split():
                        owner = tag_libraries.get(library)
                        if owner and owner != app and LAYERS[owner] >= LAYERS[app]:
                            problems.append(f"{path.relative_to(ROOT)} loads {library} ({owner})")
        self.assertEqual(problems, [])

    def test_models_never_import_views(self):
        problems = []
        for app in LAYERS:
            for path in python_files(app) if (ROOT / app).is_dir() else []:
                relative = path.relative_to(ROOT)
                if "models" not in relative.parts and relative.stem != "models":
                    continue
                for line, module in imported_modules(path):
                    parts = module.split(".")
                    if "views" in parts or any(part.endswith("_views") for part in parts):
                        problems.append(f"{relative}:{line} imports {module}")
        self.assertEqual(sorted(set(problems)), [])


class RequirementsTests(SimpleTestCase):
    def test_every_directly_imported_distribution_is_pinned(self):
        pinned = set()
        for name in ("requirements.txt", "requirements-dev.txt"):
            for line in (ROOT / name).read_text().splitlines():
                match = re.match(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==", line.strip())
                if match:
                    pinned.add(canonical(match.group(1)))
        distributions = packages_distributions()
        missing = set()
        for package in sorted(PROJECT_PACKAGES):
            for path in python_files(package) if (ROOT / package).is_dir() else []:
                for _line, module in imported_modules(path):
                    top = module.split(".")[0]
                    if not top or top in PROJECT_PACKAGES or top in sys.stdlib_module_names:
                        continue
                    names = distributions.get(top)
                    if names and not {canonical(name) for name in names} & pinned:
                        missing.add(f"{top} ({', '.join(names)}) in {path.relative_to(ROOT)}")
        self.assertEqual(sorted(missing), [])


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
