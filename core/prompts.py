"""Prompt files: what admins edit to change what the bot says.

One YAML file per reply kind in `prompts/` (format in prompts/README.md). Each file is
validated when loaded: it must parse, and its templates may use only the variables the
engine fills for that kind. A running bot re-reads a file whose mtime changed; a broken edit
is reported (file and line) and the last good version keeps serving, so an admin's typo
can never take the bot down. Templates are langchain-core PromptTemplates (f-string
syntax), imported lazily so `import core` stays light.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import PromptError

log = logging.getLogger(__name__)

SHIPPED = Path(__file__).resolve().parent.parent / "prompts"  # the defaults in the repository
COMMON = {"shop_name", "capabilities", "customer_name"}
# The variables the engine fills for each reply kind (beyond COMMON).
VARIABLES: dict[str, set[str]] = {
    "greeting": set(), "help": set(), "thanks": set(), "goodbye": set(), "small_talk": {"text"},
    "reset": set(),
    "product_results": {"query", "products", "count", "filters", "within", "example", "note",
                        "unlisted", "unsorted"},
    "product_none": {"query", "filters", "wanted", "alternatives", "note"},
    "product_no_more": {"query", "filters", "count"},
    "product_unknown": {"query", "categories", "nearest"},
    "recommend_ask": {"categories"},
    "recommend_popular": {"products", "note"},
    "deals_unknown": set(), "deals_asked": set(), "service_unknown": {"service"},
    "claim_unknown": {"about", "evidence", "products"},
    "kinds_unmatched": {"missing"},
    "kinds_unsold": {"missing", "category"},
    "kind_instead": {"category", "other", "wanted"},
    "attribute_unlisted": {"category", "unsaid", "wanted"},
    "size_system": {"size", "category", "sizes"}, "size_unconverted": {"size", "category", "sizes"},
    "what_we_sell": {"categories", "brands"},
    "product_answer": {"product", "question", "answer"},
    "product_pick": {"product", "question", "answer"},
    "no_product_context": {"question"},
    "compare": {"products", "differences", "cheaper"},
    "prices": {"products", "cheaper"},
    "recommendation": {"products", "based_on"},
    "order_status": {"order_id", "status", "status_text", "carrier", "tracking_number",
                     "estimated_delivery", "items", "total", "placed_at", "details"},
    "order_items": {"order_id", "status_text", "items", "total", "placed_at"},
    "order_not_found": {"order_id"},
    "order_ask_id": set(),
    "order_no_number": set(),
    "order_change": {"order_id", "change_text"},
    "order_closed": {"order_id", "change_text"},
    "cancel_order": {"order_id", "status", "status_text", "can_cancel", "cancel_text",
                     "details"},
    "policy": {"topic", "title", "policy", "answer", "facts"},
    "clarify": {"text"},
    "out_of_scope": {"text"},
    "handoff": {"reason", "problem"},
    "handoff_claimed": {"name"},
    "handoff_reminder": set(),
    "handoff_waiting": set(),
    "handoff_resolved": set(),
    "handoff_returned": set(),
    "handoff_withdrawn": set(),
    "human_declined": set(),
    "acknowledged": set(), "arrived_well": set(),
    "weather": set(),
    "name_known": set(), "name_unknown": set(),
    "why": {"reason"},
    "other_language": {"language"},
    "language_asked": {"language"},
    "empty_message": set(),
    "long_message": {"limit"},
    "unsupported_message": set(),
    "unknown_button": set(),
    "unknown_command": {"command"},
}


@dataclass(frozen=True)
class PromptFile:
    kind: str
    version: str  # kind@sha8 of the file's bytes: recorded with every reply it produced
    path: str
    description: str
    system: str
    examples: tuple[tuple[str, str], ...]
    template: str
    variables: frozenset[str]

    @property
    def template_only(self) -> bool:
        """No system text: the template is the reply, a model is never asked to draft it."""
        return not self.system.strip()

    def render(self, **values: Any) -> str:
        """Fill the facts-only template (missing variables render as empty text)."""
        return _filled(self.template, values)

    def render_system(self, **values: Any) -> str:
        return _filled(self.system, values)


def _filled(text: str, values: dict[str, Any]) -> str:
    """`text` with its variables filled; an empty one takes the space or comma before it
    along where punctuation follows ("Hi {customer_name}!" of no name is "Hi!", not "Hi !")."""
    t = _template(text)
    filled = t.format(**{v: _text(values.get(v, "")) or _BLANK for v in t.input_variables})
    return re.sub(rf",?[ \t]*{_BLANK}(?=[!?.,;:])", "", filled).replace(_BLANK, "")


_BLANK = "\x00"  # where an empty variable stood, until the text around it is tidied


def _text(value: Any) -> str:
    return "" if value is None else str(value)


_TEMPLATE_CACHE: dict[str, Any] = {}


def _template(text: str):
    """Parse (and cache) a PromptTemplate; raises ValueError on bad brace syntax."""
    if text not in _TEMPLATE_CACHE:
        from langchain_core.prompts import PromptTemplate

        _TEMPLATE_CACHE[text] = PromptTemplate.from_template(text)
    return _TEMPLATE_CACHE[text]


def _line_of(raw: str, needle: str) -> int | None:
    """The first line holding `needle` outside a YAML comment (the shipped files explain
    their variables in comments: a typo in the template was reported on the comment)."""
    for i, line in enumerate(raw.splitlines(), 1):
        if needle in line and not line.lstrip().startswith("#"):
            return i
    return None


def parse_prompt_file(path: Path) -> PromptFile:
    """Load and validate one prompt file; PromptError names the file and line."""
    import yaml

    kind = path.stem
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PromptError(f"not UTF-8 text ({exc.reason})", file=str(path)) from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise PromptError(f"does not parse as YAML: {problem}", file=str(path),
                          line=mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise PromptError("expected keys description/variables/system/template", file=str(path))
    unknown_keys = set(data) - {"description", "variables", "system", "examples", "template"}
    if unknown_keys:
        key = sorted(unknown_keys)[0]
        raise PromptError(f"unknown key {key!r}", file=str(path), line=_line_of(raw, f"{key}:"))
    if not isinstance(data.get("template"), str) or not data["template"].strip():
        raise PromptError("needs a non-empty 'template'", file=str(path))
    declared = set(data.get("variables") or [])
    allowed = COMMON | VARIABLES.get(kind, set())
    if kind not in VARIABLES:
        raise PromptError(f"no reply kind {kind!r}; known kinds: {', '.join(sorted(VARIABLES))}",
                          file=str(path))
    for name in sorted(declared - allowed):
        raise PromptError(f"unknown variable {name!r} (this kind can use: "
                          f"{', '.join(sorted(allowed))})", file=str(path),
                          line=_line_of(raw, name))
    examples = []
    for ex in data.get("examples") or []:
        if not isinstance(ex, dict) or not {"user", "assistant"} <= set(ex):
            raise PromptError("each example needs 'user' and 'assistant'", file=str(path),
                              line=_line_of(raw, "examples:"))
        examples.append((str(ex["user"]), str(ex["assistant"])))
    for field_name in ("system", "template"):
        text = data.get(field_name) or ""
        try:
            used = set(_template(text).input_variables)
        except (ValueError, KeyError) as exc:
            raise PromptError(f"{field_name} has a brace error ({exc}); write {{{{ and }}}} "
                              f"for literal braces", file=str(path),
                              line=_line_of(raw, f"{field_name}:")) from None
        for name in sorted(used - declared):
            where = "is not listed in 'variables'" if name in allowed else "is unknown"
            raise PromptError(f"{field_name} uses variable {{{name}}} which {where} (this kind "
                              f"can use: {', '.join(sorted(allowed))})", file=str(path),
                              line=_line_of(raw, "{" + name + "}"))
    return PromptFile(
        kind=kind, version=f"{kind}@{hashlib.sha256(raw.encode()).hexdigest()[:8]}",
        path=str(path), description=str(data.get("description") or ""),
        system=str(data.get("system") or ""), examples=tuple(examples),
        template=data["template"].strip("\n"), variables=frozenset(declared))


class PromptLibrary:
    """All prompt files of a directory, hot-reloaded, last good version kept."""

    def __init__(self, directory: str | Path, log_errors: bool = True):
        self.directory = Path(directory)
        # a running bot logs a rejected file; `shopbot prompts check` prints each problem
        # once itself (it was said three times)
        self.log_errors = log_errors
        self._good: dict[str, PromptFile] = {}
        self._seen: dict[str, tuple[float, int]] = {}  # kind -> (mtime, size) last read
        self.errors: dict[str, PromptError] = {}
        self._defaults: dict[str, PromptFile] = {}  # shipped files standing in (see _shipped)
        for path in sorted(self.directory.glob("*.yaml")):
            self._load(path)

    def _load(self, path: Path) -> None:
        kind = path.stem
        try:
            st = path.stat()
        except FileNotFoundError:
            return
        self._seen[kind] = (st.st_mtime, st.st_size)
        try:
            self._good[kind] = parse_prompt_file(path)
            self.errors.pop(kind, None)
        except PromptError as exc:
            self.errors[kind] = exc
            keeping = f"; keeping version {self._good[kind].version}" if kind in self._good else ""
            if self.log_errors:
                log.error("prompt file rejected: %s%s", exc, keeping)

    def get(self, kind: str) -> PromptFile:
        path = self.directory / f"{kind}.yaml"
        try:
            st = os.stat(path)
            if self._seen.get(kind) != (st.st_mtime, st.st_size):
                self._load(path)
        except FileNotFoundError:
            pass  # a deleted file keeps serving its last good version
        if kind not in self._good:
            return self._shipped(kind, path)
        return self._good[kind]

    def _shipped(self, kind: str, path: Path) -> PromptFile:
        """The shipped file of a kind this directory has no good version of (a prompts
        folder copied before the kind existed, or broken since start): the customer gets
        an answer; the admin a warning, and `shopbot prompts check` names the file. Not
        remembered as seen, so the admin's own file takes over once it is there and valid."""
        if kind in self._defaults:  # read and said once per kind, not on every reply
            return self._defaults[kind]
        shipped = SHIPPED / f"{kind}.yaml"
        if shipped.parent.resolve() == self.directory.resolve() or not shipped.exists():
            raise PromptError("no valid prompt file for this reply kind", file=str(path))
        self._defaults[kind] = parse_prompt_file(shipped)
        log.warning("%s; answering with the shipped %s", self.errors.get(kind) or
                    f"{path}: no such file", shipped)
        return self._defaults[kind]

    def kinds(self) -> list[str]:
        """Reply kinds with a valid version loaded."""
        return sorted(self._good)

    def check(self) -> list[PromptError]:
        """Re-read every file and return the problems (for `shopbot prompts check`)."""
        was, self.log_errors = self.log_errors, False  # returned, not logged again
        for path in sorted(self.directory.glob("*.yaml")):
            self._load(path)
        self.log_errors = was
        missing = [PromptError("missing prompt file", file=str(self.directory / f"{k}.yaml"))
                   for k in sorted(VARIABLES) if k not in self._good and k not in self.errors]
        return [*self.errors.values(), *missing]

