"""Read any question as the request the documented syntax makes: which command, which
programmes, what it is about, which years or months or date, which direction, which filter.

Deterministic and explainable: typos are corrected against known words (``vocabulary``),
periods found by form (``periods``), names found by phrase (``knowledge.phrases``), and the
command decided by small tables of words and question forms (``cues``, ``deciding``), never
by a rule for one question. The vocabulary comes from the knowledge base, so a new programme
file is understood without a code change. The result says how the text was read, so a wrong
reading shows at once ("Read as: savings 1.4 for 2018-19").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from commands import cues
from commands.clues import Clues
from commands.deciding import command_for, decide
from commands.parsing import straighten
from commands.periods import scan_periods
from commands.reading import Reading
from commands.spelling import Correction, Vocabulary
from commands.vocabulary import COMMAND_OF_WORD, NUMBER_WORDS, PLAIN_WORDS, words_of
from knowledge.index_records import PhaseName, ProposalName
from knowledge.model import Programme
from knowledge.phrases import Found, PhraseIndex
from knowledge.queries import KnowledgeBase

# A programme named by its council alone ("haringey") means every programme of that council,
# unless a more specific name in the same question picks one of them ("haringey 54000").
COUNCIL = "council"


@dataclass(frozen=True)
class Understood:
    reading: Reading
    corrections: tuple[Correction, ...] = ()
    impossible_dates: tuple[str, ...] = ()  # "31/02/2015": said back, never guessed at
    alternatives: tuple[Reading, ...] = ()  # other readings close behind, offered


class Understander:
    """Built once per knowledge-base generation (its vocabulary is the knowledge base's)."""

    def __init__(self, kb: KnowledgeBase, programmes: list[Programme]):
        self.kb = kb
        self.generation = kb.generation
        # what names things, read light (never every programme's full records)
        proposals = kb.proposal_names()
        phases = kb.phase_names()
        self.proposal_phrases: PhraseIndex[ProposalName] = PhraseIndex(
            (phrase, p)
            for p in proposals
            for phrase in (p.name, *p.aliases, *([p.id.replace("-", " ")] if not p.ref else []))
            if len(phrase) >= 3
        )
        self.phase_phrases: PhraseIndex[PhaseName] = PhraseIndex(
            (ph.name, ph) for ph in phases if not ph.name.lower().startswith("phase ")
        )
        self.programme_phrases: PhraseIndex[tuple[str, str]] = PhraseIndex(
            (phrase, (p.id, kind))
            for p in programmes
            for phrase, kind in (
                (p.id, "id"),
                (p.council, COUNCIL),
                *(
                    (w, COUNCIL if w == p.council.lower() else "alias")
                    for w in p.id.split("-")
                    if len(w) >= 3 and not w.isdigit()
                ),
                *((a, "alias") for a in p.aliases),
            )
        )
        self.vocabulary = Vocabulary.of(
            dict.fromkeys(
                [
                    *(a for p in programmes for a in (p.id, p.council, p.title, *p.aliases)),
                    *(phrase for p in proposals for phrase in (p.name, *p.aliases)),
                    *(ph.name for ph in phases),
                    *kb.milestone_titles(),
                    *kb.figure_labels(),
                ]
            )
        )

    def read(self, text: str, today: date) -> Understood:
        clean = straighten(text)
        if clean.lower().startswith("/cyps"):
            clean = clean[5:].strip()
        clues = self.clues(clean, today)
        reading, alternatives = decide(clues, self.kb)
        return Understood(
            reading,
            tuple(clues.corrections),
            tuple(clues.periods.impossible),
            tuple(a for a in alternatives if a.documented() != reading.documented()),
        )

    def command_of(self, text: str) -> str:
        """The command ``text`` would be read as, without the search that may send a question
        about a name to a figure instead (that never makes a reading write): for ``writes``."""
        clean = straighten(text)
        if not cues.MIGHT_WRITE.search(clean):  # most questions: no need to read them twice
            return "ask"
        return command_for(self.clues(clean, date.min))

    def clues(self, text: str, today: date) -> Clues:
        periods = scan_periods(text, today)
        rest = periods.without(text)
        over = cues.OVER_YEARS.search(rest)
        over_years = None
        if over:
            word = over.group(1).lower()
            over_years = NUMBER_WORDS.get(word) or int(word)
            rest = (rest[: over.start()] + " " + rest[over.end() :]).strip()
        words, corrections = self.vocabulary.correct_all(words_of(rest))
        clues = Clues(" ".join(words), words, corrections, periods, over_years=over_years)
        self._names(clues)
        self._words(clues)
        return clues

    def _names(self, clues: Clues) -> None:
        """Proposals, phases and programmes named, longest phrase first where they overlap."""
        text = clues.text
        found: list[tuple[str, Found[ProposalName] | Found[PhaseName] | Found[tuple[str, str]]]] = [
            *(("proposal", f) for f in self.proposal_phrases.find(text)),
            *(("phase", f) for f in self.phase_phrases.find(text)),
            *(("programme", f) for f in self.programme_phrases.find(text)),
        ]
        taken: list[tuple[int, int]] = []
        programmes: list[tuple[int, str, str]] = []
        proposal_hits: list[tuple[int, int, str, list[ProposalName]]] = []
        for kind, hit in sorted(found, key=lambda kf: (-(kf[1].end - kf[1].start), kf[1].start)):
            if any(hit.start < end and start < hit.end for start, end in taken):
                continue
            taken.append((hit.start, hit.end))
            if kind == "proposal":
                named = [m for m in hit.meanings if isinstance(m, ProposalName)]
                proposal_hits.append((hit.start, hit.end, hit.phrase, named))
            for meaning in hit.meanings:
                if kind == "phase" and isinstance(meaning, PhaseName):
                    clues.phases.append(meaning)
                elif kind == "programme" and isinstance(meaning, tuple):
                    programmes.append((hit.start, *meaning))
        specific = {pid for _, pid, how in programmes if how != COUNCIL}
        councils = {pid for _, pid, how in programmes if how == COUNCIL}
        chosen: dict[str, int] = {}
        for start, pid, how in sorted(programmes):
            if how == COUNCIL and specific and any(p in specific for p in councils):
                continue  # "haringey 54000" is the one, not every Haringey programme
            chosen.setdefault(pid, start)
        clues.programmes = tuple(chosen)
        clues.named.extend((start, pid) for pid, start in chosen.items())
        for start, end, phrase, meanings in sorted(proposal_hits):
            within = [p for p in meanings if p.programme_id in chosen] if chosen else meanings
            if not within:  # another programme's proposal: in the one asked, words to search
                taken.remove((start, end))
                continue
            if len({p.programme_id for p in within}) > 1:
                clues.named.append((start, phrase))  # several programmes' proposal: as typed
                clues.unsure.append((start, phrase))
                continue
            clues.proposals.append(within[0])
            clues.proposal_phrases.append(phrase)
            clues.named.append((start, within[0].ref or within[0].id))
        position = 0
        for index, word in enumerate(clues.words):
            start = text.index(word, position)
            position = start + len(word)
            if any(a <= start < b for a, b in taken):
                clues.name_words.add(index)
            if cues.REF.match(word):
                clues.refs.append(word)
                clues.named.append((start, word))
        clues.named.sort()

    def _words(self, clues: Clues) -> None:
        words = clues.words
        for index, word in enumerate(words):
            command = COMMAND_OF_WORD.get(word)
            if command and not clues.in_name(index):
                clues.commands.append(command)
            if word in cues.KIND_WORDS and not clues.in_name(index):
                clues.kinds.append(cues.KIND_WORDS[word])
                if word in cues.PLURAL_KINDS and clues.direction is None:
                    clues.direction = "list"
            if cues.RAG_WORDS.get(word):
                clues.rag = cues.RAG_WORDS[word]
            if word in cues.NEXT_WORDS and (index == 0 or words[index - 1] != "what's"):
                clues.direction = "next"
            elif word in cues.LAST_WORDS:
                clues.direction = "last"
            elif word in cues.LIST_WORDS and clues.direction is None:
                clues.direction = "list"
            if not (
                clues.in_name(index)
                or command
                or word in PLAIN_WORDS
                or word in NUMBER_WORDS
                or word in cues.EXPLAINED
                or any(c.isdigit() for c in word)
            ):
                clues.leftover.append(word)
        number = cues.PHASE_NUMBER.search(clues.text)
        if number:
            value = next(g for g in number.groups() if g).lower()
            clues.phase_number = str(NUMBER_WORDS.get(value) or value)
