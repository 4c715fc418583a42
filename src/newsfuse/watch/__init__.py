"""newsfuse watch: follow feeds and sitemaps politely, keep stories current, alert on what changed.

``Watcher(db_path, WatchOptions(...)).run(stop_event)`` runs until the event is set (``newsfuse watch``, or a
thread of ``newsfuse serve --watch``); ``poll_once()`` polls every due source once (``watch --once``).
"""

from newsfuse.watch.fetch import FetchOptions
from newsfuse.watch.watcher import PollResult, Watcher, WatchOptions

__all__ = ["FetchOptions", "PollResult", "WatchOptions", "Watcher"]
