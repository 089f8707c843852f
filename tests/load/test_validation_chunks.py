"""How validation splits the parts of a load into chunks for the worker processes."""

import pytest

from pipelines.load.assets import chunk_parts


@pytest.mark.parametrize("n_parts", [1, 2, 3, 5, 9, 10, 11, 20, 21, 50, 101])
@pytest.mark.parametrize("workers", [1, 2, 4])
def test_chunks_cover_every_part_once_evenly(n_parts: int, workers: int) -> None:
    chunks = chunk_parts(n_parts, workers=workers, max_parts=10)
    assert [index for chunk in chunks for index in chunk] == list(range(n_parts))
    sizes = [len(chunk) for chunk in chunks]
    assert max(sizes) <= 10
    assert max(sizes) - min(sizes) <= 1
    if n_parts >= workers:
        assert len(chunks) % workers == 0  # no worker idles in the last round


def test_one_part_is_one_chunk() -> None:
    assert chunk_parts(1, workers=2, max_parts=10) == [[0]]
