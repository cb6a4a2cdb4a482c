"""Helpers for the System Design course notebooks.

One module per concern:

- ``clocks``       fake clocks, so nothing in a notebook or a test sleeps
- ``redis_client`` fakeredis by default, a real server when ``REDIS_URL`` is set
- ``grading``      named checks with human messages, used by every test cell
- ``interleave``   force several Redis clients to interleave in a chosen order
- ``widgets``      sliders and charts that look alike in every notebook
- ``autograde``    nbgrader plug-ins and the "grade this notebook" runner
- ``check``        ``python -m course.check NOTEBOOK``: an honest validate
"""
