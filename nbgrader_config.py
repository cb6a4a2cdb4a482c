"""nbgrader configuration for the System Design course (run nbgrader from this folder).

Grading goes through the course's trusted grader (course/grader/): student code
runs sandboxed, the checks and the scores live in the grader's process, and what
formgrader and feedback pages show of a student is inert. Each preprocessor
list below is nbgrader's own default with the course's steps put in.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from nbgrader.converters import Autograde, GenerateFeedback  # noqa: E402

from course.grader.nbgrader_plugins import (  # noqa: E402
    TEMPLATES, HideHiddenTests, with_execute_replaced, with_metadata_check_once,
)

c = get_config()  # noqa: F821 - provided by traitlets when it loads this file

c.CourseDirectory.course_id = "system-design"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"

# What a student sees where the solution was.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograde: nbgrader's steps, with its Execute replaced by the trusted grader
# (TrustedExecute) followed by ShowAsText (student content becomes inert), and in
# both passes its metadata check validating each distinct cell once per process.
c.Autograde.sanitize_preprocessors = with_metadata_check_once(
    Autograde.class_traits()["sanitize_preprocessors"].default())
c.Autograde.autograde_preprocessors = with_metadata_check_once(with_execute_replaced(
    Autograde.class_traits()["autograde_preprocessors"].default()))
# nbconvert checks the whole notebook against nbformat's schema after each step of a pass (about
# a dozen per notebook in autograde); once, after the pass's last step, is enough to refuse a
# broken notebook before it is written (nbconvert's documented option; HTML feedback unchanged).
c.NotebookExporter.optimistic_validation = True
# Per notebook: 180 s of grading at most, whatever the student's code does.
c.TrustedExecute.budget = 180.0
# Where bubblewrap cannot run, grading refuses unless the instructor accepts the risk:
# c.TrustedExecute.allow_unsafe = True      (or COURSE_GRADER_UNSAFE=1 in the environment)

# Feedback pages: no hidden-test source; each test cell listed by its title.
c.GenerateFeedback.preprocessors = GenerateFeedback.class_traits()["preprocessors"].default() + [HideHiddenTests]
nbgrader_templates = os.path.join(os.path.dirname(sys.modules["nbgrader"].__file__),
                                  "server_extensions", "formgrader", "templates")
c.HTMLExporter.template_name = "course_feedback"
c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), nbgrader_templates]
c.HTMLExporter.sanitize_html = True
