"""Correct: the pipeline as a list of steps; each returns a response to stop, or None to go on,
and passes what it learned in a small context dict."""
from http import HTTPStatus


def _problem(status, headers=None):
    phrase = HTTPStatus(status).phrase
    return (status, headers or {}, {"type": "about:blank", "title": phrase, "status": status})


class Gateway:
    def __init__(self, routes, authenticate, limiter, upstream):
        self.routes, self.authenticate, self.limiter, self.upstream = routes, authenticate, limiter, upstream
        self.steps = [self._auth, self._limit, self._route, self._call]

    def _auth(self, ctx):
        value = next((v for k, v in ctx["headers"].items() if k.lower() == "authorization"), "")
        parts = value.split(" ", 1)
        if len(parts) == 2 and parts[0].lower() == "bearer" and parts[1]:
            ctx["client"] = self.authenticate(parts[1])
        if ctx.get("client") is None:
            return _problem(401, {"WWW-Authenticate": "Bearer"})
        return None

    def _limit(self, ctx):
        ok, wait = self.limiter.allow(ctx["client"])
        return None if ok else _problem(429, {"Retry-After": str(wait)})

    def _route(self, ctx):
        table = self.routes.get(ctx["path"])
        if table is None:
            return _problem(404)
        if ctx["method"] not in table:
            return _problem(405, {"Allow": ", ".join(sorted(table))})
        ctx["route"] = table[ctx["method"]]
        return None

    def _call(self, ctx):
        try:
            status, body = self.upstream(ctx["route"], ctx["client"])
        except ConnectionError:
            return _problem(502)
        except TimeoutError:
            return _problem(504)
        if type(body) is dict:
            body = {k: v for k, v in body.items() if not (isinstance(k, str) and k[:1] == "_")}
        return status, {}, body

    def handle(self, method, path, headers):
        ctx = {"method": method, "path": path, "headers": headers}
        for step in self.steps:
            response = step(ctx)
            if response is not None:
                return response
        raise AssertionError("the last step always answers")
