"""Use cases the UI and the CLI call: each opens one session, works through
repositories and domain rules, and returns plain values."""
