"""`eventdesk demo`: a believable demo ceremony with fictional people, loaded once."""
