"""The organisers' guest list: import, export, search, invitations, dashboard and the audit log."""

# pages first: scripts that import this package before the app (bench/) then load eventdesk.auth in an order
# that its import cycle through eventdesk.rsvp survives.
from eventdesk.guests import pages  # noqa: I001
from eventdesk.guests import door_list, guest_actions  # noqa: F401 - registers their routes on bp
from eventdesk.guests.views import bp

audit_bp = pages.audit_bp

__all__ = ["audit_bp", "bp"]
