"""GitHub workflows: valid YAML, triggers as documented, and every `run:` is a command of this repo."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from site_facts import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict), name
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the bare key `on` as true
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def commands(run: str) -> list[list[str]]:
    """Each simple command of a `run:` script, split into words."""
    return [shlex.split(part) for part in re.split(r"\n|&&|\|\||;|\|", run) if part.strip()]


def test_there_are_exactly_the_two_workflows():
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == ["check.yml", "publish.yml"]


@pytest.mark.parametrize("name", ["check.yml", "publish.yml"])
def test_every_run_line_calls_a_documented_script_of_this_repo(name):
    runs = [step["run"] for step in steps(load(name)) if "run" in step]
    assert runs, f"{name} runs nothing"
    for run in runs:
        for words in commands(run):
            program = words[0]
            assert re.fullmatch(r"scripts/[a-z][a-z-]*", program), f"{name}: `{run}` is not a scripts/ command"
            path = ROOT / program
            assert path.is_file() and os.access(path, os.X_OK), f"{name}: {program} is missing or not executable"
            assert f"{program}" in README, f"{name}: {program} is not one of the README's commands"


@pytest.mark.parametrize("name", ["check.yml", "publish.yml"])
def test_actions_are_pinned_and_history_is_complete(name):
    workflow = load(name)
    uses = [step["uses"] for step in steps(workflow) if "uses" in step]
    assert all(re.fullmatch(r"actions/[a-z-]+@v\d+", use) for use in uses), uses
    checkout = next(step for step in steps(workflow) if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # version histories need the whole git history


def test_check_runs_on_pull_requests_the_check_and_the_tests():
    workflow = load("check.yml")
    assert "pull_request" in workflow["on"]
    assert [step["run"] for step in steps(workflow) if "run" in step] == ["scripts/check", "scripts/test"]


def test_publish_builds_on_main_and_daily_and_deploys_to_pages():
    workflow = load("publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    crons = [entry["cron"] for entry in workflow["on"]["schedule"]]
    assert len(crons) == 1 and re.fullmatch(r"\d+ \d+ \* \* \*", crons[0]), crons  # once every day
    assert [step["run"] for step in steps(workflow) if "run" in step] == ["scripts/build"]
    upload = next(step for step in steps(workflow) if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"  # where scripts/build writes (mkdocs' default site_dir)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy["steps"])
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_publish_restores_the_render_cache_before_the_build_and_saves_what_the_build_left():
    job = load("publish.yml")["jobs"]["build"]
    build_steps = job["steps"]

    def index(found) -> int:
        matches = [n for n, step in enumerate(build_steps) if found(step)]
        assert len(matches) == 1, matches
        return matches[0]

    checkout = index(lambda step: step.get("uses", "").startswith("actions/checkout@"))
    cache = index(lambda step: step.get("uses", "").startswith("actions/cache@"))  # restores, and saves at the end
    build = index(lambda step: step.get("run") == "scripts/build")
    assert checkout < cache < build  # restored into the checkout, before the build reads it
    settings = build_steps[cache]["with"]
    paths = [line.strip().rstrip("/") for line in settings["path"].splitlines() if line.strip()]
    assert ".cache/policy-site" in paths  # where the build keeps it: beside mkdocs.yml (hooks/site_context.py)
    assert (ROOT / "mkdocs.yml").is_file()
    ignored = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", ".cache/policy-site/ab/entry"])
    assert ignored.returncode == 0  # the build writes there, so git must ignore it
    environments = (load("publish.yml").get("env"), job.get("env"), build_steps[build].get("env"))
    assert not any("POLICY_SITE_CACHE" in (env or {}) for env in environments)  # it would move or switch it off
    # actions/cache never overwrites a key: a key of its own each run saves each run's cache, and
    # restore-keys (a prefix of it) bring back the newest earlier one.
    key, restore = settings["key"], [line.strip() for line in settings["restore-keys"].splitlines() if line.strip()]
    assert "${{ github.run_id }}" in key
    assert len(restore) == 1 and key.startswith(restore[0]) and "run_id" not in restore[0]


@pytest.mark.parametrize("name", ["check.yml", "publish.yml"])
def test_workflows_are_valid_against_githubs_workflow_schema(name):
    """check-jsonschema's built-in schema of GitHub workflows, offline (no network, no binary download)."""
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           str(WORKFLOWS / name)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("name", ["check.yml", "publish.yml"])
def test_jobs_that_run_scripts_run_them_in_debian_bookworm_with_python_311(name):
    for job_name, job in load(name)["jobs"].items():
        if any("run" in step for step in job.get("steps", [])):
            assert job.get("container") == "python:3.11-bookworm", f"{name}: job {job_name} runs outside Debian"
            assert not any(step.get("uses", "").startswith("actions/setup-python") for step in job["steps"])
