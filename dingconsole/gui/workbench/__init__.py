"""The Workbench tab: paste, decrypt, encrypt, sign and check replies, off the GUI thread."""

from dingconsole.gui.workbench.panel import WorkbenchTab

__all__ = ["WorkbenchTab"]
