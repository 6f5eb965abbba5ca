"""Which function answers which method and path. Routes declare whether they need a
signed-in user; the handler enforces it, so no view forgets."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern
    view: Callable
    signed_in: bool
    allow_stale_password: bool   # the 「更換密碼」 page itself, and logging out (R-PASSWORD-AGE)


class Router:
    def __init__(self) -> None:
        self.routes: list[Route] = []

    def route(self, method: str, path: str, *, signed_in: bool = False, allow_stale_password: bool = False):
        """Register a view; `{name}` in the path captures digits and passes them as a str."""
        pattern = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[0-9]{1,12})", path) + "$")

        def register(view: Callable) -> Callable:
            self.routes.append(Route(method, pattern, view, signed_in, allow_stale_password))
            return view

        return register

    def get(self, path: str, **options):
        return self.route("GET", path, **options)

    def post(self, path: str, **options):
        return self.route("POST", path, **options)

    def match(self, method: str, path: str) -> tuple[Route | None, dict[str, str], bool]:
        """The route, its path parameters, and whether the path exists for another method."""
        other_method = False
        for route in self.routes:
            found = route.pattern.match(path)
            if found:
                if route.method == method:
                    return route, found.groupdict(), False
                other_method = True
        return None, {}, other_method
