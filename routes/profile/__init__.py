"""The profile router, with its child routers (experiences, educations) included."""

from routes.profile.educations import router as educations_router
from routes.profile.experiences import router as experiences_router
from routes.profile.router import router

router.include_router(experiences_router)
router.include_router(educations_router)

__all__ = ["router"]
