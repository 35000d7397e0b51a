"""Business rules in plain Python: no Textual, no SQL, no solver imports."""
