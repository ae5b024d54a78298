"""Easy Read checks for the assistant's words (see accessibility/easy_read.py)."""
