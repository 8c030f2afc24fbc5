"""Evidence items: files and posts that support or contest what is recorded."""
