# fails: test-fanout-batched :: a 1,024-member group over 16 gateways: one RPC per gateway touched, one lookup
# fails: test-fanout-batched :: no lookup when there is nobody to reach; at most one otherwise
# fails: test-fanout-batched :: one lookup; gw1 one RPC for bob, gw2 one RPC for carol and dave, gw3 none
# Looks every recipient up on its own: one registry RPC per member.
def fan_out(message, members, registry, gateways):
    recipients = [m for m in members if m != message["sender"]]
    batches = {}
    for user in recipients:
        gateway = registry.lookup([user]).get(user)
        if gateway in gateways:
            batches.setdefault(gateway, {})[user] = [message]
    delivered = set()
    for gateway, batch in batches.items():
        try:
            gateways[gateway].deliver(batch)
            delivered.update(batch)
        except ConnectionError:
            pass
    return [u for u in recipients if u not in delivered]
