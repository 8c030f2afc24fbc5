"""What pages show, assembled from rows so views stay short; nothing here writes."""
