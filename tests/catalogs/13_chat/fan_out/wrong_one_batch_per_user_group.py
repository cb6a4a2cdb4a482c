# fails: test-fanout-batched :: a 1,024-member group over 16 gateways: one RPC per gateway touched, one lookup
# fails: test-fanout-batched :: every batch is {user: [message]} with one message per user
# fails: test-fanout-failures :: every gateway is tried once, whichever fail, in any order
# Batches by gateway, but flushes a batch whenever the next member is on another gateway:
# one RPC per run of consecutive members, so a gateway is called several times.
def fan_out(message, members, registry, gateways):
    recipients = [m for m in members if m != message["sender"]]
    where = registry.lookup(recipients) if recipients else {}
    delivered, batch, current = set(), {}, None

    def flush():
        if batch:
            try:
                gateways[current].deliver(dict(batch))
                delivered.update(batch)
            except ConnectionError:
                pass
            batch.clear()

    for user in recipients:
        gateway = where.get(user)
        if gateway not in gateways:
            continue
        if gateway != current:
            flush()
            current = gateway
        batch[user] = [message]
    flush()
    return [u for u in recipients if u not in delivered]
