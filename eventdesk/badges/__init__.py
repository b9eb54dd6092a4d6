"""Badges: signed QR codes (codec), issuing and revoking (service), PDF and PNG (render), downloads (views)."""
