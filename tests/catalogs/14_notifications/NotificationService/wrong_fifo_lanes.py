# fails: test-service-day :: the night: a campaign, quiet hours in three time zones, an OTP, a duplicate, an opt-out
# fails: test-service-day :: the whole day: rate limits, an outage with retries, failover, a permanent error, lanes at 20:00
# fails: test-service-lanes :: only what is due is attempted; within a lane the earliest due goes first
# fails: test-service-quiet :: each user's own time zone and quiet hours; no quiet hours, no wait
# fails: test-service-quiet :: next_due: None when nothing waits, the earliest due time otherwise
# fails: test-service-retries :: equal due times go in submission order, also after a retry
# fails: test-service-retries :: one draw per retry: none for a success, and dead letters in the order they died
"""Wrong: one FIFO per lane in submission order (a deque): a notification due later blocks the ones
behind it that are already due, and a retry goes to the back."""
import collections
import random
import time


class NotificationService:
    def __init__(self, users, providers, limiter, dedup, clock=time.time, rng=None,
                 max_attempts=4, base_delay=30.0, cap_delay=600.0, high_per_low=3):
        if max_attempts < 1 or not base_delay > 0 or not cap_delay >= base_delay or high_per_low < 1:
            raise ValueError("settings")
        self.users, self.providers, self.limiter, self.dedup, self.clock = users, providers, limiter, dedup, clock
        self.rng = random.Random() if rng is None else rng
        self.max_attempts, self.base_delay, self.cap_delay, self.high_per_low = max_attempts, base_delay, cap_delay, high_per_low
        self.lanes = {"high": collections.deque(), "low": collections.deque()}
        self.streak, self.dead = 0, []

    def submit(self, n):
        profile = self.users[n["user"]]
        if n["channel"] not in self.providers or n["priority"] not in self.lanes:
            raise ValueError("bad")
        if n["channel"] not in profile["channels"]:
            return "opted_out"
        if not self.dedup.first_seen(n["user"], n["key"]):
            return "duplicate"
        if not self.limiter.allow(f"{n['user']}:{n['channel']}:{n['priority']}"):
            return "rate_limited"
        due = self.clock()
        if n["priority"] == "low" and profile["quiet"] is not None:
            due = quiet_until(due, profile["tz"], *profile["quiet"])
        self.lanes[n["priority"]].append([due, dict(n), 0])
        return "queued"

    def dispatch(self, limit=100):
        now = self.clock()
        high, low = self.lanes["high"], self.lanes["low"]
        made = 0
        while made < limit:
            high_due = bool(high) and high[0][0] <= now
            low_due = bool(low) and low[0][0] <= now
            if not high_due and not low_due:
                break
            if low_due and (not high_due or self.streak >= self.high_per_low):
                lane, self.streak = low, 0
            else:
                lane, self.streak = high, self.streak + 1
            item = lane.popleft()
            made += 1
            _, n, failures = item
            profile = self.users[n["user"]]
            message = {"id": n["id"], "to": profile["channels"][n["channel"]], "text": n["text"]}
            outcome = "failed"
            for provider in self.providers[n["channel"]]:
                try:
                    provider.send(message)
                    outcome = "sent"
                    break
                except ValueError:
                    outcome = "dead"
                    break
                except (ConnectionError, TimeoutError):
                    continue
            if outcome == "failed":
                failures += 1
                if failures < self.max_attempts:
                    due = now + self.rng.uniform(0, min(self.cap_delay, self.base_delay * 2 ** (failures - 1)))
                    if n["priority"] == "low" and profile["quiet"] is not None:
                        due = quiet_until(due, profile["tz"], *profile["quiet"])
                    lane.append([due, n, failures])
                else:
                    outcome = "dead"
            if outcome == "dead":
                self.dead.append(n["id"])
        return made

    def next_due(self):
        times = [item[0] for lane in self.lanes.values() for item in lane]
        return min(times) if times else None

    def dead_letters(self):
        return list(self.dead)
