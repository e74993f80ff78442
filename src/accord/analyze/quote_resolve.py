"""Who a speaker phrase means: the article's people (step 4 of `accord.analyze.quotes`).

`Resolver` maps the words used to the canonical name: the longest name form the article
uses for that person, titles stripped ("President Elena Ortega" → "Elena Ortega";
"Ortega" and "Ms. Ortega" join it). Names come from `people` and from the module's own
scan of capitalised runs (titles, honorifics and role words around them).

- pronoun ("he", "sie", "il") or a dropped subject ("dijo", "ha detto"): first the person
  the text has just brought in, named in the quote's sentence or the one before it
  (`Resolver.local`: "Harbour pilot Jonas Meyer said … “…,” he said" is Meyer, whoever
  spoke before him), with no gender against the pronoun's; failing that, among the last
  `RECENT_PERSONS` people named before it (outside quotes) or who spoke, one whose known
  gender (Mr./Ms./Frau/Sra., "spokeswoman", "la ministra") matches a gendered pronoun,
  then one named as a subject (opening a clause, or a speaker), then the most recent.
  Plural and neuter pronouns stay unresolved.
- role ("the Kremlin chief", "el mandatario ruso", "der Kanzler"): a name right after it
  in apposition ("the town's mayor, Eva Strand,"), else the person the article
  introduces with a compatible role ("Russian President Vladimir Petrov", "Vladimir
  Petrov, Russia's president,", "la ministra de Asuntos Exteriores, Ana Ruiz"); country
  (nationality, country, institution such as Kremlin → RU) and portfolio must not
  conflict; the same role class first ("the mayor" is the mayor, not the "union leader"),
  then exact country and portfolio, then the nearest before.

The canonical name is the fullest form the article gives, with titles and the body a role
belongs to cut off ("il sindaco di Montebello Carlo Neri" → "Carlo Neri").
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from accord.analyze.quote_phrases import (
    APPOSITION_RE,
    CAPSEQ_RE,
    CLAUSE_OPENERS,
    WORD_OR_COMMA_RE,
    Phrase,
    Role,
    norm,
    role_of,
)
from accord.analyze.quote_words import (
    DET_GENDER,
    DETERMINERS,
    GROUP_NOUNS,
    HONORIFICS,
    INSTITUTIONS,
    OF_PREPOSITIONS,
    PLACE,
    STOP,
    TITLES,
    honorific_gender,
    is_prefix_word,
    roles_compatible,
)
from accord.model import Entity

# words before a name that make it a person's
PERSON_TITLES = HONORIFICS | TITLES

if TYPE_CHECKING:
    from accord.analyze.quotes import Attr, Attributor

RECENT_PERSONS = 3  # a pronoun looks back over this many distinct people
LOOKBACK_MENTIONS = 200  # names (and speakers) a pronoun or role looks back over
LOOKAHEAD_MENTIONS = 20  # a role may be introduced a little after its first use
SPACES_RE = re.compile(r"[ \t\xa0]+")
APPOSITIVE_GAP_RE = re.compile(r"[ \t\xa0]*,[ \t\xa0]*")  # "the mayor, Eva Strand"


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    name: tuple[str, ...]
    display: str
    role: Role | None
    gender: str | None
    person: bool
    subject: bool
    cluster: int = -1


@dataclass(slots=True)
class _Cluster:
    name: tuple[str, ...]
    display: str
    person: bool
    gender: str | None
    positions: list[int] = field(default_factory=list)


class _Spans:
    """Spans (possibly nested or overlapping) with a fast overlap test."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        # running maximum of ends, so one bisect answers for nested or overlapping spans
        self.max_end: list[int] = []
        best = -1
        for _, e in self.spans:
            best = max(best, e)
            self.max_end.append(best)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_right(self.starts, end - 1) - 1
        return k >= 0 and self.max_end[k] > start


def _contains(big: tuple[str, ...], small: tuple[str, ...]) -> bool:
    n = len(small)
    return any(big[i : i + n] == small for i in range(len(big) - n + 1))


_NEVER_A_NAME = STOP | GROUP_NOUNS | frozenset(PLACE) | INSTITUTIONS


class Resolver:
    """The article's people: name clusters, the roles they are introduced with."""

    def __init__(self, att: Attributor, people: list[Entity], inside: list[tuple[int, int]]):
        self.att = att
        self.text = att.text
        self.mentions: list[_Mention] = []
        taken = _Spans([(e.start, e.end) for e in people])
        # names inside quotes are what speakers talk about, not speakers
        quoted = _Spans(inside)
        for e in people:
            if not quoted.overlaps(e.start, e.start + 1):
                self._add(e.start, e.end, person=True)
        for m in CAPSEQ_RE.finditer(att.masked):
            word = m.group(0)
            if " " not in word and norm(word) in _NEVER_A_NAME:
                continue  # "The", "Monday", "Kremlin": the commonest capitalised words
            if not taken.overlaps(m.start(), m.end()) and not quoted.overlaps(
                m.start(), m.start() + 1
            ):
                self._add(m.start(), m.end(), person=False)
        self.mentions = [mn for mn in self.mentions if not quoted.overlaps(mn.start, mn.start + 1)]
        self.mentions.sort(key=lambda mn: mn.start)
        self.starts = [mn.start for mn in self.mentions]
        self.intros = [mn for mn in self.mentions if mn.role is not None]
        self.intro_starts = [mn.start for mn in self.intros]
        self.clusters: list[_Cluster] = []
        self._cluster()
        self.spoke: list[tuple[int, int]] = []  # (position, cluster) of resolved speakers

    # ---- mentions
    def _add(self, start: int, end: int, person: bool) -> bool:
        toks = self.att._tokens(start, end)
        while toks and norm(toks[0].group(0)) in STOP:
            toks.pop(0)
        if not toks:
            return False
        phrase = self.att._name_phrase(toks, toks[0].start(), toks[-1].end(), trusted=person)
        if phrase is None or phrase.kind != "name":
            return False
        lead = self._prefix_before(toks[0].start())
        appos = (
            self._apposition(toks[-1].end())
            if "," in self.att.masked[toks[-1].end() : toks[-1].end() + 2]
            else None
        )
        role = phrase.role or lead[0] or appos
        gender = phrase.gender or lead[1] or (role.gender if role else None)
        person = person or role is not None or gender is not None or lead[2]
        self.mentions.append(
            _Mention(
                phrase.start,
                phrase.end,
                phrase.name,
                phrase.display,
                role,
                gender,
                person,
                self._subject_like(lead[3]),
            )
        )
        return True

    def _speaks(self, end: int) -> bool:
        """Does a reporting verb follow the name ending at `end` ("Jonas Meyer said")?"""
        m = SPACES_RE.match(self.att.masked, end)
        return self.att.verb_re.match(self.att.masked, m.end() if m else end) is not None

    def _prefix_before(self, pos: int) -> tuple[Role | None, str | None, bool, int]:
        """Role words right before a name: "the Russian president, Vladimir Petrov"."""
        if not self._prefix_likely(pos):
            return None, None, False, pos
        lo = max(0, pos - 80)
        words = list(WORD_OR_COMMA_RE.finditer(self.att.masked, lo, pos))
        k = len(words)
        commas = 0
        while k > 0:
            w = words[k - 1].group(0)
            t = norm(w)
            if w == ",":
                if commas or k != len(words):
                    break
                commas += 1
            elif not (
                is_prefix_word(t, w) or t in DETERMINERS or t in OF_PREPOSITIONS or t in PLACE
            ):
                break
            k -= 1
        while k < len(words) and words[k].group(0) == ",":
            k += 1  # "Later, Berg": a comma alone is no prefix
        if k == len(words) or self.text[words[-1].end() : pos].strip(" \t,"):
            return None, None, False, pos
        first = words[k].start()
        phrase = self.text[first:pos]
        det = norm(words[k].group(0))
        det_gender = DET_GENDER.get(det) if self.att.lang != "en" else None
        role = role_of(phrase, det_gender)
        # an honorific or a title names a person: "Captain Jonas Meyer", "Dr. Lee"
        titled = any(norm(w.group(0)) in PERSON_TITLES for w in words[k:])
        gender = honorific_gender([w.group(0) for w in words[k:]])
        return role, gender or (role.gender if role else None), titled, first

    def _prefix_likely(self, pos: int) -> bool:
        """Cheap test: is the word just before `pos` one that may start a role phrase?"""
        k = pos - 1
        text = self.att.masked
        while k >= 0 and text[k] in " \t\xa0":
            k -= 1
        if k < 0 or text[k] == ",":
            return k >= 0
        j = k
        while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "-'’\u2024"):
            j -= 1
        word = text[j : k + 1]
        t = norm(word) if word else ""
        return bool(t) and (
            is_prefix_word(t, word) or t in DETERMINERS or t in OF_PREPOSITIONS or t in PLACE
        )

    def _apposition(self, end: int) -> Role | None:
        """ "Vladimir Petrov, Russia's president," """
        m = APPOSITION_RE.match(self.att.masked, end)
        if m is None:
            return None
        phrase = m.group(1)
        if len(phrase.split()) > 6:
            return None
        first = norm(phrase.split()[0])
        det_gender = DET_GENDER.get(first) if self.att.lang != "en" else None
        return role_of(phrase, det_gender)

    def _subject_like(self, start: int) -> bool:
        """Roughly: the name opens its clause (after a sentence start or a comma)."""
        k = start - 1
        while k >= 0 and self.text[k] in " \t\xa0":
            k -= 1
        return k < 0 or self.text[k] in CLAUSE_OPENERS

    # ---- clusters
    def _cluster(self) -> None:
        """Group name forms: "Ortega" and "President Ortega" join "Elena Ortega"."""
        self.by_token: dict[str, list[int]] = {}
        order = sorted(range(len(self.mentions)), key=lambda i: (-len(self.mentions[i].name), i))
        for i in order:
            mn = self.mentions[i]
            best = self._find_cluster(mn.name, mn.start)
            if best is None:
                best = self._new_cluster(mn.name, mn.display, False, None)
            c = self.clusters[best]
            insort(c.positions, mn.start)
            c.person = c.person or mn.person
            c.gender = c.gender or mn.gender
            mn.cluster = best

    def _new_cluster(
        self, name: tuple[str, ...], display: str, person: bool, gender: str | None
    ) -> int:
        self.clusters.append(_Cluster(name, display, person, gender))
        ci = len(self.clusters) - 1
        for t in set(name):
            self.by_token.setdefault(t, []).append(ci)
        return ci

    def _find_cluster(self, name: tuple[str, ...], pos: int) -> int | None:
        """The cluster whose full name contains `name`, the one named last before `pos`."""
        best, best_pos = None, -3
        for ci in self.by_token.get(name[0], ()):
            c = self.clusters[ci]
            if not _contains(c.name, name):
                continue
            k = bisect_right(c.positions, pos)
            last = c.positions[k - 1] if k else -2
            if last > best_pos:
                best, best_pos = ci, last
        return best

    def cluster_of(self, phrase: Phrase) -> int:
        """The cluster of a name phrase, preferring the one named most recently."""
        k = bisect_right(self.starts, phrase.start) - 1
        if k >= 0:
            mn = self.mentions[k]
            if mn.start <= phrase.start and phrase.end <= mn.end:
                return mn.cluster
        best = self._find_cluster(phrase.name, phrase.start)
        if best is None:
            best = self._new_cluster(phrase.name, phrase.display, True, phrase.gender)
        return best

    # ---- speakers
    def pronoun(self, pos: int, gender: str | None) -> int | None:
        """Most recent person before `pos`; among the last few, one whose gender matches."""
        k = bisect_right(self.starts, pos - 1)
        window = self.mentions[max(0, k - LOOKBACK_MENTIONS) : k]
        events: list[tuple[int, int, bool]] = [
            (mn.start, mn.cluster, mn.subject) for mn in window if self.clusters[mn.cluster].person
        ]
        s = bisect_right(self.spoke, (pos, -1))
        events += [(p, c, True) for p, c in self.spoke[max(0, s - LOOKBACK_MENTIONS) : s]]
        if not events:
            # nobody is known to be a person (no entities, titles or earlier speakers):
            # fall back on names that open a clause, "Elena Ortega met Berg. … she said"
            events = [(mn.start, mn.cluster, True) for mn in window if mn.subject]
        events.sort(reverse=True)
        recent: list[int] = []
        subjects: set[int] = set()
        for _, c, subj in events:
            g = self.clusters[c].gender
            if gender in ("m", "f") and g is not None and g != gender:
                continue
            if c not in recent:
                if len(recent) == RECENT_PERSONS:
                    break
                recent.append(c)
            if subj:
                subjects.add(c)
        if not recent:
            return None
        if gender in ("m", "f"):
            known = [c for c in recent if self.clusters[c].gender == gender]
            for c in known:
                if c in subjects:
                    return c
            if known:
                return known[0]
        for c in recent:
            if c in subjects:
                return c
        return recent[0]

    def _pronoun_near(self, pos: int, gender: str | None, anchor: int | None) -> int | None:
        cluster = None
        if anchor is not None:
            cluster = self.local(self.att.window(min(anchor, pos)), pos, gender)
        return cluster if cluster is not None else self.pronoun(pos, gender)

    def role(self, pos: int, role: Role) -> int | None:
        """The person the article introduces with a compatible role, nearest before."""
        best, best_key = None, None
        k = bisect_right(self.intro_starts, pos)
        for mn in self.intros[max(0, k - LOOKBACK_MENTIONS) : k + LOOKAHEAD_MENTIONS]:
            r = mn.role
            if r is None or not roles_compatible(role.cls, r.cls):
                continue
            if role.country and r.country and role.country != r.country:
                continue
            if role.portfolio and r.portfolio and role.portfolio != r.portfolio:
                continue
            g = self.clusters[mn.cluster].gender or r.gender
            if role.gender and g and role.gender != g:
                continue
            exact = (role.country == r.country) + (role.portfolio == r.portfolio)
            # "the mayor" means the mayor before any other head ("union leader X")
            same = role.cls == r.cls
            key = (same, exact, mn.start < pos, mn.start if mn.start < pos else -mn.start)
            if best_key is None or key > best_key:
                best, best_key = mn.cluster, key
        return best

    def _appositive(self, phrase: Phrase) -> int | None:
        """ "dijo el presidente velmorio, Iván Soto,", "The town's mayor, Eva Strand,
        was blunt": a name right after the role phrase is who the role is."""
        k = bisect_right(self.starts, phrase.end - 1)
        if k == len(self.mentions):
            return None
        mn = self.mentions[k]
        if not APPOSITIVE_GAP_RE.fullmatch(self.text, phrase.end, mn.start):
            return None
        return mn.cluster

    def _surname_role(self, phrase: Phrase) -> int | None:
        """ "King said" after "team president Billy King": a surname that is also a role."""
        word = self.text[phrase.start : phrase.end]
        if " " in word or not word[:1].isupper():
            return None
        ci = self._find_cluster((norm(word),), phrase.start)
        return ci if ci is not None and len(self.clusters[ci].name) > 1 else None

    def local(self, lo: int, pos: int, gender: str | None) -> int | None:
        """The person the text has just brought in: named in [lo, pos), the quote's
        sentence and the one before it, with no gender against the pronoun's.

        News writing introduces a speaker and quotes them next ("Harbour master Jonas
        Meyer said … “…,” he said"), so this person outranks anyone farther back, even
        one whose gender is known and matches. Among several: a known matching gender,
        then a clause subject, then the latest.
        """
        k0 = bisect_right(self.starts, lo - 1)
        k1 = bisect_right(self.starts, pos - 1)
        events = [
            (mn.start, mn.cluster, mn.subject)
            for mn in self.mentions[max(k0, k1 - LOOKBACK_MENTIONS) : k1]
            if self.clusters[mn.cluster].person
        ]
        s0 = bisect_right(self.spoke, (lo, -1))
        s1 = bisect_right(self.spoke, (pos, -1))
        events += [(p, c, True) for p, c in self.spoke[max(s0, s1 - LOOKBACK_MENTIONS) : s1]]
        best = self._best_local(events, gender)
        if best is None:
            # nobody known to be a person: a full name that speaks ("Harbour pilot Jonas
            # Meyer said …") is one, though no title or entity said so
            best = self._best_local(
                [
                    (mn.start, mn.cluster, mn.subject)
                    for mn in self.mentions[max(k0, k1 - LOOKBACK_MENTIONS) : k1]
                    if len(mn.name) >= 2 and self._speaks(mn.end)
                ],
                gender,
            )
        return best

    def _best_local(self, events: list[tuple[int, int, bool]], gender: str | None) -> int | None:
        best, best_key = None, None
        for start, c, subj in events:
            g = self.clusters[c].gender
            if gender in ("m", "f") and g is not None and g != gender:
                continue
            key = (gender in ("m", "f") and g == gender, subj, start)
            if best_key is None or key > best_key:
                best, best_key = c, key
        return best

    def speaker(self, attr: Attr, pos: int, anchor: int | None = None) -> str | None:
        """The canonical name of who spoke; `anchor`: the quote's opening mark, whose
        sentence and the one before it are where `local` looks for a pronoun's person."""
        phrase = attr.phrase
        cluster: int | None
        if attr.unknown:
            cluster = None
        elif phrase is None:
            cluster = self._pronoun_near(pos, None, anchor)
        elif phrase.kind == "name":
            cluster = self.cluster_of(phrase)
            self.clusters[cluster].person = True
        elif phrase.kind == "pronoun":
            cluster = (
                self._pronoun_near(pos, phrase.gender, anchor)
                if phrase.gender in ("m", "f")
                else None
            )
        elif phrase.kind == "role" and phrase.role is not None:
            cluster = self._appositive(phrase)
            if cluster is None:
                cluster = self._surname_role(phrase)
            if cluster is None:
                cluster = self.role(pos, phrase.role)
        else:
            cluster = None
        if cluster is None:
            return None
        insort(self.spoke, (pos, cluster))
        return self.clusters[cluster].display
