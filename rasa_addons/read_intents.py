"""Prints the intent a trained model gives each message, as the Rasa server would (its fallback included),
for the NLU report (bot/training.py): `python -m rasa_addons.read_intents MODEL < messages.json`.

`rasa test nlu` reports the classifier's intent before the fallback, so it cannot say how often a person
would be told "I did not understand".
"""
import asyncio
import json
import sys

from rasa.core.agent import Agent


async def read_intents(model: str, texts: list[str]) -> dict[str, str]:
    agent = Agent.load(model)
    return {text: (await agent.parse_message(text))["intent"]["name"] for text in texts}


if __name__ == "__main__":
    intents = asyncio.run(read_intents(sys.argv[1], json.load(sys.stdin)))
    print(json.dumps(intents))  # the last line of the output; Rasa may print before it
