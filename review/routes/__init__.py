"""One APIRouter per area of the web app; ``ROUTERS`` is the order ``create_app``
includes them in."""

from review.routes import auth, complaints, dashboard, evidence, notices, queue, scores, unit

ROUTERS = (auth.router, dashboard.router, queue.router, evidence.router, scores.router,
           notices.router, unit.router, complaints.router)
