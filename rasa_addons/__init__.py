"""Code that runs inside the Rasa server (Python 3.10), loaded by name from endpoints.yml."""
from rasa_addons import action_reply_check, typed_buttons  # noqa: F401  (applied on import)
