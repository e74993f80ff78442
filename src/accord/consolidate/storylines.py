"""Storylines: events that continue one another (talks that fail, then an accord signed
five weeks later by the same leaders over the same river).

Two events are one story's chapters when what they are about is close (their headline and
best-supported claims, as vectors) and they name the same uncommon things (people, places,
organisations: the words a reader would search for). The events themselves stay apart:
the clustering already decided they are different happenings.

    storylines = link_storylines(document["events"], encoder)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from accord.cluster.features import term_weights
from accord.encode import Encoder

PROFILE_CLAIMS = 3  # the headline plus this many best-supported claims say what it is about
MIN_COSINE = 0.5
MIN_SHARED_NAMES = 2
SHOWN_NAMES = 8  # names a storyline lists
_NAME = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w’'-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w’'-]+)*")


@dataclass
class Storyline:
    id: str
    events: list[str]  # in date order
    names: list[str]  # what the chapters share, as written, most named first


def link_storylines(events: Sequence[Mapping[str, Any]], encoder: Encoder) -> list[Storyline]:
    """Storylines of two or more events, each in date order; an event in at most one."""
    if len(events) < 2:
        return []
    profiles = [_profile(event) for event in events]
    vectors = encoder.encode(profiles)
    spelled = [_names(event) for event in events]  # case-folded name -> as written
    names = [set(found) for found in spelled]
    parent = list(range(len(events)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    similarity = vectors @ vectors.T
    shared_by: dict[tuple[int, int], set[str]] = {}
    for i in range(len(events)):
        for j in range(i + 1, len(events)):
            shared = names[i] & names[j]
            if similarity[i, j] >= MIN_COSINE and len(shared) >= MIN_SHARED_NAMES:
                parent[find(i)] = find(j)
                shared_by[(i, j)] = shared
    groups: dict[int, list[int]] = {}
    for index in range(len(events)):
        groups.setdefault(find(index), []).append(index)
    storylines = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda k: (events[k].get("date") or "", events[k]["id"]))
        common = set().union(
            *(s for (i, j), s in shared_by.items() if i in members and j in members)
        )
        storylines.append(
            Storyline(
                id=f"story-{events[members[0]]['id']}",
                events=[events[k]["id"] for k in members],
                names=[
                    next(spelled[k][name] for k in members if name in spelled[k])
                    for name in _most_named(common, [events[k] for k in members])
                ],
            )
        )
    storylines.sort(key=lambda s: s.id)
    return storylines


def _most_named(names: set[str], events: Sequence[Mapping[str, Any]]) -> list[str]:
    """The shared names the chapters' claims use most (ties alphabetical), at most
    SHOWN_NAMES: who and where the story is about, not every name two chapters share."""
    text = " ".join(c["text"] for e in events for c in e.get("claims", [])).casefold()
    counts = {name: len(re.findall(rf"\b{re.escape(name)}\b", text)) for name in names}
    return sorted(names, key=lambda name: (-counts[name], name))[:SHOWN_NAMES]


def _profile(event: Mapping[str, Any]) -> str:
    claims = sorted(
        event.get("claims", []), key=lambda c: (-len(c.get("support", [])), c.get("id", ""))
    )
    return " ".join([event.get("title", "")] + [c["text"] for c in claims[:PROFILE_CLAIMS]])


# Capitalised, uncommon, and still not names: days and months (English, Spanish, Italian,
# as the corpus languages), which two events a week apart share by chance.
CALENDAR_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december lunes martes miércoles
    jueves viernes sábado domingo enero febrero marzo abril mayo junio julio agosto
    septiembre octubre noviembre diciembre lunedì martedì mercoledì giovedì venerdì sabato
    domenica gennaio febbraio aprile maggio giugno luglio settembre ottobre novembre
    dicembre""".split()
)
_LOWER_WORD = re.compile(r"\b[a-zß-öø-ÿ][\w’'-]+")


def _names(event: Mapping[str, Any]) -> dict[str, str]:
    """Uncommon capitalised words of the event's headline and claims, case-folded (each
    to the spelling it first has): the names of who and where. Common words that open
    sentences weigh nothing; a word the event also writes in lower case ("Opposition
    leaders ...", "the opposition") is a word, not a name; days and months are not
    names."""
    text = " ".join([event.get("title", "")] + [c["text"] for c in event.get("claims", [])])
    lower = {word.casefold() for word in _LOWER_WORD.findall(text)}
    found: dict[str, str] = {}
    for match in _NAME.finditer(text):
        for word in match.group().split():
            key = word.casefold()
            if key in lower or key in CALENDAR_WORDS or key in found:
                continue
            if term_weights(word, None):  # not a common word ("The", "On", "Officials")
                found[key] = word
    return found
