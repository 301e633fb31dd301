# netdesk — `make run` starts the app, `make test` runs every check. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup system-deps lint typecheck pytest bench package bundle-smoke py-versions clean

run: setup
	$(BIN)/netdesk

test: setup lint typecheck pytest bundle-smoke py-versions

setup: system-deps $(STAMP)

system-deps:
	@sh scripts/system-deps.sh

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

lint:
	$(BIN)/ruff check netdesk tests benchmarks
	$(BIN)/ruff format --check netdesk tests benchmarks

# mypy, strict, on every package; the UI too (it caught widgets whose attributes shadowed
# QWidget.event and QWidget.scroll).
typecheck:
	$(BIN)/mypy netdesk

pytest:
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# The unit tests on the other Pythons pyproject's requires-python admits, each in its own
# .venv-VERSION made from requirements.lock, both at once (scripts/unit-on-python.sh; a Python
# that is not installed is skipped with a sentence).
OTHER_PYTHONS = 3.12 3.13
py-versions: setup
	@$(MAKE) --no-print-directory -j2 --output-sync=target $(addprefix unit-on-,$(OTHER_PYTHONS))

unit-on-%:
	@sh scripts/unit-on-python.sh $*

bench: setup
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# A self-contained folder build in dist/netdesk (PyInstaller is a build tool, not a run-time need),
# with packaging/install.sh inside, packed as dist/netdesk-VERSION-linux-ARCH.tar.gz; then its size
# by component. Users unpack it and run netdesk/install.sh (README, Install).
VERSION    = $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' netdesk/__init__.py)
BUNDLE_TAR = dist/netdesk-$(VERSION)-linux-$(shell uname -m).tar.gz
package: setup
	$(BIN)/python -m pip install --quiet "pyinstaller>=6.10,<7"
	nice -n 10 $(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build packaging/netdesk.spec
	install -m 755 packaging/install.sh dist/netdesk/install.sh
	nice -n 10 tar -C dist -czf $(BUNDLE_TAR).part netdesk && mv $(BUNDLE_TAR).part $(BUNDLE_TAR)
	@$(BIN)/python packaging/bundle_size.py dist/netdesk
	@echo "$(BUNDLE_TAR): $$(du -m $(BUNDLE_TAR) | cut -f1) MiB"

# The bundle as a user gets it (tests/integration/test_bundle.py): unpacked, installed with
# install.sh into a fresh HOME, then --version, demo, decode --ocr, a HEIC photo and the window
# under Xvfb; the screenshot lands in dist/smoke/.
bundle-smoke: package
	NETDESK_BUNDLE=$(BUNDLE_TAR) NETDESK_SMOKE_SHOTS=dist/smoke $(BIN)/python -m pytest -q -p no:cacheprovider tests/integration/test_bundle.py

clean:
	rm -rf $(VENV) .venv-* .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info
