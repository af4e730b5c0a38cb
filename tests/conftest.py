"""Shared fixtures: every test gets its own SHOPBOT_HOME, no proxies, no model downloads."""

from __future__ import annotations

import os

import pytest

from bot.app import build
from bot.config import Config

PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
              "all_proxy")


@pytest.fixture(scope="session")
def _model_cache(tmp_path_factory):
    """Derived model files (exported base, merged adapter) are built once per session."""
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch, _model_cache):
    monkeypatch.setenv("SHOPBOT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SHOPBOT_MODEL_CACHE", str(_model_cache))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.delenv("SHOPBOT_CONFIG", raising=False)
    for var in PROXY_VARS:
        monkeypatch.delenv(var, raising=False)
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def app(tmp_path):
    """The demo shop on a fresh SQLite file."""
    return build(Config(), store_path=tmp_path / "shop.db")


@pytest.fixture
def memory(app):
    from adapters.memory import MemoryAdapter

    return MemoryAdapter(app.engine)
