from routes.jobs.router import router

__all__ = ["router"]
