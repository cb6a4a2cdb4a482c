"""Correct: the local time as seconds since local midnight; the end built as a naive local
datetime, then given the zone with replace(tzinfo=...) (zoneinfo picks the offset of that moment)."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def quiet_until(now, tz, start, end):
    def seconds(text):
        hours, minutes = text.split(":")
        return int(hours) * 3600 + int(minutes) * 60

    zone = ZoneInfo(tz)
    a, b = seconds(start), seconds(end)
    if a == b:
        raise ValueError("start and end must differ")
    local = datetime.fromtimestamp(now, zone)
    t = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
    if a < b:
        if not a <= t < b:
            return now
        day = local.date()
    elif t >= a:
        day = local.date() + timedelta(days=1)
    elif t < b:
        day = local.date()
    else:
        return now
    naive = datetime(day.year, day.month, day.day, b // 3600, b % 3600 // 60)
    return naive.replace(tzinfo=zone).timestamp()
