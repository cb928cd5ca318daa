"""Reminders before checkpoints and gateways.

``planning`` (pure: milestones x lead times -> reminders with stable keys), ``content`` (what a
reminder says, from the knowledge base), ``store`` (reminder channels and the delivery ledger
in the state DB), ``poster`` (the posting interface and an in-memory fake; the Slack one is
``bot.slack.poster``), ``delivery`` (claim, post, confirm, retry, recover), ``desk`` (what
the commands see) and ``service`` (APScheduler deciding when).
"""
