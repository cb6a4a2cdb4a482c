# fails: test-gateway-auth-limit :: rate-limited before routing: a limited client gets 429 even for an unknown path
"""Wrong: routes before rate-limiting: unknown paths are never limited (and cost no token)."""
from http import HTTPStatus


class Gateway:
    def __init__(self, routes, authenticate, limiter, upstream):
        self.routes, self.authenticate, self.limiter, self.upstream = routes, authenticate, limiter, upstream

    def handle(self, method, path, headers):
        def error(status, extra=None):
            return status, dict(extra or {}), {"type": "about:blank", "title": HTTPStatus(status).phrase,
                                               "status": status}

        lower = {name.lower(): value for name, value in headers.items()}
        scheme, _, token = lower.get("authorization", "").partition(" ")
        client = self.authenticate(token) if scheme.lower() == "bearer" and token else None
        if client is None:
            return error(401, {"WWW-Authenticate": "Bearer"})
        if path not in self.routes:
            return error(404)
        methods = self.routes[path]
        if method not in methods:
            return error(405, {"Allow": ", ".join(sorted(methods))})
        allowed, retry_after = self.limiter.allow(client)
        if not allowed:
            return error(429, {"Retry-After": str(retry_after)})
        try:
            status, body = self.upstream(methods[method], client)
        except ConnectionError:
            return error(502)
        except TimeoutError:
            return error(504)
        if isinstance(body, dict):
            body = {key: value for key, value in body.items() if not str(key).startswith("_")}
        return status, {}, body
