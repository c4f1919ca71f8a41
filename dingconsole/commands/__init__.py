"""CLI sub-commands. Each module has `register(subparsers)`; `dingconsole.cli.COMMANDS` lists them in order."""
