"""Names given away by the words around them, for the people NER and the directory miss.

"cc kwame", "thanks Thabo", "Call Jane Roe at", "customer Bongani Zulu", "Dr. Amaka Obi", a sign-off on its own line,
"Marta > ..." at the start of a pasted chat line, "Thabo's laptop", "rohit says ...", "is rodrigo on call",
every name of "cc: kenta, ingeborg and Ana". A found span is still checked word by word
(detection.py): "thanks everyone", "ping Grafana" and "cc legal" are not people.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from redaction.recognizers import Rule
from redaction.vocabulary import is_ordinary

HONORIFIC = r"(?:Dr|Mr|Mrs|Ms|Mx|Miss|Prof|Sir|Dame|Herr|Frau|Sr|Sra|Dra|Mme|Mlle)\.?"
_CAP = r"[A-Z][\w'’-]+"
# One to four capitalised words, initials between them allowed: Jane Roe, Kwame A. Mensah, Ana Luísa Ferreira Santos
_NAME = rf"(?:{HONORIFIC}[ \t]+)?{_CAP}(?:[ \t]+(?:[A-Z]\.[ \t]?)*{_CAP}){{0,3}}"
_TWO = rf"{_CAP}[ \t]+(?:[A-Z]\.[ \t]?)*{_CAP}(?:[ \t]+{_CAP}){{0,2}}"
# After a greeting, a lower-case word is a name unless it is a word of the greeting ("thanks for", "hi all").
_NOT_NAMES = r"for|to|the|a|an|so|again|much|in|on|all|you|ya|guys|folks|team|everyone|everybody|there|both|man"
_LOWER = rf"(?!(?:{_NOT_NAMES})\b)[a-z][\w'’-]+(?:[ \t]+[a-z][\w'’-]+)?"

# Words that put a person's name right after them.
_GREETING = r"cc|cc'd|ping|pinging|thx|thanks|thank\s+you|ty|hi|hey|heya|yo|hello|dear|morning|evening"
_BEFORE_NAME = (
    rf"{_GREETING}|call|ring|ask|asking|page|paging|email|mail|contact|tell|told|per|dm|"
    r"customer|client|candidate|vendor|contractor|requester|approver|owner|assignee|reviewer|manager|colleague|"
    r"new\s+joiner|new\s+hire|offboard|onboard|assigned\s+to|reported\s+by|triaged\s+by|approved\s+by|signed\s+off\s+by|"
    r"handing\s+over\s+to|covered\s+by|primary|secondary|i'm|i\s+am|this\s+is|my\s+name\s+is|name"
)
# Words that only say "a person" when two capitalised words follow (for Jane Roe; not "to Busan").
_WEAK_BEFORE = r"for|with|by"
_SIGN_OFF = r"thanks|thank\s+you|cheers|regards|best|br|kind\s+regards|best\s+regards|sincerely|ta|thx|many\s+thanks"


# Above the NER model's 0.85: Presidio drops a finding inside another of the same type with a higher score, and
# "cc jane roe" (the model) must not swallow "jane roe" (this rule).
def _person(pattern: str, flags: int = 0, score: float = 0.9) -> Rule:
    return Rule("PERSON", re.compile(pattern, flags), score)


# What a person does in a chat line that starts with their name ("rohit says", "adebayo are you around").
_PERSON_VERB = (
    r"says|said|asked|asks|told|tells|thinks|thought|wants|wanted|mentioned|confirmed|approved|reported|pinged|"
    r"restarted|bounced|kicked|ran|fixed|deployed|pushed|merged|reverted|rolled|owns|knows|is\s+(?:on|out|off|away|"
    r"back|around|ooo|sick|on-call|oncall|covering|handling|looking)|are\s+you|can\s+you|could\s+you|will\s+you|"
    r"pls|please|fyi"
)
_LIST_ITEM = re.compile(r"[ \t]*@?(?P<item>[^\s,&]+(?:[ \t]+[^\s,&]+)?)[ \t]*(?:,|&|\band\b|$)")


@dataclass(frozen=True)
class CopiedList:
    """Every name of a copy list ("cc: kenta, ingeborg and Ana Souza"): one or two words per item, up to the end
    of the line; an item is a name when it is capitalised or no ordinary word ("cc legal, kenta": only kenta)."""

    entity: str = "PERSON"
    score: float = 0.9

    def find(self, text: str) -> Iterable[tuple[int, int]]:
        for match in re.finditer(r"(?i:(?:^|(?<=[\s(]))cc)[:,]?[ \t]+", text):
            line_end = text.find("\n", match.end())
            line = text[match.end() : len(text) if line_end < 0 else line_end]
            if "," not in line and not re.search(r"\s(?:and|&)\s", line):
                continue
            for item in _LIST_ITEM.finditer(line):
                value = item.group("item").rstrip(".;:!?")
                start = match.end() + item.start("item")
                if value and all(_list_name(word) for word in value.split()):
                    yield start, start + len(value)
                elif item.group().strip() and not item.group().rstrip().endswith((",", "&", "and")):
                    break  # the list ended: "cc: kenta, ingeborg on the rollout"


def _list_name(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isalpha() and not is_ordinary(word))


def _name_first(value: str) -> bool:
    """A lower-case word after a greeting is a name if it is no ordinary word ("thanks siobhan", not "morning over")."""
    return not is_ordinary(value.split()[0])


NAME_RULES: tuple[Rule | CopiedList, ...] = (
    CopiedList(),
    _person(rf"(?i:\b(?:{_BEFORE_NAME}))[,:]?[ \t]+@?(?P<value>{_NAME})"),
    Rule(
        "PERSON",
        re.compile(rf"(?:^|[\n.!?,;:(][ \t]*)(?i:{_GREETING})[,:]?[ \t]+@?(?P<value>{_LOWER})"),
        0.9,
        _name_first,
    ),
    _person(rf"(?:^|\n)[ \t]*(?:--|—|–|~)[ \t]*\n?[ \t]*(?P<value>{_NAME})"),
    _person(rf"(?i:\b(?:{_SIGN_OFF}))[,!.]?[ \t]*\n[ \t]*(?P<value>{_NAME})"),
    _person(r"(?:^|[\s(\"'])@(?P<value>[a-z][a-z'’-]+)\b"),
    _person(rf"\b(?P<value>{HONORIFIC}[ \t]+{_CAP}(?:[ \t]+{_CAP}){{0,2}})"),
    Rule(
        "PERSON",
        re.compile(rf"(?:^|\n)[ \t]*(?:is[ \t]+)?(?P<value>[a-z][\w'’-]+)(?=,?[ \t]+(?:{_PERSON_VERB})\b)"),
        0.9,
        _name_first,
    ),
    Rule(
        "PERSON",
        re.compile(r"\b(?i:is|was|and|or)[ \t]+(?P<value>[a-z][\w'’-]+)(?=[ \t]+on[ \t-]?call\b)"),
        0.9,
        _name_first,
    ),
)
# Weaker hints: checked like the model's findings (a lone dictionary word is no name: "Bot: ...", "Kafka's").
WEAK_NAME_RULES: tuple[Rule, ...] = (
    _person(rf"(?i:\b(?:{_WEAK_BEFORE}))[ \t]+(?P<value>{_TWO})"),
    _person(rf"(?:^|\n)[ \t]*<?(?P<value>{_NAME})(?=>|[ \t]*>[ \t]|:[ \t])"),
    _person(rf"(?P<value>{_NAME})(?=['’]s?\b)"),
    _person(rf"(?:^|\n)[ \t]*(?P<value>{_CAP})(?=,?[ \t]+(?:{_PERSON_VERB})\b)"),
)
# Two capitalised words that are neither ordinary words nor in the model's dictionary ("Ifeoma Chukwu can't log in",
# at a sentence start where the small model misses many names). detection.py checks every word.
_TITLE = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]+"
NAME_PAIR_RULES: tuple[Rule, ...] = (_person(rf"(?<![\w.@/-])(?P<value>{_TITLE}[ \t]+{_TITLE})(?![\w@-])", score=0.6),)
