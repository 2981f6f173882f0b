# Neural networks from scratch: `make lab` opens the course (your own workspace), `make test` tests it.
# Without conda, everything lives in .venv, made with pip from the pinned requirements.

PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
export PATH := $(BIN):$(PATH)
STAMP := $(VENV)/.installed
# The course's matrices are small: one BLAS thread is faster than several fighting over 2 cores.
export OPENBLAS_NUM_THREADS ?= 1

# LANG=uk on make's command line (make lab LANG=uk, make site LANG=uk, make release LANG=uk, make grade
# LANG=uk) picks the Ukrainian edition (notebooks-uk/, locale/uk/); LANG from the environment is the
# shell's locale, not the course's language. The commands themselves then run with a real locale.
COURSE_LANG := $(if $(filter command line,$(origin LANG)),$(filter uk,$(LANG)))
ifeq ($(origin LANG),command line)
override LANG := C.UTF-8
endif

NBVAL_FLAGS := --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
# -rs: say why a test was skipped (e.g. the browser test without Chromium); --no-loadscope-reorder: the
# workers take the files in the order tests/conftest.py gives them
PYTEST_FLAGS := -n 2 --dist loadfile --no-loadscope-reorder -rs --durations=25

.PHONY: install lab lab-source site test test-load lint lint-fix unit nbval nbval-kernels run release \
	student-archive grade hub hub-remove bench results clean translations

install: $(STAMP)

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@# A .venv without pip is half made (venv stops there without Debian's python3-venv): make it again.
	@$(BIN)/python -m pip --version >/dev/null 2>&1 || { \
	    echo "$(PYTHON) -m venv $(VENV)"; rm -rf $(VENV); $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	    echo "make: could not create $(VENV) with '$(PYTHON) -m venv' (see above). The course needs Python's venv"; \
	    echo "module and pip: on Debian or Ubuntu, run 'sudo apt-get install python3-venv', then make again."; \
	    exit 1; } >&2; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# ALLOW_ROOT=1 lets JupyterLab run as root (e.g. in a container); LAB_ARGS passes more JupyterLab options
# (e.g. LAB_ARGS="--no-browser --port=8890"); RESET=04_letters_abc (or RESET=04) gives `make lab` a fresh
# copy of that lesson after keeping the old one in workspace/backups/.
ALLOW_ROOT ?=
LAB_ARGS ?=
RESET ?=
LAB_FLAGS = $(if $(ALLOW_ROOT),--allow-root) $(LAB_ARGS)

lab: install  ## open your own workspace (workspace/, made once from the student release) at lesson 00; LANG=uk: workspace-uk/
	$(if $(COURSE_LANG),NN_LANG=$(COURSE_LANG) python -m tools.translations lab --lang $(COURSE_LANG),python -m tools.workspace lab) $(if $(RESET),--reset $(RESET)) $(LAB_FLAGS)

lab-source: install  ## instructors: open the source notebooks/ (solutions inside) with nbgrader's tools
	python -m tools.workspace lab-source $(LAB_FLAGS)

site: install  ## the course as a static website, from the student release: build/site/index.html; LANG=uk: and build/site/uk/
	python -m tools.site
	$(if $(COURSE_LANG),python -m tools.site --lang $(COURSE_LANG))

# The Ukrainian edition's notebooks run with nnhelpers speaking Ukrainian, as they were recorded.
UK_NBVAL := NN_LANG=uk python -m pytest $(PYTEST_FLAGS) $(NBVAL_FLAGS) notebooks-uk

test: install lint  ## ruff, then unit tests and nbval over every notebook, in one pytest run (notebooks-uk/ in a second)
	python -m pytest $(PYTEST_FLAGS) $(NBVAL_FLAGS) tests notebooks
	$(UK_NBVAL)

# The same tests beside two CPU hogs (as on a shared machine or a busy CI runner): every test must pass
# there too. The hogs are this target's own processes, stopped by their PIDs when pytest ends, pass or fail.
# TESTS=tests/course/test_site.py runs only those beside the hogs.
TESTS ?= tests notebooks
test-load: install lint  ## make test's pytest run beside two busy loops that keep both cores busy
	@python -c "while True: pass" & hog1=$$!; python -c "while True: pass" & hog2=$$!; \
	trap 'kill $$hog1 $$hog2 2>/dev/null' EXIT; echo "CPU hogs: PIDs $$hog1 $$hog2"; \
	python -m pytest $(PYTEST_FLAGS) $(NBVAL_FLAGS) $(TESTS)

lint: install  ## ruff check over the Python files and the notebooks' code (pyproject.toml [tool.ruff])
	ruff check .

lint-fix: install  ## lay the Python files out in 100 columns and apply ruff's safe fixes, then lint
	ruff format .
	ruff check --fix .

unit: install  ## unit tests only (fast)
	python -m pytest $(PYTEST_FLAGS) tests

nbval: install  ## nbval over every notebook only (notebooks/, then notebooks-uk/)
	python -m pytest $(PYTEST_FLAGS) $(NBVAL_FLAGS) notebooks
	$(UK_NBVAL)

# notebooks-uk/ runs the same code cells as notebooks/: the forced kernels only (its native run is make
# test's and make nbval's; the twice-native comparison of notebooks/ covers the code). KERNELS: the runs
# of notebooks/; CI gives native,forced, since make test has just run notebooks/ under native once.
KERNELS ?= native,native,forced
nbval-kernels: install  ## nbval under OpenBLAS kernels native (twice), Prescott, Haswell, SkylakeX
	python tools/nbval_kernels.py --kernels $(KERNELS) -- $(PYTEST_FLAGS) $(NBVAL_FLAGS) notebooks
	NN_LANG=uk python tools/nbval_kernels.py --kernels forced -- $(PYTEST_FLAGS) $(NBVAL_FLAGS) notebooks-uk

results: install  ## recompute the stored comparisons lesson 07 reads (nnhelpers/data/results/); then make run
	python -m tools.lesson_results

run: install  ## re-execute every notebook in place (refreshes stored outputs), notebooks-uk/ too
	python tools/run_notebooks.py notebooks/*.ipynb
	python -m tools.translations build --force

release: install  ## student copies: build/release/<lesson>/<lesson>.ipynb; LANG=uk: build/uk/release/
	$(if $(COURSE_LANG),python -m tools.translations release --lang $(COURSE_LANG),python -m tools.grading release)

translations: install  ## translators: refresh locale/*/LC_MESSAGES/*.po from notebooks/, list what needs a translator, rebuild notebooks-uk/
	python -m tools.translations update
	python -m tools.translations build

student-archive: install  ## what a graded class gets instead of the repository: build/nn-from-scratch.zip (notebooks, nnhelpers wheel, open_course.py)
	python -m tools.student_archive

# SANDBOX=off grades without bubblewrap (trusting every submission); JOBS submissions use the processors at
# once (one that idles lets the next start beside it: tools/grading/schedule.py).
SANDBOX ?= on
JOBS ?= 2
# LANG=uk: the grader, the kernels and the judge runs speak Ukrainian (NN_LANG=uk): a Ukrainian class's
# feedback pages, self-check outputs and reasons in Ukrainian; the points are the same.
grade: install  ## autograde build/submitted/<student>/<lesson>/ one by one in a sandbox: feedback, grades.csv, grading-report.csv, class report; LANG=uk: feedback in Ukrainian
	$(if $(COURSE_LANG),NN_LANG=$(COURSE_LANG) )python -m tools.grading grade --sandbox $(SANDBOX) --jobs $(JOBS)

# The course on JupyterHub on this machine, as root: HUB_STUDENTS student accounts and one instructor, on
# http://127.0.0.1:$(HUB_PORT)/ until Ctrl+C (hub/, README "On JupyterHub"); hub-remove deletes the accounts.
HUB_STATE ?= /srv/nn-hub
HUB_PORT ?= 8000
HUB_STUDENTS ?= 2
hub: install  ## JupyterHub with nbgrader's exchange on 127.0.0.1:$(HUB_PORT), trial accounts (run as root)
	python -m hub setup --state $(HUB_STATE) --students $(HUB_STUDENTS) --port $(HUB_PORT)
	python -m hub start --state $(HUB_STATE)

hub-remove: install  ## remove make hub's trial accounts, their homes and $(HUB_STATE)
	python -m hub remove --state $(HUB_STATE)

bench: install  ## what a student waits for: prints a table, writes build/bench.json
	python benchmarks/run.py

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
	find . -name __pycache__ -prune -exec rm -rf {} +
	find . -name .ipynb_checkpoints -prune -exec rm -rf {} +
