"""The test suite; it mirrors the code's layout. Shared helpers live in tests.support."""
