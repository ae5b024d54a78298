"""The gateway: the only public face. Serves the demo page and relays chat to Rasa's REST channel."""
