"""Declarative input shapes and botocore-style parameter validation.

Each operation declares its input as a ``Structure``; ``validate`` checks a
call's keyword arguments against it before anything is sent, reporting every
problem at once in botocore's wording, so a typo fails the same way it would
against AWS. Only the shape of the input is checked here: the service's own
rules (bucket names, ranges, part sizes) belong to the engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from labcloud.errors import ParamValidationError

__all__ = [
    "BLOB", "BOOLEAN", "INTEGER", "STRING", "TIMESTAMP",
    "Either", "Integer", "ListOf", "MapOf", "Shape", "String", "Structure",
    "aware_datetime", "validate",
]

_Errors = list[str]


class Shape:
    """A member's expected type; ``check`` appends botocore-worded problems to ``errors``."""

    def matches_type(self, value: Any) -> bool:
        raise NotImplementedError

    def valid_types(self) -> list[str]:
        raise NotImplementedError

    def check(self, value: Any, name: str, errors: _Errors) -> None:
        if self.matches_type(value):
            self.check_contents(value, name, errors)
        else:
            errors.append(
                f"Invalid type for parameter {name}, value: {value}, type: {type(value)}, "
                f"valid types: {', '.join(self.valid_types())}"
            )

    def check_contents(self, value: Any, name: str, errors: _Errors) -> None:
        pass


class _Scalar(Shape):
    def __init__(self, *types: type, extra_names: tuple[str, ...] = ()):
        self.types = types
        self.extra_names = extra_names

    def matches_type(self, value: Any) -> bool:
        return isinstance(value, self.types)

    def valid_types(self) -> list[str]:
        return [str(t) for t in self.types] + list(self.extra_names)


class String(_Scalar):
    def __init__(self, min_length: int = 0):
        super().__init__(str)
        self.min_length = min_length

    def check_contents(self, value: Any, name: str, errors: _Errors) -> None:
        if len(value) < self.min_length:
            errors.append(
                f"Invalid length for parameter {name}, value: {len(value)}, "
                f"valid min length: {self.min_length}"
            )


class _Blob(_Scalar):
    def matches_type(self, value: Any) -> bool:
        return isinstance(value, (bytes, bytearray, memoryview, str)) or hasattr(value, "read")


class _Timestamp(_Scalar):
    def matches_type(self, value: Any) -> bool:
        try:
            aware_datetime(value)
        except (TypeError, ValueError, OverflowError, OSError):
            return False
        return True


class Integer(_Scalar):
    """An integer with the model's minimum, which botocore checks (not the maximum)."""

    def __init__(self, min_value: int | None = None):
        # bool is an int in Python; botocore lets it through too.
        super().__init__(int)
        self.min_value = min_value

    def check_contents(self, value: Any, name: str, errors: _Errors) -> None:
        if self.min_value is not None and value < self.min_value:
            errors.append(
                f"Invalid value for parameter {name}, value: {value}, valid min value: {self.min_value}"
            )


STRING = String()
INTEGER = Integer()
BOOLEAN = _Scalar(bool)
BLOB = _Blob(bytes, bytearray, extra_names=("file-like object",))
TIMESTAMP = _Timestamp(dt.datetime, extra_names=("timestamp-string",))


class Structure(Shape):
    def __init__(self, members: Mapping[str, Shape], required: tuple[str, ...] = ()):
        unknown = set(required) - set(members)
        assert not unknown, f"required members not declared: {unknown}"
        self.members = dict(members)
        self.required = required

    def matches_type(self, value: Any) -> bool:
        return isinstance(value, Mapping)

    def valid_types(self) -> list[str]:
        return [str(dict)]

    def check_contents(self, value: Any, name: str, errors: _Errors) -> None:
        where = name or "input"
        for member in self.required:
            if member not in value:
                errors.append(f'Missing required parameter in {where}: "{member}"')
        for member in value:
            if member not in self.members:
                errors.append(
                    f'Unknown parameter in {where}: "{member}", '
                    f"must be one of: {', '.join(self.members)}"
                )
        for member, item in value.items():
            shape = self.members.get(member)
            if shape is not None:
                shape.check(item, f"{name}.{member}" if name else member, errors)


class ListOf(Shape):
    def __init__(self, member: Shape, min_length: int = 0):
        self.member = member
        self.min_length = min_length

    def matches_type(self, value: Any) -> bool:
        return isinstance(value, (list, tuple))

    def valid_types(self) -> list[str]:
        return [str(list), str(tuple)]

    def check_contents(self, value: Any, name: str, errors: _Errors) -> None:
        if len(value) < self.min_length:
            errors.append(
                f"Invalid length for parameter {name}, value: {len(value)}, valid min length: {self.min_length}"
            )
        for i, item in enumerate(value):
            self.member.check(item, f"{name}[{i}]", errors)


class MapOf(Shape):
    """A map with string keys, like every map in the S3 model."""

    def __init__(self, value: Shape):
        self.value = value

    def matches_type(self, value: Any) -> bool:
        return isinstance(value, Mapping)

    def valid_types(self) -> list[str]:
        return [str(dict)]

    def check_contents(self, value: Any, name: str, errors: _Errors) -> None:
        for key, item in value.items():
            STRING.check(key, name, errors)
            self.value.check(item, f"{name}.{key}", errors)


class Either(Shape):
    """One of several shapes, told apart by Python type (S3's CopySource: str or dict)."""

    def __init__(self, *choices: Shape):
        self.choices = choices

    def matches_type(self, value: Any) -> bool:
        return any(choice.matches_type(value) for choice in self.choices)

    def valid_types(self) -> list[str]:
        return [t for choice in self.choices for t in choice.valid_types()]

    def check_contents(self, value: Any, name: str, errors: _Errors) -> None:
        next(c for c in self.choices if c.matches_type(value)).check_contents(value, name, errors)


def validate(shape: Structure, params: Mapping[str, Any]) -> None:
    errors: _Errors = []
    shape.check(params, "", errors)
    if errors:
        raise ParamValidationError("\n".join(errors))


def aware_datetime(value: Any) -> dt.datetime:
    """A timestamp argument as botocore reads it: naive datetimes and strings are UTC."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        moment = dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, dt.timezone.utc)
    else:
        raise TypeError(f"not a timestamp: {value!r}")
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment
