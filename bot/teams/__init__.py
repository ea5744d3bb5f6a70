"""Microsoft Teams: the road of one activity, and only what is Teams.

    POST /api/messages ─► auth.InboundAuth (JWT: signature, issuer, audience, expiry, serviceurl) ─► 401 or on
    ─► inbound.parse_activity (a small Teams dataclass: who, where, what; mentions as structured parts) ─► 400 or on
    ─► server.TeamsHandler (the core, wired by the composition root) ─► 200, or the invoke response (a card)
    outbound: render.build_reply / cards.build_* (pure) ─► connector.Connector (the activity's serviceUrl,
    a bot token from tokens.BotTokens, 429/503 retried after Retry-After)

Only this package imports a Microsoft SDK (microsoft_teams.api, .cards, .common: the Teams SDK's protocol packages).
"""
