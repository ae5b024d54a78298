"""Code that runs inside the Rasa server (Python 3.10), loaded by name from endpoints.yml."""
# Applied on import. free_text_answers wraps what typed_buttons has wrapped, so it comes second.
from rasa_addons import action_reply_check, typed_buttons  # noqa: F401  isort: skip
from rasa_addons import free_text_answers  # noqa: F401  isort: skip
