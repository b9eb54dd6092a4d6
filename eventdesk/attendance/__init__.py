"""Online attendance from the platforms' own reports: reading each layout, matching rows to the guest list,
the organisers' upload, preview and unmatched-names pages, and each guest's online time (tally)."""
