"""The bot's own data, ``state.db``: what the board records, kept apart from the papers.

The reference knowledge base is rebuilt from the programme files and loses anything written
into it, so everything users record lives here instead. One package owns the file:

- ``connection``: connecting, the one open (``StateDB``), change watching and the store base;
- ``migrations``: the one ordered list of schema steps, the reminder ledger's tables included;
- one module per kind of record: ``channel_defaults``, ``tracking`` (delivered and forecast
  amounts, the board's RAG), ``change_log``, ``milestone_edits``, ``versions`` (the change
  counters a running scheduler polls), ``write_claims`` (requests already acted on) and
  ``signing_keys`` (the key the bot's buttons are signed with).
"""
