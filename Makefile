# Everyday commands. Every path is relative to this checkout, so a clone anywhere works.
# The heavy lifting (virtualenv, packages, Debian packages) is in scripts/bootstrap.sh, which
# keeps stamps keyed on the requirements' content: a second `make test` installs nothing.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
export VENV

# Extra pytest arguments, e.g. make test PYTEST_ARGS="-k portal -x", or PYTEST_ARGS=--lf (last failures)
PYTEST_ARGS ?=
WORKERS ?= auto
XDIST = -n $(WORKERS) --dist loadgroup
# The second CI run; pytest-django creates (and drops) test_dvk on this server.
PG_URL ?= postgres://postgres@127.0.0.1:5432/dvk
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: help run serve test test-fast test-postgres screenshots bench lint format clean clean-data

help:
	@echo "make run            cài đặt (nếu cần), tạo CSDL SQLite + dữ liệu mẫu, chạy http://$(HOST):$(PORT)/"
	@echo "make test           cài đặt (nếu cần) rồi chạy toàn bộ kiểm thử (SQLite, mỗi nhân CPU một tiến trình)"
	@echo "make test-fast      kiểm thử nhanh khi đang sửa mã: bỏ qua trình duyệt và dựng PDF (PYTEST_ARGS=--lf: chỉ các bài vừa lỗi)"
	@echo "make screenshots    chụp lại ảnh màn hình trong docs/screenshots/ (các bài kiểm thử trình duyệt)"
	@echo "make test-postgres  chạy lại kiểm thử trên PostgreSQL ($(PG_URL))"
	@echo "make bench          đo hiệu năng cổng đơn vị, chấm điểm, xếp hạng, giấy chứng nhận, trang công khai và ngày Hội thi (tỉ lệ so với mức tối thiểu)"
	@echo "make lint           ruff check, ruff format --check, lint-imports (các tầng), mypy"
	@echo "make clean          xóa .venv và các tệp tạm; make clean-data xóa CSDL và tệp tải lên khi phát triển"

run:
	@bash scripts/bootstrap.sh run
	@echo "==> manage.py migrate"
	@$(PY) manage.py migrate --noinput --verbosity 0
	@$(PY) manage.py seed_demo --no-logins
	@$(PY) manage.py seed_site
	@bash scripts/run-dev.sh

# Serve without touching packages or data (after a `make run`).
serve:
	@bash scripts/run-dev.sh

# One xdist worker per core (WORKERS=0: a single process, for pdb). Each worker copies the migrated
# template database (tests/testdb.py) instead of running the ~215 migrations itself, which is what
# makes the second worker pay. --dist loadgroup keeps a module's shared fixture (xdist_group) on one.
test:
	@bash scripts/bootstrap.sh test
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

# The edit-test loop: no browser, no PDF layout (markers browser and pdf). `make test` runs them all.
test-fast:
	@bash scripts/bootstrap.sh test
	$(PY) -m pytest $(XDIST) -m "not browser and not pdf" $(PYTEST_ARGS)

# The pictures in docs/screenshots/: the browser journeys with SCREENSHOTS=1 (an ordinary run takes
# none), then the printed documents (scripts/document_screenshots.py needs the demo: make run first).
screenshots:
	@bash scripts/bootstrap.sh test
	SCREENSHOTS=1 $(PY) -m pytest $(XDIST) -m browser $(PYTEST_ARGS)

test-postgres:
	@DATABASE_URL="$(PG_URL)" bash scripts/bootstrap.sh test
	@DATABASE_URL="$(PG_URL)" bash scripts/ensure-postgres.sh
	@bash scripts/ensure-redis.sh
	DATABASE_URL="$(PG_URL)" $(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

bench:
	@bash scripts/bootstrap.sh run
	$(PY) bench/portal_bench.py
	$(PY) bench/judging_bench.py
	$(PY) bench/ranking_bench.py
	$(PY) bench/certificate_bench.py
	$(PY) bench/signing_bench.py
	$(PY) bench/site_bench.py
	$(PY) bench/vote_redteam.py
	$(PY) bench/stage_bench.py
	$(PY) bench/storage_bench.py
	@case "$$DATABASE_URL" in postgres*) $(PY) bench/vote_bench.py ;; \
	  *) echo "vote_bench.py: cần PostgreSQL (DATABASE_URL=postgres://…), bỏ qua" ;; esac

# The import contracts (the layers of docs/architecture.md) are in .importlinter; what mypy checks,
# and how strictly, is in pyproject.toml. .pre-commit-config.yaml runs the same four.
lint:
	@bash scripts/bootstrap.sh test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

FILES ?= .
format:
	@bash scripts/bootstrap.sh test
	$(VENV)/bin/ruff format $(FILES)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# The development database and uploads (demo data comes back with `make run`).
clean-data:
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm
	rm -rf var
	find media -mindepth 1 ! -name .gitkeep -delete
