"""`accord serve`: the web app and JSON API over a brief document."""

from accord.web.app import create_app, create_live_app

__all__ = ["create_app", "create_live_app"]
