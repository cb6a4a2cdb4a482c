"""The catalog harness's in-process engine scores every cell exactly as a real kernel does.

Catalogs run hundreds of variants in an in-process IPython shell for speed;
this checks, per chapter, that the reference, the untouched stub and one wrong
variant of every catalogued name get the same per-cell scores from both engines.
"""
from __future__ import annotations

import pytest

from harness import CATALOGS, RELEASE, assignments, grade_nb, load, variants, with_solutions


def cases():
    for a in assignments():
        yield pytest.param(a, "reference", None, id=f"{a}/reference")
        if (RELEASE / a).exists():
            yield pytest.param(a, "stub", None, id=f"{a}/stub")
        for folder in sorted((CATALOGS / a).glob("*/")) if (CATALOGS / a).exists() else []:
            wrong = variants(a, folder.name, "wrong")
            if wrong:
                yield pytest.param(a, folder.name, wrong[0], id=f"{a}/{folder.name}/{wrong[0].stem}")


@pytest.mark.redis
@pytest.mark.parametrize("assignment,name,path", list(cases()))
def test_engines_agree(assignment, name, path):
    if name == "stub":
        nb = load(assignment, RELEASE)
    elif path is None:
        nb = load(assignment)
    else:
        nb = with_solutions(load(assignment), {name: path.read_text()})
    fast = {c.grade_id: c.score for c in grade_nb(assignment, nb, engine="inprocess").auto}
    real = {c.grade_id: c.score for c in grade_nb(assignment, nb, engine="kernel").auto}
    assert fast == real
