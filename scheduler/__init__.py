"""Reminders before checkpoints and gateways.

``planning`` (pure: milestones x lead times -> reminders with stable keys), ``content`` (what a
reminder says, from the knowledge base), ``store`` (reminder channels and the delivery ledger
in the state DB), ``poster``/``slack_poster`` (the posting interface and its Slack and
in-memory implementations), ``delivery`` (claim, post, confirm, retry, recover), ``desk`` (what
the commands see) and ``service`` (APScheduler deciding when).
"""
