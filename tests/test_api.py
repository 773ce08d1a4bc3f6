"""Versions as data (issue 17, items 1, 2 and 4): the /api/ files of every language agree with the built
pages, match their JSON Schemas, hash the committed Markdown, and policy pages carry JSON-LD.

A real git repository of a three-language project (en, ru, th; th has no returns page of its own):
returns has two versions and an upcoming third (English only, so the Russian one is outdated), and
gift cards has two versions and was withdrawn."""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gitrepo import GitRepo, git_env
from site_facts import ROOT, config
from sitebuild import build_site
from test_permanent_urls import add_gift_cards, gift, nav_with, set_effective, small_project

from policy_site.api import lookup_entries
from policy_site.api_schemas import validator_for

TODAY = {"POLICY_SITE_TODAY": "2027-02-01"}
SITE_URL = "https://policies.amberlane.example/"
PREFIX = {"en": "", "ru": "ru/", "th": "th/"}
# Plain text the schema allows, which a careless <script> would let out: tojson must escape it.
TRICKY_TITLE = "Returns & refunds < 30 days, 'simple' -->"
SUBJECTS = ("Add gift cards", "Shorten the return window", "Longer gift cards", "Stop selling gift cards",
            "New carrier in March")


V1_SUMMARIES = {"en": "Returns within 30 days, refunds within 14 days.",
                "ru": "Возврат в течение 30 дней, деньги — в течение 14 дней."}


def with_summary(text: str, summary: str) -> str:
    return text.replace("\nowner:", f"\nchange_summary: {summary}\nowner:", 1)


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> tuple[GitRepo, dict[str, str]]:
    repo = small_project(tmp_path_factory.mktemp("api") / "project")
    # A copy's pages are version 1 as first published, without a change_summary: give returns one in en
    # and ru, in the same first commit (amended, its dates kept), so that version 1 is one commit.
    for lang, summary in V1_SUMMARIES.items():
        page = repo.root / f"docs/{lang}/returns.md"
        page.write_text(with_summary(page.read_text(encoding="utf-8"), summary), encoding="utf-8")
    repo.git("add", "-A")
    repo.git("commit", "-q", "--amend", "--no-edit", "--no-verify",
             env=git_env(GIT_COMMITTER_DATE=repo.git("show", "-s", "--format=%cI", "HEAD").strip()))
    root, commits = repo.root, {"v1": repo.head()}
    hubs = {lang: (root / f"docs/{lang}/index.md").read_text(encoding="utf-8") for lang in ("en", "ru")}
    commits["gift v1"] = add_gift_cards(repo, hubs)
    returns = {lang: (root / f"docs/{lang}/returns.md").read_text(encoding="utf-8") for lang in ("en", "ru")}
    en2 = set_effective(returns["en"], "2026-12-15") + "\nReturns within 14 days.\n"
    commits["returns v2"] = repo.commit({
        "docs/en/returns.md": en2,
        "docs/ru/returns.md": set_effective(returns["ru"], "2026-12-15") + "\nВозврат в течение 14 дней.\n"},
        "Shorten the return window", date="2026-11-10")
    commits["gift v2"] = repo.commit({
        "docs/en/gift-cards.md": gift("en", "2026-05-01", "Gift cards are valid for two years.").replace(
            "title: Gift cards", f"title: \"{TRICKY_TITLE}\"", 1),
        "docs/ru/gift-cards.md": gift("ru", "2026-05-01", "Подарочные карты действуют два года.")},
        "Longer gift cards", date="2026-04-20")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    commits["delete"] = repo.commit({
        "docs/en/gift-cards.md": None, "docs/ru/gift-cards.md": None, "docs/en/index.md": hubs["en"],
        "docs/ru/index.md": hubs["ru"], "mkdocs.yml": nav_with(config, remove="gift-cards.md")},
        "Stop selling gift cards", date="2026-11-20")
    en3 = re.sub(r"^change_summary: .*$", "change_summary: A carrier collects returns from your door.",
                 set_effective(en2, "2027-03-01"), count=1, flags=re.M)
    en3 = en3.replace("title: Returns and exchanges", "title: Returns, exchanges and collection", 1)
    commits["returns v3"] = repo.commit({"docs/en/returns.md": en3 + "\nA carrier collects returns.\n"},
                                        "New carrier in March", date="2027-01-20")
    return repo, commits


@pytest.fixture(scope="module")
def site(history, tmp_path_factory) -> Path:
    repo, _ = history
    out = tmp_path_factory.mktemp("api-site")
    result = build_site(repo.root, out, env=TODAY)
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    return out


def load(site: Path, path: str) -> dict:
    return json.loads((site / path).read_text(encoding="utf-8"))


def resolve(origin: str, url: str) -> str:
    """Site path of `url` written in the file at site path `origin`."""
    path = posixpath.normpath(posixpath.join(posixpath.dirname(origin), url))
    return "" if path == "." else path + ("/" if url.endswith("/") else "")


def page_file(site: Path, path: str) -> Path:
    return site / (path + "index.html" if path.endswith("/") or not path else path)


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup(page_file(site, path).read_text(encoding="utf-8"), "lxml")


def blob_sha256(repo: GitRepo, commit: str, path: str) -> str:
    data = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=repo.root, capture_output=True, check=True).stdout
    return hashlib.sha256(data).hexdigest()


# Schemas


def api_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.json")
                  if "/api/" in "/" + p.relative_to(site).as_posix())


def test_every_api_file_matches_its_schema(site):
    files = api_files(site)
    for lang, prefix in PREFIX.items():
        assert f"{prefix}api/policies.json" in files
        assert f"{prefix}api/gift-cards.json" in files or lang == "th"
    assert len(files) >= 20
    for path in files:
        document = load(site, path)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator_for(document["format"]).iter_errors(document)]
        assert not errors, (path, errors)


def test_schema_refuses_what_the_format_does_not_allow(site):
    document = load(site, "api/returns.json")
    validator = validator_for(document["format"])
    for broken in ({**document, "commit_subject": "Shorten the return window"},
                   {**document, "versions": [{**document["versions"][0], "sha256": "abc"}]},
                   {**document, "versions": [{**document["versions"][0], "effective_from": "1 March"}]},
                   {**document, "url": "https://elsewhere.example/returns/"}):
        assert list(validator.iter_errors(broken))


# The versions file against the built pages


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_versions_file_agrees_with_the_history_section(site, lang):
    prefix = PREFIX[lang]
    path = f"{prefix}api/returns.json"
    data = load(site, path)
    assert (data["language"], data["source_language"], data["id"]) == (lang, "en", "returns")
    assert resolve(path, data["url"]) == f"{prefix}returns/"
    page = soup(site, f"{prefix}returns/")
    items = page.select("li.policy-history__version")
    assert sorted(int(li["data-version"]) for li in items) == [v["number"] for v in data["versions"]]
    for li in items:
        version = data["versions"][int(li["data-version"]) - 1]
        assert li.select_one(".policy-history__effective time")["datetime"] == version["effective_from"]
        until = li.select_one("time[data-end]")
        if version["effective_until"] and version["effective_until"] == version["effective_from"]:
            until = li.select_one(".policy-history__effective time")  # one day: "in effect on <date> only"
        assert (until["datetime"] if until else None) == version["effective_until"]
        for role, key in (("page", "url"), ("diff", "diff_url"), ("diff-current", "diff_current_url")):
            link = li.select_one(f"a[data-link={role}]")
            expected = resolve(f"{prefix}returns/", link["href"]) if link else None
            assert (resolve(path, version[key]) if version[key] else None) == expected, (role, version)
            if version[key]:
                assert page_file(site, resolve(path, version[key])).is_file()
    assert data["current_version"] == 2
    assert data["upcoming_version"] == (3 if lang == "en" else None)
    badges = {int(li["data-version"]): li.select_one(".policy-history__badge") for li in items}
    assert badges[2] is not None and (badges[3] is not None if lang == "en" else True)


def test_versions_hash_the_committed_markdown(site, history):
    repo, commits = history
    returns = load(site, "api/returns.json")
    assert returns["file"] == "docs/en/returns.md"
    expected = [blob_sha256(repo, commits[c], "docs/en/returns.md") for c in ("v1", "returns v2", "returns v3")]
    assert [v["sha256"] for v in returns["versions"]] == expected
    gifts = load(site, "ru/api/gift-cards.json")
    assert [v["sha256"] for v in gifts["versions"]] == [
        blob_sha256(repo, commits[c], "docs/ru/gift-cards.md") for c in ("gift v1", "gift v2")]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_withdrawn_policy_in_the_data(site, lang):
    prefix = PREFIX[lang]
    data = load(site, f"{prefix}api/gift-cards.json")
    assert data["withdrawn"] == "2026-11-20" and data["current_version"] is None
    assert [(v["number"], v["effective_from"], v["effective_until"], v["withdrawn"]) for v in data["versions"]] == [
        (1, "2026-02-01", "2026-04-30", False), (2, "2026-05-01", "2026-11-19", True)]
    assert [(d["from"], d["version"]) for d in data["dates"]] == [
        ("2026-02-01", 1), ("2026-05-01", 2), ("2026-11-20", None)]
    ended = load(site, resolve(f"{prefix}api/gift-cards.json", data["dates"][-1]["url"]))
    assert ended["version"] is None and ended["until"] is None
    listed = {p["id"]: p for p in load(site, f"{prefix}api/policies.json")["policies"]}
    assert listed["gift-cards"]["withdrawn"] == "2026-11-20"
    assert page_file(site, resolve(f"{prefix}api/policies.json", listed["gift-cards"]["url"])).is_file()


def test_change_notes_are_in_the_language_never_commit_subjects(site):
    en = load(site, "api/returns.json")["versions"]
    ru = load(site, "ru/api/returns.json")["versions"]
    assert en[2]["change_note"] == {"text": "A carrier collects returns from your door.", "language": "en",
                                    "kind": "summary"}
    assert ru[0]["change_note"] == {"text": V1_SUMMARIES["ru"], "language": "ru", "kind": "summary"}
    # Version 2 kept version 1's summary in both languages: that counts as none, so a label in Russian.
    assert ru[1]["change_note"]["kind"] == "label" and ru[1]["change_note"]["language"] == "ru"
    assert "2026" in ru[1]["change_note"]["text"]
    for path in api_files(site):
        text = (site / path).read_text(encoding="utf-8")
        assert not [s for s in SUBJECTS if s in text], path


def test_policies_file_lists_languages_with_their_freshness(site):
    path = "api/policies.json"
    listed = {p["id"]: p for p in load(site, path)["policies"]}
    returns = listed["returns"]
    assert (returns["current_version"], returns["upcoming_version"]) == (2, 3)
    states = {s["language"]: s for s in returns["languages"]}
    assert states["en"]["status"] == "source"
    assert (states["ru"]["status"], states["ru"]["outdated_since"]) == ("outdated", "2027-01-20")
    assert states["th"]["status"] == "missing"
    assert resolve(path, states["ru"]["url"]) == "ru/returns/"
    assert resolve(path, returns["versions_url"]) == "api/returns.json"
    assert {s["status"] for s in listed["complaints"]["languages"]} == {"source", "up_to_date"}
    for policy in listed.values():
        assert policy["title"] and policy["owner"] and policy["summary"]


def test_owner_is_named_in_the_language_of_the_file(site, history):
    """Front matter names the owner by its key; readers of a language see its label (owner_labels)."""
    repo, _ = history
    labels = config(repo.root)["extra"]["policy_site"]["owner_labels"]
    for lang, prefix in PREFIX.items():
        listed = {p["id"]: p for p in load(site, f"{prefix}api/policies.json")["policies"]}
        for pid in ("returns", "complaints"):  # returns has no Thai page: the English text, a Thai owner
            key = "Customer Service" if lang == "en" else labels["Customer Service"][lang]
            assert listed[pid]["owner"] == key, (lang, pid)
        shown = soup(site, f"{prefix}complaints/").get_text(" ")
        assert listed["complaints"]["owner"] in shown, lang


def test_untranslated_policy_points_to_the_source_versions(site):
    path = "th/api/policies.json"
    listed = {p["id"]: p for p in load(site, path)["policies"]}
    assert listed["returns"]["text_language"] == "en"
    assert resolve(path, listed["returns"]["versions_url"]) == "api/returns.json"
    assert resolve(path, listed["returns"]["url"]) == "th/returns/"
    assert (listed["returns"]["current_version"], listed["returns"]["upcoming_version"]) == (2, 3)
    assert not (site / "th/api/returns.json").exists()
    assert listed["complaints"]["text_language"] == "th"


# Answers by date


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_each_boundary_file_names_the_version_of_its_day(site, lang):
    path = f"{PREFIX[lang]}api/returns.json"
    data = load(site, path)
    assert [(d["from"], d["version"]) for d in data["dates"]] == (
        [("2026-03-01", 1), ("2026-12-15", 2), ("2027-03-01", 3)] if lang == "en" else
        [("2026-03-01", 1), ("2026-12-15", 2)])  # version 1: returns as first published
    for i, boundary in enumerate(data["dates"]):
        on_path = resolve(path, boundary["url"])
        on = load(site, on_path)
        assert on["from"] == boundary["from"]
        assert on["until"] == (data["dates"][i + 1]["from"] if i + 1 < len(data["dates"]) else None) \
            or on["until"] < data["dates"][i + 1]["from"]
        version = data["versions"][boundary["version"] - 1]
        assert on["version"]["number"] == version["number"]
        assert resolve(on_path, on["version"]["url"]) == resolve(path, version["url"])
        assert resolve(on_path, on["policy_url"]) == path


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_date_lookup_reads_the_versions_file(site, lang):
    prefix = PREFIX[lang]
    form = soup(site, f"{prefix}returns/").select_one("form[data-policy-date-lookup]")
    api = resolve(f"{prefix}returns/", form["data-policy-versions"])
    assert api == f"{prefix}api/returns.json"
    from_file = [{**e, "url": resolve(api, e["url"])} for e in lookup_entries(load(site, api))]
    embedded = [{**e, "url": resolve(f"{prefix}returns/", e["url"])}
                for e in json.loads(form["data-policy-date-lookup"])]
    assert from_file == embedded


# JSON-LD


def json_ld(site: Path, path: str) -> list[dict]:
    return [json.loads(s.string) for s in soup(site, path).select('script[type="application/ld+json"]')]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_policy_pages_carry_json_ld(site, lang):
    prefix = PREFIX[lang]
    found = json_ld(site, f"{prefix}returns/")
    assert len(found) == 1
    data = found[0]
    assert data["@context"] == "https://schema.org"
    assert "WebPage" in data["@type"] and "DigitalDocument" in data["@type"]
    versions = load(site, f"{prefix}api/returns.json")["versions"]
    assert (data["inLanguage"], data["version"], data["datePublished"]) == (lang, "2", versions[1]["effective_from"])
    assert data["dateModified"] >= data["datePublished"]
    assert data["url"] == f"{SITE_URL}{prefix}returns/"
    title = soup(site, f"{prefix}returns/").select_one("h1").get_text(strip=True).rstrip("¶")
    assert data["name"] == title
    if lang == "en":
        assert "isBasedOn" not in data
    else:
        assert data["isBasedOn"] == f"{SITE_URL}returns/"
    withdrawn = json_ld(site, f"{prefix}gift-cards/")[0]
    assert withdrawn["expires"] == "2026-11-20" and "version" not in withdrawn


def test_json_ld_escapes_what_could_end_the_script(site):
    raw = (site / "gift-cards/index.html").read_text(encoding="utf-8")
    script = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert not {"<", ">", "&", "'"} & set(script)
    assert json_ld(site, "gift-cards/")[0]["name"] == TRICKY_TITLE
    listed = {p["id"]: p for p in load(site, "api/policies.json")["policies"]}
    assert listed["gift-cards"]["title"] == TRICKY_TITLE


def test_listing_and_json_ld_describe_the_text_in_force(site):
    """Returns version 3 (upcoming) has a new title; until it applies, the page shows version 2's."""
    listed = {p["id"]: p for p in load(site, "api/policies.json")["policies"]}
    assert listed["returns"]["title"] == json_ld(site, "returns/")[0]["name"] == "Returns and exchanges"
    assert load(site, "api/returns.json")["title"] == "Returns and exchanges"


def test_version_and_fallback_pages_have_no_json_ld(site):
    assert json_ld(site, "returns/versions/1/") == []
    assert json_ld(site, "th/returns/") == []
    assert json_ld(site, "index.html") == []


# Parallel build


def test_parallel_build_writes_the_same_api_files(site, history, tmp_path):
    repo, _ = history
    out = tmp_path / "parallel"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts/parallel_build.py"), "--strict", "-f",
                           str(repo.root / "mkdocs.yml"), "-d", str(out), "--jobs", "2"], cwd=repo.root,
                          capture_output=True, text=True, timeout=600,
                          env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1", **TODAY})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert api_files(out) == api_files(site)
    for path in api_files(site):
        assert (out / path).read_bytes() == (site / path).read_bytes(), path


# Hashes of texts that are not UTF-8


def test_hash_is_of_the_committed_bytes_even_when_they_are_not_utf8(tmp_path):
    from policy_site.api import blob_hashes
    from policy_site.history import read_history

    repo = GitRepo(tmp_path / "repo")
    (repo.root / "docs/en").mkdir(parents=True)
    raw = {"docs/en/latin.md": b"---\ntitle: Caf\xe9\n---\n\nCaf\xe9 \xa3 5\r\n", "docs/en/plain.md": b"Tea\r\n"}
    for path, data in raw.items():
        (repo.root / path).write_bytes(data)
    repo.git("add", "-A")
    repo.commit(message="Add", date="2026-01-05")
    history = read_history(repo.root / "docs", use_cache=False)
    blobs = {path: history.changes(path.removeprefix("docs/"))[0].blob for path in raw}
    hashes = blob_hashes(history, blobs.values())
    for path, data in raw.items():
        assert hashes[blobs[path]] == hashlib.sha256(data).hexdigest(), path


def test_language_states_follow_an_uncommitted_translation_edit(tmp_path):
    """`mkdocs serve` builds again after an edit that is not committed: the languages' states follow it."""
    from policy_site.api import language_states
    from policy_site.history import read_history

    repo = small_project(tmp_path / "project")
    docs, urls = repo.root / "docs", {"en": "returns/", "ru": "ru/returns/"}

    def ru_state() -> str:
        states = language_states(docs, "returns.md", ["en", "ru"], "en", read_history(docs), urls)
        return {state.language: state.status for state in states}["ru"]

    assert ru_state() == "up_to_date"
    page = docs / "ru/returns.md"
    committed = page.read_text(encoding="utf-8")
    page.write_text(committed.replace("\ntitle:", "\ntranslation: awaiting\ntitle:", 1), encoding="utf-8")
    assert ru_state() == "awaiting"
    page.write_text(committed, encoding="utf-8")
    assert ru_state() == "up_to_date"
