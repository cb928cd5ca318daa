"""Knowledge base: programme facts from the papers, their schema, queries and finance arithmetic.

Nothing here talks to Slack, the scheduler or the clock: callers pass dates in.
"""
