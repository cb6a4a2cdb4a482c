"""Correct: plain lists per lane scanned for the earliest (due, order) entry instead of heaps; a
small record class per notification; the streak kept as the number of high sends in a row."""
import random
import time


class _Pending:
    def __init__(self, order, due, note):
        self.order, self.due, self.note, self.failures = order, due, note, 0


class NotificationService:
    def __init__(self, users, providers, limiter, dedup, clock=time.time, rng=None,
                 max_attempts=4, base_delay=30.0, cap_delay=600.0, high_per_low=3):
        if not max_attempts >= 1:
            raise ValueError("max_attempts")
        if not base_delay > 0:
            raise ValueError("base_delay")
        if not cap_delay >= base_delay:
            raise ValueError("cap_delay")
        if not high_per_low >= 1:
            raise ValueError("high_per_low")
        self.users, self.providers, self.limiter, self.dedup = users, providers, limiter, dedup
        self.clock = clock
        self.rng = rng if rng is not None else random.Random()
        self.max_attempts, self.base_delay, self.cap_delay = max_attempts, base_delay, cap_delay
        self.high_per_low = high_per_low
        self.pending = {"high": [], "low": []}
        self.submitted = 0
        self.in_a_row = 0
        self.dead = []

    def _wait(self, t, user, priority):
        quiet = self.users[user]["quiet"]
        if priority == "high" or not quiet:
            return t
        return quiet_until(t, self.users[user]["tz"], quiet[0], quiet[1])

    def submit(self, notification):
        user, channel, priority = notification["user"], notification["channel"], notification["priority"]
        profile = self.users[user]
        if channel not in self.providers:
            raise ValueError(f"unknown channel {channel!r}")
        if priority not in ("high", "low"):
            raise ValueError(f"unknown priority {priority!r}")
        if channel not in profile["channels"]:
            return "opted_out"
        if self.dedup.first_seen(user, notification["key"]) is False:
            return "duplicate"
        if self.limiter.allow(user + ":" + channel + ":" + priority) is False:
            return "rate_limited"
        self.submitted += 1
        self.pending[priority].append(_Pending(self.submitted, self._wait(self.clock(), user, priority),
                                               dict(notification)))
        return "queued"

    def _head(self, lane, now):
        due = [p for p in self.pending[lane] if p.due <= now]
        return min(due, key=lambda p: (p.due, p.order)) if due else None

    def _attempt(self, note):
        message = {"id": note["id"], "to": self.users[note["user"]]["channels"][note["channel"]], "text": note["text"]}
        for provider in self.providers[note["channel"]]:
            try:
                provider.send(message)
                return "sent"
            except ValueError:
                return "permanent"
            except (ConnectionError, TimeoutError):
                pass
        return "transient"

    def dispatch(self, limit=100):
        now = self.clock()
        attempts = 0
        while attempts < limit:
            high, low = self._head("high", now), self._head("low", now)
            if high is None and low is None:
                break
            if low is not None and (high is None or self.in_a_row >= self.high_per_low):
                lane, item, self.in_a_row = "low", low, 0
            else:
                lane, item, self.in_a_row = "high", high, self.in_a_row + 1
            self.pending[lane].remove(item)
            attempts += 1
            result = self._attempt(item.note)
            if result == "permanent":
                self.dead.append(item.note["id"])
            elif result == "transient":
                item.failures += 1
                if item.failures >= self.max_attempts:
                    self.dead.append(item.note["id"])
                else:
                    delay = self.rng.uniform(0, min(self.cap_delay, self.base_delay * 2 ** (item.failures - 1)))
                    item.due = self._wait(now + delay, item.note["user"], lane)
                    self.pending[lane].append(item)
        return attempts

    def next_due(self):
        times = [p.due for lane in self.pending.values() for p in lane]
        return min(times) if times else None

    def dead_letters(self):
        return self.dead[:]
