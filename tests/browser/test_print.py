"""A printed policy (Chromium's PDF, read back with pypdf) holds the policy's title, text, dates and
address, and none of the site around it: header, navigation, search, the policy footer block, footer."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from .probe import visit
from .site import SitePage, locales, policy_slug

pytestmark = pytest.mark.browser

# Site chrome that must not be printed (its text is checked unless the policy's own text has it too).
CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", "[data-policy-footer]", ".md-footer"]

TEXTS_JS = """
(selectors) => {
  const lines = (element) => element ? element.innerText.split("\\n").map(s => s.trim()).filter(Boolean) : [];
  const article = document.querySelector("article");
  const body = [...article.querySelectorAll(":scope > p")].map(p => p.innerText.trim()).filter(Boolean);
  return {
    title: article.querySelector("h1").innerText.replace("¶", "").trim(),
    body: [body[0], body[body.length - 1]],
    meta: lines(article.querySelector(".policy-meta")),
    article: article.innerText,
    url: document.querySelector("link[rel=canonical]").href,
    chrome: selectors.flatMap(s => [...document.querySelectorAll(s)].flatMap(lines)),
  };
}
"""


def normal(text: str) -> str:
    """For comparing with text read back from a PDF: pypdf adds spaces and line breaks, and reads some
    Thai combining marks as nothing or as the font's private-use glyphs; so compare without whitespace,
    combining marks, private-use characters or case."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) not in ("Mn", "Co")).casefold()


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("language", locales())
def test_policy_prints_cleanly(served_site, tabs, language):
    page = SitePage("", language, policy_slug())
    tab = tabs("desktop")
    visit(tab.page, tab.log, served_site.url(page.path))
    seen = tab.page.evaluate(TEXTS_JS, CHROME)
    printed = normal(pdf_text(tab.page.pdf(format="A4")))

    wanted = {"title": seen["title"], "address": seen["url"], "first paragraph": seen["body"][0],
              "last paragraph": seen["body"][1], **{f"dates line {i + 1}": line for i, line in enumerate(seen["meta"])}}
    missing = [f"{what}: {text!r}" for what, text in wanted.items() if normal(text) not in printed]
    assert not missing, f"{page}: the printed policy lacks\n" + "\n".join(missing)
    assert printed.count(normal(seen["url"])) == 1, f"{page}: the address is printed more than once"

    article = normal(seen["article"])
    chrome = {line for line in seen["chrome"] if len(normal(line)) >= 4 and normal(line) not in article}
    assert len(chrome) >= 5, f"{page}: too few texts of the site's chrome to check: {chrome}"
    leaked = sorted(line for line in chrome if normal(line) in printed)
    assert not leaked, f"{page}: the printed policy shows the site's chrome: {leaked}"
