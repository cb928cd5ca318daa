"""Write ``commands/data/english_words.txt``: common English words, so the understander never
"corrects" an everyday word ("worth") into a name from the papers ("north").

The list is the words of pyspellchecker's English frequency dictionary (MIT licence, Tyler
Barrus; see the file's header) seen at least ``MIN_COUNT`` times, letters only. Run it by hand
after ``pip install pyspellchecker``; the bot itself only reads the file it writes.

    python tools/english_words.py
"""

from __future__ import annotations

from pathlib import Path

from spellchecker import SpellChecker

MIN_COUNT = 200
TARGET = Path(__file__).resolve().parent.parent / "commands" / "data" / "english_words.txt"
HEADER = """\
# Common English words, one a line: the words of pyspellchecker's English word-frequency list
# (https://github.com/barrust/pyspellchecker, MIT licence, copyright 2018-2021 Tyler Barrus)
# seen at least {count} times, letters only. Written by tools/english_words.py.
"""


def main() -> None:
    counts = SpellChecker(language="en").word_frequency.dictionary
    words = sorted(w for w, n in counts.items() if n >= MIN_COUNT and w.isascii() and w.isalpha())
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(HEADER.format(count=MIN_COUNT) + "\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} words to {TARGET}")


if __name__ == "__main__":
    main()
