"""The slim build's choices (tools/slim_build.py) on each platform's PySide6 layout, simulated by the paths each
wheel uses (Windows: PySide6/plugins/…, macOS and Linux: PySide6/Qt/plugins/…), and the size table."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "tools"))

import frozen_sizes  # noqa: E402 - tools/ is not a package
import slim_build  # noqa: E402


@pytest.mark.parametrize(
    ("dest", "windows", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False, True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False, True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False, True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False, False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False, False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False, False),
        ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", False, True),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False, False),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False, False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", False, True),
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", False, True),
        ("PySide6/Qt/translations/qt_help_de.qm", False, False),
        ("PySide6/Qt/lib/libQt6Core.so.6", False, True),
        ("PySide6/plugins/platforms/qwindows.dll", True, True),
        ("PySide6/plugins/platforms/qdirect2d.dll", True, False),
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True, True),
        ("PySide6\\plugins\\imageformats\\qico.dll", True, True),
        ("PySide6/translations/qtbase_zh_CN.qm", True, True),
        ("PySide6/translations/qtbase_ja.qm", True, False),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", False, True),
        ("PySide6/Qt/plugins/styles/libqmacstyle.dylib", False, True),
        ("Crypto/PublicKey/_ec_ws.abi3.so", False, False),
        ("Crypto/Cipher/_raw_aes.abi3.so", False, True),
        ("dingconsole/resources/i18n/dingconsole_zh_CN.qm", False, True),
    ],
)
def test_what_the_slim_build_keeps(dest: str, windows: bool, kept: bool) -> None:
    assert slim_build.keep(dest, windows) is kept


@pytest.mark.parametrize(
    ("dest", "dependency"),
    [
        ("libgtk-3.so.0", True),
        ("PySide6/Qt/lib/libQt6Network.so.6", True),
        ("libpython3.11.so.1.0", False),  # the interpreter: a root, never pruned
        ("PySide6/QtCore.abi3.so", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so", False),
    ],
)
def test_which_libraries_are_pruned_when_nothing_needs_them(dest: str, dependency: bool) -> None:
    assert slim_build.is_dependency_library(dest) is dependency


def test_links_to_dropped_libraries_are_removed(tmp_path: Path) -> None:
    (tmp_path / "PySide6").mkdir()
    (tmp_path / "PySide6" / "libQt6Core.so.6").write_bytes(b"core")
    (tmp_path / "libQt6Core.so.6").symlink_to("PySide6/libQt6Core.so.6")
    (tmp_path / "libQt6Network.so.6").symlink_to("PySide6/libQt6Network.so.6")
    assert slim_build.drop_dangling_links(tmp_path) == [tmp_path / "libQt6Network.so.6"]
    assert (tmp_path / "libQt6Core.so.6").read_bytes() == b"core"


def test_the_size_table_names_each_component_and_counts_links_as_nothing(tmp_path: Path) -> None:
    internal = tmp_path / "dingconsole" / "_internal"
    (internal / "PySide6" / "Qt" / "plugins" / "platforms").mkdir(parents=True)
    (internal / "PySide6" / "Qt" / "lib").mkdir()
    (internal / "PySide6" / "Qt" / "lib" / "libQt6Core.so.6").write_bytes(b"x" * 3_000_000)
    (internal / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so").write_bytes(b"x" * 600_000)
    (internal / "libQt6Core.so.6").symlink_to("PySide6/Qt/lib/libQt6Core.so.6")
    (internal / "base_library.zip").write_bytes(b"x" * 1_000)
    (tmp_path / "dingconsole" / "dingconsole").write_bytes(b"x" * 1_000_000)
    lines, total = frozen_sizes.table(tmp_path / "dingconsole")
    assert total == 4_601_000
    assert lines[1].split() == ["_internal/PySide6/Qt/lib", "3.0", "65.2%"]
    assert any(line.split()[:2] == ["_internal/PySide6/Qt/plugins/platforms", "0.6"] for line in lines)
    assert any(line.startswith("(2 smaller components)") for line in lines)  # the link and base_library.zip


def test_the_size_budget_fails_the_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "big").write_bytes(b"x" * 2_000_000)
    assert frozen_sizes.main([str(tmp_path / "app"), "--max-unpacked-mb", "1"]) == 1
    assert "over budget: 2.0 MB unpacked > 1.0 MB" in capsys.readouterr().err
    archive = tmp_path / "app.tar.xz"
    assert frozen_sizes.main([str(tmp_path / "app"), "--tar-xz", str(archive), "--max-archive-mb", "1"]) == 0
    assert archive.stat().st_size < 100_000  # two megabytes of one byte compress to almost nothing
