"""Fixtures for the browser tests: Chromium, and browser sessions (see ``served``)."""

from tests.serve.served import browser, open_session  # noqa: F401 - fixtures
