# fails: test-reliable-queue-atomic :: a producer whose connection dies after any number of commands: the message is whole or absent
# fails: test-reliable-queue-atomic :: a worker whose connection dies after any number of commands: its message is not lost
# fails: test-reliable-queue-atomic :: the queue lives in Redis: instances on two clients share it; queues with other names stay apart
# fails: test-reliable-queue-atomic :: two workers take back expired leases at the same time: each message is delivered once more, not twice
# fails: test-reliable-queue-atomic :: two workers, other interleavings
# fails: test-reliable-queue-atomic :: two workers, their Redis commands interleaved step by step: each message handled exactly once
# fails: test-reliable-queue-leases :: a worker crashes mid-message: process() raises, and after the lease another worker gets it
"""Wrong: the queue lives in the instance's memory (Python lists and dicts), not in Redis: other
instances, other clients and other workers never see it."""
import time
from collections import deque


class ReliableQueue:
    def __init__(self, redis, name, lease=30.0, max_attempts=3, clock=time.time):
        if not lease > 0 or type(max_attempts) is not int or max_attempts < 1:
            raise ValueError("bad settings")
        self.lease, self.max_attempts, self.clock = lease, max_attempts, clock
        self.ready, self.leases, self.bodies, self.tries, self.dead = deque(), {}, {}, {}, []
        self.next_id = 0

    def put(self, body):
        self.next_id += 1
        message_id = str(self.next_id)
        self.bodies[message_id] = body
        self.ready.append(message_id)
        return message_id

    def get(self):
        now = self.clock()
        for message_id, deadline in sorted(self.leases.items(), key=lambda kv: kv[1], reverse=True):
            if deadline <= now:
                del self.leases[message_id]
                if self.tries[message_id] >= self.max_attempts:
                    self.dead.append(message_id)
                else:
                    self.ready.appendleft(message_id)
        if not self.ready:
            return None
        message_id = self.ready.popleft()
        self.tries[message_id] = self.tries.get(message_id, 0) + 1
        self.leases[message_id] = now + self.lease
        return message_id, self.bodies[message_id], self.tries[message_id]

    def ack(self, message_id):
        return self.leases.pop(message_id, None) is not None

    def process(self, handler):
        delivery = self.get()
        if delivery is None:
            return False
        handler(delivery[0], delivery[1])
        self.ack(delivery[0])
        return True

    def counts(self):
        return {"ready": len(self.ready), "leased": len(self.leases), "dead": len(self.dead)}

    def dead_letters(self):
        return [(m, self.bodies[m]) for m in self.dead]
