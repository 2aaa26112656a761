"""The courses router, with its child router (enrollments) included."""

from routes.courses.enrollments import router as enrollments_router
from routes.courses.router import router

router.include_router(enrollments_router)

__all__ = ["router"]
