"""Version pages, diffs, date lookup data and upcoming versions, from a real git repository and real builds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from gitrepo import GitRepo
from site_facts import ROOT
from sitebuild import build_site, copy_project, first_front_matter

TODAY = {"POLICY_SITE_TODAY": "2026-11-23"}
EN, TH = "docs/en/returns.md", "docs/th/returns.md"


def set_effective(text: str, day: str) -> str:
    return re.sub(r"^effective: .*$", f"effective: {day}", text, count=1, flags=re.M)


def page(site: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "lxml")


def words(html_or_soup) -> str:
    soup = html_or_soup if isinstance(html_or_soup, BeautifulSoup) else BeautifulSoup(html_or_soup, "lxml")
    for link in soup.select("a.headerlink"):
        link.decompose()
    return " ".join(soup.get_text(" ").split())


def body_of(text: str) -> str:
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def article(soup: BeautifulSoup) -> BeautifulSoup:
    """The policy text on a page: Material's article minus our notices, meta line, history, links and the
    page address that only print shows."""
    node = BeautifulSoup(str(soup.select_one("article.md-content__inner")), "lxml")
    for junk in node.select("[data-policy-notice], [data-policy-meta], [data-policy-history], "
                            "[data-policy-version-links], .md-content__button, a.headerlink, .md-source-file, "
                            ".policy-print-url"):
        junk.decompose()
    return node


_BUILT: dict[str, object] = {}  # shared with tests/test_feeds.py: one repository and one build per session


@pytest.fixture(scope="module")
def versions_repo(tmp_path_factory) -> tuple[GitRepo, dict[str, str]]:
    if "repo" not in _BUILT:
        _BUILT["repo"] = _make_repo(tmp_path_factory)
    return _BUILT["repo"]


def _make_repo(tmp_path_factory) -> tuple[GitRepo, dict[str, str]]:
    """returns.md in en and th: v1 (2026-03-01), a typo fix, v2 (2026-04-01: 30 -> 14 days at the end, and
    in English also in "Our extended 30-day returns", five sections down), a wording fix, v3 (2026-12-15,
    after the build's today: upcoming)."""
    root = copy_project(ROOT, tmp_path_factory.mktemp("versions") / "project")
    repo = GitRepo(root, init=False)
    en = (root / EN).read_text(encoding="utf-8")
    th = (root / TH).read_text(encoding="utf-8")
    commits = {"v1": repo.head()}
    en1 = en + "\nReturns are accepted within 30 days of delivery.\n"
    th1 = th + "\nคืนสินค้าได้ภายใน 30 วันหลังได้รับสินค้า\n"
    commits["typo"] = repo.commit({EN: en1, TH: th1}, "State the return window", date="2026-02-01")
    en2 = set_effective(en1.replace("accepted within 30 days of", "accepted within 14 days of")
                        .replace("return most items within 30 days", "return most items within 14 days"), "2026-04-01")
    th2 = set_effective(th1.replace("ภายใน 30 วันหลัง", "ภายใน 14 วันหลัง"), "2026-04-01")
    en2 = en2.replace("owner: Customer Service", "owner: Customer Service\nchange_summary: The return window is now 14 days.")
    commits["v2"] = repo.commit({EN: en2, TH: th2}, "Shorten the return window", date="2026-03-01")
    en2b = en2 + "\nWording fixed.\n"
    commits["wording"] = repo.commit({EN: en2b}, "Fix wording", date="2026-03-10")
    en3 = set_effective(en2b, "2026-12-15").replace("change_summary: The return window is now 14 days.",
                                                     "change_summary: A new carrier collects returns.")
    en3 += "\nOur new carrier collects returns from your door.\n"
    th3 = set_effective(th2, "2026-12-15") + "\nบริษัทขนส่งใหม่รับสินค้าคืนถึงบ้าน\n"
    commits["v3"] = repo.commit({EN: en3, TH: th3}, "New carrier from December", date="2026-11-20")
    return repo, commits


@pytest.fixture(scope="module")
def versions_site(versions_repo, tmp_path_factory) -> Path:
    if "site" in _BUILT:
        return _BUILT["site"]
    repo, _ = versions_repo
    site = tmp_path_factory.mktemp("versions-site")
    result = build_site(repo.root, site, env=TODAY)
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    _BUILT["site"] = site
    return site


def rendered_at(repo: GitRepo, commit: str, path: str) -> str:
    """The page text of `path` at `commit`, rendered with the site's Markdown setup, as plain words."""
    config = yaml.unsafe_load((repo.root / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions, configs = [], {}
    for item in config["markdown_extensions"]:
        if isinstance(item, dict):
            (name, options), = item.items()
            extensions.append(name)
            configs[name] = options or {}
        else:
            extensions.append(item)
    html = markdown.markdown(body_of(repo.git("show", f"{commit}:{path}")), extensions=extensions,
                             extension_configs=configs)
    return words(html)


@pytest.mark.parametrize("number, commit", [(1, "typo"), (2, "wording"), (3, "v3")])
def test_version_pages_show_the_text_of_their_last_commit(versions_repo, versions_site, number, commit):
    repo, commits = versions_repo
    soup = page(versions_site, f"returns/versions/{number}/index.html")
    assert words(article(soup)) == rendered_at(repo, commits[commit], EN)
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"


def test_thai_version_page_and_banner(versions_repo, versions_site):
    repo, commits = versions_repo
    soup = page(versions_site, "th/returns/versions/1/index.html")
    assert words(article(soup)) == rendered_at(repo, commits["typo"], TH)
    banner = soup.select_one('[data-policy-notice="policy-version"]')
    text = banner.get_text(" ", strip=True)
    assert "1" in text and "มีนาคม" in text  # Thai month names from Babel
    assert banner.select_one("a")["href"] == "../../"
    assert soup.find("html")["lang"] == "th"


def test_banner_names_dates_and_links_current(versions_site):
    old = page(versions_site, "returns/versions/1/index.html")
    banner = old.select_one('[data-policy-notice="policy-version"]').get_text(" ", strip=True)
    assert "This is version 1, in effect from 1 March 2026 to 31 March 2026." in banner
    assert "See the current version" in banner
    in_force = page(versions_site, "returns/versions/2/index.html")
    assert "version 2, in effect since 1 April 2026" in in_force.get_text(" ", strip=True)
    note = in_force.select_one('[data-policy-notice="policy-version"] [data-change-note]')
    assert note.get_text(strip=True) == "The return window is now 14 days."  # its change_summary
    upcoming = page(versions_site, "returns/versions/3/index.html")
    assert "version 3, which takes effect on 15 December 2026" in upcoming.get_text(" ", strip=True)


def test_history_section_links_each_version(versions_site):
    soup = page(versions_site, "returns/index.html")
    links = {int(v["data-version"]): {a["data-link"]: a["href"] for a in v.select("[data-version-links] a")}
             for v in soup.select("[data-policy-history] [data-version]")}
    assert links[1] == {"page": "versions/1/", "diff-current": "versions/1/diff-current/"}
    assert links[2] == {"page": "versions/2/", "diff": "versions/2/diff/"}
    assert links[3] == {"page": "versions/3/", "diff": "versions/3/diff/", "diff-current": "versions/3/diff-current/"}


def test_old_versions_are_not_in_search(versions_site):
    index = (versions_site / "search/search_index.json")
    if not index.exists():
        index = next(versions_site.rglob("search_index.json"))
    locations = [doc["location"] for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]]
    assert not [loc for loc in locations if "versions/" in loc]
    assert any(loc.startswith("returns/") for loc in locations)


def without_sides(soup: BeautifulSoup) -> BeautifulSoup:
    """A diff page as it reads on a phone: without the wide screens' side-by-side copies of edited passages."""
    soup = BeautifulSoup(str(soup), "lxml")
    for sides in soup.select("[data-policy-diff-sides]"):
        sides.decompose()
    return soup


def marks(soup: BeautifulSoup) -> tuple[list[str], list[str]]:
    """The removed and added runs of a diff's text (not of its legend, summary or side-by-side view)."""
    body = without_sides(soup).select_one("[data-policy-diff-body]")
    return [d.get_text() for d in body.select("del")], [i.get_text() for i in body.select("ins")]


def test_diff_marks_exactly_the_changed_words(versions_site):
    soup = page(versions_site, "returns/versions/2/diff/index.html")
    deleted, inserted = marks(soup)
    # A version is compared as it read at its last commit, editorial fixes included.
    assert deleted == ["30", "30"] and inserted == ["14", "14", "Wording fixed."]
    block = without_sides(soup).find(lambda tag: tag.name == "p" and "Returns are accepted" in tag.get_text())
    assert len(block.select("del")) == len(block.select("ins")) == 1
    # The table of time limits and the headings stay as headings and tables.
    assert soup.select("[data-policy-diff] h2") and soup.select("[data-policy-diff] table td")


def test_thai_diff_marks_the_number_only(versions_site):
    deleted, inserted = marks(page(versions_site, "th/returns/versions/2/diff/index.html"))
    assert deleted == ["30"] and inserted == ["14"]
    deleted, inserted = marks(page(versions_site, "th/returns/versions/3/diff/index.html"))
    assert deleted == [] and inserted == ["บริษัทขนส่งใหม่รับสินค้าคืนถึงบ้าน"]


def test_diff_to_current_and_upcoming(versions_site):
    deleted, inserted = marks(page(versions_site, "returns/versions/1/diff-current/index.html"))
    assert deleted == ["30", "30"] and inserted[:2] == ["14", "14"] and "Wording fixed." in inserted
    deleted, inserted = marks(page(versions_site, "returns/versions/3/diff-current/index.html"))
    assert deleted == [] and inserted == ["Our new carrier collects returns from your door."]


def test_pages_comparing_the_same_versions_share_the_comparison_not_the_frame(versions_site):
    """v2 is in force: v2's diff and v1's diff against it compare v1 and v2; v3's diff and v3's diff against
    the version in force compare v2 and v3. Each pair shows one comparison; titles and links stay each page's."""
    def shown(path: str) -> tuple[str, str, list[str]]:
        soup = page(versions_site, path)
        body = soup.select_one("[data-policy-diff-body]")
        summary = soup.select_one("[data-policy-diff-summary]")
        links = [a["href"] for a in soup.select(".policy-diff__links a")]
        return str(summary) + str(body), soup.select_one("article h1").get_text(), links

    for language in ("", "th/"):
        one_two = [shown(f"{language}returns/versions/{n}/{kind}/index.html")
                   for n, kind in ((2, "diff"), (1, "diff-current"))]
        two_three = [shown(f"{language}returns/versions/3/{kind}/index.html") for kind in ("diff", "diff-current")]
        assert one_two[0][0] == one_two[1][0] and two_three[0][0] == two_three[1][0], language
        assert one_two[0][0] != two_three[0][0], language
        assert one_two[0][1] != one_two[1][1] and one_two[0][2] != one_two[1][2], language  # each page's own frame
        assert two_three[0][1] != two_three[1][1], language
    deleted, inserted = marks(page(versions_site, "returns/versions/3/diff/index.html"))
    assert deleted == [] and inserted == ["Our new carrier collects returns from your door."]


def test_upcoming_version_leaves_text_in_force_on_the_current_page(versions_repo, versions_site):
    repo, commits = versions_repo
    soup = page(versions_site, "returns/index.html")
    text = words(article(soup))
    assert "new carrier" not in text and "within 14 days" in text
    assert text == rendered_at(repo, commits["wording"], EN)
    notice = soup.select_one('[data-policy-notice="upcoming-version"]')
    assert "A new version takes effect on 15 December 2026" in notice.get_text(" ", strip=True)
    assert notice.select_one("a")["href"] == "versions/3/diff-current/"
    thai = page(versions_site, "th/returns/index.html")
    assert "บริษัทขนส่งใหม่" not in words(article(thai))
    assert thai.select_one('[data-policy-notice="upcoming-version"]') is not None


def test_diff_summary_links_resolve_to_the_changed_passages(versions_site):
    soup = page(versions_site, "returns/versions/2/diff/index.html")
    summary = soup.select_one("[data-policy-diff-summary]")
    assert summary.select_one("h2").get_text(strip=True) == "3 passages changed"
    links = summary.select("ol > li > a")
    assert [a.get_text(strip=True) for a in links] == [
        "Our extended 30-day returns", "Questions about returns", "Questions about returns"]
    for link in links:
        assert link["href"].startswith("#"), link
        target = soup.find(id=link["href"][1:])
        assert target is not None, f"{link['href']} points to nothing"
        assert target.find_parent("details") is None, f"{link['href']} is folded away"
        assert target.select("ins"), f"{link['href']} is not a changed passage"
        assert target.select_one(".policy-diff__marker") is not None
    first = soup.find(id=links[0]["href"][1:])
    old, new = first.select_one('[data-side="old"]'), first.select_one('[data-side="new"]')
    assert old.select_one(".policy-diff__side-label").get_text() == "Version 1"
    assert [d.get_text() for d in old.select("del")] == ["30"] and not old.select("ins")
    assert [i.get_text() for i in new.select("ins")] == ["14"] and not new.select("del")
    first = without_sides(soup).find(id=links[0]["href"][1:])
    assert [d.get_text() for d in first.select("del")] == ["30"] and [i.get_text() for i in first.select("ins")] == ["14"]
    assert "within 30 → 14 days of delivery" in " ".join(first.get_text(" ").split())
    # Removed and added numbers never run together.
    assert "3014" not in words(soup)
    assert "3014" not in "".join(soup.select_one("[data-policy-diff-body]").get_text().split())


def test_diff_folds_unchanged_sections(versions_site):
    soup = page(versions_site, "returns/versions/2/diff/index.html")
    body = soup.select_one("[data-policy-diff-body]")
    folds = body.select("details[data-policy-diff-fold]")
    assert len(folds) == 2 and all(not fold.has_attr("open") for fold in folds)
    assert "Time limits at a glance" in folds[0].select_one("summary").get_text()
    assert folds[0].select_one("table") is not None and not folds[0].select("del, ins")
    headings = [h.get_text(strip=True) for h in body.select("h2, h3")]
    unfolded = [h.get_text(strip=True) for h in body.select("h2, h3") if h.find_parent("details") is None]
    assert unfolded == ["Our extended 30-day returns", "Questions about returns"]
    assert len(headings) > 8  # every section is still on the page, folded or not
    # Everything outside the folds has a change in its section.
    for section in body.select(":scope > .policy-diff__section"):
        assert section.select("del, ins"), section


def test_thai_diff_summary(versions_site):
    soup = page(versions_site, "th/returns/versions/2/diff/index.html")
    summary = soup.select_one("[data-policy-diff-summary]")
    assert summary.select_one("h2").get_text(strip=True) == "มีการเปลี่ยนแปลง 1 ส่วน"
    (link,) = summary.select("ol > li > a")
    target = without_sides(soup).find(id=link["href"][1:])
    assert [d.get_text() for d in target.select("del")] == ["30"] and [i.get_text() for i in target.select("ins")] == ["14"]
    assert target.find_parent("details") is None
    assert "3014" not in words(soup)
    assert soup.select("details[data-policy-diff-fold] summary")[0].get_text().startswith("ไม่มีการเปลี่ยนแปลง: ")


def lookup(site: Path, relative: str) -> list[dict]:
    form = page(site, relative).select_one("form[data-policy-date-lookup]")
    return json.loads(form["data-policy-date-lookup"])


def version_on(data: list[dict], day: str) -> int | None:
    """What policy-date-lookup.js does with the data."""
    found = [v["number"] for v in data if v["from"] <= day and (v["to"] is None or day <= v["to"])]
    return found[-1] if found else None


def test_date_lookup_data_at_the_boundaries(versions_site):
    data = lookup(versions_site, "returns/index.html")
    assert [(v["from"], v["to"], v["url"]) for v in data] == [
        ("2026-03-01", "2026-03-31", "versions/1/"), ("2026-04-01", "2026-12-14", "versions/2/"),
        ("2026-12-15", None, "versions/3/")]
    assert version_on(data, "2026-02-28") is None
    assert version_on(data, "2026-03-01") == 1
    assert version_on(data, "2026-03-31") == 1
    assert version_on(data, "2026-04-01") == 2
    assert version_on(data, "2026-12-14") == 2
    assert version_on(data, "2026-12-15") == 3


def test_old_links_that_broke_and_full_versions_limit(tmp_path):
    """An old version linking to a deleted page and a vanished heading still builds with --strict;
    `full_versions: 0` renders no past version as a page, but keeps its diffs and dates."""
    root = copy_project(ROOT, tmp_path / "project")
    repo = GitRepo(root, init=False)
    source = (root / EN).read_text(encoding="utf-8")
    extra = "\nSee [the old rules](old-rules.md) and [our hours](contact.md#no-such-heading).\n"
    repo.commit({EN: source + extra, "docs/en/old-rules.md": "---\npolicy: false\n---\n\n# Old rules\n"},
                "Link the old rules", date="2026-01-10")
    repo.commit({EN: set_effective(source, "2026-05-01"), "docs/en/old-rules.md": None},
                "Drop the old rules", date="2026-04-01")
    first = build_site(root, tmp_path / "site", env=TODAY)
    assert first.returncode == 0, first.output
    old = page(tmp_path / "site", "returns/versions/1/index.html")
    text = words(article(old))
    assert "See the old rules (link no longer available) and our hours" in text
    assert not old.select('article a[href*="old-rules"]')
    assert old.select_one('article a[href$="contact/#no-such-heading"]') is not None

    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    history: true\n", "    history: true\n    full_versions: 0\n", 1), encoding="utf-8")
    repo.commit({"mkdocs.yml": config.read_text(encoding="utf-8")}, "Render fewer versions", date="2026-04-02")
    limited = build_site(root, tmp_path / "limited", env=TODAY)
    assert limited.returncode == 0, limited.output
    assert not (tmp_path / "limited/returns/versions/1").joinpath("index.html").exists()
    assert (tmp_path / "limited/returns/versions/2/diff/index.html").exists()
    assert (tmp_path / "limited/returns/versions/1/diff-current/index.html").exists()
    data = lookup(tmp_path / "limited", "returns/index.html")
    assert [(v["number"], v["url"]) for v in data] == [(1, "versions/1/diff-current/"), (2, "versions/2/")]


def test_hub_lists_upcoming_changes(versions_site):
    # The copy publishes every page as it was first published: the policies whose first effective date is
    # after today (the new delivery and accessibility policies) are upcoming too, besides returns version 3.
    expected = {"returns": "2026-12-15"}
    for path, front in first_front_matter(ROOT).items():
        effective = yaml.safe_load(front).get("effective")
        if path.startswith("docs/en/") and path != EN and effective and str(effective) > TODAY["POLICY_SITE_TODAY"]:
            expected[Path(path).stem] = str(effective)
    assert len(expected) > 1
    for hub, language_word in (("index.html", "Upcoming changes"), ("th/index.html", "การเปลี่ยนแปลง")):
        block = page(versions_site, hub).select_one("[data-policy-upcoming]")
        assert block is not None and language_word in block.get_text(), hub
        shown = {}
        for item in block.select("li"):
            href = item.select_one("a")["href"]
            shown[href.split("/")[0]] = item.select_one("time")["datetime"]
            if href.startswith("returns/"):
                assert "versions/3/" in href, href
        assert shown == expected, hub


def _with_summary(text: str, day: str, summary: str) -> str:
    """`text` taking effect on `day`, with `summary` as its change_summary (replacing the previous one)."""
    text = re.sub(r"^change_summary: .*\n", "", set_effective(text, day), count=1, flags=re.M)
    return text.replace("\n---\n", f"\nchange_summary: \"{summary}\"\n---\n", 1)


def test_a_version_replaced_the_next_day_reads_as_in_effect_on_that_day_only(tmp_path):
    """Version 2 takes effect on 1 April and version 3 on 2 April: version 2 applied on one day, which the
    history and its page say in each language ("on 1 April only"), never "from 1 April to 1 April"."""
    root = copy_project(ROOT, tmp_path / "project")
    repo = GitRepo(root, init=False)
    lv_path = "docs/lv/returns.md"
    en, lv = (root / EN).read_text(encoding="utf-8"), (root / lv_path).read_text(encoding="utf-8")
    repo.commit({EN: _with_summary(en, "2026-04-01", "Refunds within 7 days.") + "\nRefunds within 7 days.\n",
                 lv_path: _with_summary(lv, "2026-04-01", "Naudu atmaksājam 7 dienās.") + "\nNaudu atmaksājam 7 dienās.\n"},
                "Refund within 7 days", date="2026-03-10")
    repo.commit({EN: _with_summary(en, "2026-04-02", "Refunds within 5 days.") + "\nRefunds within 5 days.\n",
                 lv_path: _with_summary(lv, "2026-04-02", "Naudu atmaksājam 5 dienās.") + "\nNaudu atmaksājam 5 dienās.\n"},
                "Refund within 5 days", date="2026-03-20")
    result = build_site(root, tmp_path / "site", env=TODAY)
    assert result.returncode == 0, result.output
    expected = {  # language prefix: (version 2 in the history, its page's banner), written by hand
        "": ("In effect on 1 April 2026 only", "This is version 2, in effect on 1 April 2026 only."),
        "lv/": ("Bija spēkā tikai 2026. gada 1. aprīlī", "Šī ir 2. versija, kas bija spēkā tikai 2026. gada 1. aprīlī."),
    }
    for prefix, (listed, banner) in expected.items():
        history = page(tmp_path / "site", f"{prefix}returns/index.html")
        shown = {int(v["data-version"]): " ".join(v.select_one(".policy-history__effective").get_text(" ").split())
                 for v in history.select("[data-policy-history] [data-version]")}
        assert shown[2] == listed, (prefix, shown)
        assert history.select_one('[data-version="2"] .policy-history__effective time')["datetime"] == "2026-04-01"
        assert " to " in shown[1] or " līdz " in shown[1], shown  # a version in effect longer keeps its range
        version_page = page(tmp_path / "site", f"{prefix}returns/versions/2/index.html")
        notice = version_page.select_one('[data-policy-notice="policy-version"]').get_text(" ", strip=True)
        assert banner in " ".join(notice.split()), notice
