"""gunicorn settings of the `web` process (read from the project root). Environment: PORT, WEB_CONCURRENCY."""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# gunicorn's rule of thumb, unless WEB_CONCURRENCY says otherwise: two workers per core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A request that takes longer than this is stuck (database timeouts are far shorter): the worker is replaced.
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = "-"
# Signals are the control interface (HUP reloads, TERM stops, TTIN/TTOU add or remove a worker). The control
# socket would be one file in $HOME shared by every gunicorn of a machine, and needs a writable home.
control_socket_disable = True
