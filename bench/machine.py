"""A description of the machine a benchmark ran on, printed under its table.

Timings mean little without the machine: cores, CPU model, memory, and the
versions of Python and the libraries the timings depend on.
"""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

LIBRARIES = ("textual", "tinydb", "rapidfuzz", "orjson")


def _first_field(path: str, name: str) -> str:
    """The value of the first ``name: value`` line of a ``/proc`` file, or ""."""
    try:
        text = Path(path).read_text()
    except OSError:
        return ""
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == name:
            return value.strip()
    return ""


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe() -> dict[str, str]:
    """The machine and software, as label -> value."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = _first_field("/proc/meminfo", "MemTotal")
    memory_gb = f"{int(memory.split()[0]) / 1024**2:.1f} GB" if memory else "unknown"
    return {
        "cpus": f"{os.cpu_count()} ({usable} usable)",
        "cpu": _first_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "memory": memory_gb,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        **{name: _version(name) for name in LIBRARIES},
    }


def describe_lines() -> list[str]:
    """``describe()`` as a few short lines."""
    facts = describe()
    software = ", ".join(f"{name} {facts[name]}" for name in ("python", *LIBRARIES))
    return [
        f"machine: {facts['cpus']} CPUs, {facts['cpu']}, {facts['memory']} RAM, {facts['system']}",
        f"software: {software}",
    ]
