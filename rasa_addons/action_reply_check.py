"""Checks each action server reply against Rasa's schema for it, with the schema itself checked once.

Rasa calls jsonschema.validate on every reply, which checks the schema before the reply, every time: in a
profile under the benchmark's load, that was a twentieth of the Rasa server's work. A reply that fails is
checked again by Rasa's own code, so the error Rasa raises and logs is unchanged.
"""
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

_SCHEMA = RemoteAction.action_response_format_spec()
validator_for(_SCHEMA).check_schema(_SCHEMA)
_VALIDATOR = validator_for(_SCHEMA)(_SCHEMA)
_rasa_check = RemoteAction._validate_action_result


def _validate_action_result(self: RemoteAction, result: dict) -> bool:
    if best_match(_VALIDATOR.iter_errors(result)) is None:
        return True
    return _rasa_check(self, result)


RemoteAction._validate_action_result = _validate_action_result
