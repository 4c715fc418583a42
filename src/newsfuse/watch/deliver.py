"""Webhooks: each alert of a watch with a webhook is POSTed as JSON, signed with HMAC-SHA256 over the body with
the watch's secret (``X-Newsfuse-Signature: sha256=<hex>``), and retried with growing waits. Deliveries are
queued in the store with the alert, and sent by a thread of their own, so a receiver never holds up ingestion."""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from newsfuse.records import Alert, Watch
from newsfuse.store import Store

SIGNATURE_HEADER = "X-Newsfuse-Signature"


@dataclass
class DeliveryOptions:
    attempts: int = 6  # then the delivery is given up (it stays in the store with its last error)
    backoff: float = 30.0  # seconds before the first retry; doubled each time
    timeout: float = 10.0
    poll: float = 1.0  # how often the delivery thread looks for due deliveries


def signature(body: bytes, secret: str) -> str:
    """The header value a receiver recomputes to check a delivery: ``sha256=`` and the hex HMAC of the body."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def payload(alert: Alert) -> bytes:
    return json.dumps(alert.to_dict(), ensure_ascii=False, sort_keys=True).encode("utf-8")


class Deliverer:
    def __init__(
        self, db_path: str, options: DeliveryOptions | None = None, log: Callable[[str], None] | None = None
    ) -> None:
        self.db_path = db_path
        self.options = options or DeliveryOptions()
        self.log = log or (lambda line: print(f"newsfuse watch: {line}", file=sys.stderr))

    def run(self, stop: threading.Event) -> None:
        with Store(self.db_path) as store, httpx.Client(timeout=self.options.timeout) as client:
            while not stop.is_set():
                self.deliver_due(store, client)
                stop.wait(self.options.poll)

    def deliver_due(self, store: Store, client: httpx.Client) -> int:
        """Send every delivery that is due; returns how many were delivered."""
        delivered = 0
        for alert, watch, attempts in store.due_deliveries(time.time(), self.options.attempts):
            error = self._post(client, alert, watch)
            if error is None:
                store.record_delivery(alert.id or 0, True)
                delivered += 1
            else:
                wait = self.options.backoff * 2**attempts
                store.record_delivery(alert.id or 0, False, error, time.time() + wait)
                self.log(f"webhook {watch.webhook} for alert {alert.id}: {error} (try {attempts + 1})")
        return delivered

    @staticmethod
    def _post(client: httpx.Client, alert: Alert, watch: Watch) -> str | None:
        body = payload(alert)
        headers = {"Content-Type": "application/json"}
        if watch.secret:
            headers[SIGNATURE_HEADER] = signature(body, watch.secret)
        try:
            response = client.post(watch.webhook or "", content=body, headers=headers)
        except httpx.HTTPError as exc:
            return f"{type(exc).__name__}: {' '.join(str(exc).split())[:120]}"
        return None if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
