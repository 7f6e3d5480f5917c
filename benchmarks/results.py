"""The sections of benchmarks/RESULTS.md that the separate benchmarks write, each between its own markers, so that
each one replaces only its section and run.py (which rewrites the top of the file) keeps them all."""

import re
from pathlib import Path

RESULTS_PATH = Path(__file__).resolve().parent / "RESULTS.md"
SECTION = re.compile(r"<!-- ([\w-]+)-bench:start -->.*?<!-- \1-bench:end -->", flags=re.DOTALL)


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}-bench:start -->", f"<!-- {name}-bench:end -->"


def kept_sections(text: str) -> list[str]:
    return [match.group(0) for match in SECTION.finditer(text)]


def write_section(name: str, body: str) -> None:
    """Put `body` between the markers of section `name`, replacing what was there."""
    start, end = markers(name)
    text = f"{start}\n{body.strip()}\n\n{end}\n"
    current = RESULTS_PATH.read_text() if RESULTS_PATH.exists() else "# Benchmark results\n"
    if start in current:
        before, rest = current.split(start, 1)
        after = rest.split(end, 1)[1] if end in rest else ""
        current = before.rstrip("\n") + "\n\n" + text + after.lstrip("\n")
    else:
        current = current.rstrip("\n") + "\n\n" + text
    RESULTS_PATH.write_text(current)
