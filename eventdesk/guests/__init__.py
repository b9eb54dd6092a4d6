"""The organisers' guest list: import, export, search, invitations, dashboard and the audit log."""

from eventdesk.guests import pages
from eventdesk.guests.views import bp

audit_bp = pages.audit_bp

__all__ = ["audit_bp", "bp"]
