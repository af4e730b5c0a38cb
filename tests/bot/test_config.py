import pytest

from bot.config import Config, load_config
from core.errors import ConfigError


def test_repository_config_is_valid():
    assert isinstance(load_config(), Config)


def test_unknown_key_names_key_file_and_line(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("shop:\n  name: X\nadapters:\n  telegram:\n    enabeld: true\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert "adapters.telegram.enabeld" in message and str(path) in message
    assert "line 5" in message


def test_bad_value_and_bad_yaml(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("handoff:\n  after_misses: zero\n")
    with pytest.raises(ConfigError, match="handoff.after_misses"):
        load_config(path)
    path.write_text("shop: [unclosed\n")
    with pytest.raises(ConfigError, match="line"):
        load_config(path)


def test_missing_explicit_config_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")
