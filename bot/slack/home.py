"""App Home: a dashboard for the person's default programme, built from the engine's answers."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.render_text import cells_line
from bot.slack.blocks import HEADER_LIMIT, SECTION_LIMIT, clip, clip_escaped, escape, rag_text
from bot.slack.services import Services
from commands.answer import Answer
from commands.call import Context
from commands.engine import Engine

log = logging.getLogger(__name__)

PREFERRED_PROGRAMME = "haringey-54000"
# Each tile is one question to the engine; the dashboard only lays out what it answers.
DASHBOARD = (
    ("Current phase", "phase"),
    ("Next checkpoint", "checkpoint next"),
    ("Next gateway", "gateway next"),
    ("Savings", "savings"),
    ("Gaps", "gap"),
    ("Audit", "check"),
)
HOME_CHART = "chart savings"  # drawn for the dashboard's programme, under its header
LINES_PER_TILE = 3
LINE_CLIP = 280  # a tile is a glance; the full answer is one /cyps away


def home_programme(engine: Engine, channel_id: str, user_id: str) -> str:
    """The default set with ``use`` in the app's DM (or for the user), else the preferred one."""
    known = [p.id for p in engine.programmes]
    for key in (channel_id, user_id):
        chosen = engine.preferences.default_programme(key) if key else None
        if chosen in known:
            return chosen
    return PREFERRED_PROGRAMME if PREFERRED_PROGRAMME in known else known[0]


def dashboard_answers(
    engine: Engine, context: Context, questions: tuple[tuple[str, str], ...] = DASHBOARD
) -> list[tuple[str, Answer]]:
    return [(label, engine.answer(question, context)) for label, question in questions]


def _tile(label: str, answer: Answer) -> dict[str, Any]:
    """The answer at a glance: its title and RAG, the figure first, the year figures, what is
    wrong (the audit's flags travel with the figures), then its first lines."""
    title = escape(answer.title) + (f"  {rag_text(answer.rag)}" if answer.rag else "")
    body = [answer.lead] if answer.lead else []
    if answer.cells:
        body.append(cells_line(answer.cells))
    body.extend(answer.lines[: max(LINES_PER_TILE - len(body), 1)])
    lines = [title, *(clip_escaped(escape(line), LINE_CLIP) for line in body if line)]
    lines.extend(f":warning: {clip_escaped(escape(w), LINE_CLIP)}" for w in answer.warnings)
    text = clip_escaped(f"*{label}*\n" + "\n".join(lines), SECTION_LIMIT)
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def render_home(
    programme_id: str, title: str, today: date, tiles: list[tuple[str, Answer]]
) -> dict[str, Any]:
    """The Home tab view: a header, one section per tile, and how to change the programme."""
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": clip(f"{title}", HEADER_LIMIT), "emoji": False},
        },
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": escape(
                        f"{programme_id}, as of {today.isoformat()}. To follow another programme, "
                        "type /cyps use <programme> in this app's Messages tab."
                    ),
                }
            ],
        },
    ]
    for label, answer in tiles:
        blocks.extend([{"type": "divider"}, _tile(label, answer)])
    blocks.append(
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": "Ask anything else with /cyps, e.g. /cyps help"}
            ],
        }
    )
    return {"type": "home", "blocks": blocks}


def build_home(
    services: Services, user_id: str, channel_id: str, client: WebClient | None = None
) -> dict[str, Any]:
    """The dashboard; with a ``client``, the programme's savings chart under its header."""
    engine = services.engine
    programme_id = home_programme(engine, channel_id, user_id)
    context = services.context(channel_id, user_id, programme=programme_id)
    today = context.today
    title = next((p.title for p in engine.programmes if p.id == programme_id), programme_id)
    view = render_home(programme_id, title, today, dashboard_answers(engine, context))
    chart = engine.answer(HOME_CHART, context)
    if client is not None and chart.ok and chart.charts:
        view["blocks"][2:2] = services.charts.blocks(client, chart.charts)
    return view


def register(app: App, services: Services) -> None:
    def acknowledge(ack: Ack) -> None:
        ack()

    def publish_home(event: dict[str, Any], client: WebClient) -> None:
        """Publish on every visit to the Home tab, so the days to go are always today's."""
        if event.get("tab") != "home":
            return
        user_id = event.get("user", "")
        view = build_home(services, user_id, event.get("channel", ""), client)
        client.views_publish(user_id=user_id, view=view)
        log.info("published App Home for %s", user_id)

    app.event("app_home_opened")(ack=acknowledge, lazy=[publish_home])
