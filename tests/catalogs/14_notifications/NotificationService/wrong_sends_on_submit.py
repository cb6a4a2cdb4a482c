# fails: test-service-day :: the whole day: rate limits, an outage with retries, failover, a permanent error, lanes at 20:00
# fails: test-service-failover :: a transient failure moves on to the next provider, in the same attempt
# fails: test-service-failover :: each attempt starts again with the first provider
# fails: test-service-failover :: one failed attempt counts once toward max_attempts, however many providers failed in it
# fails: test-service-lanes :: an OTP does not wait behind a marketing blast
# fails: test-service-lanes :: dispatch makes at most limit attempts and returns how many it made
# fails: test-service-lanes :: only one lane with work: it goes; after a long run of high ones, a waiting low one goes next
# fails: test-service-lanes :: only what is due is attempted; within a lane the earliest due goes first
# fails: test-service-lanes :: other values of high_per_low
# fails: test-service-lanes :: the streak carries across dispatch calls
# fails: test-service-lanes :: while both lanes wait, at most high_per_low high ones in a row
# fails: test-service-quiet :: a low notification waits for the end of the quiet hours, a high one goes now (the example above)
# fails: test-service-retries :: each failed attempt is retried after rng.uniform(0, min(cap, base * 2 ** (n - 1))); dead after max_attempts
# fails: test-service-retries :: one draw per retry: none for a success, and dead letters in the order they died
# fails: test-service-retries :: the cap bounds every delay
# fails: test-service-submit :: submit never sends; dispatch sends only what was queued
"""Wrong: a high-priority notification is sent at once by submit (no queue, no lanes, no retries)."""
import heapq
import itertools
import random
import time


class NotificationService:
    def __init__(self, users, providers, limiter, dedup, clock=time.time, rng=None,
                 max_attempts=4, base_delay=30.0, cap_delay=600.0, high_per_low=3):
        if max_attempts < 1 or not base_delay > 0 or not cap_delay >= base_delay or high_per_low < 1:
            raise ValueError("settings")
        self.users, self.providers, self.limiter, self.dedup, self.clock = users, providers, limiter, dedup, clock
        self.rng = random.Random() if rng is None else rng
        self.max_attempts, self.base_delay, self.cap_delay = max_attempts, base_delay, cap_delay
        self.queue, self.counter, self.dead = [], itertools.count(), []

    def _send(self, n):
        profile = self.users[n["user"]]
        message = {"id": n["id"], "to": profile["channels"][n["channel"]], "text": n["text"]}
        for provider in self.providers[n["channel"]]:
            try:
                provider.send(message)
                return "sent"
            except ValueError:
                return "dead"
            except (ConnectionError, TimeoutError):
                continue
        return "failed"

    def submit(self, n):
        profile = self.users[n["user"]]
        if n["channel"] not in self.providers or n["priority"] not in ("high", "low"):
            raise ValueError("bad")
        if n["channel"] not in profile["channels"]:
            return "opted_out"
        if not self.dedup.first_seen(n["user"], n["key"]):
            return "duplicate"
        if not self.limiter.allow(f"{n['user']}:{n['channel']}:{n['priority']}"):
            return "rate_limited"
        n = dict(n, failures=0)
        due = self.clock()
        if n["priority"] == "high":
            outcome = self._send(n)
            if outcome == "dead":
                self.dead.append(n["id"])
            if outcome != "failed":
                return "queued"
            n["failures"] = 1
        elif profile["quiet"] is not None:
            due = quiet_until(due, profile["tz"], *profile["quiet"])
        heapq.heappush(self.queue, (due, next(self.counter), n))
        return "queued"

    def dispatch(self, limit=100):
        now, made = self.clock(), 0
        while made < limit and self.queue and self.queue[0][0] <= now:
            due, seq, n = heapq.heappop(self.queue)
            made += 1
            outcome = self._send(n)
            if outcome == "failed":
                n["failures"] += 1
                if n["failures"] < self.max_attempts:
                    profile = self.users[n["user"]]
                    due = now + self.rng.uniform(0, min(self.cap_delay, self.base_delay * 2 ** (n["failures"] - 1)))
                    if n["priority"] == "low" and profile["quiet"] is not None:
                        due = quiet_until(due, profile["tz"], *profile["quiet"])
                    heapq.heappush(self.queue, (due, seq, n))
                else:
                    outcome = "dead"
            if outcome == "dead":
                self.dead.append(n["id"])
        return made

    def next_due(self):
        return self.queue[0][0] if self.queue else None

    def dead_letters(self):
        return list(self.dead)
