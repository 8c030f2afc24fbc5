"""The field kit's pages: forms that record sealed, and counts of the work."""
