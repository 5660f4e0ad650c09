"""A short run of bench/web_load.py against the real app in its own uvicorn process:
the invariants only (no timing): no 500, every accepted upload stored and ingested
exactly once, oversized bodies refused, render bombs answered with a refusal."""


from bench.web_load import LoadConfig, Served, run_load
from flows.context import RunContext


def served(ctx: RunContext) -> Served:
    return Served(ctx.cfg.base_dir / "campaign.toml", ctx.settings.resolved_database_url(),
                  ctx.settings.var_dir, ctx.cfg.resolve(ctx.cfg.uploads))


def test_short_load_keeps_the_invariants(ready: RunContext) -> None:
    """One upload in flight (today's app ingests the whole uploads folder inside each
    upload request: two at once, even from two units, can collide; the next test)."""
    cfg = LoadConfig(reviewers=6, requests=6, uploaders=1, uploads=1, wrong_passwords=10,
                     oversized=4, bomb_requests=4, seconds=240)
    report = run_load(served(ready), cfg, ready.settings.var_dir / "server.log")
    assert not report.stopped_by_deadline, report
    assert report.server_errors == 0, report.statuses
    assert report.uploads_accepted == 1 and report.upload_problems == [], report
    assert report.uploads_stored_once == report.uploads_ingested_once == 1
    assert report.oversized_accepted == 0
    assert set(report.statuses["oversized"]) <= {"303", "413"}  # to /login, or too large
    assert set(report.statuses["render-bomb"]) == {"422"}
    assert report.statuses["queue"] == {"200": sum(report.statuses["queue"].values())}
    assert report.ok


def test_parallel_uploads_all_land(ready: RunContext) -> None:
    cfg = LoadConfig(reviewers=2, requests=4, uploaders=2, uploads=4, wrong_passwords=0,
                     oversized=0, bomb_requests=0, seconds=240)
    report = run_load(served(ready), cfg, ready.settings.var_dir / "server.log")
    assert report.server_errors == 0, report.statuses
    assert report.uploads_accepted == 8 and report.upload_problems == [], report
