# fails: test-read-router-monotonic :: after reading position 1 on F1, a session never reads F2 at position 0
# fails: test-read-router-monotonic :: the floor also rises with what a read returned, not only with the session's writes
# fails: test-read-router-monotonic :: the floor rises with every read, also one that found no value (None)
# fails: test-read-router-ryw :: a read from the leader gets a value whatever its followers hold
# fails: test-read-router-ryw :: a write is read back at once, from the leader while no follower has it (the example)
# fails: test-read-router-ryw :: every write raises the floor: the newest write is read back, even when a follower has older ones
# Wrong: the naive load balancer: followers in turn, positions ignored.
import itertools


class ReadRouter:
    def __init__(self, leader, followers):
        self.leader = leader
        self.followers = list(followers)
        self.turn = itertools.cycle(range(len(self.followers)))

    def write(self, session, key, value):
        return self.leader.write(key, value)

    def read(self, session, key):
        for _ in range(len(self.followers)):
            try:
                return self.followers[next(self.turn)].read(key)[0]
            except TimeoutError:
                continue
        return self.leader.read(key)[0]
