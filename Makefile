# System Design, hands-on: every command a student, an instructor or CI needs.
#   make lab             JupyterLab for a student: your copy of the chapters in work/ (first run installs)
#   make lab-instructor  JupyterLab on the whole course, with nbgrader's formgrader
#   make check NB=work/02_caching/caching.ipynb    check a notebook the way the grader will
#   make test            the whole test suite (what CI runs): the suite, then every notebook
#   make test-browser    every chapter opened, run, moved and reloaded in headless chromium (Playwright)
#   make test-browser-smoke   the part of it CI runs (two chapters, opening clean, the instructor panels)
#   make test-redis      what talks to Redis, again, against a real redis-server
#   make autograde A=02_caching [JOBS=4]   grade a whole class (trusted, parallel), then nbgrader records it
#   make demo [A=...]    the instructor's round trip on three sample students
#   make release         regenerate release/ from source/ (commit the result)
#   make mutants [A=...] mutation testing of the reference solutions (writes tests/mutants/)
#   make insights A=02_caching   which checks the class failed, and what to reteach (chart, table, CSV)
#   make bench           autograde throughput against stock nbgrader, and the suite's time per lane
#   make hub             the class on a local JupyterHub: system users, formgrader, PostgreSQL gradebook (root)
#   make hub-down        stop it (make hub-clean: remove its users and data)
#   make test-hub        a class of 30 on the hub, end to end (what CI runs; root)

PYTHON ?= python3
VENV   := .venv
BIN    := $(abspath $(VENV))/bin
PORT   ?= 8888
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
# nbgrader shells out to alembic: the venv's bin/ must lead PATH.
export PATH := $(BIN):$(PATH)

.PHONY: venv lab lab-instructor test test-suite test-notebooks test-redis demo release check autograde \
	bench mutants insights sandbox test-browser test-browser-smoke clean hub hub-down hub-clean test-hub

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml .jupyter/overrides.json
	@echo "== Setting up the course's Python environment in $(VENV)/ (once; about a minute)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip --progress-bar off -q
	$(BIN)/python -m pip install -r requirements.txt --progress-bar off
	@# nbgrader's JupyterLab extensions: assignment list, formgrader, validate
	$(BIN)/jupyter labextension enable @jupyter/nbgrader >/dev/null
	for ext in formgrader assignment_list course_list validate_assignment; do \
		$(BIN)/jupyter server extension enable --sys-prefix nbgrader.server_extensions.$$ext >/dev/null 2>&1; done
	@# saved widget state (reopened chapters keep their figures), no news pop-up
	mkdir -p $(VENV)/share/jupyter/lab/settings && cp .jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/
	touch $@
	@echo "== Done: the environment is ready (later runs skip this step)"

# Students work in work/ (a copy of release/, never overwritten), so their
# answers survive `git pull` and release/ stays as generated. JupyterLab serves
# work/ only (solutions and hidden tests in source/ are not a click away) and
# shows no instructor panel (.jupyter/student).
lab: venv
	mkdir -p work
	for a in release/*/; do n=$$(basename $$a); [ -e work/$$n ] || cp -r $$a work/$$n; done
	JUPYTER_CONFIG_PATH=$(CURDIR)/.jupyter/student $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		$(if $(DISPLAY),,--no-browser) $(if $(filter 0,$(shell id -u)),--allow-root) \
		--ServerApp.root_dir=$(CURDIR)/work --LabApp.default_url=/lab/tree/00_framework/framework.ipynb

lab-instructor: venv
	JUPYTER_CONFIG_PATH=$(CURDIR)/.jupyter/instructor $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		$(if $(DISPLAY),,--no-browser) $(if $(filter 0,$(shell id -u)),--allow-root) \
		--ServerApp.root_dir=$(CURDIR)

# Two runs: the suite (graders, round trips, catalogs, helpers), then every
# source notebook top to bottom in a kernel (nbval --nbval-lax: committed
# without outputs; loadfile keeps a notebook's cells on one worker).
test: test-suite test-notebooks

# JUNIT=dir: each pytest run also writes a JUnit report there (make bench, .ci/run: time per chapter).
test-suite: venv sandbox
	$(BIN)/python -m pytest -n $(JOBS) --dist load -q tests $(if $(JUNIT),--junitxml=$(JUNIT)/suite.xml)

test-notebooks: venv
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile -q --nbval-lax source $(if $(JUNIT),--junitxml=$(JUNIT)/notebooks.xml)

# One real server: what talks to Redis (a database per xdist worker), then the notebooks that use it
# (one at a time: their teaching cells use pub/sub, whose channels every database shares).
test-redis: venv
	bash tests/with_redis_server.sh sh -c '$(BIN)/python -m pytest -q -m real_redis -n $(JOBS) --dist load tests $(if $(JUNIT),--junitxml=$(JUNIT)/redis.xml) && \
		$(BIN)/python -m pytest -q -p no:xdist --nbval-lax $$($(BIN)/python tests/redis_notebooks.py) $(if $(JUNIT),--junitxml=$(JUNIT)/redis-notebooks.xml)'

# The course in a real browser: Debian's chromium (apt, if missing) driven by Playwright,
# in student and instructor mode; screenshots in browser-artifacts/.
BROWSER_JOBS ?= 4
test-browser: venv
	bash tests/browser/install.sh
	COURSE_BROWSER=1 $(BIN)/python -m pytest -n $(BROWSER_JOBS) -v tests/browser $(if $(JUNIT),--junitxml=$(JUNIT)/browser.xml)

# What CI runs of it (about 4 minutes): the lane's own self-tests, opening clean, the instructor's
# panels, and two whole chapters (00: widgets and plots; 04: Redis-backed exercises).
test-browser-smoke: venv
	bash tests/browser/install.sh
	COURSE_BROWSER=1 $(BIN)/python -m pytest -n 2 -q tests/browser \
		-k "00_framework or 04_rate_limiting or open_clean or instructor or lane_catches" \
		$(if $(JUNIT),--junitxml=$(JUNIT)/browser.xml)

# Grading runs student code in a bubblewrap sandbox: install it where it is missing (Debian).
sandbox:
	@command -v bwrap >/dev/null 2>&1 || { echo "== installing bubblewrap (the grading sandbox)"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq bubblewrap >/dev/null; }

autograde: venv sandbox
	$(BIN)/python -m course.grader.batch $(A) --jobs $(JOBS)

demo: venv sandbox
	$(BIN)/python -m course.grader.demo $(A)

insights: venv
	$(BIN)/python -m course.grader.insights $(A)

release: venv
	$(BIN)/python -m course.grader.release

# The report ends with its own verdict ("Some checks fail"), so make adds no error line of its own:
# `make check` exits 0 either way; scripts run `python -m course.grader.check`, which exits 1 on a failure.
check: venv
	@$(BIN)/python -m course.grader.check $(NB) || true

mutants: venv
	$(BIN)/python -m course.grader.mutants $(A)

bench: venv sandbox
	$(BIN)/python -m course.grader.bench all $(A) --jobs $(JOBS)

# The class hub creates system users and runs each person's server as that user: root (or sudo).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
hub: venv sandbox
	$(SUDO) $(BIN)/python -m course.grader.hub up

hub-down:
	$(SUDO) $(BIN)/python -m course.grader.hub down

hub-clean:
	$(SUDO) $(BIN)/python -m course.grader.hub clean

# Its own folder, ports and `hubtest-` accounts (never a real class's), one chapter, 30 students.
test-hub: venv sandbox
	$(SUDO) env HUB_ROOT=/srv/system-design-hub-test HUB_PORT=8020 HUB_PG_PORT=5434 HUB_USER_PREFIX=hubtest- \
		HUB_STUDENTS=30 HUB_ASSIGNMENTS=00_framework COURSE_HUB=1 PATH="$(BIN):$$PATH" \
		$(BIN)/python -m pytest -p no:xdist -v -s tests/hub $(if $(JUNIT),--junitxml=$(JUNIT)/hub.xml)

clean:
	rm -rf .pytest_cache autograded/*/ feedback submitted gradebook.db demo
