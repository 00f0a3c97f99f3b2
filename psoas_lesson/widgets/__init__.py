"""Widget builders for the lesson (ipywidgets, imported only when a widget is made)."""
