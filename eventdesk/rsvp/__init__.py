from eventdesk.rsvp.views import bp

__all__ = ["bp"]
