"""`dingconsole mcp`: the console as tools for a coding agent, over the Model Context Protocol (stdio).

A face like the CLI and the window: the tools call the core and render its codes and params in the
language asked. Only `server.py` imports the `mcp` SDK (the optional `mcp` extra); the tool modules
build plain `ToolReply` values, so they stay importable and testable without it.
"""
