"""CLI sub-commands. Each module has `register(subparsers)` and an optional `ORDER` for `--help`."""
