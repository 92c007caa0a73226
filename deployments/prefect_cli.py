"""The ``prefect`` command line with one fix, used by ``make deploy``.

Prefect 3.8.8's ``prefect deploy`` asks the server for a pool's online workers with ``limit`` and ``offset`` sent as
JSON nulls, which the server (FastAPI 0.154, the newest Prefect 3.8 runs on) rejects with HTTP 422 after the
first deployment is saved, so ``--all`` stops there. This wrapper sends the server's own defaults instead and then
runs the unchanged CLI:  python deployments/prefect_cli.py deploy --all --prefect-file deployments/prefect.yaml
"""

from __future__ import annotations

from prefect.client.orchestration._work_pools.client import WorkPoolAsyncClient

_read_workers = WorkPoolAsyncClient.read_workers_for_work_pool


async def _read_workers_with_paging(self, work_pool_name, worker_filter=None, offset=None, limit=None):
    return await _read_workers(self, work_pool_name, worker_filter, offset=offset or 0, limit=limit or 200)


WorkPoolAsyncClient.read_workers_for_work_pool = _read_workers_with_paging

if __name__ == "__main__":
    from prefect.cli import app

    app()
