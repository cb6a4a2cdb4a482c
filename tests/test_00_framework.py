"""Notebook 00 (framework): its graders accept every correct answer and catch the wrong ones."""
from harness import catalog_test

CONTRACT = {
    "answers": None,
    "time_budget": "(total_minutes, weights)",
}

test_catalog = catalog_test("00_framework")
