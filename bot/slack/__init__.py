"""The Slack face: Bolt wiring for /cyps, the share button and App Home, and how to serve it.

Listeners are grouped by module, each with a ``register(app, services)`` (the Bolt starter
template's layout); everything they need arrives in ``Services`` so tests can inject fakes.
"""
