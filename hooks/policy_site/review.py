"""When a policy's next review is due: overdue, due soon, or fine (no MkDocs)."""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from dataclasses import dataclass

# A review due within this many days is flagged, so the owner has a month to plan it.
DUE_SOON_DAYS = 30


class ReviewState(enum.StrEnum):
    """How urgent a policy's review is on a given day."""

    OK = "ok"
    DUE_SOON = "due-soon"  # review_by is today or within DUE_SOON_DAYS
    OVERDUE = "overdue"  # review_by has passed


@dataclass(frozen=True)
class Review:
    """The review state of one policy on `today`."""

    review_by: dt.date
    today: dt.date
    state: ReviewState

    @property
    def days_left(self) -> int:
        """Days until review_by: 0 on the day, negative once overdue."""
        return (self.review_by - self.today).days

    def describe(self) -> str:
        """Plain English for reports, e.g. 'overdue by 3 days' or 'due in 12 days'."""
        days = self.days_left
        if days < 0:
            return f"overdue by {_days(-days)}"
        if days == 0:
            return "due today"
        return f"due in {_days(days)}"


def review_of(review_by: dt.date, today: dt.date, *, due_soon_days: int = DUE_SOON_DAYS) -> Review:
    """The review state of a policy with `review_by` on `today`."""
    days = (review_by - today).days
    if days < 0:
        state = ReviewState.OVERDUE
    elif days <= due_soon_days:
        state = ReviewState.DUE_SOON
    else:
        state = ReviewState.OK
    return Review(review_by, today, state)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months; the 29th-31st become the month's last day when it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"
