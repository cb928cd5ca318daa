"""Importing this package registers every /cyps command."""

from commands.handlers import (  # noqa: F401
    ask,
    audit,
    general,
    money,
    reminders,
    savings,
    schedule,
    tracking,
)
