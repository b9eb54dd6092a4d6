from eventdesk.organisers.views import bp

__all__ = ["bp"]
