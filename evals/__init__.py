"""The evaluation set for question understanding (issue 12) and its runner.

Board members' phrasings with the Reading each should give and the figures its answer must
contain, in two files: ``dev.toml`` (tune on it) and ``held_out.toml`` (never read while
tuning). ``python -m evals.run`` (``make eval``) scores the engine on both. See README.md.
"""
