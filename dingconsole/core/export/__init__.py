"""Captured events out and back in: test fixtures with their kit, jsonl/curl/HAR formats, and the importer."""

from __future__ import annotations

from dingconsole.core.export.curl import curl_command, write_curl
from dingconsole.core.export.fixtures import FORMAT, export_fixtures
from dingconsole.core.export.formats import write_har, write_jsonl
from dingconsole.core.export.importer import read_exchanges

__all__ = ["FORMAT", "curl_command", "export_fixtures", "read_exchanges", "write_curl", "write_har", "write_jsonl"]
