"""The pages, through the Flask test client."""
