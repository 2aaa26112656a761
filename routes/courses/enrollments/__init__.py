from routes.courses.enrollments.router import router

__all__ = ["router"]
