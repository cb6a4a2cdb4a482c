# Correct: spreads reads round-robin over the followers that qualify (for/else to the leader); a session object per session.
import itertools


class _Session:
    def __init__(self):
        self.floor = 0


class ReadRouter:
    def __init__(self, leader, followers):
        self.leader = leader
        self.followers = list(followers)
        self.sessions = {}
        self.turn = itertools.count()

    def _session(self, session):
        return self.sessions.setdefault(session, _Session())

    def write(self, session, key, value):
        position = self.leader.write(key, value)
        s = self._session(session)
        s.floor = max(s.floor, position)
        return position

    def read(self, session, key):
        s = self._session(session)
        n = len(self.followers)
        start = next(self.turn) % n if n else 0
        for k in range(n):
            follower = self.followers[(start + k) % n]
            try:
                if follower.position() < s.floor:
                    continue
                value, position = follower.read(key)
                break
            except TimeoutError:
                pass
        else:
            value, position = self.leader.read(key)
        s.floor = max(s.floor, position)
        return value
