"""Read YAML front matter from Markdown text, keeping the line of every key for error messages."""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .sanitize import text_problem

# libyaml's loader and emitter when available: every page's front matter is read, and every generated
# page's written, on the build's hot path (the C emitter writes the same YAML five times faster).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# The same delimiters MkDocs accepts, so what we validate is exactly what MkDocs reads.
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:-{3}|\.{3})[ \t]*(?:\n|\Z)", re.S)


class FrontMatterError(ValueError):
    """Front matter that cannot be read; carries the file and 1-based line."""

    def __init__(self, path: str, line: int, message: str, fix: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message, self.fix = path, line, message, fix


@dataclass(frozen=True)
class FrontMatter:
    """Front matter values (dates as `datetime.date`) and the 1-based line of each key."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    present: bool = False
    body: str = ""
    source: str = ""  # the YAML text, for nested_line

    def nested_line(self, path: tuple) -> int:
        """The 1-based line of a value inside a key (path of keys and list positions), for errors in nested
        data such as `service_hours`; the deepest part of `path` that exists. Only called on errors."""
        line = self.lines.get(str(path[0]), 1) if path else 1
        if not self.source or not path:
            return line
        node = yaml.compose(self.source, Loader=_Loader)  # safe: read_front_matter refused aliases and depth
        for part in path:
            if isinstance(node, yaml.MappingNode):
                node = next((value for key, value in node.value if key.value == part), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
            else:
                node = None
            if node is None:
                break
            line = node.start_mark.line + 2
        return line


def front_matter_block(meta: dict[str, Any]) -> str:
    """`meta` as a front matter block ("---" lines around YAML), keys in their order, for a generated page."""
    return "---\n" + yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False) + "---\n"


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return (YAML text or None, Markdown body)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text
    return match.group(1) or "", text[match.end():]


def read_front_matter(text: str, path: str) -> FrontMatter:
    """Parse the front matter of `text`; raise FrontMatterError naming `path` and the line."""
    source, body = split_front_matter(text)
    if source is None:
        if text.lstrip("\ufeff").startswith("---"):
            raise FrontMatterError(path, 1, "front matter is not closed",
                                   "end the front matter with a line containing only ---")
        return FrontMatter(body=body)
    # A build reads the same page's front matter several times (the page, its translation status,
    # freshness, the register): each YAML text is parsed once per process, and every caller gets its
    # own copy of the values, or the same error with its own path.
    if source not in _READ:
        if len(_READ) >= _READ_LIMIT:
            _READ.clear()
        try:
            _READ[source] = _parse(source)
        except FrontMatterError as error:
            _READ[source] = error
    parsed = _READ[source]
    if isinstance(parsed, FrontMatterError):
        raise FrontMatterError(path, parsed.line, parsed.message, parsed.fix)
    if parsed is None:
        return FrontMatter(present=True, body=body)
    data, lines = parsed
    return FrontMatter(data=_copy(data), lines=dict(lines), present=True, body=body, source=source)


_READ: dict[str, tuple[dict[str, Any], dict[str, int]] | None | FrontMatterError] = {}
_READ_LIMIT = 20000
_IMMUTABLE = (str, int, float, dt.date, type(None))  # bool is an int, datetime a date


def _copy(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of front matter values that no caller's change can reach: nested lists and dicts are copied too."""
    if all(isinstance(value, _IMMUTABLE) for value in data.values()):
        return dict(data)
    return copy.deepcopy(data)


def _parse(source: str) -> tuple[dict[str, Any], dict[str, int]] | None:
    """(values, line of each key) of a front matter's YAML; None when it holds nothing. Errors name no file."""
    path = ""
    try:
        refuse_expansion(source, path)  # before composing: an alias bomb must cost nothing
        node = yaml.compose(source, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the opening ---
        problem = error.problem or "invalid YAML"
        raise FrontMatterError(path, line, f"invalid YAML in front matter: {problem}",
                               "check indentation and quoting; put text containing ': ' in quotes") from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, e.g. a raw control character
        offset = max(error.position, 0)  # libyaml counts bytes of the UTF-8 text, PyYAML characters
        before = source[:offset] if error.encoding == "unicode" \
            else source.encode("utf-8")[:offset].decode("utf-8", "ignore")
        line = before.count("\n") + 2
        raise FrontMatterError(path, line, f"front matter contains the character U+{error.character:04X}, "
                               "which YAML does not allow (an invisible control character)",
                               "delete it: retype the line in a plain text editor") from None
    if node is None:
        return None
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(path, node.start_mark.line + 2, "front matter must be a list of `key: value` lines",
                               "write one `key: value` per line between the --- lines")
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    constructor = _Loader("")
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str) or not key:
            raise FrontMatterError(path, line, "front matter keys must be plain words",
                                   "write `key: value`, e.g. `title: Returns and exchanges`")
        if key in data:
            raise FrontMatterError(path, line, f"`{key}` is given twice", f"keep one `{key}` line")
        try:
            value = constructor.construct_object(value_node, deep=True)
        except (ValueError, yaml.YAMLError):
            # PyYAML raises ValueError for a date-shaped value that is no real date, e.g. 2026-02-30.
            value = _InvalidValue(value_node.value if isinstance(value_node, yaml.ScalarNode) else "")
        data[key] = value
        lines[key] = line
    return data, lines


# Front matter is a flat list of keys; `search:` nests one level. Deeper nesting is refused before
# composing, because libyaml's composer recurses per level (100,000 `[` crash the process).
MAX_DEPTH = 8


def refuse_expansion(source: str, path: str) -> None:
    """Raise FrontMatterError at the first YAML anchor or alias, or nesting deeper than MAX_DEPTH.

    Aliases let a few lines stand for billions of values ("billion laughs"): whatever walks the
    result (validation, MkDocs, templates) explodes. Reading the event stream expands nothing and
    stops at the first offending event.
    """
    depth = 0
    for event in yaml.parse(source, Loader=_Loader):
        line = event.start_mark.line + 2 if event.start_mark else 1  # +1 for 1-based, +1 for the opening ---
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise FrontMatterError(path, line, "front matter uses a YAML anchor or alias (`&name` or `*name`)",
                                   "write each value out in full; anchors and aliases are not allowed in front matter")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise FrontMatterError(path, line, f"front matter is nested more than {MAX_DEPTH} levels deep",
                                       "write one `key: value` per line; only `search:` holds keys of its own")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _InvalidValue(str):
    """A value YAML could not construct; validation reports it as malformed."""


def iso(value: Any) -> Any:
    """Dates become ISO strings so JSON Schema can check them; everything else is unchanged."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [iso(item) for item in value]
    if isinstance(value, dict):
        return {key: iso(item) for key, item in value.items()}
    return value


# Limits of policy.schema.json for the texts an old version contributes to pages and feeds.
_OLD_TEXT_LIMITS = {"title": 120, "change_summary": 500}
# A front matter's source -> (its dict, the problems found), as split_text parsed it (each caller copies).
_PARSED: dict[str, tuple[dict, tuple[str, ...]]] = {}
_PARSED_LIMIT = 20000


def split_text(text: str, problems: list[str] | None = None) -> tuple[dict, str]:
    """(front matter as a dict, Markdown body) of a page's text; bad front matter gives {}.

    Texts from git were never checked by today's rules: front matter with YAML anchors or aliases
    is ignored without expanding them, and a title or change_summary that is not plain text within
    the schema's limits is left out. Each reason is added to `problems` when given.

    The same text is split several times per language (the versions, the feeds, the API, the change
    notes): each front matter is parsed once per process, and every caller gets its own copy.
    """
    source, body = split_front_matter(text)
    if not source:
        return {}, body
    if source not in _PARSED:
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.clear()
        found: list[str] = []
        _PARSED[source] = (_front_matter(source, found), tuple(found))
    data, found = _PARSED[source]
    if problems is not None:
        problems.extend(found)
    return _copy(data), body


def _front_matter(source: str, problems: list[str]) -> dict:
    try:
        refuse_expansion(source, "")
        data = yaml.load(source, Loader=_Loader)
    except FrontMatterError as error:
        problems.append(f"front matter ignored: {error.message}")
        return {}
    except yaml.YAMLError:
        problems.append("front matter ignored: it is not valid YAML")
        return {}
    if not isinstance(data, dict):
        return {}
    for key, limit in _OLD_TEXT_LIMITS.items():
        value = data.get(key)
        if value is None:
            continue
        why = ("is not text" if isinstance(value, (dict, list)) else
               f"is {len(value)} characters long, more than {limit}" if isinstance(value, str) and len(value) > limit
               else text_problem(value, key) if isinstance(value, str) else None)
        if why:
            del data[key]
            problems.append(f"`{key}` {why}: left out")
    return data
