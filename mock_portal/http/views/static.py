"""Static files, from an explicit list only: no path ever reaches the file system."""

from __future__ import annotations

from importlib.resources import files

from ..context import ROUTER, Ctx
from ..response import Response

STATIC = {
    "/static/portal.css": ("portal.css", "text/css; charset=utf-8"),
    "/static/portal.js": ("portal.js", "text/javascript; charset=utf-8"),
    "/static/spa.js": ("spa.js", "text/javascript; charset=utf-8"),      # linked only by --render-in-browser pages
    "/static/applicant.svg": ("applicant.svg", "image/svg+xml"),
    "/static/emblem.svg": ("emblem.svg", "image/svg+xml"),
    "/favicon.ico": ("emblem.svg", "image/svg+xml"),
}


def _serve(name: str, content_type: str):
    def view(ctx: Ctx) -> Response:
        return Response(200, files("mock_portal").joinpath("static", name).read_bytes(), content_type)

    return view


for _path, (_name, _type) in STATIC.items():
    ROUTER.get(_path)(_serve(_name, _type))
