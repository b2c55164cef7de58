"""Layer 5, commands: the `handbook` CLI, pack, publish, offline and audit."""
