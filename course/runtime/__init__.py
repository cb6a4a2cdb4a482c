"""What a student's notebook imports. One module per concern:

- ``checks``        named checks with human messages, used by every test cell
- ``clocks``        fake clocks, so nothing in a notebook or a test sleeps
- ``redis_client``  fakeredis by default, a real server when ``REDIS_URL`` is set
- ``interleave``    force several Redis clients to interleave in a chosen order
- ``probes``        generic probes of student code (work counters, races, sleeps, round trips)
- ``widgets``       sliders and charts that look alike in every notebook
- ``units``         human-readable sizes, rates and durations
- ``<topic>``       each chapter's teaching helpers (simulations, formatters)

Under grading this package is mounted read-only into the sandbox; nothing
here may import ``course.grader``.
"""
