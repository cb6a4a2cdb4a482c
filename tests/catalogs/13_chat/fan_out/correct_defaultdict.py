from collections import defaultdict


def fan_out(message, members, registry, gateways):
    """defaultdict batches; a set of the users whose gateway answered."""
    sender = message["sender"]
    recipients = [user for user in members if user != sender]
    if not recipients:
        return []
    located = registry.lookup(recipients)
    batches = defaultdict(dict)
    for user, gateway in located.items():
        if user != sender and gateway in gateways:
            batches[gateway][user] = [message]
    reached = set()
    for gateway in batches:
        try:
            gateways[gateway].deliver(dict(batches[gateway]))
            reached.update(batches[gateway])
        except ConnectionError:
            pass
    return [user for user in recipients if user not in reached]
