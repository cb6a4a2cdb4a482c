"""What grading and instructors run: the sandbox, the grader process, the
nbgrader plug-ins, release, check, bench and demo. Student code never sees it.
"""
