# fails: test-quiet-basics :: a window within one day (start < end) ends the same day
# fails: test-quiet-basics :: not quiet: now itself; quiet: the end of the quiet hours (the example above)
# fails: test-quiet-basics :: the window is [start, end): quiet from start on, no longer quiet at end
# fails: test-quiet-dst :: Europe changes on other dates, at 01:00 UTC
# fails: test-quiet-dst :: New York springs forward: 23:00 EST to 07:00 EDT is 8 hours (the example above)
# fails: test-quiet-dst :: New York, both changes of 2024: before and after the jump, the repeated hour, the evening after
# fails: test-quiet-dst :: the southern hemisphere, and Lord Howe Island's half-hour change
# fails: test-quiet-zones :: the local time is the user's: 22:30 in Kolkata (UTC+5:30) is quiet until 07:00 there
# fails: test-quiet-zones :: the same instant, three users, three answers
# fails: test-quiet-zones :: time zones around the world: half-hour offsets, UTC+14 and UTC-11, local and UTC dates that differ
# fails: test-service-day :: the night: a campaign, quiet hours in three time zones, an OTP, a duplicate, an opt-out
# fails: test-service-day :: the whole day: rate limits, an outage with retries, failover, a permanent error, lanes at 20:00
# fails: test-service-lanes :: only what is due is attempted; within a lane the earliest due goes first
# fails: test-service-quiet :: a low notification waits for the end of the quiet hours, a high one goes now (the example above)
# fails: test-service-quiet :: a low retry that would fall in the quiet hours waits for their end; a high retry does not
# fails: test-service-quiet :: each user's own time zone and quiet hours; no quiet hours, no wait
# fails: test-service-quiet :: next_due: None when nothing waits, the earliest due time otherwise
# fails: test-service-quiet :: notifications due at the same time go in submission order
# fails: test-service-retries :: equal due times go in submission order, also after a retry
"""Wrong: the quiet hours read on UTC (the servers' clock), not on the user's wall clock."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo


def quiet_until(now, tz, start, end):
    ZoneInfo(tz)
    first = datetime.strptime(start, "%H:%M").time()
    last = datetime.strptime(end, "%H:%M").time()
    if first == last:
        raise ValueError("start == end")
    local = datetime.fromtimestamp(now, timezone.utc)
    t = local.time()
    day = local.date()
    if first < last:
        quiet = first <= t < last
    elif t >= first:
        quiet, day = True, day + timedelta(days=1)
    else:
        quiet = t < last
    if not quiet:
        return now
    return datetime.combine(day, last, tzinfo=timezone.utc).timestamp()
