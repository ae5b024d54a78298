"""Custom actions for Rasa: thin adapters from the tracker to the domain code in bot/."""
import threading

from bot.safety import classifier

# The crisis classifier learns in the background as the action server starts (a few seconds), so the first
# crisis help does not wait for it.
threading.Thread(target=classifier.reader, name="crisis-classifier", daemon=True).start()
