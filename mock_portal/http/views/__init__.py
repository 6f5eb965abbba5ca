"""Importing this package registers every view on the router."""

from . import apply, control, public, signed_in, static  # noqa: F401
