# fails: test-read-router-monotonic :: after reading position 1 on F1, a session never reads F2 at position 0
# fails: test-read-router-routing :: a follower exactly at the floor qualifies (position >= floor)
# fails: test-read-router-routing :: once the followers have caught up, the leader serves no read
# fails: test-read-router-routing :: one session's writes do not send another session to the leader
# fails: test-read-router-routing :: unreachable followers are skipped, without an error
# fails: test-read-router-ryw :: a session that wrote nothing reads from a follower, even a stale one
# fails: test-read-router-ryw :: a write is read back at once, from the leader while no follower has it (the example)
# fails: test-read-router-ryw :: every write raises the floor: the newest write is read back, even when a follower has older ones
# Wrong: every read goes to the leader: consistent, but the followers serve nothing.
class ReadRouter:
    def __init__(self, leader, followers):
        self.leader = leader
        self.followers = list(followers)

    def write(self, session, key, value):
        return self.leader.write(key, value)

    def read(self, session, key):
        return self.leader.read(key)[0]
