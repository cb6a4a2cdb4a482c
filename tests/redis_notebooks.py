"""Print the source notebooks that use Redis (for `make test-redis`'s notebook run)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = ("course.runtime.redis_client", "course.runtime.interleave")

if __name__ == "__main__":
    for nb in sorted(ROOT.glob("source/*/*.ipynb")):
        if any(m in nb.read_text() for m in MODULES):
            print(nb.relative_to(ROOT))
