"""The sandbox clock: real time, shifted and optionally frozen, so quotes can be made to expire
and orders to progress on demand (``/_sandbox/clock``)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta


class SandboxClock:
    def __init__(self, offset_seconds: float = 0.0, frozen_at: datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._offset = offset_seconds
        self._frozen_at = frozen_at

    def now(self) -> datetime:
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
            return datetime.fromtimestamp(time.time() + self._offset, UTC)

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def freeze(self, at: datetime | None = None) -> None:
        moment = at or self.now()
        with self._lock:
            self._frozen_at = moment.astimezone(UTC)

    def unfreeze(self) -> None:
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at.timestamp() - time.time()
                self._frozen_at = None

    def advance(self, seconds: float) -> datetime:
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += timedelta(seconds=seconds)
            else:
                self._offset += seconds
        return self.now()

    def state(self) -> dict:
        return {
            "now": self.now().isoformat(),
            "frozen": self.frozen,
            "offset_seconds": round(self._offset, 3),
        }

    def restore(self, state: dict) -> None:
        with self._lock:
            self._offset = float(state.get("offset_seconds") or 0)
            frozen = state.get("frozen_at")
            self._frozen_at = datetime.fromisoformat(frozen) if frozen else None

    def snapshot(self) -> dict:
        with self._lock:
            return {
                "offset_seconds": self._offset,
                "frozen_at": self._frozen_at.isoformat() if self._frozen_at else None,
            }
