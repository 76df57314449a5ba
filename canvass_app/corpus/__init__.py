"""Programmes as clean, structured, citable text: model, cleaning, importers, and the corpus store."""
