"""Everything that is not the GUI: plain Python, never imports Qt."""
