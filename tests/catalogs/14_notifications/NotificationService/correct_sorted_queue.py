"""Correct: each lane a list kept sorted with bisect.insort on (due, submission number, id); the
lane choice written as "how many high ones may still go before a low one"."""
import bisect
import random
import time


class NotificationService:
    def __init__(self, users, providers, limiter, dedup, clock=time.time, rng=None,
                 max_attempts=4, base_delay=30.0, cap_delay=600.0, high_per_low=3):
        checks = [max_attempts >= 1, base_delay > 0, cap_delay >= base_delay, high_per_low >= 1]
        if not all(checks):
            raise ValueError(f"invalid settings: {checks}")
        self.users, self.providers = users, providers
        self.limiter, self.dedup, self.clock = limiter, dedup, clock
        self.rng = rng or random.Random()
        self.max_attempts, self.base, self.cap, self.high_per_low = max_attempts, base_delay, cap_delay, high_per_low
        self.queues = {"high": [], "low": []}
        self.notes = {}
        self.failures = {}
        self.number = 0
        self.budget = high_per_low          # high ones that may still go before a waiting low one
        self.dead = []

    def submit(self, n):
        if n["user"] not in self.users:
            raise KeyError(n["user"])
        if n["channel"] not in self.providers or n["priority"] not in self.queues:
            raise ValueError("bad channel or priority")
        user = self.users[n["user"]]
        if n["channel"] not in user["channels"]:
            return "opted_out"
        if not self.dedup.first_seen(n["user"], n["key"]):
            return "duplicate"
        if not self.limiter.allow("%s:%s:%s" % (n["user"], n["channel"], n["priority"])):
            return "rate_limited"
        now = self.clock()
        due = now
        if n["priority"] == "low" and user["quiet"]:
            due = quiet_until(now, user["tz"], user["quiet"][0], user["quiet"][1])
        self.number += 1
        self.notes[self.number] = n
        self.failures[self.number] = 0
        bisect.insort(self.queues[n["priority"]], (due, self.number))
        return "queued"

    def dispatch(self, limit=100):
        now = self.clock()
        made = 0
        for _ in range(limit):
            ready = {lane: bool(q) and q[0][0] <= now for lane, q in self.queues.items()}
            if ready["low"] and (not ready["high"] or self.budget == 0):
                lane = "low"
                self.budget = self.high_per_low
            elif ready["high"]:
                lane = "high"
                self.budget = max(0, self.budget - 1)
            else:
                break
            due, number = self.queues[lane].pop(0)
            made += 1
            n = self.notes[number]
            user = self.users[n["user"]]
            message = {"id": n["id"], "to": user["channels"][n["channel"]], "text": n["text"]}
            delivered = False
            permanent = False
            for provider in self.providers[n["channel"]]:
                try:
                    provider.send(message)
                    delivered = True
                except ValueError:
                    permanent = True
                except (ConnectionError, TimeoutError):
                    continue
                break
            if delivered:
                continue
            if not permanent:
                self.failures[number] += 1
                k = self.failures[number]
                if k < self.max_attempts:
                    later = now + self.rng.uniform(0, min(self.cap, self.base * 2 ** (k - 1)))
                    if lane == "low" and user["quiet"]:
                        later = quiet_until(later, user["tz"], *user["quiet"])
                    bisect.insort(self.queues[lane], (later, number))
                    continue
            self.dead.append(n["id"])
        return made

    def next_due(self):
        heads = [q[0][0] for q in self.queues.values() if q]
        return min(heads) if heads else None

    def dead_letters(self):
        return list(self.dead)
