"""Word-level diffs of rendered HTML (policy_site.diff), without a build."""

from __future__ import annotations

from policy_site.diff import Part, blocks_from_html, diff_blocks, diff_words, sections, tokenize


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
