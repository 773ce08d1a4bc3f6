"""Which engine builds and serves the site: MkDocs 1.6 (the default) or ProperDocs, its maintained fork.

POLICY_SITE_ENGINE=mkdocs|properdocs chooses it for scripts/build (parallel and --sequential),
scripts/serve and the build that scripts/check runs. ProperDocs answers every `mkdocs.*` import of
the hooks and plugins itself once `properdocs.replacement` is imported.

Run as a script, it is the chosen engine's command line: `engine.py serve -f mkdocs.yml`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

ENGINE_ENV = "POLICY_SITE_ENGINE"
ENGINES = ("mkdocs", "properdocs")


class EngineError(Exception):
    """POLICY_SITE_ENGINE names no engine this project runs on."""


def engine_name(environ: dict[str, str] | os._Environ = os.environ) -> str:
    """The engine POLICY_SITE_ENGINE asks for ("mkdocs" when unset or empty)."""
    name = environ.get(ENGINE_ENV, "").strip().lower() or "mkdocs"
    if name not in ENGINES:
        shown = environ.get(ENGINE_ENV, "")[:40]
        raise EngineError(f"{ENGINE_ENV}={shown!r} is not an engine this project builds with\n"
                          f"    fix: set {ENGINE_ENV}=mkdocs (the default) or {ENGINE_ENV}=properdocs, or unset it")
    return name


def engine_cli(name: str) -> Any:
    """The engine's click command group (`cli.main(args=…, prog_name=name)` runs it)."""
    if name == "properdocs":
        import properdocs.replacement  # noqa: F401  (mkdocs.* imports now load properdocs.*)
        from properdocs.__main__ import cli
    else:
        from mkdocs.__main__ import cli
    return cli


def main(argv: list[str]) -> int:
    try:
        name = engine_name()
    except EngineError as error:
        print(f"ERROR   -  {error}", file=sys.stderr)
        return 2
    if name == "properdocs" and argv[:1] in (["build"], ["serve"]) and not {"-f", "--config-file"} & set(argv) \
            and Path("mkdocs.yml").is_file():
        argv = [*argv, "-f", "mkdocs.yml"]  # ProperDocs looks for properdocs.yml first and asks to rename
    return engine_cli(name).main(args=argv, prog_name=name)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
