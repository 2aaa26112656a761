from routes.users.router import router

__all__ = ["router"]
