"""One language's pages in memory at a time (hooks/page_memory.py, issue 15), and a site unchanged by it.

static-i18n builds every other language from inside the first language's build, so without the hook
the first build's pages keep their HTML until the last language is built. A probe hook added after
every other hook counts, at the start of each language's build, the pages of earlier builds that
still hold text; the real build of the sample (six languages; no git history needed) must find none.
"""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

from ruamel.yaml import YAML

from sitebuild import build_site, copy_project

ROOT = Path(__file__).resolve().parent.parent

PROBE = '''
import gc, json, os
from mkdocs.structure.pages import Page

def on_pre_build(config):
    gc.collect()
    pages = [o for o in gc.get_objects() if isinstance(o, Page)]
    held = [p.file.src_uri for p in pages if p.content is not None or p.markdown is not None]
    with open(os.environ["PROBE_OUT"], "a", encoding="utf-8") as out:
        out.write(json.dumps({"language": config.theme["language"], "pages": len(pages), "held": held}) + "\\n")
'''


def _project(dest: Path, change) -> Path:
    """A committed copy of the project, then its mkdocs.yml edited by `change(config)`."""
    project = copy_project(ROOT, dest)
    yaml = YAML()
    config_path = project / "mkdocs.yml"
    config = yaml.load(config_path.read_text(encoding="utf-8"))
    change(config)
    with config_path.open("w", encoding="utf-8") as handle:
        yaml.dump(config, handle)
    return project


def test_earlier_languages_pages_hold_no_text(tmp_path: Path) -> None:
    project = _project(tmp_path / "project", lambda config: config["hooks"].append("hooks/probe_pages.py"))
    (project / "hooks" / "probe_pages.py").write_text(PROBE, encoding="utf-8")
    out = tmp_path / "probe.jsonl"
    result = build_site(project, tmp_path / "site", env={"PROBE_OUT": str(out), "POLICY_SITE_HISTORY": "off"})
    assert result.returncode == 0, result.output[-3000:]
    seen = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [s["language"] for s in seen] == ["en", "ru", "be", "th", "et", "lv"]
    assert all(s["pages"] > 0 for s in seen[1:]), "the probe must see the earlier builds' pages to mean anything"
    for step in seen:
        assert step["held"] == [], f"{step['language']} build starts with {len(step['held'])} earlier pages " \
                                   f"still holding text, e.g. {step['held'][:3]}"


def _differences(left: Path, right: Path) -> list[str]:
    compared = filecmp.dircmp(left, right)
    found = [f"{left.name}/{name}" for name in compared.left_only + compared.right_only + compared.diff_files]
    for name, sub in compared.subdirs.items():
        found += [f"{name}/{item}" for item in _differences(left / name, right / name)]
    return found


def test_letting_text_go_changes_no_page(tmp_path: Path) -> None:
    """Without `nav` in mkdocs.yml, MkDocs takes each page's title from its text, which the hook drops:
    the navigation and previous/next links of later pages must still show it (a build once said None)."""
    def without_nav(config) -> None:
        config.pop("nav", None)

    def without_hook(config) -> None:
        without_nav(config)
        config["hooks"].remove("hooks/page_memory.py")

    with_hook = _project(tmp_path / "with", without_nav)
    plain = _project(tmp_path / "without", without_hook)
    env = {"POLICY_SITE_HISTORY": "off"}
    for project in (with_hook, plain):
        result = build_site(project, project.parent / f"{project.name}-site", env=env)
        assert result.returncode == 0, result.output[-3000:]
    site, reference = tmp_path / "with-site", tmp_path / "without-site"
    assert len(list(site.rglob("index.html"))) > 50
    assert ">None<" not in (site / "ru" / "returns" / "index.html").read_text(encoding="utf-8").replace(" ", "") \
        .replace("\n", "")
    assert _differences(site, reference) == []
