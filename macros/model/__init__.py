"""Layer 1, the content model: the handbook as plain, immutable data (no I/O, no markup)."""
