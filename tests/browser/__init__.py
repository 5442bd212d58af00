"""The teacher, pupil and parent pages in a real browser (Playwright with Debian's Chromium)."""
