"""config.yaml, validated with pydantic: unknown keys are rejected and every error names
the file, the key and its line. Secrets never live here — they come from environment
variables (TELEGRAM_BOT_TOKEN, SLACK_BOT_TOKEN, ...), read where they are used.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from core.errors import ConfigError
from core.store import default_home

ROOT = Path(__file__).resolve().parent.parent  # the repository (demo shop and prompts)
DEFAULT_CONFIG = ROOT / "config.yaml"


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ShopConfig(Section):
    name: str = "Trailhead Outfitters"
    currency: str = "EUR"
    catalog: str = "data/catalog.csv"
    orders: str = "data/orders.csv"
    policies: str = "data/policies.yaml"
    prompts: str = "prompts"
    # words customers use for a category that no product name uses: {"hoodie": "fleece"}
    # (core/synonyms.py knows the common ones: trainers, rucksack, smartwatch, ...)
    synonyms: dict[str, str] = {}


class StoreConfig(Section):
    path: str | None = None  # default: $SHOPBOT_HOME/shopbot.db


class TelegramConfig(Section):
    enabled: bool = False
    mode: Literal["polling", "webhook"] = "polling"
    api_url: str | None = None  # another Bot API server; env TELEGRAM_API_URL wins
    listen: str = "127.0.0.1"
    port: int = 8443
    public_url: str | None = None


class SlackConfig(Section):
    enabled: bool = False
    mode: Literal["socket", "http"] = "socket"
    api_url: str | None = None  # env SLACK_API_URL wins
    support_channel: str | None = None
    listen: str = "127.0.0.1"
    port: int = 3000


class AdaptersConfig(Section):
    telegram: TelegramConfig = TelegramConfig()
    slack: SlackConfig = SlackConfig()


class HandoffConfig(Section):
    on_request: bool = True
    on_complaint: bool = True
    after_misses: int = Field(2, ge=1)
    claim_timeout_s: int = Field(600, ge=10)
    staff: list[str] = []


class UnderstandingConfig(Section):
    backend: Literal["model", "keywords"] = "model"
    model: str | None = None  # a trained model dir; default: the shipped head
    confidence_floor: float = Field(0.5, ge=0, le=1)


class SearchConfig(Section):
    backend: Literal["hybrid", "bm25"] = "hybrid"  # hybrid falls back to bm25 without the model


class LMConfig(Section):
    # template: no model; llamacpp | gguf | hf: in-process (core/lm.py); openai: a server
    backend: Literal["template", "llamacpp", "gguf", "hf", "openai"] = "template"
    model: str | None = None  # a .gguf file or HF model dir; default: the packaged SmolLM2
    adapter: str | None = None  # LoRA adapter dir (backends gguf, hf)
    base_url: str | None = None  # openai: the server's /v1 URL (key: env OPENAI_API_KEY)
    openai_model: str | None = None  # openai: the model name on that server
    max_new_tokens: int = Field(96, ge=1, le=2048)
    temperature: float = Field(0.2, ge=0, le=2)
    context_window: int = Field(2048, ge=256)
    n_threads: int = Field(2, ge=1)
    # earlier messages the model sees (the facts already resolve "the second one"); a small
    # local model is distracted by more than it was trained with, a large remote one is not
    history_messages: int = Field(2, ge=0, le=40)


class Config(Section):
    shop: ShopConfig = ShopConfig()
    store: StoreConfig = StoreConfig()
    adapters: AdaptersConfig = AdaptersConfig()
    handoff: HandoffConfig = HandoffConfig()
    understanding: UnderstandingConfig = UnderstandingConfig()
    search: SearchConfig = SearchConfig()
    lm: LMConfig = LMConfig()

    # the config file this came from (load_config): its folder is where its relative paths
    # start, and errors about them name it
    _file: Path | None = PrivateAttr(default=None)

    @property
    def file(self) -> str:
        return str(self._file or DEFAULT_CONFIG)

    def path(self, relative: str) -> Path:
        """A data path from config: as given when absolute; else beside the config file,
        or in the repository when only it has one (the shipped data and prompts)."""
        p = Path(relative).expanduser()
        if p.is_absolute():
            return p
        beside = (self._file.parent / p) if self._file else ROOT / p
        return beside if beside.exists() or not (ROOT / p).exists() else ROOT / p

    @property
    def store_path(self) -> Path:
        return Path(self.store.path).expanduser() if self.store.path else (
            default_home() / "shopbot.db")


def _line_of_key(text: str, loc: tuple[Any, ...]) -> int | None:
    """Line number of a dotted key in a YAML document (None when it cannot be found)."""
    import yaml

    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    line = None
    for part in loc:
        if not isinstance(node, yaml.MappingNode):
            break
        for key_node, value_node in node.value:
            if key_node.value == str(part):
                line, node = key_node.start_mark.line + 1, value_node
                break
        else:
            break
    return line


def load_config(path: str | Path | None = None) -> Config:
    """Read and validate config.yaml ($SHOPBOT_CONFIG or the repository's by default)."""
    import yaml

    path = Path(path or os.environ.get("SHOPBOT_CONFIG") or DEFAULT_CONFIG)
    if not path.exists():
        if path == DEFAULT_CONFIG:
            return Config()
        raise ConfigError("config file not found", file=str(path))
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ConfigError(f"does not parse as YAML{where}: {getattr(exc, 'problem', exc)}",
                          file=str(path)) from None
    if not isinstance(data, dict):
        raise ConfigError("the top level must be a mapping of sections", file=str(path))
    try:
        config = Config.model_validate(data)
        config._file = path.resolve()
        return config
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        line = _line_of_key(text, err["loc"])
        message = ("unknown key" if err["type"] == "extra_forbidden" else err["msg"])
        more = f" (and {len(exc.errors()) - 1} more problems)" if len(exc.errors()) > 1 else ""
        raise ConfigError(f"{message}{more}" + (f" (line {line})" if line else ""),
                          file=str(path), key=key) from None
