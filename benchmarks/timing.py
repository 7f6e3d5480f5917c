"""Timing one in-process step of a benchmark: the median of repeated runs and the SQL queries one run costs."""

import statistics
import time


def timed(function, repeat: int) -> tuple[float, int]:
    """Median milliseconds over `repeat` runs, and the queries of one run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            function()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(queries)
