"""The organisers' guest list: import, export, search, invitations, dashboard and the audit log."""

from eventdesk.guests import door_list, guest_actions, pages  # noqa: F401 - registers their routes on bp
from eventdesk.guests.views import bp

audit_bp = pages.audit_bp

__all__ = ["audit_bp", "bp"]
