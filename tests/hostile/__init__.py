"""Hostile input: the file generator, the robustness suite and the property tests (marker ``slow``)."""
