"""Code that runs inside the Rasa server (Python 3.10), loaded by name from endpoints.yml."""
