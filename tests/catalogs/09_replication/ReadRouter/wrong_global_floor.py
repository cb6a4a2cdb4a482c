# fails: test-read-router-routing :: one session's writes do not send another session to the leader
# fails: test-read-router-ryw :: a session that wrote nothing reads from a follower, even a stale one
# Wrong: one floor shared by every session: anyone's write sends everybody to the leader.
class ReadRouter:
    def __init__(self, leader, followers):
        self.leader = leader
        self.followers = list(followers)
        self.floor = 0

    def write(self, session, key, value):
        position = self.leader.write(key, value)
        self.floor = max(self.floor, position)
        return position

    def read(self, session, key):
        for follower in self.followers:
            try:
                if follower.position() >= self.floor:
                    value, position = follower.read(key)
                    break
            except TimeoutError:
                continue
        else:
            value, position = self.leader.read(key)
        self.floor = max(self.floor, position)
        return value
