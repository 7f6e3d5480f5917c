"""Circuit breakers for the services the site can live without (Redis, Elasticsearch): after a failure, this
process leaves the service alone for a while, so that an outage costs one short wait per window, not one per call.

A circuit is per service address and per process, shared by every thread and every cache alias or client that
talks to that address. Once `retry_after` seconds have passed, the next call tries the service again: success
keeps the circuit closed, another failure opens it for another window.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

DEFAULT_RETRY_AFTER = 10.0


@dataclass
class Circuit:
    """One service's state in this process: skipped until `open_until` (on the monotonic clock)."""

    name: str
    retry_after: float = DEFAULT_RETRY_AFTER
    open_until: float = 0.0
    failures: int = 0
    last_error: str = ""
    # Key patterns whose writes were dropped while the service was unreachable (home.redis_cache).
    stale_patterns: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self, error: BaseException) -> None:
        if not self.is_open():
            logger.warning(
                "%s unreachable (%s: %s); skipped for %s s", self.name, type(error).__name__, error, self.retry_after
            )
        self.failures += 1
        self.last_error = type(error).__name__
        self.open_until = time.monotonic() + self.retry_after

    def close(self) -> None:
        self.open_until = 0.0


_circuits: dict[str, Circuit] = {}
_circuits_lock = threading.Lock()


def circuit_for(name: str, retry_after: float = DEFAULT_RETRY_AFTER) -> Circuit:
    """The circuit of the service at `name` (its address), made on first use."""
    with _circuits_lock:
        circuit = _circuits.get(name)
        if circuit is None:
            circuit = _circuits[name] = Circuit(name=name, retry_after=retry_after)
        return circuit


def reset_circuits() -> None:
    """Close every circuit and forget what it held (tests); the objects stay, as caches keep theirs."""
    with _circuits_lock:
        for circuit in _circuits.values():
            circuit.close()
            circuit.failures = 0
            circuit.stale_patterns.clear()
