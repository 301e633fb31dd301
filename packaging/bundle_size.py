"""Size of the PyInstaller bundle (dist/netdesk), grouped by component.

    python packaging/bundle_size.py [BUNDLE] [--json] [--top N]

Each file of the folder counts once (symbolic links count nothing). A shared library that
PyInstaller copied from the system (``_internal/libX11.so.6``…) belongs to the component whose
binaries need it (their ELF ``DT_NEEDED`` entries, followed through other such libraries); one
needed by several components is counted as "system libraries (shared)". The Python code inside the
launcher's archive (PYZ) is split by top-level module when PyInstaller is importable.

Also used by packaging/netdesk.spec (``elf_needed``, ``elf_has_symbols``) to prune and strip.
"""

from __future__ import annotations

import argparse
import json
import struct
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Top-level names (a folder or file under _internal/, or a module in the PYZ) -> component.
COMPONENTS: dict[str, tuple[str, ...]] = {
    "Qt (PySide6)": ("PySide6", "shiboken6", "libpyside6", "libshiboken6", "libQt6", "libicu"),
    "OpenCV": ("cv2", "opencv_python_headless.libs"),
    "OCR runtime (onnxruntime)": ("onnxruntime",),
    "OCR models (rapidocr)": ("rapidocr/models",),
    "OCR code (rapidocr, shapely, pyclipper, yaml…)": (
        "rapidocr",
        "shapely",
        "shapely.libs",
        "pyclipper",
        "yaml",
        "_yaml",
        "omegaconf",
        "antlr4",
        "requests",
        "urllib3",
        "certifi",
        "charset_normalizer",
        "idna",
        "tqdm",
    ),
    "numpy": ("numpy", "numpy.libs"),
    "images (Pillow, HEIF)": (
        "PIL",
        "pillow.libs",
        "pillow_heif",
        "pillow_heif.libs",
        "_pillow_heif",
        "pi_heif",
    ),
    "QR (zxing-cpp, zbar, qrcode)": ("zxingcpp", "pyzbar", "libzbar", "qrcode"),
    "sync (caldav, lxml, niquests, cryptography, keyring…)": (
        "caldav",
        "calendaring_config",
        "icalendar_searcher",
        "lxml",
        "niquests",
        "urllib3_future",
        "qh3",
        "jh2",
        "wassima",
        "cryptography",
        "cffi",
        "_cffi_backend",
        "keyring",
        "secretstorage",
        "jeepney",
        "jaraco",
    ),
    "Python runtime and stdlib": ("libpython", "python3", "base_library.zip", "@stdlib", "@launcher"),
    "netdesk": ("netdesk",),
}
OTHER = "other Python libraries"
SHARED = "system libraries (shared)"
MIB = 1024 * 1024


def elf_needed(path: Path) -> list[str]:
    """The DT_NEEDED names of a 64-bit little-endian ELF file ([] for anything else)."""
    try:
        data = path.read_bytes()
    except OSError:
        return []
    sections = _sections(data)
    for sh_type, offset, size, link in sections:
        if sh_type != 6 or link >= len(sections):  # SHT_DYNAMIC; link = its string table
            continue
        strtab = sections[link][1]
        names = []
        for pos in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, pos)
            if tag == 0:
                break
            if tag == 1:  # DT_NEEDED
                end = data.index(b"\0", strtab + value)
                names.append(data[strtab + value : end].decode("utf-8", "replace"))
        return names
    return []


def elf_has_symbols(path: Path) -> bool:
    """True for an ELF file that still has a symbol table (.symtab): ``strip`` would shrink it."""
    try:
        return any(sh_type == 2 for sh_type, *_ in _sections(path.read_bytes()))
    except OSError:
        return False


def _sections(data: bytes) -> list[tuple[int, int, int, int]]:
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:  # ELFCLASS64, little-endian
        return []
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    out = []
    for i in range(shnum):
        base = shoff + i * shentsize
        if base + 64 > len(data):
            return []
        _name, sh_type, _flags, _addr, offset, size, link = struct.unpack_from("<IIQQQQI", data, base)
        out.append((sh_type, offset, size, link))
    return out


def _component_of(rel: str) -> str | None:
    """The component whose longest prefix matches: a prefix with a slash matches a path under it,
    one without matches the start of the first path segment (``numpy`` matches ``numpy.libs``)."""
    head = rel.split("/", 1)[0]
    best, best_len = None, -1
    for component, prefixes in COMPONENTS.items():
        for prefix in prefixes:
            hit = rel.startswith(prefix + "/") if "/" in prefix else head.startswith(prefix)
            if hit and len(prefix) > best_len:
                best, best_len = component, len(prefix)
    return best


def _is_top_level_library(rel: str) -> bool:
    return "/" not in rel and ".so" in rel


def measure(bundle: Path) -> tuple[dict[str, int], dict[str, Counter[str]]]:
    """Bytes per component, and per component the bytes of its biggest parts."""
    internal = bundle / "_internal"
    totals: Counter[str] = Counter()
    parts: dict[str, Counter[str]] = defaultdict(Counter)
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    owner: dict[str, str] = {}
    pending: list[tuple[str, Path]] = []
    for path in files:
        rel = path.relative_to(internal).as_posix() if path.is_relative_to(internal) else "@launcher"
        component = _component_of(rel)
        if component is None and _is_top_level_library(rel):
            pending.append((rel, path))
            continue
        owner[path.name] = component or OTHER
        if rel == "@launcher":
            continue  # split below, by what its archive holds
        _add(totals, parts, component or OTHER, rel, path.stat().st_size)
    for rel, component, size in _attribute_libraries(files, owner, pending):
        _add(totals, parts, component, rel, size)
    launcher = bundle / bundle.name
    if launcher.is_file():
        for component, rel, size in _launcher_contents(launcher):
            _add(totals, parts, component, rel, size)
    return dict(totals), parts


def _add(totals: Counter[str], parts: dict[str, Counter[str]], component: str, rel: str, size: int) -> None:
    totals[component] += size
    key = rel if rel.startswith(("PYZ:", "@")) else "/".join(rel.split("/")[:3])
    parts[component][key] += size


def _attribute_libraries(
    files: list[Path], owner: dict[str, str], pending: list[tuple[str, Path]]
) -> Iterable[tuple[str, str, int]]:
    """System libraries at the top of _internal/ go to the components whose binaries need them."""
    users: dict[str, set[str]] = defaultdict(set)
    for path in files:
        for name in elf_needed(path):
            users[name].add(path.name)
    names = {path.name for _, path in pending}
    resolved: dict[str, set[str]] = {}

    def components(name: str, seen: frozenset[str]) -> set[str]:
        if name in resolved:
            return resolved[name]
        found: set[str] = set()
        for user in users.get(name, ()):
            if user in names and user not in seen:
                found |= components(user, seen | {user})
            elif user in owner:
                found.add(owner[user])
        if not seen:
            resolved[name] = found
        return found

    for rel, path in pending:
        found = components(path.name, frozenset())
        yield rel, (found.pop() if len(found) == 1 else SHARED), path.stat().st_size


def _launcher_contents(launcher: Path) -> Iterable[tuple[str, str, int]]:
    size = launcher.stat().st_size
    try:
        from PyInstaller.archive.readers import CArchiveReader
    except ImportError:
        yield "Python runtime and stdlib", "@launcher (PyInstaller not installed: not split)", size
        return
    archive = CArchiveReader(str(launcher))
    stdlib = set(sys.stdlib_module_names)
    inside = 0
    for name in archive.toc:
        if name.startswith("PYZ") and name.endswith(".pyz"):
            pyz = archive.open_embedded_archive(name)
            for module, entry in pyz.toc.items():
                top = module.split(".")[0]
                component = "Python runtime and stdlib" if top in stdlib else _component_of(top) or OTHER
                if module.startswith("rapidocr"):
                    component = _component_of("rapidocr") or OTHER
                yield component, f"PYZ:{top}", entry[2]
                inside += entry[2]
    yield "Python runtime and stdlib", "@launcher", size - inside


def report(bundle: Path, top: int) -> str:
    totals, parts = measure(bundle)
    total = sum(totals.values())
    lines = [f"{bundle}: {total / MIB:.0f} MiB", ""]
    for component, size in sorted(totals.items(), key=lambda kv: -kv[1]):
        lines.append(f"{size / MIB:8.1f} MiB  {100 * size / total:4.1f}%  {component}")
        for part, part_size in parts[component].most_common(top):
            lines.append(f"{'':21}{part_size / MIB:7.1f} MiB  {part}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=ROOT / "dist" / "netdesk")
    parser.add_argument("--json", action="store_true", help="print {component: bytes, 'total': bytes}")
    parser.add_argument("--top", type=int, default=0, help="also list the N biggest parts of each")
    args = parser.parse_args(argv)
    if not (args.bundle / "_internal").is_dir():
        print(
            f"bundle_size: {args.bundle} is not a PyInstaller folder bundle (run make package)",
            file=sys.stderr,
        )
        return 2
    if args.json:
        totals, _ = measure(args.bundle)
        print(json.dumps({**totals, "total": sum(totals.values())}, indent=1))
    else:
        print(report(args.bundle, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
