"""A class on the hub, end to end: release, fetch, submit, collect, autograde, feedback, grades.

Through the Hub's REST API (tokens of each person, made by the class-admin service), nbgrader's
own server endpoints (the formgrader service for the instructor, each student's Assignment List
on their own server) and nbgrader's commands run as each system user. The gradebook is the
hub's PostgreSQL. The tests run in order and share one class (module state).
"""
from __future__ import annotations

import csv
import html
import io
import json
import pwd
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from conftest import REPO
from course.grader.hub import machine, postgres

A = "00_framework"
NB = "framework.ipynb"
STATE: dict = {}


def home(user: str) -> Path:
    return Path(pwd.getpwnam(user).pw_dir)


def as_user(hub, user, cmd, cwd=None, check=True, timeout=600):
    return machine.run_as(user, [str(c) for c in cmd], cwd=cwd, hub=hub, check=check, timeout=timeout)


def py_as(hub, user, code: str):
    """Python as ``user`` with the hub's interpreter; returns (exit code, output)."""
    proc = as_user(hub, user, [hub.bin / "python", "-c", code], check=False)
    return proc.returncode, (proc.stdout + proc.stderr).strip()


def give(user: str, src: Path, dest: Path) -> None:
    """Put a notebook into a user's folder, owned by them (as if they had edited it)."""
    shutil.copy(src, dest)
    entry = pwd.getpwnam(user)
    import os
    os.chown(dest, entry.pw_uid, entry.pw_gid)


def service(hub, path: str = "") -> str:
    return f"/services/{hub.course_id}/formgrader/api{path}"


def wait_for_service(client, token):
    deadline = time.monotonic() + 90
    while True:
        r = client.get(service(client.hub, "/assignments"), token)
        if r.status_code == 200 or time.monotonic() > deadline:
            return r
        time.sleep(1)


def code_points(hub) -> float:
    return float(postgres.psql(hub, "SELECT SUM(max_score) FROM grade_cells WHERE cell_type = 'code'",
                               db=postgres.DB).strip())


def scores(hub) -> dict[str, float]:
    """Each student's total from the gradebook's own tables (PostgreSQL)."""
    rows = postgres.psql(hub, """
        SELECT s.id, SUM(COALESCE(g.manual_score, g.auto_score, 0))
        FROM grade g JOIN submitted_notebook sn ON g.notebook_id = sn.id
             JOIN submitted_assignment sa ON sn.assignment_id = sa.id
             JOIN student s ON sa.student_id = s.id
        GROUP BY s.id""", db=postgres.DB)
    return {line.split("|")[0]: float(line.split("|")[1]) for line in rows.splitlines() if line}


# -- 1. logins -------------------------------------------------------------------------------------
def login(hub, user, password) -> requests.Response:
    s = requests.Session()
    s.get(f"{hub.url}/hub/login", timeout=30)
    return s.post(f"{hub.url}/hub/login", timeout=60, allow_redirects=False,
                  data={"username": user, "password": password, "_xsrf": s.cookies.get("_xsrf", "")})


def test_each_person_logs_in_with_their_own_password(hub):
    logins = machine.read_logins(hub.logins)
    s1, s2 = hub.students[:2]
    assert login(hub, s1, logins[s1]).status_code == 302, "a student's own password must log them in"
    assert login(hub, s1, logins[s2]).status_code == 403, "another student's password must not"
    assert login(hub, "root", logins[s1]).status_code == 403, "only the class may log in"


# -- 2. the instructor releases through formgrader (a hub service) ----------------------------
def test_the_instructor_releases_through_formgrader(hub, client):
    token = STATE["instructor"] = client.token_for(hub.instructor)
    r = wait_for_service(client, token)
    assert r.status_code == 200, f"formgrader service: {r.status_code} {r.text[:300]}"
    assert A in [a["name"] for a in r.json()], r.text[:300]
    r = client.post(service(hub, f"/assignment/{A}/release"), token)
    assert r.status_code == 200 and r.json().get("success"), r.text[:500]
    assert (hub.exchange / hub.course_id / "outbound" / A / NB).exists()
    # and the instructor's own JupyterLab finds the course's formgrader (nbgrader's course list)
    client.start_server(hub.instructor)
    r = client.get(f"/user/{hub.instructor}/formgraders", token)
    courses = r.json()["value"]
    assert [(c["course_id"], c["kind"]) for c in courses] == [(hub.course_id, "jupyterhub")], r.text[:500]


# -- 3. students fetch and submit from their own servers ---------------------------------------
def test_students_fetch_and_submit_from_their_own_servers(hub, client):
    s1, s2 = hub.students[:2]
    for student in (s1, s2):
        client.start_server(student)
        token = STATE[student] = client.token_for(student)
        r = client.get(f"/user/{student}/assignments", token, params={"course_id": hub.course_id})
        listed = {a["assignment_id"]: a["status"] for a in r.json()["value"]}
        assert listed.get(A) == "released", r.text[:300]
        r = client.post(f"/user/{student}/assignments/fetch", token,
                        params={"assignment_id": A, "course_id": hub.course_id})
        assert any(a["assignment_id"] == A and a["status"] == "fetched" for a in r.json()["value"]), r.text[:300]
        assert (home(student) / A / NB).exists()
    # student 1 writes the reference solution; student 2 submits the release untouched
    give(s1, REPO / "source" / A / NB, home(s1) / A / NB)
    for student in (s1, s2):
        r = client.post(f"/user/{student}/assignments/submit", STATE[student],
                        params={"assignment_id": A, "course_id": hub.course_id})
        value = r.json().get("value")
        assert isinstance(value, list) and any(a.get("status") == "submitted" for a in value), r.text[:500]


# -- 4. what a student cannot reach -------------------------------------------------------------
FORGED_TIME = "2099-01-01 00:00:00.000000 UTC"


def test_a_student_cannot_reach_others_work_the_sources_or_the_gradebook(hub, client):
    s1, s2 = hub.students[:2]
    course = hub.exchange / hub.course_id
    inbound = course / "inbound"
    submitted = sorted(p for p in inbound.iterdir() if p.name.startswith(s1 + "+"))
    assert submitted, "student 1's submission is in the exchange"
    theirs = submitted[0]
    probes = {
        "list the exchange's inbound folder (submissions are named with a random suffix)":
            f"import os; os.listdir({str(inbound)!r})",
        "read another student's submission, knowing its name":
            f"open({str(theirs / NB)!r}).read()",
        "change another student's submission, knowing its name":
            f"open({str(theirs / NB)!r}, 'a').write(' ')",
        "remove another student's submission, knowing its name":
            f"import shutil; shutil.rmtree({str(theirs)!r})",
        "rename another student's submission, knowing its name":
            f"import os; os.rename({str(theirs)!r}, {str(inbound / 'taken')!r})",
        "move the course's exchange folder away (to put their own in its place)":
            f"import os; os.rename({str(course)!r}, {str(hub.exchange / 'moved')!r})",
        "read the other student's home": f"import os; os.listdir({str(home(s1))!r})",
        "read the other student's notebook": f"open({str(home(s1) / A / NB)!r}).read()",
        "read the course's source notebooks": f"import os; os.listdir({str(hub.course_dir / 'source' / A)!r})",
        "read the course's config (the gradebook password)": f"open({str(hub.course_dir / 'nbgrader_config.py')!r})",
        "read the project's source notebooks": f"open({str(REPO / 'source' / A / NB)!r}).read()",
        "read the project's catalogs of solutions": f"import os; os.listdir({str(REPO / 'tests' / 'catalogs')!r})",
        "read the hub's folder (logins, tokens)": f"import os; os.listdir({str(hub.hubdir)!r})",
        "read PostgreSQL's files": f"import os; os.listdir({str(hub.pgdir)!r})",
        "log in to the gradebook without its password":
            f"import psycopg2; psycopg2.connect(host='127.0.0.1', port={hub.pg_port}, dbname='gradebook', "
            "user='gradebook', password='guess', connect_timeout=5)",
    }
    reached = []
    for what, code in probes.items():
        rc, out = py_as(hub, s2, code)
        if rc == 0:
            reached.append(what)
        else:
            assert "Error" in out, f"{what}: failed for another reason: {out[-300:]}"
    assert not reached, f"a student could: {reached}"
    assert sorted(p.name for p in theirs.iterdir()) == [NB, "submission_secret.txt", "timestamp.txt"]
    # a submission planted in a classmate's name, dated in the future: collect must ignore it (test 5)
    planted = inbound / f"{s1}+{A}+{FORGED_TIME}+forged"
    rc, out = py_as(hub, s2, f"import os, shutil; os.mkdir({str(planted)!r}); "
                             f"shutil.copy({str(course / 'outbound' / A / NB)!r}, {str(planted / NB)!r})")
    assert rc == 0, f"the exchange takes a student's writes: {out}"
    # and through the hub: not the formgrader, not another's server, not the admin API
    token = STATE[s2]
    assert client.get(service(hub, "/assignments"), token).status_code in (302, 403, 404)
    assert client.get(f"/user/{s1}/api/contents", token).status_code in (302, 403, 404)
    assert client.api("GET", "/users", token=token).status_code == 403
    r = client.get(f"/user/{s2}/formgraders", token)
    assert not [c for c in r.json()["value"] if c["kind"] == "jupyterhub"], r.text[:300]


def hidden_lines() -> list[str]:
    """Lines of the chapter's hidden tests (long enough to be distinctive)."""
    nb = json.loads((REPO / "source" / A / NB).read_text())
    out = []
    for cell in nb["cells"]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if "BEGIN HIDDEN TESTS" in src:
            body = src.split("BEGIN HIDDEN TESTS", 1)[1].split("END HIDDEN TESTS", 1)[0]
            out += [ln.strip() for ln in body.splitlines()[1:-1] if len(ln.strip()) > 30]
    return out


# -- 5. collect, autograde (trusted, parallel, PostgreSQL), feedback, grades ------------------------
def test_the_instructor_collects_autogrades_and_returns_feedback(hub, client):
    s1, s2 = hub.students[:2]
    token = STATE["instructor"]
    r = client.post(service(hub, f"/assignment/{A}/collect"), token)
    assert r.status_code == 200 and r.json().get("success"), r.text[:500]
    graded = as_user(hub, hub.grader, [hub.bin / "python", "-m", "course.grader.batch", A, "--jobs", "2",
                                       "--root", hub.course_dir], cwd=hub.course_dir)
    print(graded.stdout)
    assert "2 processes writing the gradebook at once" in graded.stdout
    for step in ("generate_feedback", "release_feedback"):
        r = client.post(service(hub, f"/assignment/{A}/{step}"), token)
        assert r.status_code == 200 and r.json().get("success"), f"{step}: {r.text[:500]}"

    # student 1 through their server's Assignment List, student 2 with the command
    r = client.post(f"/user/{s1}/assignments/fetch_feedback", STATE[s1],
                    params={"assignment_id": A, "course_id": hub.course_id})
    assert r.status_code == 200, r.text[:300]
    as_user(hub, s2, [hub.bin / "nbgrader", "fetch_feedback", A], cwd=home(s2))
    secret = hidden_lines()
    assert secret, "chapter 00 has hidden tests"
    for student in (s1, s2):
        pages = list((home(student) / A / "feedback").glob(f"*/{Path(NB).stem}.html"))
        assert pages, f"{student} has no feedback page"
        page = pages[0].read_text()
        leaked = [ln for ln in secret if ln in page or html.escape(ln) in page]
        assert not leaked and "BEGIN HIDDEN TESTS" not in page, f"hidden test lines in feedback: {leaked[:3]}"

    full = code_points(hub)
    got = scores(hub)
    # student 1's own submission was graded, not the stub planted in their name (test 4)
    assert got[s1] == full and got[s2] == 0, f"gradebook (PostgreSQL): {got}, want {s1}: {full}, {s2}: 0"
    assert FORGED_TIME not in (hub.course_dir / "submitted" / s1 / A / "timestamp.txt").read_text()
    export = hub.course_dir / "grades.csv"
    as_user(hub, hub.grader, [hub.bin / "nbgrader", "export", f"--to={export}"], cwd=hub.course_dir)
    rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader(io.StringIO(export.read_text()))
            if r["assignment"] == A}
    assert rows == {s1: full, s2: 0.0}, rows


# -- 6. a whole class at once ----------------------------------------------------------------------
def test_thirty_students_submitting_at_once_are_all_graded(hub, client):
    students = list(hub.students)
    assert len(students) >= 30, "make test-hub sets HUB_STUDENTS=30"
    correct = set(students[::2])

    def fetch_edit_submit(student):
        folder = home(student) / A
        if not folder.exists():
            as_user(hub, student, [hub.bin / "nbgrader", "fetch_assignment", A], cwd=home(student))
        give(student, REPO / "source" / A / NB if student in correct else
             hub.exchange / hub.course_id / "outbound" / A / NB, folder / NB)
        as_user(hub, student, [hub.bin / "nbgrader", "submit", A], cwd=home(student))

    t0 = time.monotonic()
    with ThreadPoolExecutor(len(students)) as pool:
        list(pool.map(fetch_edit_submit, students))
    submitted = time.monotonic() - t0
    t1 = time.monotonic()
    as_user(hub, hub.grader, [hub.bin / "nbgrader", "collect", A, "--update"], cwd=hub.course_dir)
    graded = as_user(hub, hub.grader, [hub.bin / "python", "-m", "course.grader.batch", A, "--force",
                                       "--jobs", "2", "--root", hub.course_dir], cwd=hub.course_dir)
    grading = time.monotonic() - t1
    print(graded.stdout)
    full = code_points(hub)
    got = scores(hub)
    want = {s: (full if s in correct else 0.0) for s in students}
    assert {s: got.get(s) for s in students} == want
    print(f"30 students: fetched and submitted at once in {submitted:.1f} s; collected, graded "
          f"(trusted grader, PostgreSQL gradebook) in {grading:.1f} s")
    STATE["thirty"] = (submitted, grading)
