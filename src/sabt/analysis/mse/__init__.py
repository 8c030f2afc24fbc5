"""Multiple-systems estimation on capture-history tables, free of Django."""
