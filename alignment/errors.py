"""The one error hierarchy of SingAlign. The CLI maps it to exit codes and prints the message, never a traceback.

- ``SingAlignError`` (exit 1): an operation that cannot be done with this data, store or registry state.
- ``UsageError`` (exit 2): the caller asked for something malformed (a bad name, config or argument).

Every message names the file, key or object concerned and says what to do.
"""

from __future__ import annotations


class SingAlignError(Exception):
    """Base of every error SingAlign reports to a user."""

    exit_code = 1


class UsageError(SingAlignError):
    """A malformed request: bad name, bad config, bad argument."""

    exit_code = 2


class InvalidName(UsageError, ValueError):
    """A model, version or alias name that is not allowed (it would become part of a store key)."""
