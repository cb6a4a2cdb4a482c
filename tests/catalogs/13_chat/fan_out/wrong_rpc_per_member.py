# fails: test-fanout-batched :: a 1,024-member group over 16 gateways: one RPC per gateway touched, one lookup
# fails: test-fanout-batched :: every batch is {user: [message]} with one message per user
# fails: test-fanout-batched :: one lookup; gw1 one RPC for bob, gw2 one RPC for carol and dave, gw3 none
# fails: test-fanout-failures :: every gateway is tried once, whichever fail, in any order
# One deliver RPC per recipient instead of one per gateway.
def fan_out(message, members, registry, gateways):
    recipients = [m for m in members if m != message["sender"]]
    where = registry.lookup(recipients) if recipients else {}
    missed = []
    for user in recipients:
        gateway = where.get(user)
        if gateway not in gateways:
            missed.append(user)
            continue
        try:
            gateways[gateway].deliver({user: [message]})
        except ConnectionError:
            missed.append(user)
    return missed
