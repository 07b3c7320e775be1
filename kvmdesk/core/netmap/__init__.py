"""The network map of one connection as a plain graph: who is wired to what, and where."""
