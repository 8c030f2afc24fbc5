"""Who may see what: accounts, and the querysets every read goes through."""
