"""Check the front matter of policy pages against the JSON Schema and the date rules."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from .active_content import find_active_content
from .frontmatter import FrontMatter, FrontMatterError, iso, read_front_matter
from .sanitize import file_name_problem, shorten, text_problem
from .service_hours import hours_problems

if TYPE_CHECKING:
    import jsonschema

SCHEMA_PATH = Path(__file__).with_name("policy.schema.json")
HUB_NAME = "index.md"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one page: where, what, and how to fix it."""

    path: str
    line: int
    message: str
    fix: str
    kind: str = "front matter"  # or "content": active content in the Markdown

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}\n    fix: {self.fix}"


@lru_cache(maxsize=8)
def _validator(owners: tuple[str, ...]) -> jsonschema.protocols.Validator:
    # Imported here: most modules import this one for is_policy alone, and jsonschema took 60 ms of
    # every build worker's start, also of those that check no page (a warm build checks the changed ones).
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    schema["properties"]["owner"]["enum"] = list(owners)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def is_policy(relative_path: str, data: dict[str, Any]) -> bool:
    """A page is a policy unless it is a hub (`<lang>/index.md`) or says `policy: false`."""
    return Path(relative_path).name != HUB_NAME and data.get("policy", True) is not False


def check_page(relative_path: str, text: str, owners: Iterable[str], *, shown_as: str | None = None) -> list[Problem]:
    """All problems of one page: front matter, and active content in the Markdown (see active_content).

    `shown_as` is the path printed in messages (default: relative_path).
    """
    shown = shown_as or relative_path
    content = [Problem(shown, item.line, item.message, item.fix, "content") for item in find_active_content(text)]
    return sorted(_front_matter_problems(relative_path, text, owners, shown) + content)


def _front_matter_problems(relative_path: str, text: str, owners: Iterable[str], shown: str) -> list[Problem]:
    try:
        front = read_front_matter(text, shown)
    except FrontMatterError as error:
        return [Problem(shown, error.line, error.message, error.fix)]
    owners = tuple(owners)
    data = dict(front.data)
    if not is_policy(relative_path, data):
        data.setdefault("policy", False)
    elif not front.present:
        return [Problem(shown, 1, "policy page has no front matter",
                        "start the file with --- lines holding title, summary, effective, last_reviewed, "
                        "review_by and owner (see an existing policy or run scripts/new-policy)")]
    problems = [_describe(error, front, shown, owners)
                for error in _validator(owners).iter_errors(iso(data))]
    if not problems:
        problems = _date_order(front, shown)
        problems += [Problem(shown, line, message, fix) for line, message, fix in hours_problems(data, front.nested_line)]
    return problems


def _date_order(front: FrontMatter, shown: str) -> list[Problem]:
    data = front.data
    dates = {key: data[key] for key in ("effective", "last_reviewed", "review_by")
             if isinstance(data.get(key), dt.date)}
    problems = []
    if "review_by" in dates and "last_reviewed" in dates and dates["review_by"] <= dates["last_reviewed"]:
        problems.append(Problem(shown, front.lines["review_by"],
                                f"review_by ({dates['review_by']}) must be after last_reviewed ({dates['last_reviewed']})",
                                "set review_by to the next review date, usually one year after last_reviewed"))
    if "effective" in dates and "review_by" in dates and dates["effective"] > dates["review_by"]:
        problems.append(Problem(shown, front.lines["effective"],
                                f"effective ({dates['effective']}) is after review_by ({dates['review_by']})",
                                "a policy must be reviewed after it takes effect: move review_by later"))
    return problems


def _describe(error: jsonschema.ValidationError, front: FrontMatter, shown: str, owners: tuple[str, ...]) -> Problem:
    """Turn a JSON Schema error into a plain-English problem with a fix."""
    field = str(error.path[0]) if error.path else None
    line = front.nested_line(tuple(error.path)) if len(error.path) > 1 else front.lines.get(field, 1) if field else 1
    if "propertyNames" in error.relative_schema_path and isinstance(error.instance, str):
        line = front.nested_line((*error.path, error.instance))  # a key that is not allowed: its own line
    name = ".".join(str(part) for part in error.path if isinstance(part, str)) or field  # e.g. search.exclude
    schema = error.schema if isinstance(error.schema, dict) else {}
    properties = schema.get("properties", {})
    # The top-level field's description: nested errors (e.g. in `search`) explain the field they are in.
    hint = _schema_properties().get(field, {}).get("description", "") if field else ""
    if len(error.path) > 1 and isinstance(error.schema, dict) and error.schema.get("description"):
        hint = error.schema["description"]  # nested data (service_hours): the part's own explanation
    if error.validator == "required":
        missing = error.message.split("'")[1]
        hint = _schema_properties().get(missing, {}).get("description", "")
        return Problem(shown, 1, f"required field `{missing}` is missing",
                       f"add `{missing}:` to the front matter: {hint}")
    if error.validator == "additionalProperties":
        instance = error.instance if isinstance(error.instance, dict) else {}
        unknown = [key for key in instance if key not in properties]
        key = str(unknown[0])[:100] if unknown else "?"
        guess = difflib.get_close_matches(key, list(properties), n=1)
        fix = f"did you mean `{guess[0]}`?" if guess else "remove it; allowed are " + ", ".join(sorted(properties))
        if field:  # inside a field such as `search` or `service_hours`: the unknown key's own line
            return Problem(shown, front.nested_line((*error.path, key)), f"`{name}` has an unknown key `{shorten(key)}`",
                           fix)
        return Problem(shown, front.lines.get(key, 1), f"unknown field `{shorten(key)}`", fix)
    value = front.data.get(field) if field else None
    if error.validator == "enum" and field == "owner":
        return Problem(shown, line, f"owner `{shorten(value)}` is not one of the owners listed in mkdocs.yml",
                       "use one of: " + ", ".join(owners) + " (or add the team to extra.policy_site.owners)")
    if field in _DATE_FIELDS and error.validator in ("format", "type"):
        return Problem(shown, line, f"`{field}: {shorten(value)}` is not a valid date",
                       f"write {field} as YYYY-MM-DD, a real calendar day, e.g. 2026-03-01")
    if error.validator == "type" and error.validator_value == "string":
        return Problem(shown, line, f"`{name}` must be text, not {_kind(error.instance)}",
                       f"{field} is {hint}; put the value in quotes if YAML reads it as something else")
    if error.validator == "type":
        return Problem(shown, line, f"`{name}` must be {_kind_name(error.validator_value)}, not {_kind(error.instance)}",
                       hint or "see hooks/policy_site/policy.schema.json")
    if error.validator == "enum":
        allowed = ", ".join(f"`{item}`" for item in error.validator_value)
        return Problem(shown, line, f"`{name}` cannot be `{shorten(error.instance)}`", f"use {allowed}: {hint}")
    if error.validator == "minLength":
        return Problem(shown, line, f"`{name}` is empty", f"write {name}: {hint}")
    if error.validator == "maxLength":
        return Problem(shown, line, f"`{name}` is {len(error.instance)} characters long, more than "
                       f"{error.validator_value}", f"shorten it: {name} is {hint}")
    if error.validator == "uniqueItems":
        return Problem(shown, line, f"`{name}` lists the same item twice", f"list each item once: {name} is {hint}")
    if error.validator == "maxItems":
        return Problem(shown, line, f"`{name}` has {len(error.instance)} items, more than {error.validator_value}",
                       f"list each item once: {name} is {hint}")
    if error.validator == "pattern" and isinstance(error.instance, str) and field in _TEXT_FIELDS:
        why = text_problem(error.instance, field) or "is not plain text"
        return Problem(shown, line, f"`{name}` {why}", f"write {name} as plain text: {hint}")
    if error.validator == "pattern":
        return Problem(shown, line, f"`{name}: {shorten(error.instance)}` is not in the expected form", hint)
    subject = f"`{name}`" if name else "front matter"
    return Problem(shown, line, f"{subject}: {shorten(error.message, 200)}",
                   hint or "see hooks/policy_site/policy.schema.json")


_DATE_FIELDS = ("effective", "last_reviewed", "review_by")
# Fields whose schema is one of the plain-text definitions (policy.schema.json `$defs`).
_TEXT_FIELDS = ("title", "summary", "owner", "change_summary", "description")
_KINDS = {"string": "text", "boolean": "true or false", "number": "a number", "integer": "a whole number",
          "array": "a list", "object": "a set of `key: value` lines"}


def _kind_name(schema_type: object) -> str:
    return _KINDS.get(str(schema_type), str(schema_type))


def _kind(value: object) -> str:
    """What YAML made of a value, in words, e.g. 'a number' for `title: 2026`."""
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of `key: value` lines"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    return type(value).__name__


@lru_cache(maxsize=1)
def _schema_properties() -> dict[str, dict[str, Any]]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["properties"]


def page_digest(relative_path: str, text: str, owners: Iterable[str]) -> str:
    """SHA-256 of everything `check_page` judges a page by (its path, its text, the owners)."""
    return hashlib.sha256(json.dumps([relative_path, text, list(owners)], ensure_ascii=False).encode("utf-8",
                                                                                                   "surrogatepass")).hexdigest()


def check_docs(docs_dir: Path, owners: Iterable[str], *, shown_prefix: str = "docs",
               clean: set[str] | None = None) -> list[Problem]:
    """Problems of every Markdown page under `docs_dir` (all languages), sorted by file and line.

    `clean`: `page_digest`s of pages an earlier check found without problems, which are not checked
    again; on return it holds the digests of exactly the pages without problems now.
    """
    owners = tuple(owners)
    problems: list[Problem] = []
    clean_now: set[str] = set()
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir).as_posix()
        bad_name = file_name_problem(relative)
        if bad_name:
            problems.append(Problem(f"{shown_prefix}/{shorten(relative, 200)}", 1, f"the file name {bad_name}",
                                    "rename the file with lowercase letters, digits and hyphens, e.g. gift-cards.md"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            problems.append(Problem(f"{shown_prefix}/{relative}", 1, f"not UTF-8 text ({error.reason})",
                                    "save the file as UTF-8"))
            continue
        digest = page_digest(relative, text, owners) if clean is not None else ""
        if digest and digest in clean:
            clean_now.add(digest)
            continue
        found = check_page(relative, text, owners, shown_as=f"{shown_prefix}/{relative}")
        problems.extend(found)
        if digest and not found:
            clean_now.add(digest)
    if clean is not None:
        clean.clear()
        clean.update(clean_now)
    return problems
