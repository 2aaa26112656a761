from routes.profile.experiences.router import router

__all__ = ["router"]
