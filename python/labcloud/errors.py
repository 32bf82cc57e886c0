"""The exceptions a labcloud client raises, shaped like botocore's.

Code written against boto3 catches ``botocore.exceptions.ClientError`` and reads
``e.response["Error"]["Code"]``; labcloud's ``ClientError`` has the same
constructor, attributes and message, so that code only changes its import.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ClientError",
    "EndpointConnectionError",
    "ParamValidationError",
    "UnknownServiceError",
]


class ClientError(Exception):
    """An AWS error response: ``e.response["Error"]["Code"]`` names what went wrong."""

    MSG_TEMPLATE = "An error occurred ({error_code}) when calling the {operation_name} operation: {error_message}"

    def __init__(self, error_response: dict[str, Any], operation_name: str):
        error = error_response.get("Error", {})
        super().__init__(
            self.MSG_TEMPLATE.format(
                error_code=error.get("Code", "Unknown"),
                error_message=error.get("Message", "Unknown"),
                operation_name=operation_name,
            )
        )
        self.response = error_response
        self.operation_name = operation_name

    def __reduce__(self):
        # The per-code subclasses are made at run time and cannot be pickled by
        # reference; like botocore, come back as a plain ClientError.
        return ClientError, (self.response, self.operation_name)


class ParamValidationError(ValueError):
    """The call's arguments do not fit the operation's input shape; nothing was sent."""

    def __init__(self, report: str):
        super().__init__(f"Parameter validation failed:\n{report}")
        self.report = report


class EndpointConnectionError(ConnectionError):
    """The endpoint could not be reached, or the connection broke mid-call."""

    def __init__(self, endpoint: str, detail: str = ""):
        message = f'Could not connect to the endpoint "{endpoint}"'
        super().__init__(f"{message}: {detail}" if detail else message)
        self.endpoint = endpoint


class UnknownServiceError(ValueError):
    """``Cloud.client`` was asked for a service labcloud does not have."""

    def __init__(self, service_name: str, known: list[str]):
        super().__init__(
            f"Unknown service: {service_name!r}. Valid service names are: {', '.join(known)}"
        )
        self.service_name = service_name
