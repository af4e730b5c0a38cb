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


def test_relative_paths_start_beside_the_config_file_else_in_the_repository(tmp_path):
    from bot.config import ROOT

    (tmp_path / "my.csv").write_text("id,name,category,price\n")
    path = tmp_path / "config.yaml"
    path.write_text("shop:\n  catalog: my.csv\n  prompts: prompts\n  orders: gone.csv\n")
    config = load_config(path)
    assert config.path(config.shop.catalog) == tmp_path / "my.csv"  # was the repository's
    assert config.path(config.shop.prompts) == ROOT / "prompts"  # only the repository has it
    assert config.path(config.shop.orders) == tmp_path / "gone.csv"  # neither: named beside
    assert config.file == str(path.resolve())
    assert Config().path("data/catalog.csv") == ROOT / "data" / "catalog.csv"
