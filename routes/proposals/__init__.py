from routes.proposals.router import router

__all__ = ["router"]
