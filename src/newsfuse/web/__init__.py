"""newsfuse serve: the web app and the HTTP API over a store (FastAPI, server-rendered pages)."""

from newsfuse.web.app import create_app

__all__ = ["create_app"]
