"""What ``ccpi-tui serve`` adds to textual-serve: a stopping server and a guarded page."""
