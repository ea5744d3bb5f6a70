"""Microsoft Teams: the road of one activity, and only what is Teams.

    POST /api/messages ─► auth.InboundAuth (JWT: signature, issuer, audience, expiry, serviceurl) ─► 401 or on
    ─► inbound.parse_activity (a small Teams dataclass: who, where, what; mentions as structured parts) ─► 400 or on
    ─► turns.TeamsTurns (the core's Responder for messages, Pipeline.choose for clicks, on the work loop)
    ─► 200, or the invoke response (a card)
    chat.TeamsChat: the core's ChatPort (replies, card updates, typing, on-call notices, deep links);
    people.TeamsPeople (Entra object ids, names -> redaction, groups); references (serviceUrl per conversation);
    app.TeamsBot: what bot/wiring.py builds and bot/serving.py serves
    outbound: render.build_reply / cards.build_* (pure) ─► connector.Connector (the activity's serviceUrl,
    a bot token from tokens.BotTokens, 429/503 retried after Retry-After)

Only this package imports a Microsoft SDK (microsoft_teams.api, .cards, .common: the Teams SDK's protocol packages).
"""
