# fails: test-read-router-monotonic :: after reading position 1 on F1, a session never reads F2 at position 0
# fails: test-read-router-monotonic :: the floor rises with every read, also one that found no value (None)
# fails: test-read-router-routing :: a follower whose read() is lost after its position() answered is skipped too
# fails: test-read-router-routing :: unreachable followers are skipped, without an error
# Wrong: an unreachable follower's TimeoutError escapes instead of being skipped.
class ReadRouter:
    def __init__(self, leader, followers):
        self.leader = leader
        self.followers = list(followers)
        self.floors = {}

    def write(self, session, key, value):
        position = self.leader.write(key, value)
        self.floors[session] = max(self.floors.get(session, 0), position)
        return position

    def read(self, session, key):
        floor = self.floors.get(session, 0)
        answer = None
        for follower in self.followers:
            if follower.position() >= floor:
                answer = follower.read(key)
                break
        if answer is None:
            answer = self.leader.read(key)
        value, position = answer
        self.floors[session] = max(floor, position)
        return value
