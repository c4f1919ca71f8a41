"""What build.spec leaves out of the frozen app, and how (issue 27: ≤ 110 MB unpacked on Linux).

Three cuts, each measured by tools/frozen_sizes.py (numbers: Linux x86_64, PySide6 6.12):

- Qt plugins and translations the window does not use (`keep`): the gtk3 theme, eglfs/vnc/linuxfb
  platforms, evdev input, TLS and network-information backends (QtNetwork is not used), image formats
  other than SVG/ICO, and Qt's own translations but qtbase_zh_CN.
- Linux: the shared libraries only a dropped plugin needed (`needed_libraries`): ldd lists each kept
  binary's dependencies transitively; a dependency library nothing kept needs is not collected
  (the gtk3 theme's GTK, cairo, pango, pixman…; the eglfs and network Qt libraries).
- Linux: ICU's data library (32 MB) without the locale display names Qt never asks ICU for
  (`trimmed_icu`). Qt6Core links ICU for collation, case mapping, IDNA and text codecs, and for
  those only; language/region/currency/unit/time-zone display names, transliteration, number
  spelling (rbnf) and break iterators are served by Qt's own CLDR tables or unused. The trimmed
  data is rebuilt with ICU's own tools (icupkg, genccode: Debian's icu-devtools) into a library of
  the same name and symbol; where those tools are missing the full library is kept, with a warning.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path, PurePosixPath

# Qt plugins kept, per kind: None keeps every plugin of the kind, a set keeps the plugins of those names.
PLUGINS: dict[str, set[str] | None] = {
    "platforms": {"qxcb", "qwayland", "qwayland-generic", "qoffscreen", "qwindows", "qcocoa"},
    "xcbglintegrations": None,  # small; without one xcb logs a warning at every start
    "platformthemes": {"qxdgdesktopportal"},  # not qgtk3: it drags in the host's GTK, cairo and pango
    "platforminputcontexts": None,  # ibus and compose: how Linux users type Chinese
    "wayland-shell-integration": {"xdg-shell"},
    "wayland-decoration-client": None,
    "iconengines": {"qsvgicon"},
    "imageformats": {"qsvg", "qico"},
    "styles": None,  # the native look on Windows and macOS
}
QT_TRANSLATIONS = {"qtbase_zh_CN.qm"}  # the Chinese standard buttons (gui/i18n.py); our own .qm is in resources/
# Python modules nothing here imports at run time: build and test tools, other GUI toolkits, Qt modules the
# window does not use (PySide6's hooks would pull QtNetwork and its TLS plugins), pycryptodome's public-key half.
EXCLUDES = [
    *("tkinter", "pytest", "hypothesis", "flask", "mypy", "ruff", "setuptools", "pip", "pydoc", "doctest"),
    *("lib2to3", "xmlrpc", "idlelib", "ensurepip", "venv"),
    *("PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets"),
    *("PySide6.QtSql", "PySide6.QtTest", "PySide6.QtXml", "PySide6.QtPrintSupport", "PySide6.QtConcurrent"),
    *("Crypto.PublicKey", "Crypto.Math", "Crypto.SelfTest", "Crypto.Signature", "Crypto.IO"),
    # `dingconsole mcp` is an optional extra (pydantic, starlette, uvicorn, … ~30 MB): the frozen app's
    # `mcp` command says to pip install 'dingconsole[mcp]' instead.
    *("mcp", "dingconsole.mcp_server", "pydantic", "pydantic_core", "pydantic_settings", "starlette", "uvicorn"),
    *("sse_starlette", "httpx", "httpx2", "httpx_sse", "jsonschema", "jsonschema_specifications"),
]
# Binaries in pycryptodome's folder that only the excluded modules load.
DROPPED_FOLDERS = ("Crypto/PublicKey/", "Crypto/Math/", "Crypto/SelfTest/", "Crypto/Signature/", "Crypto/IO/")
# ICU data items Qt never reads (see the module docstring).
ICU_UNUSED = ("unit/", "curr/", "zone/", "lang/", "region/", "translit/", "rbnf/", "brkitr/")


def _stem(filename: str, windows: bool) -> str:
    name = PurePosixPath(filename).name
    name = name[3:] if name.startswith("lib") and not windows else name
    return name.split(".", 1)[0]


def keep(dest: str, windows: bool = False) -> bool:
    """Whether a collected file (its path inside the folder) goes into the build."""
    dest = dest.replace("\\", "/")
    if dest.startswith(DROPPED_FOLDERS):
        return False
    parts = dest.split("/")
    if dest.startswith("PySide6/") and "plugins" in parts[:-2]:
        kind = parts[parts.index("plugins") + 1]
        if kind not in PLUGINS:
            return False
        wanted = PLUGINS[kind]
        return wanted is None or _stem(parts[-1], windows) in wanted
    if dest.startswith("PySide6/") and "translations" in parts[:-1]:
        return parts[-1] in QT_TRANSLATIONS
    return True


def is_dependency_library(dest: str) -> bool:
    """Linux: a shared library collected because something links it (not a module, plugin or libpython)."""
    name = PurePosixPath(dest).name
    if dest.startswith("PySide6/Qt/lib/"):
        return True
    return "/" not in dest and name.startswith("lib") and ".so" in name and not name.startswith("libpython")


def needed_libraries(binaries: list[tuple[str, str, str]]) -> set[str]:
    """Linux: names of the shared libraries some kept binary needs (ldd lists them transitively)."""
    from PyInstaller.depend.bindepend import get_imports

    needed: set[str] = set()
    for dest, src, _kind in binaries:
        if not is_dependency_library(dest):
            for name, path in get_imports(src):
                needed.update(PurePosixPath(n).name for n in (name, path) if n)
    return needed


def slim_linux_libraries(binaries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """`binaries` less the dependency libraries (and links to them) that no kept binary needs."""
    needed = needed_libraries(binaries)
    kept = [e for e in binaries if not is_dependency_library(e[0]) or PurePosixPath(e[0]).name in needed]
    names = {PurePosixPath(dest).name for dest, _src, kind in kept if kind != "SYMLINK"}
    # PyInstaller links _internal/libQt6X.so.6 to PySide6/Qt/lib/: a link to a dropped library goes too
    return [e for e in kept if e[2] != "SYMLINK" or PurePosixPath(e[1]).name in names]


def drop_dangling_links(folder: Path) -> list[Path]:
    """Remove links whose target was not collected (PyInstaller adds `_internal/libQt6X.so.6` links after the
    spec has filtered the libraries); returns them."""
    dangling = [path for path in folder.rglob("*") if path.is_symlink() and not path.exists()]
    for path in dangling:
        path.unlink()
    return dangling


def trimmed_icu(binaries: list[tuple[str, str, str]], workdir: Path) -> list[tuple[str, str, str]]:
    """`binaries` with Qt's libicudata replaced by one without the items in ICU_UNUSED (Linux, tools permitting)."""
    tools = [shutil.which(tool) for tool in ("objcopy", "icupkg", "genccode", "cc")]
    out = []
    for dest, src, kind in binaries:
        match = re.fullmatch(r"libicudata\.so\.(\d+)", PurePosixPath(dest).name)
        if match and kind != "SYMLINK" and dest.startswith("PySide6/"):
            if not all(tools):
                print("slim_build: objcopy, icupkg, genccode or cc missing (apt-get install icu-devtools gcc):")
                print("slim_build: keeping the full ICU data library")
            else:
                src = str(_rebuild_icu_data(Path(src), match.group(1), workdir, *tools))  # type: ignore[arg-type]
        out.append((dest, src, kind))
    return out


def _rebuild_icu_data(src: Path, major: str, workdir: Path, objcopy: str, icupkg: str, genccode: str, cc: str) -> Path:
    work = workdir / "icu"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    name = f"icudt{major}l"  # l: little-endian, as on every platform this is built for
    full, slim = work / "in" / f"{name}.dat", work / "out" / f"{name}.dat"  # icupkg wants the package's name
    full.parent.mkdir()
    slim.parent.mkdir()
    # the library is one symbol, icudtNN_dat, filling .rodata: the ICU common data file itself
    subprocess.run([objcopy, "-O", "binary", "--only-section=.rodata", str(src), str(full)], check=True)
    items = subprocess.run([icupkg, "-l", str(full)], check=True, capture_output=True, text=True).stdout.split()
    (work / "drop.txt").write_text("\n".join(i for i in items if i.startswith(ICU_UNUSED)) + "\n")
    subprocess.run([icupkg, "-r", str(work / "drop.txt"), str(full), str(slim)], check=True)
    subprocess.run([genccode, "-a", "gcc", "-e", f"icudt{major}", "-d", str(work), str(slim)], check=True)
    library = work / f"libicudata.so.{major}"
    assembly = work / f"{name}_dat.S"
    subprocess.run(
        [cc, "-shared", "-nostdlib", f"-Wl,-soname,libicudata.so.{major}", "-o", str(library), str(assembly)],
        check=True,
    )
    print(f"slim_build: ICU data {src.stat().st_size / 1e6:.1f} MB -> {library.stat().st_size / 1e6:.1f} MB")
    return library
