"""CLI commands: one module per command group, each with a `register(subparsers)`."""
