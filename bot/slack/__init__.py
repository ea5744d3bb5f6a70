"""The Slack adapter: Slack events in, neutral messages to the core, neutral replies out as Block Kit.

app.py        the Bolt AsyncApp, assembled from the parts the composition root built; the directory refresh job
server.py     POST /slack/events, and Socket Mode (bot/serving.py runs them)
events.py     app_mention, message         -> bot.core.responder.Responder
actions.py    button clicks                -> pipeline.choose, the clicked card updated
commands.py   /ops                         -> Responder, in a thread of its own
home.py       app_home_opened              -> views.publish
inbound.py    event -> SlackMessage -> InboundMessage; what to ignore
markup.py     Slack markup -> plain text with mentions and links as parts
markdown.py   the neutral text's Markdown -> mrkdwn
blocks.py     Reply -> Block Kit (pure build_* functions)
chat.py       the core's ChatPort: post, update, working reaction, on-call notices, permalinks, people
delivery.py   post, update, ephemeral, the working reaction, failed deliveries
directory.py  user -> groups; workspace names -> redactor
identity.py   who the bot is (auth.test once)
client.py     the Web API client (SLACK_API_URL, 429 retries)
config.py     the `slack:` settings group
"""
