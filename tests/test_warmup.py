"""Engines warmed in background threads as a load begins: built once per process, only where they are used."""

import threading

import pytest

from pipelines import validation
from pipelines.warmup import start_engines


@pytest.fixture(autouse=True)
def no_gx_context():
    validation._new_context.cache_clear()
    yield
    validation._new_context.cache_clear()


def _join_warm_ups() -> None:
    for thread in threading.enumerate():
        if thread.name in ("gx-warm-up", "vl-convert-warm-up"):
            thread.join()


def test_gx_context_is_built_once_when_the_warm_up_races_the_validation():
    contexts = []
    threads = [threading.Thread(target=lambda: contexts.append(validation._context())) for _ in range(3)]
    warm_up = validation.warm_up()
    for thread in threads:
        thread.start()
    for thread in [*threads, warm_up]:
        thread.join()
    assert len(contexts) == 3
    assert all(context is contexts[0] for context in contexts)
    assert validation._new_context.cache_info().currsize == 1


@pytest.mark.parametrize("in_process", [True, False])
def test_gx_is_warmed_only_for_a_load_validated_in_this_process(in_process: bool):
    start_engines(validation_in_process=in_process)
    _join_warm_ups()
    assert validation._new_context.cache_info().currsize == (1 if in_process else 0)
