"""Correct: each refusal raises a private exception carrying the response; handle catches it."""
from http import HTTPStatus


class _Refuse(Exception):
    def __init__(self, status, headers=None):
        super().__init__(status)
        self.response = (status, dict(headers or {}),
                         {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status})


class Gateway:
    def __init__(self, routes, authenticate, limiter, upstream):
        self._routes = routes
        self._authenticate = authenticate
        self._limiter = limiter
        self._upstream = upstream

    def _client(self, headers):
        auth = {k.casefold(): v for k, v in headers.items()}.get("authorization")
        if not auth or " " not in auth:
            raise _Refuse(401, {"WWW-Authenticate": "Bearer"})
        scheme, token = auth.split(" ", 1)
        if scheme.casefold() != "bearer" or token == "":
            raise _Refuse(401, {"WWW-Authenticate": "Bearer"})
        client = self._authenticate(token)
        if client is None:
            raise _Refuse(401, {"WWW-Authenticate": "Bearer"})
        return client

    def handle(self, method, path, headers):
        try:
            client = self._client(headers)
            allowed, retry_after = self._limiter.allow(client)
            if not allowed:
                raise _Refuse(429, {"Retry-After": f"{retry_after}"})
            if path not in self._routes:
                raise _Refuse(404)
            if method not in self._routes[path]:
                raise _Refuse(405, {"Allow": ", ".join(sorted(self._routes[path].keys()))})
            try:
                status, body = self._upstream(self._routes[path][method], client)
            except ConnectionError:
                raise _Refuse(502) from None
            except TimeoutError:
                raise _Refuse(504) from None
        except _Refuse as refusal:
            return refusal.response
        if isinstance(body, dict):
            for key in [k for k in body if str(k).startswith("_")]:
                body = {k: v for k, v in body.items() if k != key}
        return status, {}, body
