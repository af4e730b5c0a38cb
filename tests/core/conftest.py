"""The real small model, loaded once per test session (llama.cpp over the packaged GGUF)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def lm():
    from core.lm import LM, LMSettings

    model = LM(LMSettings(max_new_tokens=40, temperature=0.0))
    model.backend  # load now, once
    yield model
    model.close()
