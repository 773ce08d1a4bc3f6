"""The JSON Schemas of the API files (schemas/api-*.schema.json), ready to validate a document (no MkDocs)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

__all__ = ["SCHEMA_DIR", "SCHEMA_FILES", "validator_for"]

SCHEMA_DIR = Path(__file__).parent / "schemas"
# The `format` field of each API file -> its schema.
SCHEMA_FILES = {"policy-site/policies/1": "api-policies.schema.json", "policy-site/policy/1": "api-policy.schema.json",
                "policy-site/version-on/1": "api-version-on.schema.json"}


@lru_cache(maxsize=1)
def _registry() -> tuple[Registry, dict[str, dict]]:
    schemas = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in SCHEMA_DIR.glob("api-*.schema.json")}
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    return registry, schemas


def validator_for(file_format: str) -> Draft202012Validator:
    """A validator for documents whose `format` is `file_format`; KeyError for an unknown format."""
    registry, schemas = _registry()
    schema = schemas[SCHEMA_FILES[file_format]]
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())
