"""Layer 3, the message engine: parse, fill, derive, count and lint messages (plain text)."""
