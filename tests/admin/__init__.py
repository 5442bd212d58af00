"""The back office, through the Flask test client."""
