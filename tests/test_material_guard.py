"""The material-change guard: a change in substance needs a new effective date or an editorial reason.

The rule (policy_site.material) is tested on rendered text; the guard (policy_site.pull_request) on
real git repositories; scripts/check and the register on a real copy of the project.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from editor_tools import ScriptResult, replace_in, run_script, set_field, tool_project
from gitrepo import GitRepo
from policy_site.edit_log import edit_logs
from policy_site.material import material_changes, numbers, render, sentences
from policy_site.pull_request import check_changes
from site_facts import source_locale
from sitebuild import BuiltSite, build_site

SOURCE = source_locale()
EXTENSIONS = ["toc", "admonition", "attr_list", "def_list", "tables", "pymdownx.details", "pymdownx.superfences"]


def changes(old: str, new: str) -> list[str]:
    return [str(t) for t in material_changes(render(old, EXTENSIONS), render(new, EXTENSIONS))]


# --- the rule -------------------------------------------------------------------------------------

def test_a_changed_number_is_material_and_shows_its_words():
    assert changes("Send it back within 30 days. We pay the label.",
                   "Send it back within 14 days. We pay the label.") == ['"30 days" → "14 days" (number changed)']


@pytest.mark.parametrize("old, new", [
    ("You can return most items within 30 days of delivery.", "You can return most items within 30 days of delivery."),
    ("We refund you once we recieve the item.", "We refund you once we receive the item."),  # typo
    ("We give you more time than the law requires.", "We give you more time than required by law."),  # rewording
    ("We refund you within 14 days, and the refund usually takes 5 business days. Keep the receipt.",
     "We refund you within 14 days. The refund usually takes 5 business days. Keep the receipt."),  # split
    ("Hand the parcel to the carrier. Keep the receipt.", "Hand the parcel to the carrier and keep the receipt."),
    ("We refund **14 days** after [delivery](a.md).", "We refund 14 days after *delivery*."),  # Markdown only
    ("- Phone: +371 6000 0000\n- E-mail: care@x.example\n", "- E-mail: care@x.example\n- Phone: +371 6000 0000\n"),
])
def test_typos_rewording_markup_and_moves_are_not_material(old, new):
    assert changes(old, new) == []


def test_added_and_removed_structure_and_sentences_are_material():
    assert changes("- by e-mail;\n- by phone.\n", "- by e-mail;\n- by phone;\n- by post.\n") == [
        '"by post." (list item added)']
    assert changes("## Refunds\n\nText.\n\n## Exchanges\n\nMore.\n", "## Refunds\n\nText.\n\nMore.\n") == [
        '"Exchanges" (heading removed)']
    table = "| Situation | Limit |\n| --- | --- |\n| Showroom | 30 days |\n"
    assert changes(table, table + "| Faulty goods | 2 years |\n") == ['"Faulty goods | 2 years" (table row added)']
    assert changes("We refund you. Keep the receipt.", "We refund you. You pay for return shipping. Keep the receipt.") \
        == ['"You pay for return shipping." (sentence added)']
    assert changes("We refund you. We collect large furniture from your home.", "We refund you.") == [
        '"We collect large furniture from your home." (sentence removed)']


def test_a_split_sentence_still_shows_a_changed_number():
    assert changes("We refund you within 14 days, and it usually takes 5 business days.",
                   "We refund you within 14 days. It usually takes 7 business days.") == [
        '"5 business" → "7 business" (number changed)']


def test_swapped_numbers_are_paired_by_their_sentences():
    assert changes("Refund within 14 days. Send within 30 days.", "Refund within 30 days. Send within 14 days.") == [
        '"14 days" → "30 days" (number changed)', '"30 days" → "14 days" (number changed)']


@pytest.mark.parametrize("text, expected", [
    ("EUR 6 or €6.50, 25% off, on 2026-03-01 at 10:00", ["6", "€6.50", "25%", "2026-03-01", "10:00"]),
    ("call +371 6000 0000", ["+371", "6000", "0000"]),
    ("ภายใน30วัน หรือ ๑๔ วัน", ["30", "๑๔"]),
])
def test_number_tokens(text, expected):
    assert numbers(text) == expected


THAI = "เราคืนเงินให้คุณภายใน 14 วัน หลังจากที่เราได้รับสินค้าคืน"


def test_thai_clauses_and_numbers_without_spaces_between_words():
    assert sentences(THAI) == ["เราคืนเงินให้คุณภายใน 14 วัน", "หลังจากที่เราได้รับสินค้าคืน"]
    assert changes(THAI, THAI.replace("14", "30")) == ['"14 วัน" → "30 วัน" (number changed)']
    [glued] = changes("ภายใน14วันหลังจากที่เราได้รับสินค้าคืน", "ภายใน30วันหลังจากที่เราได้รับสินค้าคืน")
    assert re.fullmatch(r'"14วัน[^"]*" → "30วัน[^"]*" \(number changed\)', glued), glued  # with the word after it
    assert changes(THAI, THAI + " คุณเป็นผู้ชำระค่าส่งคืน") == ['"คุณเป็นผู้ชำระค่าส่งคืน" (sentence added)']
    assert changes(THAI, THAI.replace("สินค้าคืน", "สินค้าคืนแล้ว")) == []  # a word added to a long clause


# --- the guard on real repositories ---------------------------------------------------------------

def page(body: str, effective: str = "2026-01-01", **extra: str) -> str:
    lines = "".join(f"{key}: {value}\n" for key, value in extra.items())
    return (f"---\ntitle: Returns\nsummary: S.\neffective: {effective}\nlast_reviewed: 2026-01-01\n"
            f"review_by: 2027-01-01\nowner: Legal\n{lines}---\n# Returns\n\n{body}\n")


BODY = "Send it back within 30 days. We pay the label."
CHANGED = BODY.replace("30", "14")


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.commit({"docs/en/returns.md": page(BODY), "docs/ru/returns.md": page(BODY)}, "Publish")
    repo.branch("edit")
    return repo


def guard(repo: GitRepo) -> list[str]:
    return [str(p) for p in check_changes(repo.root / "docs", "en", repo.head("main"), EXTENSIONS)]


def test_guard_compares_the_work_tree_with_the_base(repo: GitRepo):
    repo.write("docs/en/returns.md", page(CHANGED))  # uncommitted counts too
    repo.write("docs/ru/returns.md", page(CHANGED))  # translations follow the source: not guarded
    repo.write("docs/en/new.md", page(CHANGED))  # a first version: not guarded
    problems = guard(repo)
    assert len(problems) == 1 and problems[0].startswith("docs/en/returns.md:4: the text changed in substance"), problems
    assert '"30 days" → "14 days" (number changed)' in problems[0] and "fix: set a new effective date" in problems[0]


def test_a_change_of_the_hours_data_alone_is_material(repo: GitRepo):
    """The hours table is rendered from the front matter: new hours under the old effective date are no typo."""
    repo.commit({"docs/en/returns.md": page(BODY, response_times="{phone: {minutes: 3}}")}, "Reply times as data")
    repo.write("docs/en/returns.md", page(BODY, response_times="{phone: {minutes: 5}}"))
    problems = guard(repo)
    assert len(problems) == 1 and '"response_times changed" (shown on the page)' in problems[0], problems
    assert "fix: set a new effective date" in problems[0]
    repo.write("docs/en/returns.md", page(BODY, response_times="{phone: {minutes: 5}}", editorial="A wrong number"))
    assert guard(repo) == []


def test_guard_follows_a_rename(repo: GitRepo):
    repo.mv("docs/en/returns.md", "docs/en/returns-and-exchanges.md")
    repo.commit(message="Rename")
    repo.write("docs/en/returns-and-exchanges.md", page(CHANGED))
    assert [p.split(":")[0] for p in guard(repo)] == ["docs/en/returns-and-exchanges.md"]


def test_a_new_editorial_mark_passes_a_stale_one_does_not(repo: GitRepo):
    repo.commit({"docs/en/returns.md": page(CHANGED, editorial="Corrects a wrong number from the draft")}, "Fix")
    assert guard(repo) == []
    repo.checkout("main")
    repo.commit({"docs/en/returns.md": page(BODY, editorial="Old reason")}, "Mark")
    repo.branch("later")
    repo.write("docs/en/returns.md", page(CHANGED, editorial="Old reason"))
    assert len(guard(repo)) == 1


def test_a_trailer_counts_only_on_a_commit_of_the_pull_request_touching_the_file(repo: GitRepo):
    repo.commit({"docs/en/other.md": page(BODY)}, "Other\n\nPolicy-Editorial: not about returns")
    repo.commit({"docs/en/returns.md": page(CHANGED)}, "Number")
    assert len(guard(repo)) == 1
    repo.commit({"docs/en/returns.md": page(CHANGED + " ")}, "Note\n\nPolicy-Editorial: the old number was a typo")
    assert guard(repo) == []


def test_a_new_version_needs_a_new_change_summary(repo: GitRepo):
    repo.write("docs/en/returns.md", page(CHANGED, effective="2026-06-01"))
    [problem] = guard(repo)
    assert problem.startswith("docs/en/returns.md:4: effective changed (2026-01-01 → 2026-06-01)")
    assert "change_summary is missing" in problem and "fix: add  change_summary:" in problem
    repo.write("docs/en/returns.md", page(CHANGED, effective="2026-06-01", change_summary="Now 14 days."))
    assert guard(repo) == []
    repo.checkout("main")
    repo.commit({"docs/en/returns.md": page(CHANGED, effective="2026-06-01", change_summary="Now 14 days.")}, "V2")
    repo.branch("v3")
    repo.write("docs/en/returns.md", page(BODY, effective="2026-09-01", change_summary="Now 14 days."))
    [problem] = guard(repo)
    assert "change_summary is the one of the previous version" in problem, problem


# --- scripts/check and the register on a copy of the project --------------------------------------

def summary(output: str) -> dict[str, str]:
    block = output.split("\nSummary (as of ", 1)[1]
    return {m.group(1): m.group(2) for m in re.finditer(r"^  (\S.*?)\s{2,}(\S.*)$", block, re.M)}


def changes_section(output: str) -> str:
    return output.split("\n== changes\n", 1)[1].split("\n\nSummary", 1)[0] if "\n== changes\n" in output else ""


TODAY = "2027-06-01"  # before every review_by of the sample


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with a typo landed on main, and a branch `edit` for the pull request."""
    project = tool_project(tmp_path_factory.mktemp("guard") / "project")
    repo = GitRepo(project, init=False)
    replace_in(project / "docs" / SOURCE / "contact.md", "how quickly you can expect", "how quikcly you can expect")
    repo.git("add", "-A", "docs")
    repo.commit(message="Land a typo", date="2026-01-06")
    repo.branch("edit")
    return project


@pytest.fixture(scope="module")
def first_check(project: Path) -> ScriptResult:
    """One commit on the branch: a number, a typo fix, rewording, a list item, a marked change, a new date."""
    docs, repo = project / "docs" / SOURCE, GitRepo(project, init=False)
    replace_in(docs / "returns.md", "within 3 business days after it arrives", "within 5 business days after it arrives")
    replace_in(docs / "contact.md", "how quikcly you can expect", "how quickly you can expect")  # typo fix
    replace_in(docs / "privacy.md", "when you shop with us, contact us or visit our website",
               "when you shop with us, contact us or visit the website")  # rewording
    replace_in(docs / "complaints.md", "- in the chat on our website;\n", "- in the chat on our website;\n- by fax;\n")
    replace_in(docs / "feedback.md", "within 10 business days", "within 15 business days")
    set_field(docs / "feedback.md", "owner", f"Customer Service\neditorial: {FEEDBACK_REASON}")
    set_field(docs / "customer-service.md", "effective", "2027-07-01")
    repo.git("add", "-A", "docs")
    repo.commit(message="Edit policies", date="2026-01-07")
    return run_script(project, "check", "--today", TODAY)


@pytest.fixture(scope="module")
def second_check(project: Path, first_check: ScriptResult) -> ScriptResult:
    """Each problem fixed the way the message says: a trailer, new versions with their summaries."""
    docs, repo = project / "docs" / SOURCE, GitRepo(project, init=False)
    replace_in(docs / "returns.md", "Keep the receipt until you are refunded.", "Keep the receipt until you're refunded.")
    repo.git("add", "-A", "docs")
    repo.commit(message=f"Returns: the check takes 5 business days\n\nPolicy-Editorial: {RETURNS_REASON}",
                date="2026-01-08")
    set_field(docs / "complaints.md", "effective", "2027-07-01")
    set_field(docs / "complaints.md", "owner", "Customer Service\nchange_summary: You can also complain by fax.")
    set_field(docs / "customer-service.md", "owner", "Customer Service\nchange_summary: Our service levels changed.")
    repo.git("add", "-A", "docs")
    repo.commit(message="New versions with summaries", date="2026-01-09")
    return run_script(project, "check", "--today", TODAY)


FEEDBACK_REASON = "The page said 10 days by mistake; the team always answered within 15"
RETURNS_REASON = "the warehouse has always needed 5 days; the 3 was a <i>drafting</i> error"


def test_check_fails_material_changes_and_new_versions_without_summary(first_check: ScriptResult):
    out = first_check.output
    assert first_check.returncode == 1 and "Traceback" not in out, out
    assert summary(out)["changes"] == "3 errors", out
    section = changes_section(out)
    assert re.search(rf"^error: docs/{SOURCE}/returns\.md:\d+: the text changed in substance but effective "
                     r"\(2026-03-01\) did not: \"3 business\" → \"5 business\" \(number changed\)$", section, re.M), out
    assert f"docs/{SOURCE}/complaints.md" in section and '"by fax;" (list item added)' in section
    assert re.search(rf"^error: docs/{SOURCE}/customer-service\.md:\d+: effective changed \(2026-02-01 → 2027-07-01\)"
                     r".*change_summary is missing$", section, re.M), section
    assert section.count("fix: set a new effective date (and change_summary)") == 2
    for corrected in ("contact.md", "privacy.md", "feedback.md"):  # typo, rewording, editorial reason
        assert corrected not in section, section


def test_check_passes_once_each_change_is_announced_or_explained(second_check: ScriptResult):
    assert second_check.returncode == 0, second_check.output
    assert summary(second_check.output)["changes"] == "ok"


@pytest.fixture(scope="module")
def register(project: Path, second_check: ScriptResult, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    out = tmp_path_factory.mktemp("guard-site")
    result = build_site(project, out, env={"POLICY_SITE_TODAY": TODAY})
    assert result.returncode == 0, result.output
    return BuiltSite(out, result)


def test_register_lists_every_commit_and_the_editorial_reasons(register: BuiltSite):
    soup = register.soup("editors/register/index.html")
    logs = {log["data-policy"]: log for log in soup.select("[data-edit-log]")}
    feedback, returns = logs["feedback.md"], logs["returns.md"]
    subjects = [row.select_one("[data-subject]").get_text(strip=True) for row in feedback.select("tbody tr")]
    assert subjects == ["Edit policies", "Publish the policies"], subjects  # newest first
    assert FEEDBACK_REASON in feedback.get_text() and RETURNS_REASON in returns.get_text()
    assert returns.find("i") is None  # a commit message is text, never markup
    assert "Test Author" in feedback.get_text()
    complaints = [row["data-kind"] for row in logs["complaints.md"].select("tbody tr")]
    assert complaints == ["version", "editorial", "version"], complaints


def test_edit_log_lists_commits_versions_and_reasons_once(repo: GitRepo):
    repo.commit({"docs/en/returns.md": page(CHANGED, editorial="Typo in the number")}, "Fix the number",
                author="Ann Editor")
    repo.commit({"docs/en/returns.md": page(CHANGED + " Thanks.", editorial="Typo in the number")}, "Thank")
    repo.commit({"docs/en/returns.md": page(BODY + " Thanks.", effective="2026-06-01", change_summary="Back to 30.")},
                "Back to 30 days\n\nPolicy-Editorial: <b>not really editorial</b>")
    log = edit_logs(repo.root / "docs", "en")["returns.md"]
    assert [(e.subject, e.version, e.started) for e in log] == [
        ("Back to 30 days", 2, True), ("Thank", 1, False), ("Fix the number", 1, False), ("Publish", 1, True)]
    assert [e.reasons for e in log] == [("<b>not really editorial</b>",), (), ("Typo in the number",), ()]
    assert log[2].author == "Ann Editor" and log[2].commit == repo.head("HEAD~2")[:7]
    assert edit_logs(repo.root / "docs", "ru")["returns.md"][0].subject == "Publish"


def test_no_git_no_edit_log(tmp_path: Path):
    (tmp_path / "docs" / "en").mkdir(parents=True)
    assert edit_logs(tmp_path / "docs", "en") is None
