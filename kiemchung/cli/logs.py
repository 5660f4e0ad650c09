"""Where the CLI's logs go (English, for whoever debugs; people read the Vietnamese
output). Every command but ``run`` logs to stderr (``to_terminal``); ``run`` writes a log
file per run, ``var/logs/run-<UTC time>.log``, plain lines or JSON lines
(``KIEMCHUNG_LOG_FORMAT=json``). There every logger, Prefect's and the libraries', writes
and not to the terminal, so an operator sees the progress bars and the summary, and
whoever debugs finds the details (and any traceback) in the file."""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

PLAIN = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonLines(logging.Formatter):
    """One JSON object per log record (KIEMCHUNG_LOG_FORMAT=json), for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        out = {"ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname,
               "logger": record.name, "message": record.getMessage()}
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


def json_format() -> bool:
    return os.environ.get("KIEMCHUNG_LOG_FORMAT") == "json"


def to_terminal(verbose: bool) -> None:
    """English logs on stderr (plain lines, or JSON lines with KIEMCHUNG_LOG_FORMAT=json);
    libraries that log every rejected signature quietened."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines() if json_format() else logging.Formatter(PLAIN))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        handlers=[handler])
    for noisy in ("pypdf", "pyhanko", "pyhanko_certvalidator"):
        # They log every rejected signature with a traceback; our results say why.
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.ERROR)


def new_log_path(var_dir: Path) -> Path:
    logs = var_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = logs / f"run-{stamp}.log"
    n = 1
    while path.exists():
        n += 1
        path = logs / f"run-{stamp}-{n}.log"
    return path


def to_file(path: Path, verbose: bool) -> Path:
    """Send every Python logger to ``path`` (our root handler) and write a Prefect
    logging config that does the same for Prefect's own handlers: read by Prefect when
    it sets up logging, so it must be in place before Prefect is imported. Returns
    that config file, for the caller to remove when the run ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(JsonLines() if json_format() else logging.Formatter(PLAIN))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)
    for noisy in ("pypdf", "pyhanko", "pyhanko_certvalidator"):
        # they log every rejected signature with a traceback; kept in the file when -v
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.ERROR)
    for chatty in ("httpx", "httpcore", "docket", "asyncio", "aiosqlite", "alembic"):
        # one line per Prefect API call: only with -v
        logging.getLogger(chatty).setLevel(logging.INFO if verbose else logging.WARNING)
    formatter = ({"()": "kiemchung.cli.logs.JsonLines"} if json_format() else
                 {"format": PLAIN})
    file_handler = {"class": "logging.FileHandler", "filename": str(path.resolve()),
                    "encoding": "utf-8", "formatter": "kiemchung"}
    config = {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"kiemchung": formatter},
        # Prefect's own handler names, all pointed at the file (none at the terminal)
        "handlers": {"console": file_handler, "debug": file_handler,
                     "api": {"class": "prefect.logging.handlers.APILogHandler"},
                     "worker_api": {"class": "prefect.logging.handlers.WorkerAPILogHandler"}},
        "loggers": {
            "prefect": {"level": "${PREFECT_LOGGING_LEVEL}"},
            "prefect.extra": {"level": "${PREFECT_LOGGING_LEVEL}", "handlers": ["api"],
                              "propagate": False},
            "prefect.flow_runs": {"level": "NOTSET", "handlers": ["api"]},
            "prefect.task_runs": {"level": "NOTSET", "handlers": ["api"]},
            "prefect.workers": {"level": "NOTSET", "handlers": ["worker_api"]},
            "prefect.server": {"level": "${PREFECT_SERVER_LOGGING_LEVEL}"},
            "prefect._internal": {"level": "WARNING", "handlers": ["debug"],
                                  "propagate": False},
            "uvicorn": {"level": "WARNING", "handlers": ["console"], "propagate": False},
            "fastapi": {"level": "WARNING", "handlers": ["console"], "propagate": False},
        },
        "root": {"level": "INFO", "handlers": ["console"]},
    }
    settings = path.parent / f".prefect-logging-{os.getpid()}.yml"
    settings.write_text(json.dumps(config, indent=1), encoding="utf-8")  # JSON is YAML
    os.environ["PREFECT_LOGGING_SETTINGS_PATH"] = str(settings.resolve())
    return settings


@contextmanager
def stderr_to_log(logger_name: str = "stderr") -> Iterator[TextIO]:
    """Send file descriptor 2 (this process's and every child's: the verification
    workers, Prefect's server) into the log, one record per line, and yield a stream
    to the real terminal for the progress bars and messages. Library tracebacks that
    bypass logging (a worker process has no handler, so Python prints its warnings)
    thus land in the log file, not on the operator's screen."""
    log = logging.getLogger(logger_name)
    sys.stderr.flush()
    saved = os.dup(2)
    read_fd, write_fd = os.pipe()
    os.dup2(write_fd, 2)
    os.close(write_fd)

    def pump() -> None:
        with os.fdopen(read_fd, "r", encoding="utf-8", errors="replace") as lines:
            for line in lines:
                if line.strip():
                    log.warning("%s", line.rstrip("\n"))

    thread = threading.Thread(target=pump, name="stderr-to-log", daemon=True)
    thread.start()
    terminal = os.fdopen(os.dup(saved), "w", encoding="utf-8", buffering=1)
    try:
        yield terminal
    finally:
        sys.stderr.flush()
        terminal.flush()
        os.dup2(saved, 2)  # the pipe's last writer in this process is gone
        os.close(saved)
        # Prefect's server process still holds the pipe until exit: its last lines are
        # logged by the (daemon) thread meanwhile; no point waiting for them here
        thread.join(timeout=0.5)
        terminal.close()
