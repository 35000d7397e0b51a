"""Per-screen message catalogues: each module defines ``EN`` and ``ZH`` dicts."""
