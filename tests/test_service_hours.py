"""Service hours as data (issue 17 item 5): the contact policy's hours and response times in every language,
on old version pages as they were, in diffs as each version shows them, as JSON-LD, with file:line errors for
bad data, and scripts/check."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gitrepo import GitRepo
from editor_tools import commit_all, replace_in, run_script, tool_project
from hours_site import CONTACT, ORIGINAL, with_hours
from sitebuild import BuiltSite, build_site, copy_project
from site_facts import ROOT
from test_versions_pages import marks, without_sides

import sys

sys.path.insert(0, str(ROOT / "hooks"))
from policy_site.validation import check_page  # noqa: E402

LUNCH = ORIGINAL.replace('effective: 2026-12-02', 'effective: 2027-01-15', 1).replace(
    '      mon: ["09:00-18:00"]', '      mon: ["09:00-13:00", "14:00-18:00"]', 1)
# By hand, from Babel's CLDR data and the messages: (Monday, Saturday, closed, the e-mail row's reply time).
EXPECTED = {
    "en": ("Monday", "Saturday", "Closed", "Within 1 business day"),
    "ru": ("понедельник", "суббота", "Выходной", "В течение 1 рабочего дня"),
    "be": ("панядзелак", "субота", "Выхадны", "На працягу 1 працоўнага дня"),
    "th": ("วันจันทร์", "วันเสาร์", "ปิด", "ภายใน 1 วันทำการ"),
    "et": ("esmaspäev", "laupäev", "Suletud", "1 tööpäeva jooksul"),
    "lv": ("Pirmdiena", "Sestdiena", "Slēgts", "1 darba dienas laikā"),
}
POST = {"en": "Within 2 business days", "ru": "В течение 2 рабочих дней", "lv": "2 darba dienu laikā",
        "et": "2 tööpäeva jooksul", "be": "На працягу 2 працоўных дзён", "th": "ภายใน 2 วันทำการ"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuiltSite:
    """v1: the copy (no data); v2 (2026-12-02): the sample's hours in every language; v3 (2027-01-15): English
    only, a lunch break on Mondays. On 2027-02-01 the translations still follow v2."""
    project = copy_project(ROOT, tmp_path_factory.mktemp("project"))
    repo = with_hours(project)
    repo.commit({f"docs/en/{CONTACT}": LUNCH.replace(
        'change_summary: "', 'change_summary: "Phone and chat now close for lunch on Mondays. ', 1)},
        message="Lunch break on Mondays", date="2026-12-10")
    out = tmp_path_factory.mktemp("site")
    result = build_site(project, out, env={"POLICY_SITE_TODAY": "2027-02-01"})
    assert result.returncode == 0, result.output
    return BuiltSite(out, result)


def table(soup) -> dict[str, list[str]]:
    """The hours table: row heading (the day) -> its cells."""
    found = soup.select_one("[data-policy-hours] table")
    assert found is not None, "no hours table"
    return {row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
            for row in found.select("tbody tr")}


@pytest.mark.parametrize("lang", list(EXPECTED))
def test_hours_table_and_response_times_in_each_language(site: BuiltSite, lang: str):
    monday, saturday, closed, reply = EXPECTED[lang]
    soup = site.soup(f"{'' if lang == 'en' else lang + '/'}contact/index.html")
    rows = table(soup)
    assert list(rows)[0] == monday and list(rows)[5] == saturday
    # English is at v3 (lunch break); the translations follow v2 and show v2's hours, not v3's.
    assert rows[monday][0] == ("09:00–13:00, 14:00–18:00" if lang == "en" else "09:00–18:00")
    assert rows[saturday] == ["10:00–15:00", closed, "10:00–16:00"]
    responses = [[td.get_text(strip=True) for td in tr.select("td")]
                 for tr in soup.select("[data-policy-response-times] tbody tr")]
    assert responses[2][1] == reply and responses[4][1] == POST[lang]
    assert "<!-- service-hours -->" not in str(soup) and "<!-- response-times -->" not in str(soup)


def test_old_version_pages_show_the_hours_as_they_were(site: BuiltSite):
    v2 = site.soup("contact/versions/2/index.html")
    assert table(v2)["Monday"][0] == "09:00–18:00"
    assert v2.select_one("#policy-hours-data") is None  # no live badge on a page that is not in force
    assert v2.select_one("[data-policy-hours-badges]") is None
    v1 = site.soup("contact/versions/1/index.html")  # the copy's first version had no data: prose only
    assert v1.select_one("[data-policy-hours]") is None
    assert table(site.soup("contact/versions/3/index.html"))["Monday"][0] == "09:00–13:00, 14:00–18:00"


def test_json_ld_and_badge_data_of_the_page_in_force(site: BuiltSite):
    soup = site.soup("contact/index.html")
    documents = [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]
    organisation = next(d for d in documents if d.get("@type") == "Organization")
    phone = next(p for p in organisation["contactPoint"] if p["contactType"] == "Phone, live chat")
    hours = phone["hoursAvailable"]
    assert {"@type": "OpeningHoursSpecification", "dayOfWeek": ["https://schema.org/Monday"],
            "opens": "09:00", "closes": "13:00"} in hours
    assert {"@type": "OpeningHoursSpecification", "dayOfWeek": [f"https://schema.org/{d}" for d in (
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday")], "opens": "14:00", "closes": "18:00"} not in hours
    assert {"@type": "OpeningHoursSpecification", "validFrom": "2026-12-25", "validThrough": "2026-12-25",
            "opens": "00:00", "closes": "00:00"} in hours
    store = organisation["department"][0]
    assert store["@type"] == "Store" and store["name"] == "Showroom"
    data = json.loads(site.soup("lv/contact/index.html").select_one("#policy-hours-data").string)
    assert data["timeZone"] == "Europe/Riga" and data["days"][0] == "pirmdiena"
    assert data["text"]["open"] == "Tagad atvērts · līdz plkst. {time}"
    assert data["schedules"][0]["week"][0] == [[540, 1080, "09:00", "18:00"]]


def _line(text: str, needle: str) -> int:
    return text.split("\n").index(next(line for line in text.split("\n") if needle in line)) + 1


def test_bad_hours_fail_the_build_with_file_line_and_fix(tmp_path: Path):
    project = copy_project(ROOT, tmp_path / "project")
    bad = ORIGINAL.replace('      tue: ["09:00-18:00"]', '      tue: ["9:00-18:00"]', 1)
    with_hours(project).commit({f"docs/en/{CONTACT}": bad}, message="A typo", date="2026-11-30")
    result = build_site(project, tmp_path / "site", env={"POLICY_SITE_TODAY": "2026-12-05"})
    assert result.returncode != 0
    line = _line(bad, '"9:00-18:00"')
    assert f"docs/en/contact.md:{line}: `service_hours.schedules.tue: 9:00-18:00` is not in the expected form" \
        in result.output, result.output
    assert 'fix: an interval "HH:MM-HH:MM" in quotes' in result.output
    assert "Traceback" not in result.output


def test_old_data_that_no_longer_reads_is_a_notice_and_the_text_stays(tmp_path: Path):
    """History cannot be fixed: a version whose data the rules of today cannot read builds without its table."""
    project = copy_project(ROOT, tmp_path / "project")
    broken = ORIGINAL.replace("  schedules:\n", "  schedules: every day\n  old_schedules:\n", 1).replace(
        "effective: 2026-12-02", "effective: 2026-11-25", 1)
    repo = GitRepo(project, init=False)
    repo.commit({f"docs/en/{CONTACT}": broken}, message="Hours before the schema", date="2026-11-20")
    repo.commit({f"docs/en/{CONTACT}": ORIGINAL}, message="Hours as the schema wants them", date="2026-11-29")
    result = build_site(project, tmp_path / "site", env={"POLICY_SITE_TODAY": "2026-12-05"})
    assert result.returncode == 0, result.output
    assert "NOTICE  -  en/contact.v2.md: the service hours of the en version of 2026-11-25 cannot be read" in \
        result.output, result.output
    assert "NOTICE  -  en/contact.md: the service hours of its version of 2026-11-25 cannot be read; diffs compare " \
        "that version's text without them" in result.output, result.output
    site = BuiltSite(tmp_path / "site", result)
    old = site.soup("contact/versions/2/index.html")
    assert old.select_one("[data-policy-hours]") is None and "Outside staffed hours" in old.get_text()
    assert table(site.soup("contact/index.html"))["Monday"] == ["09:00–18:00", "09:00–18:00", "10:00–19:00"]


def test_data_in_a_translation_is_refused_not_ignored(tmp_path: Path):
    project = copy_project(ROOT, tmp_path / "project")
    ru = (ROOT / "docs" / "ru" / CONTACT).read_text(encoding="utf-8")
    copied = ru.replace("\n---\n", "\nresponse_times:\n  phone: {minutes: 1}\n---\n", 1)
    with_hours(project).commit({f"docs/ru/{CONTACT}": copied}, message="A copied number", date="2026-11-30")
    result = build_site(project, tmp_path / "site", env={"POLICY_SITE_TODAY": "2026-12-05"})
    assert result.returncode != 0
    assert "docs/ru/contact.md: response_times in a translation is not used: every language shows the data of " \
           "the en page\n    fix: delete it here; change the data in docs/en/contact.md" in result.output, result.output


@pytest.mark.parametrize("old, new, needle, message", [
    ("time_zone: Europe/Riga", "time_zone: Europe/Atlantis", "Europe/Atlantis",
     "`service_hours.time_zone: Europe/Atlantis` is not a time zone"),
    ('      wed: ["09:00-18:00"]', '      wed: ["14:00-18:00", "09:00-13:00"]', '"14:00-18:00"',
     "the hours of `wed` in schedule 1 are not in order: 14:00-18:00, 09:00-13:00"),
    ('      thu: ["09:00-18:00"]', '      thu: ["18:00-09:00"]', '"18:00-09:00"',
     "the hours of `thu` in schedule 1 are not in order: 18:00-09:00"),
    ("    - channels: [showroom]", "    - channels: [showroom, phone]", "[showroom, phone]",
     "channel `phone` has hours in two schedules"),
    ('      fri: ["09:00-18:00"]', "      fri: 09:00-18:00", "fri: 09:00-18:00",
     "`service_hours.schedules.fri` must be a list, not text"),
    ("  post: {business_days: 2}", "  post: {business_days: 45}", "business_days: 45",
     "`response_times.post.business_days`: 45 is greater than the maximum of 30"),
    ("  post: {business_days: 2}", "  fax: {business_days: 2}", "fax:", "`response_times` cannot be `fax`"),
    ("    - channels: [showroom]", "    - channels: [showroom]\n      holiday: []", "holiday:",
     "`service_hours.schedules` has an unknown key `holiday`"),
])
def test_bad_data_names_its_line(old: str, new: str, needle: str, message: str):
    text = ORIGINAL.replace(old, new, 1)
    assert text != ORIGINAL
    problems = [str(p) for p in check_page("en/contact.md", text, ["Customer Service"], shown_as="docs/en/contact.md")]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"docs/en/contact.md:{_line(text, needle)}: {message}"), problems


def test_check_flags_hours_and_reply_times_that_disagree_with_the_data(tmp_path: Path):
    project = tool_project(tmp_path / "project")
    with_hours(project, date="2026-01-06")
    docs = project / "docs"
    # The sample links to the hours; an editor writes them out again, once wrong and once right.
    replace_in(docs / "ru" / "complaints.md", "+371 6000 0000 в [часы работы](contact.md#service-hours);",
               "+371 6000 0000 с 09:00 до 17:00 ([часы работы](contact.md#service-hours));")
    replace_in(docs / "ru" / "complaints.md", "в чате в [часы работы](contact.md#service-hours),",
               "в чате с 09:00 до 18:00 ([часы работы](contact.md#service-hours)),")
    replace_in(docs / "en" / "accessibility.md", "a personal reply within 1 business day",
               "a personal reply within 3 business days")
    replace_in(docs / "lv" / "customer-service.md", "Atbildam vidēji 3 minūšu laikā", "Atbildam vidēji 5 minūšu laikā")
    commit_all(project, "Hours that disagree")
    result = run_script(project, "check", "--today", "2026-01-07", "--base", "HEAD~1")
    assert result.returncode == 1
    section = result.output.split("\n== service hours\n", 1)[1].split("\n\n", 1)[0]
    ru = (docs / "ru" / "complaints.md").read_text(encoding="utf-8")
    en = (docs / "en" / "accessibility.md").read_text(encoding="utf-8")
    assert f"error: docs/ru/complaints.md:{_line(ru, 'с 09:00 до 17:00')}: `09:00 до 17:00` is not an opening " \
           "interval in the service hours of en/contact.md" in section, section
    assert "fix: link to contact.md#service-hours instead of repeating the hours, or correct it to one of: " \
           "09:00–18:00, 10:00–15:00, 10:00–16:00, 10:00–19:00" in section
    assert f"error: docs/en/accessibility.md:{_line(en, 'within 3 business days')}: 3 business day(s) for email or " \
           "contact_form disagrees with the response times of en/contact.md (1)" in section, section
    lv = (docs / "lv" / "customer-service.md").read_text(encoding="utf-8")
    assert f"error: docs/lv/customer-service.md:{_line(lv, 'vidēji 5 minūšu')}: 5 minute(s) for phone disagrees with " \
           "the response times of en/contact.md (3)\n    fix: link to contact.md#response-times" in section, section
    assert section.count("error: ") == 3, section  # every other statement of the sample agrees
    assert re.search(r"^  service hours\s+3 errors$", result.output, re.M)


# --- diffs compare the hours each version shows (not its empty markers) -------------------------------

SATURDAY = {"en": "Saturday", "ru": "суббота", "lv": "Sestdiena"}
SHORTER = {  # a new version whose only change is in the data: the phone line closes an hour earlier on Saturdays
    "en": "The phone line and live chat now close at 14:00 on Saturdays.",
    "ru": "По субботам телефон и чат теперь работают до 14:00.",
    "lv": "Sestdienās tālrunis un tērzēšana tagad strādā līdz 14:00.",
}


def _texts(lang: str) -> str:
    return (ROOT / "docs" / lang / CONTACT).read_text(encoding="utf-8")


def _earlier_saturday(text: str) -> str:
    changed = text.replace('      sat: ["10:00-15:00"]', '      sat: ["10:00-14:00"]', 1)
    assert changed != text
    return changed


def _sides(cell) -> tuple[str, str]:
    """(old, new) text of a cell of a diff, as the two versions read."""
    old, new = BeautifulSoup(str(cell), "lxml"), BeautifulSoup(str(cell), "lxml")
    for tag in old.select("ins, .policy-diff__arrow, .policy-diff__marker"):  # " → ", "Change 1"
        tag.decompose()
    for tag in new.select("del, .policy-diff__arrow, .policy-diff__marker"):
        tag.decompose()
    return old.get_text(strip=True), new.get_text(strip=True)


def cells_of_row(soup, day: str) -> list[tuple[str, str]]:
    """(old, new) text of each cell in the diff's table row headed `day` in the new version."""
    body = without_sides(soup).select_one("[data-policy-diff-body]")
    for row in body.select("table tr"):
        cells = row.select("th, td")
        if cells and _sides(cells[0])[1] == day:
            return [_sides(cell) for cell in cells[1:]]
    raise AssertionError(f"no row {day!r} in the diff")


def test_a_change_of_the_data_alone_shows_in_the_diff(tmp_path: Path):
    """v3 (2027-01-15) changes nothing but Saturday's phone hours in the data: the diff shows 15:00 -> 14:00."""
    project = copy_project(ROOT, tmp_path / "project")
    repo = with_hours(project)
    texts = {}
    for lang, summary in SHORTER.items():
        text = re.sub(r'^change_summary: ".*"$', f'change_summary: "{summary}"',
                      _texts(lang).replace("effective: 2026-12-02", "effective: 2027-01-15", 1), count=1, flags=re.M)
        text = re.sub(r'^applies_sooner: ".*"\n', "", text, count=1, flags=re.M)
        texts[f"docs/{lang}/{CONTACT}"] = _earlier_saturday(text) if lang == "en" else text
    repo.commit(texts, message="Phone and chat close earlier on Saturdays", date="2026-12-10")
    result = build_site(project, tmp_path / "site", env={"POLICY_SITE_TODAY": "2027-02-01"})
    assert result.returncode == 0, result.output
    site = BuiltSite(tmp_path / "site", result)
    for lang in ("en", "ru", "lv"):
        soup = site.soup(f"{'' if lang == 'en' else lang + '/'}contact/versions/3/diff/index.html")
        deleted, inserted = marks(soup)
        assert (deleted, inserted) == (["15"], ["14"]), (lang, deleted, inserted)
        assert cells_of_row(soup, SATURDAY[lang])[0] == ("10:00–15:00", "10:00–14:00")
        assert soup.select_one(".policy-diff__none") is None


def test_prose_replaced_by_the_data_is_not_shown_as_deleted(tmp_path: Path):
    """The sample's contact version of 2026-12-02 replaced the hours prose by the markers: its diff must add
    the table the page shows, not only delete the prose."""
    found = subprocess.run(["git", "-C", str(ROOT), "log", "-n1", "--format=%H", "-S<!-- service-hours -->", "--",
                            f"docs/en/{CONTACT}"], capture_output=True, text=True, check=True).stdout.strip()
    prose = {}
    for lang in EXPECTED:
        shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{found}^:docs/{lang}/{CONTACT}"],
                               capture_output=True, text=True, check=True).stdout
        assert "<!-- service-hours -->" not in shown and "10:00–15:00" in shown
        prose[f"docs/{lang}/{CONTACT}"] = shown
    project = copy_project(ROOT, tmp_path / "project")
    GitRepo(project, init=False).commit(prose, message="Contact with its hours as prose", date="2026-11-20")
    with_hours(project)
    result = build_site(project, tmp_path / "site", env={"POLICY_SITE_TODAY": "2026-12-05"})
    assert result.returncode == 0, result.output
    site = BuiltSite(tmp_path / "site", result)
    for lang in ("en", "ru"):
        monday, saturday, closed, reply = EXPECTED[lang]
        soup = site.soup(f"{'' if lang == 'en' else lang + '/'}contact/versions/3/diff/index.html")
        deleted, _ = marks(soup)
        assert any("10:00–15:00" in text for text in deleted)  # the prose that said it
        assert cells_of_row(soup, saturday) == [("", "10:00–15:00"), ("", closed), ("", "10:00–16:00")]
        assert cells_of_row(soup, monday)[2] == ("", "10:00–19:00")
        body = without_sides(soup).select_one("[data-policy-diff-body]")
        assert reply in [_sides(cell)[1] for cell in body.select("td")]  # the response times, on the new side


def test_a_warm_build_shows_new_data_in_the_diff_not_the_stored_one(tmp_path: Path):
    """The bodies of both sides stay the same; only the data of the version they show changes (an editorial
    commit keeping `effective`). The render cache must not serve the diff of the first build."""
    project = copy_project(ROOT, tmp_path / "project")
    repo = with_hours(project)
    env = {"POLICY_SITE_TODAY": "2026-12-05", "POLICY_SITE_CACHE": ""}
    first = build_site(project, tmp_path / "first", env=env)
    assert first.returncode == 0, first.output
    assert (project / ".cache" / "policy-site").is_dir()
    before = BuiltSite(tmp_path / "first", first).soup("ru/contact/versions/2/diff/index.html")
    assert cells_of_row(before, "суббота")[0] == ("", "10:00–15:00")
    repo.commit({f"docs/en/{CONTACT}": _earlier_saturday(_texts("en"))}, message="Saturday hours corrected",
                date="2026-11-30")
    second = build_site(project, tmp_path / "second", env=env)
    assert second.returncode == 0, second.output
    assert re.search(r"ru: \d+ diff pages from the cache, \d+ rendered; whole pages [1-9]", second.output), \
        second.output  # other pages came from the cache: it was used, and did not serve the stale diff
    site = BuiltSite(tmp_path / "second", second)
    assert cells_of_row(site.soup("ru/contact/versions/2/diff/index.html"), "суббота")[0] == ("", "10:00–14:00")
    assert cells_of_row(site.soup("contact/versions/2/diff/index.html"), "Saturday")[0] == ("", "10:00–14:00")
