"""rmtui: visit planning in the terminal for field customer managers."""

__version__ = "0.1.0"
