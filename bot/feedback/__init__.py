"""What people say about the assistant's answers ("Was the last answer easy to understand?"), kept without
personal data and linked to the response that was rated, for a partner's co-design panel (docs/co-design.md)."""
