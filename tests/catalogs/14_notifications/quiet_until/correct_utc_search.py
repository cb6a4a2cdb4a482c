"""Correct: no local arithmetic at all for the end: candidate local dates (today, tomorrow) turned
into UTC instants with the zone's own rules, and the first one after now that closes the window."""
import datetime as dt
import zoneinfo


def quiet_until(now, tz, start, end):
    zone = zoneinfo.ZoneInfo(tz)
    sh, sm = map(int, start.split(":"))
    eh, em = map(int, end.split(":"))
    if (sh, sm) == (eh, em):
        raise ValueError(f"empty quiet hours {start}-{end}")
    local = dt.datetime.fromtimestamp(now, tz=zone)
    tod = dt.time(local.hour, local.minute, local.second, local.microsecond)
    s, e = dt.time(sh, sm), dt.time(eh, em)
    quiet = (s <= tod < e) if s < e else (tod >= s or tod < e)
    if not quiet:
        return now
    for offset in (0, 1):
        day = local.date() + dt.timedelta(days=offset)
        candidate = dt.datetime(day.year, day.month, day.day, eh, em, tzinfo=zone).timestamp()
        if candidate > now:
            return candidate
    raise AssertionError("unreachable")
