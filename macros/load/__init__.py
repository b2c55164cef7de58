"""Layer 2, loading: read the files, check them against the declared schemas, build the model."""
