"""The instance's keys in a backup: SECRET_KEY (sessions, the programme feeds' addresses, throttle hashes) and
the badge keys (without them no printed badge verifies). A restore writes them into instance/config.py in
place of the keys `eventdesk init` made there, keeping every other setting of that file."""

from __future__ import annotations

import ast
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from eventdesk.badges import codec
from eventdesk.errors import Refused

NAMES = ("SECRET_KEY", "BADGE_SIGNING_KEY", "BADGE_KEY_ID", "BADGE_VERIFY_KEYS")


def current(config: Mapping[str, Any]) -> dict[str, Any]:
    if config.get("SECRET_KEY_IS_EPHEMERAL"):
        raise Refused("no_keys", "this instance has no SECRET_KEY of its own: run `eventdesk init` first, so "
                                 "that the backup holds the keys the sessions and badges were made with")
    return {name: config.get(name) for name in NAMES if config.get(name) is not None}


def checked(keys: Mapping[str, Any]) -> dict[str, Any]:
    """The keys of a backup, refused if they could not be the instance's (before anything is restored)."""
    kept = {name: keys[name] for name in NAMES if keys.get(name) is not None}
    if not isinstance(kept.get("SECRET_KEY"), str) or not kept["SECRET_KEY"]:
        raise Refused("not_a_backup", "the backup's keys.json has no SECRET_KEY")
    verify = kept.get("BADGE_VERIFY_KEYS", {})
    if not isinstance(verify, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in verify.items()):
        raise Refused("not_a_backup", "the backup's BADGE_VERIFY_KEYS is not a mapping of key ids to keys")
    try:
        codec.keyring(kept)
    except codec.KeyProblem as e:
        raise Refused("not_a_backup", f"the backup's badge keys are unusable: {e.message}") from e
    return kept


def write(instance_config: Path, keys: Mapping[str, Any]) -> list[str]:
    """Put the keys into instance/config.py (replacing assignments of the same names); returns the names an
    EVENTDESK_* variable in this environment overrides, which the operator has to change by hand."""
    existing = instance_config.read_text(encoding="utf-8") if instance_config.exists() else ""
    lines = existing.splitlines(keepends=True)
    try:
        tree = ast.parse(existing)
    except SyntaxError as e:
        raise Refused("unreadable_config", f"{instance_config} is not valid Python ({e.msg}, line {e.lineno}): "
                                           "fix it, then restore again") from e
    doomed: set[int] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] \
            if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id in NAMES for t in targets):
            doomed.update(range(node.lineno - 1, (node.end_lineno or node.lineno)))
    kept = "".join(line for index, line in enumerate(lines) if index not in doomed)
    if kept and not kept.endswith("\n"):
        kept += "\n"
    header = "" if kept else "# Written by `eventdesk restore`. Keep this file secret; never commit it.\n"
    restored = "".join(f"{name} = {keys[name]!r}\n" for name in NAMES if name in keys)
    instance_config.parent.mkdir(parents=True, exist_ok=True)
    partial = instance_config.with_name(instance_config.name + ".part")
    partial.touch(mode=0o600)
    partial.chmod(0o600)
    partial.write_text(header + kept + "# Restored from a backup by `eventdesk restore`:\n" + restored,
                       encoding="utf-8")
    partial.replace(instance_config)
    return [name for name in NAMES if os.environ.get(f"EVENTDESK_{name}") not in (None, "")
            and os.environ.get(f"EVENTDESK_{name}") != str(keys.get(name))]
