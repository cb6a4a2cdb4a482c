import itertools


def fan_out(message, members, registry, gateways):
    """Sort the online recipients by gateway and group them with itertools.groupby; collect failures."""
    recipients = [m for m in members if m != message["sender"]]
    where = registry.lookup(list(recipients)) if len(recipients) > 0 else {}
    online = sorted(((where[u], u) for u in recipients if where.get(u) in gateways), key=lambda pair: pair[0])
    failed = set()
    for gateway, group in itertools.groupby(online, key=lambda pair: pair[0]):
        users = [u for _, u in group]
        try:
            gateways[gateway].deliver({u: [message] for u in users})
        except ConnectionError:
            failed.update(users)
    on_a_gateway = {u for _, u in online}
    return [u for u in recipients if u not in on_a_gateway or u in failed]
