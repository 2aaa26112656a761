from routes.profile.educations.router import router

__all__ = ["router"]
