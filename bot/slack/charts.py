"""Charts in Slack: each drawn as a PNG, uploaded with ``files_upload_v2`` (scope
``files:write``) and shown by an image block that references the uploaded file
(``slack_file``), beside the answer's figures as text.

The upload is private to the app (no channel), so the file appears only where a message
references it. A chart that cannot be drawn or uploaded leaves the figures standing and says
so in a context line with a reference id; it never fails the answer. The same chart (same
figures, same day) is uploaded once and its file reused, so App Home visits and repeated
questions do not pile up files.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.charts import render_png
from bot.slack.blocks import MAX_BLOCKS, clip, escape, fallback_text
from commands.answer import Answer
from commands.chart import Chart

log = logging.getLogger(__name__)

Message = dict[str, Any]
ALT_TEXT_LIMIT = 2000  # Block Kit's image alt_text
UPLOAD_ALT_LIMIT = 1000  # files.getUploadURLExternal's alt_txt
KEPT_UPLOADS = 256
DRAWING = "Drawing the chart… it will follow here in a moment."


class ChartImages:
    """Draws and uploads charts, remembering each chart's file id."""

    def __init__(self, render: Callable[[Chart], bytes] = render_png):
        self.render = render
        self._files: OrderedDict[Chart, str] = OrderedDict()
        self._lock = threading.Lock()

    def upload(self, client: WebClient, chart: Chart) -> str:
        """The file id of ``chart`` uploaded to Slack (drawn and uploaded the first time)."""
        with self._lock:
            known = self._files.get(chart)
        if known is not None:
            return known
        png = self.render(chart)
        response = client.files_upload_v2(
            content=png,
            filename=f"{chart.name}.png",
            title=chart.title,
            alt_txt=clip(chart.summary, UPLOAD_ALT_LIMIT),
        )
        uploaded = response.get("file") or (response.get("files") or [{}])[0]
        file_id = str(uploaded["id"])
        with self._lock:
            self._files[chart] = file_id
            while len(self._files) > KEPT_UPLOADS:
                self._files.popitem(last=False)
        return file_id

    def blocks(self, client: WebClient, charts: tuple[Chart, ...]) -> list[dict[str, Any]]:
        """An image block per chart, or a line saying why one could not be shown."""
        out = []
        for chart in charts:
            try:
                out.append(image_block(self.upload(client, chart), chart))
            except (SlackApiError, SlackClientError, OSError) as error:
                reference = secrets.token_hex(3)
                reason = (
                    error.response.get("error", "refused")
                    if isinstance(error, SlackApiError)
                    else type(error).__name__
                )
                log.warning("chart %s not uploaded (%s; ref %s)", chart.name, reason, reference)
                out.append(not_shown_block(reference))
            except Exception:
                reference = secrets.token_hex(3)
                log.exception("chart %s could not be drawn (ref %s)", chart.name, reference)
                out.append(not_shown_block(reference))
        return out

    def attach(self, message: Message, charts: tuple[Chart, ...], client: WebClient) -> Message:
        """``message`` with the charts' blocks before its share button (or at its end)."""
        blocks = list(message.get("blocks") or [])
        added = self.blocks(client, charts)[: max(0, MAX_BLOCKS - len(blocks))]
        at = next((i for i, b in enumerate(blocks) if b.get("block_id") == "share"), len(blocks))
        return {**message, "blocks": [*blocks[:at], *added, *blocks[at:]]}


def image_block(file_id: str, chart: Chart) -> dict[str, Any]:
    return {
        "type": "image",
        "slack_file": {"id": file_id},
        "alt_text": clip(chart.summary, ALT_TEXT_LIMIT),
        "title": {"type": "plain_text", "text": clip(chart.title, 2000), "emoji": False},
    }


def not_shown_block(reference: str) -> dict[str, Any]:
    text = f"The chart could not be shown here (reference {reference}); its figures are above."
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": escape(text)}]}


def holding_message(answer: Answer) -> Message:
    """What the asker sees at once when a chart takes longer than the answer budget: the
    figures as text; the answer with its chart follows through the response URL."""
    return {"response_type": "ephemeral", "text": f"{DRAWING}\n{fallback_text(answer)}"}
