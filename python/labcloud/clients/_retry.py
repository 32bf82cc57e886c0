"""Retries as boto3 makes them: throttling and transient errors are retried
with exponential backoff and jitter, up to a number of attempts, and the
response says how many retries it took (``ResponseMetadata.RetryAttempts``).

Modes and defaults follow botocore's ``Config(retries=...)``: "legacy" (the
default: 5 attempts, ``rand() * 2**(n-1)`` s) and "standard" (3 attempts,
``min(rand() * 2**n, 20)`` s). A cloud on virtual time does not retry unless
asked: its throttles refill on the virtual clock, which a real sleep does not
move.
"""

from __future__ import annotations

import contextvars
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from labcloud.errors import ClientError, EndpointConnectionError

__all__ = ["RetryPolicy", "attempts_made"]

T = TypeVar("T")

THROTTLING = frozenset({
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
    "TooManyRequestsException", "ProvisionedThroughputExceededException",
    "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
    "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
    "EC2ThrottledException",
})
TRANSIENT = frozenset({"RequestTimeout", "RequestTimeoutException", "InternalError", "ServiceUnavailable"})
TRANSIENT_STATUS = frozenset({500, 502, 503, 504})

# Retries made by the operation in progress on this thread (or task).
_retries: contextvars.ContextVar[int] = contextvars.ContextVar("labcloud_retries", default=0)


def attempts_made() -> int:
    """Retries made so far by the current operation."""
    return _retries.get()


def reset() -> None:
    _retries.set(0)


@dataclass(frozen=True)
class RetryPolicy:
    mode: str = "legacy"
    max_attempts: int = 5
    sleep: Callable[[float], None] = time.sleep

    @classmethod
    def from_config(cls, retries: Mapping[str, Any] | None, virtual_time: bool = False) -> RetryPolicy:
        """From botocore's ``retries`` dict: mode, max_attempts or total_max_attempts."""
        retries = dict(retries or {})
        unknown = set(retries) - {"mode", "max_attempts", "total_max_attempts"}
        if unknown:
            raise ValueError(f"unknown retry settings {sorted(unknown)}; use mode and max_attempts")
        mode = retries.get("mode", "legacy")
        if mode not in ("legacy", "standard"):
            raise ValueError(f"retry mode must be 'legacy' or 'standard', not {mode!r}")
        if "total_max_attempts" in retries:
            attempts = retries["total_max_attempts"]
        elif "max_attempts" in retries:
            attempts = retries["max_attempts"] + 1  # botocore counts retries here
        else:
            attempts = 1 if virtual_time else (5 if mode == "legacy" else 3)
        if not isinstance(attempts, int) or attempts < 1:
            raise ValueError(f"max attempts must be a whole number of at least 1, not {attempts!r}")
        return cls(mode=mode, max_attempts=attempts)

    def retryable(self, error: Exception) -> bool:
        if isinstance(error, EndpointConnectionError):
            return True
        if isinstance(error, ClientError):
            code = error.response.get("Error", {}).get("Code", "")
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            return code in THROTTLING or code in TRANSIENT or status in TRANSIENT_STATUS
        return False

    def delay(self, retry: int) -> float:
        """Seconds to wait before retry number `retry` (1 is the first retry)."""
        if self.mode == "standard":
            return min(random.random() * 2**retry, 20.0)
        return random.random() * 2 ** (retry - 1)

    def call(self, attempt: Callable[[], T], rewind: Callable[[], bool] = lambda: True) -> T:
        """Runs `attempt` until it succeeds, fails for good, or attempts run out.
        `rewind` readies a request body for another try; False means it cannot."""
        retry = 0
        while True:
            try:
                return attempt()
            except (ClientError, EndpointConnectionError) as error:
                retry += 1
                if retry >= self.max_attempts or not self.retryable(error) or not rewind():
                    if isinstance(error, ClientError):
                        error.response.setdefault("ResponseMetadata", {})["RetryAttempts"] = retry - 1
                    raise
                _retries.set(retry)
                self.sleep(self.delay(retry))
