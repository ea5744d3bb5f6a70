"""The neutral model: the bottom layer every other package builds on. No platform, no framework, no database.

messages.py   who said what, where: ThreadRef, Person, InboundMessage (mentions and links as structured parts)
replies.py    what Opsbot says back: Reply, ReplyKind, Citation, Choice, ActionCard
outcomes.py   what the agent decided for a turn: Answer, ProposedAction, NeedsHuman, Info; Usage
ports.py      what the core needs from outside: Redactor, Agent, ChatPort, Directory, ...
errors.py     the exception tree
"""
