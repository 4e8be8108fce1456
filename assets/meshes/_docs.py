"""The triangle-budget table in ``docs/assets.md`` (generated; a test keeps it in sync).

    python -m lunarbase.assets.meshes._docs        # rewrite the table in docs/assets.md

Counts are for default parameters and seed 0 (``registry.build(kind, detail=d)``).
"""

from __future__ import annotations

import sys
from pathlib import Path

BEGIN = "<!-- triangle-table:begin -->"
END = "<!-- triangle-table:end -->"
DOC = Path(__file__).resolve().parents[2] / "docs" / "assets.md"


def triangle_counts() -> dict[str, tuple[int, int, int]]:
    """{kind: (tris at detail 0, 1, 2)} for every builder kind (user meshes skipped)."""
    from . import registry

    out = {}
    for kind in registry.kinds():
        if isinstance(registry.info(kind), registry.UserMeshKind):
            continue
        out[kind] = tuple(registry.build(kind, detail=d).n_triangles for d in (0, 1, 2))
    return out


def triangle_table(counts: dict[str, tuple[int, int, int]] | None = None) -> str:
    """Markdown table: kind, summary, triangles at detail 0/1/2, closed part patterns."""
    from . import registry

    counts = counts or triangle_counts()
    rows = [
        "| kind | detail 0 (far) | detail 1 (normal) | detail 2 (close-up) | closed parts |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for kind, (a, b, c) in counts.items():
        closed = ", ".join(getattr(registry.info(kind), "CLOSED_PARTS", ())) or "none"
        rows.append(f"| `{kind}` | {a:,} | {b:,} | {c:,} | {closed} |")
    return "\n".join(rows)


def table_in_doc(text: str) -> str:
    """The table between the markers of a docs/assets.md text ('' if absent)."""
    if BEGIN not in text or END not in text:
        return ""
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip()


def write_doc(path: Path = DOC) -> None:
    """Replace the table between the markers in ``path``."""
    text = path.read_text()
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    path.write_text(f"{head}{BEGIN}\n{triangle_table()}\n{END}{tail}")


if __name__ == "__main__":
    write_doc(Path(sys.argv[1]) if len(sys.argv) > 1 else DOC)
    print(f"wrote {DOC if len(sys.argv) < 2 else sys.argv[1]}")
