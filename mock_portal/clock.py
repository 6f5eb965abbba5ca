"""The portal's one source of "now". Every rule asks this object, so a test can move
time for the whole portal (R-SESSION-30, R-DRAFT-30, R-PASSWORD-AGE, R-RENEW-*) by
calling the control API instead of waiting."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

TAIPEI = ZoneInfo("Asia/Taipei")


class Clock:
    """Real time plus an offset that tests can change; it keeps running after a move,
    so a person walking the portal by hand sees seconds pass as usual."""

    def __init__(self, source=None) -> None:
        self._source = source or (lambda: datetime.now(TAIPEI))
        self._offset = timedelta()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            offset = self._offset
        return (self._source() + offset).astimezone(TAIPEI)

    def today(self) -> date:
        """The calendar day in Taipei: a day starts at 00:00 Asia/Taipei."""
        return self.now().date()

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._offset += delta
        return self.now()

    def set(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=TAIPEI)
        with self._lock:
            self._offset = moment - self._source()
        return self.now()

    def reset(self) -> datetime:
        with self._lock:
            self._offset = timedelta()
        return self.now()
