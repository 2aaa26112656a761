from routes.applications.router import router

__all__ = ["router"]
