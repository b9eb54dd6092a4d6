"""The signing ledger: agreements and their signatories, the clerk's desk, the live board, the record."""
