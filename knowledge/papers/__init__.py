"""The board's own papers, read as people have them (``.pdf``, ``.docx``, ``.txt``, ``.md``),
split into the passages their structure gives (numbered paragraphs, headings, tables with their
captions) and made searchable.

- ``lines``, ``reading`` (and ``pdf_reading``, ``docx_reading``): a file into lines, with what
  its format says about each (page, heading, table row);
- ``numbering``: what a number at the start of a block means (paragraph, section, list item);
- ``passages``: lines into blocks, blocks into passages, with what could not be placed;
- ``acronyms``: the abbreviations a passage defines, so the defining paragraph ranks first;
- ``query``: a person's words as a safe FTS5 query, with typos corrected from the index;
- ``citations``: the paragraphs a programme file's ``source`` names (``paras 5.9, 5.11``).

The index itself lives in the bot's own data, ``knowledge.state.papers``. No Slack, no clock.
"""
