"""The importer's fuzz target, driven by hypothesis on every run."""

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccpi_tui import samples_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))
from fuzz_ingest import check  # noqa: E402

SAMPLE_BYTES = [path.read_bytes() for path in sorted(samples_dir().iterdir())]
MARKERS = [b"<AI1>", b"</AI1>", b"<AI2>", b"</AI9>", b"Resolved:", b"(i)", b"\t4.  \n", b"Minutes:\n"]


def mutate(data: bytes, cuts: list[tuple[int, bytes]]) -> bytes:
    out = bytearray(data)
    for position, insert in cuts:
        at = position % (len(out) + 1)
        out[at:at] = insert
    return bytes(out)


def test_every_sample_passes_the_target():
    assert all(check(data) is not None for data in SAMPLE_BYTES)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_arbitrary_bytes(data):
    check(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SAMPLE_BYTES),
    st.lists(
        st.tuples(st.integers(min_value=0), st.sampled_from(MARKERS) | st.binary(max_size=8)),
        max_size=12,
    ),
)
def test_mutated_samples(data, cuts):
    check(mutate(data, cuts))
