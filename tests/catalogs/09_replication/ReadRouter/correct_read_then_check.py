# Correct: no position() calls: read a follower, keep its answer if its position is at or above the floor.
class ReadRouter:
    def __init__(self, leader, followers):
        self.leader = leader
        self.followers = followers
        self.seen = {}

    def write(self, session, key, value):
        position = self.leader.write(key, value)
        if position > self.seen.get(session, 0):
            self.seen[session] = position
        return position

    def read(self, session, key):
        floor = self.seen.get(session, 0)
        for follower in self.followers:
            try:
                value, position = follower.read(key)
            except TimeoutError:
                continue
            if position >= floor:
                break
        else:
            value, position = self.leader.read(key)
        if position > floor:
            self.seen[session] = position
        return value
