"""The portal's one source of "now". Every rule asks this object, so a test can move
time for the whole portal (R-SESSION-30, R-DRAFT-30, R-PASSWORD-AGE, R-RENEW-*) by
calling the control API instead of waiting."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

TAIPEI = ZoneInfo("Asia/Taipei")
EARLIEST, LATEST = datetime(1900, 1, 1, tzinfo=TAIPEI), datetime(9000, 1, 1, tzinfo=TAIPEI)


class Clock:
    """Real time plus an offset that tests can change; it keeps running after a move,
    so a person walking the portal by hand sees seconds pass as usual. A test may also
    freeze it, so that only its own moves change the time (exact countdowns, dates)."""

    def __init__(self, source=None) -> None:
        self._source = source or (lambda: datetime.now(TAIPEI))
        self._offset = timedelta()
        self._frozen_at: datetime | None = None
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
            offset = self._offset
        return (self._source() + offset).astimezone(TAIPEI)

    def today(self) -> date:
        """The calendar day in Taipei: a day starts at 00:00 Asia/Taipei."""
        return self.now().date()

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            _check_range((self._frozen_at or self._source()) + delta)
            self._offset += delta
            if self._frozen_at is not None:
                self._frozen_at += delta
        return self.now()

    def set(self, moment: datetime, *, frozen: bool | None = None) -> datetime:
        """Jump to `moment`; `frozen` True stops the clock there, False lets it run,
        None keeps whichever it was doing."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=TAIPEI)
        moment = _check_range(moment.astimezone(TAIPEI))
        with self._lock:
            self._offset = moment - self._source()
            keep_frozen = self._frozen_at is not None if frozen is None else frozen
            self._frozen_at = moment if keep_frozen else None
        return self.now()

    def reset(self) -> datetime:
        with self._lock:
            self._offset = timedelta()
            self._frozen_at = None
        return self.now()


def _check_range(moment: datetime) -> datetime:
    """Refuse times the calendar arithmetic of the rules cannot hold, before any change."""
    if not EARLIEST <= moment <= LATEST:
        raise ValueError(f"time out of range: {moment.isoformat()}")
    return moment
