"""Exporting a day's route: GPX, GeoJSON and map links, from a solver-independent description."""
