"""Word-level diffs of rendered HTML (policy_site.diff), without a build."""

from __future__ import annotations

import unicodedata

import pytest

from policy_site.diff import Part, blocks_from_html, diff_blocks, diff_words, sections, tokenize
from policy_site.diff_outline import outline
from policy_site.messages import MESSAGES_DIR, _catalogue, counted, plural_category

LANGUAGES = sorted(path.stem for path in MESSAGES_DIR.glob("*.yml"))


def test_changed_number_is_one_deletion_and_one_insertion():
    assert diff_words("Return within 30 days.", "Return within 14 days.") == [
        Part("same", "Return within "), Part("del", "30"), Part("ins", "14"), Part("same", " days.")]


def test_adjacent_changed_words_are_one_run():
    parts = diff_words("within 30 days of delivery", "within 14 weeks of delivery")
    assert [p for p in parts if p.op != "same"] == [Part("del", "30 days"), Part("ins", "14 weeks")]


def test_thai_is_cut_into_clusters_never_splitting_marks():
    tokens = tokenize("คืนสินค้าได้ภายใน")
    assert "".join(tokens) == "คืนสินค้าได้ภายใน"
    assert "คื" in tokens and "ได้" in tokens  # a consonant keeps its vowel and tone mark
    parts = diff_words("คืนได้ภายใน 30 วัน", "คืนได้ภายใน 14 วัน")
    assert [p for p in parts if p.op != "same"] == [Part("del", "30"), Part("ins", "14")]
    parts = diff_words("ส่งคืนทางไปรษณีย์", "ส่งคืนที่ร้าน")
    assert [p.op for p in parts] == ["same", "del", "ins"]


def test_blocks_pair_headings_items_and_cells():
    old = ("<h2 id='a'>Limits <a class='headerlink' href='#a'>¶</a></h2><ul><li>one</li><li>two</li></ul>"
           "<table><tr><th>Case</th><th>Limit</th></tr><tr><td>Faulty</td><td>30 days</td></tr></table>")
    new = old.replace("30 days", "14 days").replace("<li>two</li>", "<li>two</li><li>three</li>")
    blocks = diff_blocks(blocks_from_html(old, "a"), blocks_from_html(new, "b"))
    assert blocks[0].kind == "heading" and blocks[0].parts == [Part("same", "Limits")]
    grouped = sections(blocks)
    assert [s.type for s in grouped] == ["heading", "list", "table"]
    assert [item.status for item in grouped[1].items] == ["same", "same", "ins"]
    rows = grouped[2].items
    assert len(rows) == 2 and rows[0][0].header
    assert rows[1][1].parts == [Part("del", "30"), Part("ins", "14"), Part("same", " days")]


def test_removed_paragraph_is_a_deleted_block():
    blocks = diff_blocks(blocks_from_html("<p>Keep.</p><p>Gone entirely now.</p>"), blocks_from_html("<p>Keep.</p>"))
    assert [(b.status, b.parts) for b in blocks] == [("same", [Part("same", "Keep.")]),
                                                     ("del", [Part("del", "Gone entirely now.")])]


POLICY = ("<h1>Returns</h1><p>Intro.</p>"
          "<h2>Time limits</h2><p>Return within 30 days.</p>"
          "<h2>Conditions</h2><p>Unused and clean.</p>"
          "<h2>Refunds</h2><h3>When</h3><ul><li>Within 14 days.</li><li>To your card.</li></ul>"
          "<h2>Contact</h2><p>Write to us.</p>")


def shape_of(old: str, new: str):
    return outline(diff_blocks(blocks_from_html(old, "a"), blocks_from_html(new, "b")))


def test_summary_numbers_each_changed_passage_under_its_heading():
    new = POLICY.replace("30 days", "14 days").replace("To your card.", "To the card you paid with.") \
        .replace("<p>Write to us.</p>", "<p>Write to us.</p><p>Or call.</p>")
    shape = shape_of(POLICY, new)
    assert [(c.number, c.anchor, c.heading, c.status) for c in shape.changes] == [
        (1, "change-1", "Time limits", "changed"), (2, "change-2", "When", "changed"), (3, "change-3", "Contact", "ins")]
    assert shape.changes[0].preview == (Part("del", "30"), Part("ins", "14"))
    assert shape.changes[2].preview == (Part("ins", "Or call."),)
    # The anchors are on the blocks the template renders, and on nothing else.
    numbered = [block.change for fold in shape.folds for section in fold.sections
                for block in ([section.block] if section.block else section.items) if block.change]
    assert numbered == [1, 2, 3]


def test_unchanged_sections_are_folded_in_runs():
    shape = shape_of(POLICY, POLICY.replace("To your card.", "To your bank card."))
    assert [(fold.changed, fold.headings) for fold in shape.folds] == [
        (False, ["Returns", "Time limits", "Conditions", "Refunds"]), (True, ["When"]), (False, ["Contact"])]
    assert [s.type for s in shape.folds[1].sections] == ["heading", "list"]
    # Every block is in exactly one fold, in reading order.
    texts = [b.parts[0].text for f in shape.folds for s in f.sections for b in ([s.block] if s.block else s.items)]
    assert texts == ["Returns", "Intro.", "Time limits", "Return within 30 days.", "Conditions", "Unused and clean.",
                     "Refunds", "When", "Within 14 days.", "To your ", "Contact", "Write to us."]


def test_changed_heading_names_its_change_and_removed_heading_keeps_its_name():
    shape = shape_of(POLICY, POLICY.replace("<h2>Conditions</h2>", "<h2>Conditions for a return</h2>"))
    assert [(c.heading, c.status) for c in shape.changes] == [("Conditions for a return", "changed")]
    shape = shape_of(POLICY, POLICY.replace("<h2>Contact</h2><p>Write to us.</p>", ""))
    assert [(c.heading, c.status) for c in shape.changes] == [("Contact", "del"), ("Contact", "del")]
    assert shape.folds[-1].changed


def test_no_changes_is_one_fold_and_an_empty_summary():
    shape = shape_of(POLICY, POLICY)
    assert shape.changes == [] and [f.changed for f in shape.folds] == [False]


def test_preview_is_short():
    long = "word " * 40
    shape = shape_of("<p>Keep.</p>", f"<p>Keep.</p><p>{long}</p>")
    (run,) = shape.changes[0].preview
    assert run.op == "ins" and len(run.text) <= 60 and run.text.endswith("…")
    assert run.text == "word " * 11 + "word…"  # cut after a whole word
    thai = "กกกกกก" + "คืนสินค้าได้ภายในสามสิบวันหลังได้รับสินค้า" * 3  # 59 characters end between ด and its ้
    assert unicodedata.category(thai[59]) == "Mn"
    (run,) = shape_of("<p>Keep.</p>", f"<p>Keep.</p><p>{thai}</p>").changes[0].preview
    cut = run.text.removesuffix("…")
    assert len(cut) <= 59 and thai.startswith(cut) and cut != thai
    assert unicodedata.category(thai[len(cut)]) != "Mn"  # the next letter's marks were not cut from it


def test_thai_summary_and_marks():
    old = ("<h1>การคืนสินค้า</h1><p>อ่านก่อนส่งคืน</p><h2>ระยะเวลา</h2><p>คืนสินค้าได้ภายใน 30 วันหลังได้รับสินค้า</p>"
           "<h2>ติดต่อเรา</h2><p>เขียนถึงเรา</p>")
    shape = shape_of(old, old.replace("ภายใน 30 วัน", "ภายใน 14 วัน"))
    assert [(c.anchor, c.heading) for c in shape.changes] == [("change-1", "ระยะเวลา")]
    assert shape.changes[0].preview == (Part("del", "30"), Part("ins", "14"))
    assert [(f.changed, f.headings) for f in shape.folds] == [
        (False, ["การคืนสินค้า"]), (True, ["ระยะเวลา"]), (False, ["ติดต่อเรา"])]
    # A changed Thai word without spaces is marked as whole clusters, never splitting a vowel from its letter.
    shape = shape_of(old, old.replace("ได้รับสินค้า", "ได้รับพัสดุ"))
    removed = [p.text for p in shape.changes[0].preview if p.op == "del"]
    inserted = [p.text for p in shape.changes[0].preview if p.op == "ins"]
    assert removed == ["สินค้า"] and inserted == ["พัสดุ"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_summary_title_has_every_plural_form_of_its_language(language):
    """Each language's own file has the text for each CLDR plural category it uses (no English, no fallback)."""
    own = _catalogue(language)
    for count in range(0, 112):
        category = plural_category(language, count)
        assert f"diff_summary_{category}" in own, (language, count, category)
        text = counted(language, "diff_summary", count)
        assert str(count) in text and text == own[f"diff_summary_{category}"].format(count=count)


def test_summary_title_plural_forms():
    assert counted("en", "diff_summary", 1) == "1 passage changed"
    assert counted("en", "diff_summary", 3) == "3 passages changed"
    assert [counted("ru", "diff_summary", n) for n in (1, 3, 5, 21)] == [
        "Изменён 1 фрагмент", "Изменены 3 фрагмента", "Изменено 5 фрагментов", "Изменён 21 фрагмент"]
    assert [counted("lv", "diff_summary", n) for n in (1, 2, 10, 21)] == [
        "Mainīts 1 fragments", "Mainīti 2 fragmenti", "Mainīti 10 fragmenti", "Mainīts 21 fragments"]


def _opcode_cases() -> list[tuple[list, list, object]]:
    """Sequences the diffs compare: words (whitespace as junk), Thai clusters, and (kind, text) blocks."""
    en_old = tokenize("Refunds are paid within 14 days to the card used, unless the item is damaged.")
    en_new = tokenize("Refunds are paid within 30 days to the card or account used, unless damaged in transit.")
    th_old = tokenize("คืนเงินภายใน 14 วัน หลังจากได้รับสินค้า")
    th_new = tokenize("คืนเงินภายใน 30 วัน หลังจากที่เราได้รับสินค้าคืน")
    blocks_old = [("heading", "Returns"), ("para", "a"), ("item", "b"), ("item", "c"), ("para", "d")] * 3
    blocks_new = [("heading", "Returns"), ("item", "b"), ("para", "a2"), ("item", "c"), ("para", "d")] * 3
    repeated_old = ("the " * 40 + "end").split(" ")
    repeated_new = ("the " * 37 + "a new end").split(" ")
    return [(en_old, en_new, str.isspace), (th_old, th_new, None), (blocks_old, blocks_new, None),
            (repeated_old, repeated_new, None), ([], en_new, None), (en_old, [], str.isspace)]


@pytest.mark.parametrize("old, new, junk", _opcode_cases())
def test_compiled_sequence_matcher_gives_difflibs_answers(old, new, junk):
    """The contract policy_site.diff relies on: cydifflib answers exactly as the standard library would."""
    import difflib

    import cydifflib

    ours = cydifflib.SequenceMatcher(junk, old, new, autojunk=False)
    standard = difflib.SequenceMatcher(junk, old, new, autojunk=False)
    assert ours.get_opcodes() == standard.get_opcodes()
    assert ours.ratio() == standard.ratio()
    assert list(ours.get_grouped_opcodes(3)) == list(standard.get_grouped_opcodes(3))
