"""The System Design course package, split by who uses it.

- ``course.runtime``: what a student's notebook imports (checks, clocks, the
  Redis factory, forced interleavings, probes, widgets, units, and each
  chapter's teaching helpers). Under grading it is the only part of the course
  the sandboxed student process can see, read-only.
- ``course.grader``: what grading and instructors run (the sandbox, the grader
  process, the nbgrader plug-ins, release, check, bench, demo). Never imported
  by a notebook, never visible to student code.
"""
