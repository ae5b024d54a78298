"""What every feature stores through, and which imports no feature: the database (Base, engines,
migrations), encryption of personal data, short references, and the outbox and audit tables."""
