"""Thin Prefect tasks over alignment/: each adds retries, logging or artifacts to one call.

Every task stores its result under its own task-run id (`RESULT_KEY`) in the result storage the deployment selects
(the configured store, see flows/result_storage.py). That key never matches another run's, so nothing is served
from a cache (inputs are configs and paths whose contents change), and the result is still written: with
Prefect's `NO_CACHE` policy a task's result is never written, even with persistence switched on.
"""

RESULT_KEY = "{task_run.id}"
