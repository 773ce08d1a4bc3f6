"""Browser tests: the built site served locally and driven through Playwright in Debian's Chromium."""
