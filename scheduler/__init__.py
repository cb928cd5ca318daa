"""Reminders before checkpoints and gateways.

``planning`` (pure: milestones x lead times -> reminders with stable keys), ``replanning``
(pure too: a plan brought up to date with only what changed), ``content`` (what a
reminder says, from the knowledge base), ``targets`` (where each programme's reminders go) and
``ledger`` (the delivery record that posts each reminder once), both in ``state.db``;
``poster`` (the posting interface and an in-memory fake; the Slack one is
``bot.slack.poster``), ``delivery`` (claim, post, confirm, retry, recover), ``system`` (what
the commands see: the plan, the settings, milestone edits) and ``scheduling`` (APScheduler
deciding when).
"""
