"""The Qt face of DingConsole (dingconsole.core never imports it)."""

from dingconsole.gui import none_guard

none_guard.install()
