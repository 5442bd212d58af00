"""What the tests share: builders for test data, servers and clients, stand-ins and file generators.

Imported as tests.support.<module> only, so that each is loaded once. Fixtures that several folders use
are registered in tests/conftest.py (pytest_plugins)."""
