"""The EB worker app's `POST /` as a minimal Flask app: the peer `npm run bench:http` measures the
adapter against. It does what the adapter does for a queue message, and nothing more: parse the JSON
body, dispatch on its `type`, log one line carrying the sqsd message id and the task, answer 200
(500 for an unknown type or a body that is not a JSON object, so sqsd would retry it).

    gunicorn --workers 2 --bind 127.0.0.1:8000 --chdir bench/flask app:app
"""

import json
import logging
import sys

from flask import Flask, request

logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(message)s")
log = logging.getLogger("worker")

app = Flask(__name__)


def handle_test(payload):
    log.info(json.dumps({"level": "info", "message": "test message received",
                         "messageId": request.headers.get("X-Aws-Sqsd-Msgid"), "task": "test"}))


TASKS = {"test": handle_test}


@app.get("/")
def health():
    return "Worker Environment is running!"


@app.post("/")
def work():
    payload = request.get_json(force=True, silent=True)
    task = TASKS.get(payload.get("type")) if isinstance(payload, dict) else None
    if task is None:
        return {"error": "UnknownTask"}, 500
    task(payload)
    return {"status": "ok", "messageId": request.headers.get("X-Aws-Sqsd-Msgid")}, 200
