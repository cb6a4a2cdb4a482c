"""Notebook 00 (framework): its graders accept every correct answer and catch the wrong ones."""
from harness import catalog_tests

test_correct_alternative, test_wrong_implementation = catalog_tests(
    "00_framework",
    {"answers": "test-classify-requirements", "time_budget": "test-time-budget-"},
)
