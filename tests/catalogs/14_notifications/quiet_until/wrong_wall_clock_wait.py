# fails: test-quiet-dst :: Europe changes on other dates, at 01:00 UTC
# fails: test-quiet-dst :: New York springs forward: 23:00 EST to 07:00 EDT is 8 hours (the example above)
# fails: test-quiet-dst :: New York, both changes of 2024: before and after the jump, the repeated hour, the evening after
# fails: test-quiet-dst :: the southern hemisphere, and Lord Howe Island's half-hour change
# fails: test-service-day :: the whole day: rate limits, an outage with retries, failover, a permanent error, lanes at 20:00
# fails: test-service-quiet :: a DST change in the night: 08:00 in Lisbon is 08:00 UTC after the clocks go back
"""Wrong: the wait measured on the local wall clock (end - local between two datetimes of one
zone compares wall clocks) and added to now: an hour off across every DST change."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def quiet_until(now, tz, start, end):
    zone = ZoneInfo(tz)
    first = datetime.strptime(start, "%H:%M").time()
    last = datetime.strptime(end, "%H:%M").time()
    if first == last:
        raise ValueError("start == end")
    local = datetime.fromtimestamp(now, zone)
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
    end_local = datetime.combine(day, last, tzinfo=zone)
    return now + (end_local - local).total_seconds()
