"""Size table of a PyInstaller one-folder build, per top-level component, so the next change that bloats it is seen.

build.spec prints it after every build; CI runs it again with the Linux budget (issue 27: at most 110 MB
unpacked and 40 MB as .tar.xz) and the archive it uploads:

    python tools/frozen_sizes.py dist/dingconsole --tar-xz dist/dingconsole-linux.tar.xz \
        --max-unpacked-mb 110 --max-archive-mb 40

A component is an entry of the folder or of its `_internal/` contents directory; PySide6 is split into
its Qt libraries, plugins (per plugin kind), translations and bindings, because that is where the size is.
Symlinks count as nothing (PyInstaller links `_internal/libQt6Core.so.6` to the copy under PySide6/).
Exit 1 when a budget is exceeded.
"""

from __future__ import annotations

import argparse
import os
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

MB = 1_000_000
SMALL = 500_000  # components under half a megabyte are summed into one line


def _size(path: Path) -> int:
    if path.is_symlink():
        return 0
    if path.is_file():
        return path.stat().st_size
    return sum(_size(child) for child in path.iterdir()) if path.is_dir() else 0


def _children(folder: Path) -> list[Path]:
    return sorted(folder.iterdir(), key=lambda p: p.name)


def components(root: Path) -> Iterator[tuple[str, int]]:
    """(name relative to `root`, bytes) for every top-level component; PySide6 broken down one level further."""
    for entry in _children(root):
        if entry.is_dir() and not entry.is_symlink() and entry.name in ("_internal", "Contents", "Frameworks"):
            yield from ((f"{entry.name}/{name}", size) for name, size in components(entry))
        elif entry.name == "PySide6" and entry.is_dir():
            qt = entry / "Qt"
            for part in _children(entry):
                if part == qt:
                    for sub in _children(qt):
                        if sub.name == "plugins" and sub.is_dir():
                            yield from ((f"PySide6/Qt/plugins/{kind.name}", _size(kind)) for kind in _children(sub))
                        else:
                            yield f"PySide6/Qt/{sub.name}", _size(sub)
                else:
                    yield f"PySide6/{part.name}", _size(part)
        else:
            yield entry.name, _size(entry)


def table(root: Path) -> tuple[list[str], int]:
    """The table's lines and the total in bytes."""
    rows = sorted(components(root), key=lambda row: -row[1])
    total = sum(size for _name, size in rows)
    big = [row for row in rows if row[1] >= SMALL]
    small = [row for row in rows if row[1] < SMALL]
    width = max([len(name) for name, _size in big] + [30])
    lines = [f"{'component':<{width}}  {'MB':>7}  {'share':>6}"]
    for name, size in big:
        lines.append(f"{name:<{width}}  {size / MB:7.1f}  {100 * size / max(total, 1):5.1f}%")
    if small:
        rest = sum(size for _name, size in small)
        label = f"({len(small)} smaller components)"
        lines.append(f"{label:<{width}}  {rest / MB:7.1f}  {100 * rest / max(total, 1):5.1f}%")
    lines.append(f"{'total unpacked':<{width}}  {total / MB:7.1f}")
    return lines, total


def write_tar_xz(root: Path, archive: Path) -> int:
    """`root` as a .tar.xz (symlinks kept as links); its size in bytes."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "w:xz", preset=6) as tar:
        tar.add(root, arcname=root.name)
    return archive.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder", type=Path, help="the one-folder build (dist/dingconsole) or the .app bundle")
    parser.add_argument("--tar-xz", type=Path, metavar="PATH", help="also write the folder as PATH and report its size")
    parser.add_argument("--max-unpacked-mb", type=float, help="exit 1 when the folder is larger")
    parser.add_argument("--max-archive-mb", type=float, help="exit 1 when the .tar.xz is larger")
    args = parser.parse_args(argv)
    lines, total = table(args.folder)
    print(f"size of {args.folder} ({sys.platform}):")
    print("\n".join(lines))
    failed = False
    if args.max_unpacked_mb is not None and total > args.max_unpacked_mb * MB:
        print(f"over budget: {total / MB:.1f} MB unpacked > {args.max_unpacked_mb} MB", file=sys.stderr)
        failed = True
    if args.tar_xz is not None:
        packed = write_tar_xz(args.folder, args.tar_xz)
        print(f"{'as ' + os.fspath(args.tar_xz):<30}  {packed / MB:7.1f}")
        if args.max_archive_mb is not None and packed > args.max_archive_mb * MB:
            print(f"over budget: {packed / MB:.1f} MB as .tar.xz > {args.max_archive_mb} MB", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
