"""Custom actions for Rasa: thin adapters from the tracker to the domain code in bot/."""
