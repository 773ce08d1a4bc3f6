"""Policy logic in plain Python (no MkDocs imports): front matter, git history, versions, translations."""
