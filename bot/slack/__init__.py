"""The Slack adapter: Slack events in, neutral messages to the pipeline, neutral replies out as Block Kit.

app.py        the Bolt AsyncApp, assembled; what runs beside it while serving
server.py     HTTP (/slack/events, /healthz) or Socket Mode
events.py     app_mention, message         -> answering.Responder
actions.py    button clicks                -> pipeline.choose
commands.py   /ops                         -> answering.Responder, in a thread of its own
home.py       app_home_opened              -> views.publish
inbound.py    event -> SlackMessage -> InboundMessage; what to ignore
blocks.py     Reply -> Block Kit (pure build_* functions)
delivery.py   post, update, ephemeral, the working reaction, failed deliveries
directory.py  user -> groups; workspace names -> redactor
escalation.py the core's Notifier, and the on-call group router
channels.py   per-channel behaviour
client.py     the Web API client (SLACK_API_URL, 429 retries)
tasks.py      work after the ack; periodic jobs
"""
