# fails: test-gateway-route :: other statuses and bodies pass through; only top-level '_' keys are removed
"""Wrong: strips '_' keys at every depth, and from lists of dicts too."""
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
        allowed, retry_after = self.limiter.allow(client)
        if not allowed:
            return error(429, {"Retry-After": str(retry_after)})
        if path not in self.routes:
            return error(404)
        methods = self.routes[path]
        if method not in methods:
            return error(405, {"Allow": ", ".join(sorted(methods))})
        try:
            status, body = self.upstream(methods[method], client)
        except ConnectionError:
            return error(502)
        except TimeoutError:
            return error(504)
        def strip(value):
            if isinstance(value, dict):
                return {k: strip(v) for k, v in value.items() if not str(k).startswith("_")}
            if isinstance(value, list):
                return [strip(v) for v in value]
            return value
        body = strip(body)
        return status, {}, body
