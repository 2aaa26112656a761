from routes.news.router import router

__all__ = ["router"]
