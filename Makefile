# Two commands on a fresh machine:
#   make chat   set up .venv and talk to the demo shop in this terminal
#   make test   set up .venv and run the test suite (what CI runs)
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
# llama-cpp-python compiles llama.cpp for this CPU (-march=native). On x86 CPUs that
# advertise AMX, its AMX kernels die with SIGILL (seen on this project's machines), so the
# build leaves AMX out; AVX-512 and the rest stay.
ifeq ($(shell uname -m),x86_64)
LLAMA_FLAGS ?= -mno-amx-tile -mno-amx-int8 -mno-amx-bf16
endif

.PHONY: chat test bench setup clean

$(VENV)/.installed: pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# the CPU build of torch first: a looser pin pulls a multi-GB CUDA build
	$(PY) -m pip install --quiet torch==2.13.0
	# built here with LLAMA_FLAGS, never from pip's cache (a wheel built with AMX would come back)
	CFLAGS="$(LLAMA_FLAGS)" CXXFLAGS="$(LLAMA_FLAGS)" $(PY) -m pip install --quiet --no-cache-dir \
		--force-reinstall --no-deps "llama-cpp-python>=0.3.36,<0.4"
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

setup: $(VENV)/.installed

chat: $(VENV)/.installed
	$(VENV)/bin/shopbot chat

test: $(VENV)/.installed
	$(PY) -m pytest -q

bench: $(VENV)/.installed
	$(PY) bench/run.py

clean:
	rm -rf $(VENV)
