"""Fault injection: make chosen routes slow, failing, malformed or cut off, on demand.

A fault applies to one route (``"POST /partner/walletable/complete/buy"``, as in
`minted.endpoints`) or to every route (``"*"``), for a number of requests or until cleared.
"""

from __future__ import annotations

import random
import threading
from dataclasses import asdict, dataclass


@dataclass
class Fault:
    route: str = "*"
    latency_ms: int = 0  # the answer is held back this long (the work itself is done at once)
    error_rate: float = 0.0  # share of requests answered with ``status`` (default 500)
    status: int | None = None  # every matching request gets this status
    malformed: bool = False  # a 200 whose body is cut-off JSON
    drop: bool = False  # the connection closes before the body is complete
    times: int | None = None  # how many requests it applies to; None = until cleared

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Decision:
    latency_ms: int = 0  # the answer is held back this long (the work itself is done at once)
    status: int | None = None
    malformed: bool = False
    drop: bool = False

    @property
    def breaks(self) -> bool:
        return self.status is not None or self.malformed or self.drop


class FaultBoard:
    def __init__(self, seed: int = 0) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._random = random.Random(seed)

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def list(self) -> list[dict]:
        with self._lock:
            return [f.to_dict() for f in self._faults]

    def decide(self, route: str | None) -> Decision:
        with self._lock:
            latency, status, malformed, drop = 0, None, False, False
            for fault in list(self._faults):
                if fault.route not in ("*", route):
                    continue
                latency += fault.latency_ms
                if fault.status is not None:
                    status = fault.status
                elif fault.error_rate and self._random.random() < fault.error_rate:
                    status = 500
                malformed = malformed or fault.malformed
                drop = drop or fault.drop
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
            return Decision(latency, status, malformed, drop)
