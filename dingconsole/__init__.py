"""DingConsole — a debugging console for DingTalk event callbacks (钉钉回调调试台)."""

__version__ = "0.1.0"
APP_NAME = "DingConsole"
