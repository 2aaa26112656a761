from routes.auth.router import router

__all__ = ["router"]
