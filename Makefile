# System Design, hands-on: every command a student, an instructor or CI needs.
#   make lab        start JupyterLab on the course (creates .venv on first use)
#   make test       the whole suite (what CI runs)
#   make test-redis the Redis-backed tests again, against a real redis-server
#   make demo       the instructor's round trip on three sample students
#   make release    regenerate release/ from source/ (commit the result)
#   make check NB=work/02_caching/caching.ipynb    an honest "validate"
#   make bench      seconds per autograded notebook and for make test

PYTHON ?= python3
VENV   := .venv
BIN    := $(abspath $(VENV))/bin
PORT   ?= 8888
JOBS   ?= 2
# nbgrader shells out to alembic: the venv's bin/ must lead PATH.
export PATH := $(BIN):$(PATH)

.PHONY: venv lab test test-redis demo release check bench clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	# nbgrader's JupyterLab extensions: assignment list, formgrader, validate
	$(BIN)/jupyter labextension enable @jupyter/nbgrader >/dev/null
	for ext in formgrader assignment_list course_list validate_assignment; do \
		$(BIN)/jupyter server extension enable --sys-prefix nbgrader.server_extensions.$$ext >/dev/null 2>&1; done
	touch $@

# Students work in work/ (a copy of release/, never overwritten), so their
# answers survive `git pull` and release/ stays as generated.
lab: venv
	mkdir -p work
	for a in release/*/; do n=$$(basename $$a); [ -e work/$$n ] || cp -r $$a work/$$n; done
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		$(if $(DISPLAY),,--no-browser) $(if $(filter 0,$(shell id -u)),--allow-root) \
		--ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/work/00_framework/framework.ipynb

# Two runs: the suite (graders, round trips, helpers), then nbval over every
# source notebook (--nbval-lax: committed without outputs; loadfile keeps a
# notebook's cells, which share one kernel, on one worker).
test: venv
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup -q tests
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile -q --nbval-lax source

# One real server, so one test at a time: Redis-marked tests, then every notebook.
test-redis: venv
	bash tests/with_redis_server.sh sh -c '$(BIN)/python -m pytest -q -m redis -p no:xdist tests && \
		$(BIN)/python -m pytest -q -p no:xdist --nbval-lax source'

demo: venv
	$(BIN)/python -m course.grader.demo $(A)

release: venv
	$(BIN)/python -m course.grader.release

check: venv
	$(BIN)/python -m course.grader.check $(NB)

bench: venv
	$(BIN)/python -m course.grader.bench

clean:
	rm -rf .pytest_cache autograded/*/ feedback submitted gradebook.db
