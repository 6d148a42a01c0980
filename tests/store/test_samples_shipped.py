"""samples/ holds the five CCPI documents byte for byte, and installs with the app."""

import hashlib
from pathlib import Path

from ccpi_tui import samples_dir

#: SHA-256 of each document as published in shared/samples.
EXPECTED = {
    "000_cbec8885c3f38f79.txt": "dac342268573fd89",
    "001_4432b31db689744a.txt": "e558e6f7587711f6",
    "002_cff7499dd3655361.txt": "38862d2ae596b12c",
    "003_00d6487a98f72f3b.txt": "1d10d2165ecc542f",
    "004_7dd207e686726677.txt": "801dae2407b95430",
}


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in sorted(folder.iterdir())}


def test_samples_are_the_five_documents_byte_for_byte():
    assert digests(samples_dir()) == EXPECTED


def test_samples_match_the_shared_originals_when_they_are_beside_the_checkout():
    shared = Path(__file__).resolve().parents[3] / "shared" / "samples"
    originals = digests(shared) if shared.is_dir() else EXPECTED
    assert originals == EXPECTED


def test_pyproject_ships_the_samples_inside_the_wheel():
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert '"samples" = "ccpi_tui/samples"' in pyproject
