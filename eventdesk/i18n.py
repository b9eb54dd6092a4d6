"""The language of a page: ?lang= (remembered for the session), else the browser's preference."""

from flask import current_app, request, session

LANGUAGE_NAMES = {"en": "English", "zh": "中文", "ja": "日本語"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang")
    if chosen in languages:
        session["lang"] = chosen
        return chosen
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
