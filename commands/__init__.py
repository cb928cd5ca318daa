"""The /cyps language: parse text into a request, run it, return a plain Answer.

Nothing here touches Slack or reads the clock: ``today`` arrives in the Context.
"""
