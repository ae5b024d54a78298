"""Custom actions for Rasa: thin adapters from the tracker to the domain code in bot/."""
from bot.safety import classifier

# The crisis classifier learns as the action server starts (several seconds), before it takes any action:
# learning on the first crisis instead would keep that person waiting, or past Rasa's patience.
classifier.reader()
