# fails: test-gateway-auth-limit :: a good token passes; no Authorization header is a 401 with WWW-Authenticate (the examples)
# fails: test-gateway-auth-limit :: malformed Authorization headers are 401 without calling authenticate; unknown tokens are 401
# fails: test-gateway-auth-limit :: the third request of a client with 2 tokens is a 429 with Retry-After
# fails: test-gateway-route :: an unknown path is 404; a known path with another method is 405 with Allow (sorted)
# fails: test-gateway-route :: an upstream that raises ConnectionError is 502, TimeoutError is 504
"""Wrong: a problem body without RFC 9457's type member, and the status as a string."""
from http import HTTPStatus


class Gateway:
    def __init__(self, routes, authenticate, limiter, upstream):
        self.routes, self.authenticate, self.limiter, self.upstream = routes, authenticate, limiter, upstream

    def handle(self, method, path, headers):
        def error(status, extra=None):
            return status, dict(extra or {}), {"title": HTTPStatus(status).phrase, "status": str(status)}

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
        if isinstance(body, dict):
            body = {key: value for key, value in body.items() if not str(key).startswith("_")}
        return status, {}, body
