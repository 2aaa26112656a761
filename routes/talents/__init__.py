from routes.talents.router import router

__all__ = ["router"]
