"""The post-event report: who was invited, who answered, who was there (in the hall, online, both) and who was
not, by kind of organisation and by country, arrivals and online joins over time, and what was signed. One
service (service.py) feeds the command (`eventdesk report`), the organisers' page and the files (text, JSON, CSV,
PDF)."""
